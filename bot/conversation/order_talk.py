""""제 주문 어디쯤 왔어요?": the order question, for shops with an order source.

1. A delivery-status question (:mod:`bot.conversation.delivery_words`) gets "주문번호를
   알려 주세요" (an order number is not personal data; nothing is looked up yet).
2. The order number gets "주문하신 분의 성함이나 휴대폰 번호 뒤 4자리를 알려 주세요".
3. The answer to that is checked off the request path (``bot.jobs.tasks.order_answer``, the
   same deferred-answer path as the LLM's: Kakao's callback, a push, or held for the next
   turn), because the source and the courier are outside services. A passed check gets the
   status, the courier, the 송장번호 and the last tracking event, never the address, the phone
   or the items. A wrong check, or an order number that does not exist, gets the same
   sentence (no oracle for guessing order numbers); the third goes to a person. A late
   parcel goes to a person too; every ticket carries the order for staff.

Dialogue state lives in the thread hash through :class:`~bot.storage.store.Store` methods.
A question left unanswered for :data:`STALE_SECONDS` is forgotten; a message that fits
neither stage ends it and goes on to the FAQ.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from adapters.base import Adapter, Inbound, Kind, Reply
from bot.conversation.delivery_words import asks_delivery_status, find_order_no, looks_like_check
from bot.conversation.kinds import ORDER_REVIEW_QUESTION, Reason
from bot.conversation.learned_reports import RULE as LEARNED_RULE
from bot.conversation.turn import GO_ON, Outcome, Turn
from orders.base import Order, SourceError, Status, verify
from orders.carriers import display_name
from orders.tracking import Tracking, is_late, status_line

if TYPE_CHECKING:
    from bot.conversation.pipeline import Conversation
    from bot.settings import Messages

log = logging.getLogger(__name__)

STALE_SECONDS = 30 * 60
NUMBER, CHECK = "number", "check"


def order_question(c: Conversation, t: Turn) -> Outcome:
    """The pipeline step: start, continue or drop the thread's order question."""
    inbound = t.inbound
    if c.ctx.orders is None or inbound.kind is not Kind.MESSAGE or not inbound.text.strip():
        return GO_ON
    stage = _stage(c, t.thread)
    text = inbound.text
    if stage == CHECK:
        number = find_order_no(text)
        if number and number != t.thread.get("order_no") and not _for_a_person(c, text):
            return _ask(c, t, CHECK, number)
        if looks_like_check(text) and not _for_a_person(c, text):
            return c.answer_later(inbound, t.adapter, "order")
    elif stage == NUMBER:
        number = find_order_no(text)
        if number and not _for_a_person(c, text):
            return _ask(c, t, CHECK, number)
    if stage:
        c.store.end_order_question(t.thread_id)
    if not asks_delivery_status(text) or _for_a_person(c, text):
        return GO_ON
    c.store.count("order_question", day=c.local_day())
    number = find_order_no(text)
    return _ask(c, t, CHECK, number) if number else _ask(c, t, NUMBER)


def _stage(c: Conversation, thread: dict[str, str]) -> str:
    stage = thread.get("order_stage", "")
    try:
        asked = float(thread.get("order_at") or 0)
    except ValueError:
        asked = 0.0
    if stage and c.ctx.now().timestamp() - asked > STALE_SECONDS:
        return ""
    return stage if stage in (NUMBER, CHECK) else ""


def _for_a_person(c: Conversation, text: str) -> bool:
    """Anger, harm or a plea for a person is triage's, in the step after this one (a rule's, not the learned second opinion's:
    an order asked about is this step's)."""
    route = c.ctx.router.route(text)
    return route.route == "human" and route.triage.reason != LEARNED_RULE


def _ask(c: Conversation, t: Turn, stage: str, order_no: str = "") -> Reply:
    c.store.ask_order(t.thread_id, stage, order_no, now=c.ctx.now().timestamp())
    m = c.messages
    text = m.order_ask_check if stage == CHECK else m.order_ask_number
    return c.with_notice(t.thread_id, t.thread, Reply(text, c.staff_quick()))


