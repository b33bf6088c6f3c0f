"""The morning review: every bot answer is recorded; the ones the shop wants checked (answers
given outside business hours and every LLM answer, by default; ``review.scope`` in the shop
file) wait until a person marks them right or wrong. Marking one wrong opens a follow-up ticket
on the thread with an apologising draft, and a correction goes out through the staff desk.

Shared by the staff pages, their JSON API, the CLI and the digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.context import Context
from bot.conversation.kinds import Reason
from bot.conversation.staff import Delivery, StaffDesk
from bot.conversation.unsatisfied import normalize
from bot.privacy import mask
from bot.storage.reviews import NOT_REVIEWED, RIGHT, WAITING, WRONG

SOURCES = ("faq", "llm", "order")  # order: an order-tracking answer (bot/conversation/order_talk.py)


class ReviewError(Exception):
    """No such answer, or it was reviewed already."""


@dataclass(frozen=True)
class Repair:
    answer: str
    ticket: str
    delivery: Delivery | None  # None: no correction sent yet (staff edit the draft on the ticket)


def needs_review(scope: str, source: str, after_hours: bool) -> bool:
    if scope == "all":
        return True
    if scope == "llm_only":
        return source == "llm"
    if scope == "after_hours_and_llm":
        return source == "llm" or after_hours
    return False


class ReviewDesk:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.reviews = ctx.store.reviews

    def record(self, thread_id: str, channel: str, question: str, answer: str, source: str, faq_id: str = "") -> None:
        """A bot answer was given: it gets the next number, batched with the turn's writes."""
        now = self.ctx.now()
        after_hours = not self.ctx.hours.is_open(now)
        waiting = needs_review(self.ctx.settings.shop.review.scope, source, after_hours)
        day = self.ctx.hours.local(now).strftime("%Y-%m-%d")
        self.reviews.add_answer(
            {"thread": thread_id, "channel": channel, "question": mask(question), "answer": answer,
             "source": source, "faq_id": faq_id, "after_hours": "1" if after_hours else "0", "day": day,
             "at": f"{now.timestamp():.3f}"},
            waiting,
            thread_id,
            {"last_answer_at": f"{self.ctx.store.now_ts():.3f}", "last_question": normalize(question)[:200], f"answered_{source}": "1"},
        )
        self.store.count(f"answers:{source}", day=self.ctx.hours.local(now))

    # -- reading --------------------------------------------------------------------------------

    def waiting(self) -> list[dict[str, str]]:
        return self.reviews.waiting()

    def answer(self, number: str) -> dict[str, str]:
        found = self.reviews.answer(str(number))
        if not found:
            raise ReviewError(f"no answer {number}")
        return found

    # -- deciding -------------------------------------------------------------------------------

    def mark_ok(self, number: str, by: str, note: str = "") -> dict[str, str]:
        return self._decide(number, RIGHT, by, note)

    def mark_wrong(self, number: str, by: str, note: str = "", reply: str = "") -> Repair:
        """Wrong: a follow-up ticket with an apologising draft; with ``reply``, the correction is sent now."""
        answer = self._decide(number, WRONG, by, note)
        messages, shop = self.ctx.settings.shop.messages, self.ctx.settings.shop.shop
        question = answer.get("question", "")
        draft = messages.repair_draft.format(shop_name=shop.name, question=question[:60])
        desk = StaffDesk(self.ctx)
        ticket = desk.follow_up(answer["thread"], Reason.WRONG_ANSWER, by=by, message=question,
                                draft=f"{draft}\n", answer=str(number), review_note=note)
        self.store.people.record(ticket, "marked_wrong", by, note=f"답변 #{number}: {note}".strip(": "))
        self.reviews.update_answer(number, ticket=ticket)
        delivery = desk.reply(ticket, reply, by=by) if reply.strip() else None
        return Repair(str(number), ticket, delivery)

    def _decide(self, number: str, state: str, by: str, note: str) -> dict[str, str]:
        answer = self.answer(number)
        if answer.get("state") not in (WAITING, NOT_REVIEWED):
            raise ReviewError(f"answer {number} was already reviewed by {answer.get('reviewed_by', '?')}")
        if not self.reviews.decide(str(number), state, by, note.strip()[:500], was_waiting=answer.get("state") == WAITING):
            raise ReviewError(f"answer {number} was just reviewed by someone else")
        day = datetime.strptime(answer.get("day") or self.ctx.hours.local(self.ctx.now()).strftime("%Y-%m-%d"), "%Y-%m-%d")
        self.store.count(f"review_{state}:{answer.get('source', 'faq')}", day=day.replace(tzinfo=UTC))
        return {**answer, "state": state, "reviewed_by": by}


def answer_json(answer: dict[str, str], zone: Any = None) -> dict[str, Any]:
    """An answer as the API and the CLI print it."""
    at = datetime.fromtimestamp(float(answer.get("at") or 0), UTC)
    keys = ("channel", "question", "answer", "source", "faq_id", "state", "reviewed_by", "note", "ticket")
    return {
        "id": answer.get("id", ""),
        "thread": answer.get("thread", ""),
        "at": (at.astimezone(zone) if zone else at).isoformat(timespec="seconds"),
        **{k: answer.get(k, "") for k in keys},
        "after_hours": answer.get("after_hours") == "1",
    }
