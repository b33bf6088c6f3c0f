"""The pipeline as steps: each returns a reply, nothing, or GO_ON, and a new step slots in by position."""

from __future__ import annotations

from typing import Any

from adapters.base import Reply
from bot.conversation import steps
from bot.conversation.kinds import Code, Reason
from bot.conversation.pipeline import Conversation


def test_the_last_step_always_decides() -> None:
    assert steps.STEPS[-1] is steps.routed
    assert Conversation.steps == steps.STEPS


def test_a_step_inserted_before_routing_answers_and_later_steps_do_not_run(shopper: Any, monkeypatch: Any) -> None:
    def gate(c: Conversation, t: steps.Turn) -> steps.Outcome:
        return Reply("점검 중이에요") if "점검" in t.inbound.text else steps.GO_ON

    at = steps.STEPS.index(steps.routed)
    monkeypatch.setattr(Conversation, "steps", (*steps.STEPS[:at], gate, *steps.STEPS[at:]))
    assert shopper.say("kakao", "점검 언제 끝나요?") == ["점검 중이에요"]
    assert shopper.say("kakao", "배송 언제 와요?", user="steps-2") != ["점검 중이에요"]


def test_kinds_are_plain_strings_on_the_wire() -> None:
    assert Reason.ASKED_FOR_PERSON == "asked_for_person" and f"handoff:{Reason.ANGRY}" == "handoff:angry"
    assert Code.CSAT_UP == "csat:up"