# -- in the worker (bot.jobs.tasks.order_answer) ------------------------------------------------


def answer_check(c: Conversation, adapter: Adapter, message: Inbound) -> dict[str, Any] | str:
    """The outcome of an orderer check: ``{"source", "reply"}``, or a status word when there
    is no question to answer (it was answered or dropped meanwhile)."""
    desk, store, m = c.ctx.orders, c.store, c.messages
    thread = store.thread(message.thread_id)
    order_no = thread.get("order_no", "")
    if desk is None or thread.get("order_stage") != CHECK or not order_no:
        return "no_question"
    try:
        order = desk.source.lookup(order_no)
    except SourceError as exc:
        log.warning("order source %s failed: %s", desk.config.source, exc)
        store.end_order_question(message.thread_id)
        return _handoff(c, adapter, message, Reason.ORDER_LOOKUP, {"order_no": order_no, "error": "source"})
    if order is None or not verify(order, message.text):
        fails = store.order_check_failed(message.thread_id)
        if fails < desk.config.max_checks:
            return {"source": "order_check", "reply": Reply(m.order_check_failed, c.staff_quick()).to_json()}
        store.end_order_question(message.thread_id, checks_passed=True)  # a person takes it from here
        attached = {"order": order.to_json(), "checks_failed": fails} if order else {"order_no": order_no, "found": False}
        return _handoff(c, adapter, message, Reason.ORDER_CHECK_FAILED, attached)
    store.end_order_question(message.thread_id, checks_passed=True)
    tracking = desk.tracker.track(order.carrier, order.tracking_no) if order.shipped else None
    late = is_late(order, tracking, c.local_day().date(), desk.config.stalled_days, desk.config.promise_days)
    text = describe(order, tracking, m, late)
    attached = {"order": order.to_json(), "tracking": tracking.to_json() if tracking else None, "answer": text}
    if order.status is Status.UNKNOWN:
        return _handoff(c, adapter, message, Reason.ORDER_LOOKUP, attached)
    if late:
        return _handoff(c, adapter, message, Reason.ORDER_LATE, attached, before=f"{text}\n\n{m.order_late}")
    day = c.local_day()
    store.count_turn(day, message.thread_id, "tracking")
    store.reset_misses(message.thread_id)
    return {"source": "tracking", "reply": Reply(text, c.staff_quick() + c.csat_quick()).to_json(),
            "review": "order", "question": ORDER_REVIEW_QUESTION, "answer": text}


def describe(order: Order, tracking: Tracking | None, m: Messages, late: bool = False) -> str:
    """What the verified orderer reads: status, courier, 송장번호 and the last event. A late
    parcel's line promises no arrival day ("내일쯤 도착할 예정이에요" would be a guess)."""
    lines = m.tracking_lines()
    if late:
        lines.update(dict.fromkeys(("AT_PICKUP", "IN_TRANSIT", "OUT_FOR_DELIVERY"), lines["UNKNOWN"]))
    values = {"order_no": order.order_no, "carrier": display_name(order.carrier, order.carrier_name),
              "tracking_no": order.tracking_no, "line": status_line(order, tracking, lines)}
    templates = {
        Status.UNPAID: m.order_unpaid, Status.PAID: m.order_preparing, Status.PREPARING: m.order_preparing,
        Status.CANCELLED: m.order_cancelled, Status.RETURNED: m.order_returned,
    }
    if order.status in templates or not order.tracking_no:
        return templates.get(order.status, m.order_preparing).format(**values)
    delivered = order.status is Status.DELIVERED or (tracking is not None and tracking.code == "DELIVERED")
    return (m.order_delivered if delivered else m.order_shipped).format(**values)


def _handoff(c: Conversation, adapter: Adapter, message: Inbound, reason: str, order: dict[str, Any],
             before: str = "") -> dict[str, Any]:
    reply = c.handoff(message, adapter, reason, order=order)
    text = (reply or Reply(c.messages.forwarded_to_staff)).text
    return {"source": "handoff", "reply": Reply(f"{before}\n\n{text}" if before else text).to_json()}
