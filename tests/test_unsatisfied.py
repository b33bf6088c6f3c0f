"""An unhappy shopper reaches a person: 👎, "아니요 그게 아니라요" or the same question again after
an answer opens exactly one ticket (reason 'unsatisfied') linked to that answer. Real pipeline,
Redis and RQ worker, through the Kakao webhook."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Shopper

QUESTION = "배송 언제 와요?"


def tickets(ctx: Any) -> list[dict[str, str]]:
    return ctx.store.open_tickets()


def answered(ctx: Any, shopper: Shopper, user: str = "u1") -> str:
    shopper.say("kakao", QUESTION, user)
    answer = ctx.store.thread(f"kakao:{user}")["last_answer"]
    assert ctx.store.reviews.answer(answer)["faq_id"] == "shipping"
    return answer


@pytest.mark.parametrize("follow_up", [
    ("👎 아쉬워요", "csat:down"),
    ("아니요 그게 아니라요", ""),
    ("답이 이상해요", ""),
    ("배송 언제 와요??", ""),  # the same question again
])
def test_an_unhappy_reply_after_an_answer_opens_one_linked_ticket(
    ctx: Any, shopper: Shopper, run_jobs: Any, follow_up: tuple[str, str]
) -> None:
    answer = answered(ctx, shopper)
    text, code = follow_up
    said = shopper.say("kakao", text, "u1", code=code)
    assert "다시 정확하게 안내해 드릴게요" in said[0]  # handoff_unsatisfied, at once
    shopper.say("kakao", text, "u1", code=code)  # said twice: still one ticket
    shopper.say("kakao", "아니요 진짜 이상해요", "u1")
    run_jobs()
    (ticket,) = tickets(ctx)
    assert ticket["reason"] == "unsatisfied"
    assert ticket["answer"] == answer
    assert ctx.store.reviews.answer(answer)["unsatisfied"] in ("thumbs_down", "said_so")


@pytest.mark.parametrize("text", ["아니요 괜찮아요 감사합니다", "아니요 없어요", "교환은 어떻게 해요?"])
def test_a_content_or_new_question_is_not_unhappy(ctx: Any, shopper: Shopper, run_jobs: Any, text: str) -> None:
    answered(ctx, shopper)
    shopper.say("kakao", text, "u1")
    run_jobs()
    assert [t for t in tickets(ctx) if t["reason"] == "unsatisfied"] == []


def test_no_without_an_answer_before_it_is_just_a_message(ctx: Any, shopper: Shopper, run_jobs: Any) -> None:
    shopper.say("kakao", "아니요", "u2")
    run_jobs()
    assert [t for t in tickets(ctx) if t["reason"] == "unsatisfied"] == []


def test_thumbs_down_is_still_counted(ctx: Any, shopper: Shopper, run_jobs: Any) -> None:
    answered(ctx, shopper)
    shopper.say("kakao", "👎 아쉬워요", "u1", code="csat:down")
    day = ctx.hours.local(ctx.now()).strftime("%Y-%m-%d")
    assert ctx.store.stats(day)["csat_down"] == 1
    assert ctx.store.thread("kakao:u1")["csat_down"] == "1"


def test_a_shop_can_switch_the_rule_off(make_ctx: Any, env: dict[str, str], tmp_path: Any, run_jobs: Any) -> None:
    from bot.web.app import create_app

    path = tmp_path / "shop.yaml"
    path.write_text(
        "shop: {name: 작은가게}\nchannels: [kakao]\nreview: {unsatisfied: false}\n"
        "faqs:\n  - id: shipping\n    answer: 2일 안에 보내 드려요.\n    questions: ['배송 언제 와요?']\n    keywords: [배송]\n",
        encoding="utf-8")
    env["SHOP_CONFIG"] = str(path)
    ctx = make_ctx()
    shopper = Shopper(create_app(ctx=ctx).test_client(), env)
    shopper.say("kakao", QUESTION, "u3")
    shopper.say("kakao", "아니요 그게 아니라요", "u3")
    run_jobs()
    assert [t for t in ctx.store.open_tickets() if t["reason"] == "unsatisfied"] == []
