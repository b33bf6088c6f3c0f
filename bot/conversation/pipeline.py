"""The conversation pipeline: one shopper message in, at most one reply out.

Reads top to bottom as the product behaves:

1. dedupe   - a retried delivery gets the first delivery's reply, never a second one;
2. thread   - state and transcript live in Redis, so any process can serve any thread;
3. staff    - while a person owns the thread the bot only records and forwards;
4. buttons  - a tapped quick reply says exactly what it wants;
5. triage   - anger, damage, disputes, explicit asks go to a person before any FAQ;
6. FAQ      - a confident match answers at once; two close ones: ask which;
7. the rest - the LLM, off the request path (a worker answers through the adapter),
              or a person when no LLM is configured.

Steps 2 to 7 are the functions in :mod:`bot.conversation.steps`, run in order by
:meth:`Conversation.route_turn`; this module holds what they share (answers, handoff, buttons).
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from adapters.base import Adapter, Inbound, Kind, QuickReply, Reply
from bot.context import Context
from bot.conversation.kinds import FAQ_PREFIX, STAFF_CODES, UNSURE_REASONS, UPSET_REASONS, Code, Reason
from bot.conversation.review import ReviewDesk
from bot.conversation.routing import Route
from bot.conversation.staff import StaffDesk
from bot.conversation.steps import GO_ON, STEPS, Step, Turn
from bot.storage.store import BOT, WAITING_STAFF, Store, TurnStart, parse_cached

log = logging.getLogger(__name__)

RETRY_WAIT_SECONDS = 2.0  # a sync retry waits this long for the first delivery's answer (Kakao allows 5 s)


class Conversation:
    steps: tuple[Step, ...] = STEPS  # the turn, in order (bot/conversation/steps.py)

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.shop = ctx.settings.shop
        self.messages = ctx.settings.shop.messages

    @property
    def store(self) -> Store:
        return self.ctx.store

    @property
    def desk(self) -> StaffDesk:
        return StaffDesk(self.ctx)

    def degraded(self, inbound: Inbound, adapter: Adapter) -> Reply | None:
        """Redis is down: answer FAQs from memory; spool everything a person must see."""
        if inbound.kind in (Kind.RETURNED, Kind.OPEN):
            return None
        route = self.ctx.router.route(inbound.text) if inbound.kind is Kind.MESSAGE else None
        if route is not None and route.route == "faq" and route.faq_id:
            entry = self.shop.faq(route.faq_id)
            assert entry is not None
            return Reply(entry.answer, self.staff_quick())
        reason = route.triage.reason if route is not None and route.triage.needs_human else Reason.UNSURE
        now = self.ctx.now()
        text = self.handoff_text(reason, self.ctx.hours.is_open(now), now)
        self.ctx.spool.put("escalation", f"{inbound.channel}:{inbound.event_id}",
                           {"inbound": inbound.to_json(), "reason": reason, "told": text})
        return Reply(text)

    # -- 1. dedupe ------------------------------------------------------------------------

    def handle(self, inbound: Inbound, adapter: Adapter) -> Reply | None:
        """The reply to ``inbound`` (``None``: say nothing), exactly once per event."""
        return self.handle_delivery(inbound, adapter)[0]

    def handle_delivery(self, inbound: Inbound, adapter: Adapter) -> tuple[Reply | None, Inbound]:
        """The reply, and the message as this delivery: where the platform sends no event id, the
        same words after the retry window are a new message, so everything keyed by the event
        (the LLM job and outcome, push records) is keyed by this delivery, not by the words.
        A retry gets the first delivery's reply and id, so it never pushes a second reply."""
        counted = inbound.kind in (Kind.MESSAGE, Kind.MEDIA)  # platform events are not the shopper typing
        limits = self.shop.rate_limit
        start = self.store.begin_turn(
            inbound.channel,
            inbound.event_id,
            inbound.thread_id,
            inbound.user_id,
            dedupe_seconds=adapter.dedupe_seconds,
            synthetic_ids=getattr(adapter, "synthetic_event_ids", False),
            handle=dict(inbound.reply_handle),
            limits=(limits.per_minute, limits.per_hour) if counted else (0, 0),
            now=self.ctx.now().timestamp(),
        )
        if not start.claimed:
            self.store.count("duplicate", day=self.local_day())
            ready, cached = parse_cached(start.cached)
            log.info("duplicate delivery %s:%s (ready=%s)", inbound.channel, inbound.event_id, ready)
            if not ready and adapter.needs_sync_reply:
                # The first delivery is still being answered (it takes milliseconds): whichever
                # response the platform shows must carry the answer, so wait for it a little.
                ready, cached = self.wait_for_reply(inbound)
            if ready:
                if not cached:
                    return None, inbound
                return Reply.from_json(cached), replace(inbound, event_id=str(cached.get("delivery") or inbound.event_id))
            return (Reply(self.messages.waiting_answer) if adapter.needs_sync_reply else None), inbound
        event_id = inbound.event_id
        if getattr(adapter, "synthetic_event_ids", False):
            inbound = replace(inbound, event_id=f"{event_id}.{uuid.uuid4().hex[:8]}")
        try:
            # The turn's writes go out in one round trip at the end (or before a job is queued).
            with self.store.batched():
                reply = self.turn(inbound, adapter, start)
                self.store.remember_reply(inbound.channel, event_id,
                                          {**reply.to_json(), "delivery": inbound.event_id} if reply else None)
                if reply is not None and not reply.wait:  # a holding message is not an answer
                    self.store.append_turn(inbound.thread_id, "bot", reply.text)
                    self.store.sample("first_response", self.local_day(), _age_ms(inbound))
        except Exception:
            # Nothing was answered: let the platform's retry (if any) start afresh.
            self.store.release(inbound.channel, event_id)
            raise
        return reply, inbound

    def wait_for_reply(self, inbound: Inbound) -> tuple[bool, dict | None]:
        deadline, pause = time.monotonic() + RETRY_WAIT_SECONDS, 0.004
        while time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(pause * 2, 0.1)  # an FAQ answer takes milliseconds; an LLM hand-off a little more
            ready, cached = self.store.cached_reply(inbound.channel, inbound.event_id)
            if ready:
                return ready, cached
        return False, None

    # -- 2..7 -----------------------------------------------------------------------------

    def turn(self, inbound: Inbound, adapter: Adapter, start: TurnStart) -> Reply | None:
        if start.rate and not self.must_reach_staff(inbound):
            reply = self.rate_limited(inbound, adapter, start)
        else:
            reply = self.route_turn(inbound, adapter, start.thread)
        if adapter.needs_sync_reply and reply is not None and not reply.wait and start.held:
            # Kakao cannot push: whatever waits for this shopper (a staff message, the
            # 'back to the bot' notice, an earlier answer) rides on this reply, first.
            held = self.store.waiting.pop_held(inbound.thread_id)
            if held is not None:
                reply = Reply(f"{held['text']}\n\n{reply.text}", reply.quick_replies, reply.wait, reply.staff_button)
        return reply

    def must_reach_staff(self, inbound: Inbound) -> bool:
        """A rate limit never swallows an escalation: anger, harm or a plea for a person gets through."""
        if inbound.kind is not Kind.MESSAGE:
            return False
        if inbound.code.lower() in STAFF_CODES:
            return True
        return self.ctx.router.route(inbound.text).route == "human"

    def rate_limited(self, inbound: Inbound, adapter: Adapter, start: TurnStart) -> Reply | None:
        """Too many messages too fast: recorded for staff, not answered; told politely once per window."""
        self.store.append_turn(inbound.thread_id, "shopper", inbound.text or f"[{inbound.kind.value}]")
        self.store.count("rate_limited", day=self.local_day())
        log.info("rate limited %s thread=%s", inbound.channel, _short(inbound.thread_id))
        if start.rate == 1 or adapter.needs_sync_reply:  # Kakao must answer something; others stay quiet
            return Reply(self.messages.rate_limited)
        return None

    def route_turn(self, inbound: Inbound, adapter: Adapter, thread: dict[str, str]) -> Reply | None:
        """Run the steps in order; the first that decides (a reply or nothing) ends the turn."""
        turn = Turn(inbound, adapter, thread, thread.get("state", BOT))
        for step in self.steps:
            outcome = step(self, turn)
            if outcome is not GO_ON:
                return outcome
        raise AssertionError("the last step always decides")

    # -- answers ----------------------------------------------------------------------------

    def answer_faq(self, thread_id: str, thread: dict[str, str], faq_id: str, inbound: Inbound | None = None) -> Reply:
        entry = self.shop.faq(faq_id)
        assert entry is not None
        if inbound is not None:  # the morning review lists it (bot/conversation/review.py)
            ReviewDesk(self.ctx).record(thread_id, inbound.channel, inbound.text, entry.answer, "faq", faq_id)
        self.store.reset_misses(thread_id)
        self.store.count(f"faq:{faq_id}", day=self.local_day())
        self.store.count_turn(self.local_day(), thread_id, "faq")
        quick = tuple(q for item in entry.quick_replies for q in self.quick_for(item)) + self.csat_quick()
        return self.with_notice(thread_id, thread, Reply(entry.answer, quick))

    def csat(self, inbound: Inbound) -> Reply:
        """A 👍/👎 after a bot answer: counted for the owner's digest."""
        up = inbound.code == Code.CSAT_UP or inbound.text == self.messages.quick_csat_up
        self.store.count("csat_up" if up else "csat_down", day=self.local_day())
        if up:
            return Reply(self.messages.csat_thanks)
        return Reply(self.messages.csat_sorry, self.staff_quick())

    def unanswered(self, inbound: Inbound, adapter: Adapter) -> Reply | None:
        """Neither triage nor the FAQ knows: the LLM answers off the request path, or a person does."""
        if not self.ctx.llm.enabled:
            self.store.incr_misses(inbound.thread_id)
            return self.handoff(inbound, adapter, Reason.UNSURE)
        # The newest message of a burst wins: older pending jobs see this and stand down.
        self.store.set_fields(inbound.thread_id, llm_pending=inbound.event_id)
        return self.answer_later(inbound, adapter, "llm")

    def answer_later(self, inbound: Inbound, adapter: Adapter, kind: str) -> Reply | None:
        """Answer off the request path with the job ``bot.jobs.tasks.{kind}_answer`` (``llm``,
        ``order``); the shopper hears a holding line now where the platform needs one."""
        if adapter.needs_sync_reply and adapter.can_push(inbound):
            # Kakao: the shopper hears again within the callback's minute, answer or not (jobs.tasks).
            settings = self.ctx.settings
            due = inbound.timestamp.timestamp() + settings.kakao_callback_seconds - settings.callback_margin
            self.store.waiting.watch(f"{inbound.channel}:{inbound.event_id}", inbound.to_json(), due)
        self.ctx.enqueue(
            "replies",
            f"bot.jobs.tasks.{kind}_answer",
            job_id=_job_id(kind, inbound.channel, inbound.event_id),
            inbound=inbound.to_json(),
        )
        if adapter.can_push(inbound):
            return Reply(self.messages.waiting_answer, wait=True) if adapter.needs_sync_reply else None
        # Kakao without the AI callback: the answer waits until the shopper asks for it.
        return Reply(self.messages.answer_later, self.check_quick(), wait=True)

    def held_answer(self, thread_id: str) -> Reply:
        held = self.store.waiting.pop_held(thread_id)
        if held is not None:
            return Reply.from_json(held)
        return Reply(self.messages.answer_ready_none, self.check_quick())

    def greet(self, thread_id: str, thread: dict[str, str], force: bool = False) -> Reply | None:
        if thread.get("greeted") and not force:
            return None
        self.store.set_fields(thread_id, greeted=1)
        return Reply(self.messages.greeting.format(shop_name=self.shop.shop.name), self.staff_quick())

    def with_notice(self, thread_id: str, thread: dict[str, str], reply: Reply) -> Reply:
        """The first bot answer in a thread says that an AI assistant answers."""
        if thread.get("greeted"):
            return reply
        self.store.set_fields(thread_id, greeted=1)
        return Reply(f"{reply.text}\n\n{self.messages.ai_notice}", reply.quick_replies, reply.wait, reply.staff_button)

    # -- people ------------------------------------------------------------------------------

    def handoff(
        self, inbound: Inbound, adapter: Adapter, reason: str, draft: str = "", spooled: bool = False,
        order: dict[str, Any] | None = None, answer: str = "",
    ) -> Reply | None:
        """Give the thread to staff: once per escalation, however often the shopper writes.

        ``draft`` is the bot's unsent answer (an LLM draft that failed a check), kept for staff;
        ``spooled``: replayed from the outage spool, the shopper was told already;
        ``order``: the order (and its tracking) the question was about, shown on the ticket.
        ``answer``: the bot answer the shopper was unhappy with (its number in the review).
        """
        thread_id = inbound.thread_id
        seq = self.store.transition(thread_id, [BOT], WAITING_STAFF, reason=reason, new_handoff=True)
        if seq is None:
            return None if spooled else self.forward_to_staff(inbound, adapter)
        now = self.ctx.now()
        open_now = self.ctx.hours.is_open(now)
        self.store.count(f"handoff:{reason}", *(() if open_now else ("after_hours",)), day=self.local_day())
        self.store.count_turn(self.local_day(), thread_id, "handoff")
        self.ctx.enqueue(
            "handoff",
            "bot.jobs.tasks.open_ticket",
            job_id=_job_id("ticket", thread_id, str(seq)),
            thread_id=thread_id,
            seq=seq,
            reason=reason,
            inbound=inbound.to_json(),
            after_hours=not open_now,
            draft=draft,
            order=order,
            answer=answer,
        )
        return Reply(self.handoff_text(reason, open_now, now))

    def handoff_text(self, reason: str, open_now: bool, now: datetime) -> str:
        m = self.messages
        if reason in UPSET_REASONS:
            template = m.handoff_angry if open_now else m.handoff_angry_after_hours
        elif reason == Reason.UNSATISFIED:
            template = m.handoff_unsatisfied if open_now else m.handoff_unsatisfied_after_hours
        elif reason in UNSURE_REASONS:
            template = m.handoff_unsure if open_now else m.handoff_unsure_after_hours
        else:
            template = m.handoff_in_hours if open_now else m.handoff_after_hours
        return template.format(next_open=self.ctx.hours.describe_next_open(now, m), shop_name=self.shop.shop.name)

    def forward_to_staff(self, inbound: Inbound, adapter: Adapter) -> Reply | None:
        """A person owns the thread: record, tell staff, and stay quiet where the platform allows."""
        self.store.count("to_staff", day=self.local_day())
        self.ctx.enqueue(
            "handoff",
            "bot.jobs.tasks.note_shopper_message",
            job_id=_job_id("note", inbound.channel, inbound.event_id),
            thread_id=inbound.thread_id,
        )
        if not adapter.needs_sync_reply:
            return None
        # Kakao: staff replies wait for the shopper's next message; this is it.
        held = self.store.waiting.pop_held(inbound.thread_id)
        if held is not None:
            return Reply.from_json(held)
        return Reply(self.messages.forwarded_to_staff, self.back_quick())

    def wants_bot(self, inbound: Inbound) -> bool:
        return inbound.code == Code.BACK_TO_BOT or inbound.text.strip() == self.messages.quick_back_to_bot

    # -- helpers ---------------------------------------------------------------------------------

    def csat_quick(self) -> tuple[QuickReply, ...]:
        m = self.messages
        return (QuickReply(m.quick_csat_up, m.quick_csat_up, Code.CSAT_UP), QuickReply(m.quick_csat_down, m.quick_csat_down, Code.CSAT_DOWN))

    def back_quick(self) -> tuple[QuickReply, ...]:
        label = self.messages.quick_back_to_bot
        return (QuickReply(label, label, Code.BACK_TO_BOT),)

    def check_quick(self) -> tuple[QuickReply, ...]:
        label = self.messages.quick_check_answer
        return (QuickReply(label, label, Code.CHECK_ANSWER),)

    def staff_quick(self) -> tuple[QuickReply, ...]:
        return (QuickReply(self.messages.quick_staff, self.messages.quick_staff, Code.STAFF),)

    def quick_for(self, item: str) -> tuple[QuickReply, ...]:
        """A quick reply from the shop file: an FAQ id or title, ``staff`` / its label, or free text."""
        if item in (Code.STAFF, self.messages.quick_staff):
            return self.staff_quick()
        entry = self.shop.faq(item) or next((e for e in self.shop.faqs if e.title == item), None)
        if entry is not None:
            return self.faq_quick([entry.id])
        return (QuickReply(item, item),)

    def faq_quick(self, ids: list[str]) -> tuple[QuickReply, ...]:
        out = []
        for faq_id in ids:
            entry = self.shop.faq(faq_id)
            if entry is not None:
                label = entry.title or entry.questions[0]
                out.append(QuickReply(label, label, FAQ_PREFIX + faq_id))
        return tuple(out)

    def local_day(self) -> datetime:
        return self.ctx.hours.local(self.ctx.now())

    def log_route(self, inbound: Inbound, route: Route) -> None:
        log.info(
            "route %s thread=%s route=%s faq=%s score=%.3f reason=%s",
            inbound.channel,
            _short(inbound.thread_id),
            route.route,
            route.faq_id,
            route.score,
            route.triage.reason or "-",
        )


def _job_id(*parts: str) -> str:
    """A stable RQ job id (RQ ids must be short and free of odd characters)."""
    return parts[0] + "-" + hashlib.sha256("\x1f".join(parts[1:]).encode()).hexdigest()[:24]


def _age_ms(inbound: Inbound) -> float:
    return max((datetime.now(UTC) - inbound.timestamp).total_seconds() * 1000, 0.0)


def _short(thread_id: str) -> str:
    """Log a thread by a hash, not by the platform's user key."""
    return hashlib.sha256(thread_id.encode()).hexdigest()[:10]
