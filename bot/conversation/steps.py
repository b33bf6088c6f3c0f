"""The steps of one shopper turn, in the order the product behaves.

Each step looks at the turn and returns a reply (``Reply``), nothing (``None``: say nothing,
the turn is over) or ``GO_ON`` (not mine; the next step decides). ``Conversation.handle``
runs :data:`STEPS` in order; the last step always decides.

Adding a step (a rollout gate) is one function here (or in its own module, like the order
question in :mod:`bot.conversation.order_talk`) and one place in :data:`STEPS`; a step that only records returns ``GO_ON``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.base import Kind, Reply
from bot import learn
from bot.conversation.kinds import FAQ_PREFIX, STAFF_CODES, Code, Reason
from bot.conversation.order_talk import order_question
from bot.conversation.rollout import PEOPLE_GROUP, group_of
from bot.conversation.small_talk import small_talk
from bot.conversation.turn import GO_ON, Outcome, Step, Turn
from bot.conversation.unsatisfied import ANSWER_WINDOW, asks_again, says_unsatisfied
from bot.settings import Shop
from bot.storage.store import BOT, STAFF, WAITING_STAFF
from faq import FaqEntry

if TYPE_CHECKING:  # annotations only: the pipeline imports this module, not the other way
    from bot.conversation.pipeline import Conversation

__all__ = ["GO_ON", "STEPS", "Outcome", "Step", "Turn"]


def rollout_group(c: Conversation, t: Turn) -> Outcome:
    """Staged rollout: note the shopper's side (bot or people) so the numbers compare the two."""
    rollout = c.shop.rollout
    if rollout.mode == "all":
        return GO_ON  # the default costs nothing
    group = group_of(rollout, c.shop.shop.name, t.inbound.channel, t.inbound.user_id)
    c.store.use_group(group)
    if t.thread.get("group") != group:
        c.store.set_fields(t.thread_id, group=group)
    t.group = group
    return GO_ON


def count_inbound(c: Conversation, t: Turn) -> Outcome:
    """Every message counts for the owner's numbers (a platform handing back is not a message)."""
    if t.inbound.kind is not Kind.RETURNED:
        closed = () if c.ctx.hours.is_open(c.ctx.now()) else ("after_hours_inbound",)
        c.store.count_turn(c.local_day(), t.thread_id, "inbound", *closed)
        if closed and not t.thread.get("after_hours_seen"):  # the conversation list's 'after hours' filter
            c.store.set_fields(t.thread_id, after_hours_seen=1)
    return GO_ON


def returned_by_platform(c: Conversation, t: Turn) -> Outcome:
    """The platform's staff tool handed the thread back to the bot (Naver 상담 완료하기)."""
    if t.inbound.kind is not Kind.RETURNED:
        return GO_ON
    c.desk.return_to_bot(t.thread_id, by="platform", tell_shopper=False)
    return Reply(c.messages.staff_returned)


def record_shopper(c: Conversation, t: Turn) -> Outcome:
    if t.inbound.kind is not Kind.OPEN:
        c.store.append_turn(t.thread_id, "shopper", t.inbound.text or f"[{t.inbound.kind.value}]")
    return GO_ON


def platform_staff_owned(c: Conversation, t: Turn) -> Outcome:
    """The platform says a person already owns the thread (Naver standby)."""
    if t.inbound.staff_owned and t.state == BOT:
        c.store.transition(t.thread_id, [BOT], STAFF, reason=Reason.PLATFORM, by="platform")
        t.state = STAFF
    return GO_ON


def back_to_bot(c: Conversation, t: Turn) -> Outcome:
    """The shopper, waiting for a person, taps 'back to the bot'."""
    if t.state in (WAITING_STAFF, STAFF) and not t.inbound.staff_owned and c.wants_bot(t.inbound):
        c.desk.return_to_bot(t.thread_id, by="shopper", tell_shopper=False)
        return Reply(c.messages.back_to_bot, c.staff_quick())
    return GO_ON


def staff_owns_thread(c: Conversation, t: Turn) -> Outcome:
    """While a person owns the thread the bot only records and forwards."""
    if t.state in (WAITING_STAFF, STAFF) or t.inbound.staff_owned:
        return c.forward_to_staff(t.inbound, t.adapter)
    return GO_ON


def rollout_gate(c: Conversation, t: Turn) -> Outcome:
    """Shoppers outside the rollout reach a person, as before the bot existed."""
    if t.group != PEOPLE_GROUP:
        return GO_ON
    if t.inbound.kind in (Kind.MESSAGE, Kind.MEDIA):
        return c.handoff(t.inbound, t.adapter, Reason.ROLLOUT)
    return None  # a chat opened: no greeting from a bot this shopper does not have


def chat_opened(c: Conversation, t: Turn) -> Outcome:
    if t.inbound.kind is Kind.OPEN:
        return c.greet(t.thread_id, t.thread, force=True)
    return GO_ON


def media_sent(c: Conversation, t: Turn) -> Outcome:
    if t.inbound.kind is Kind.MEDIA:
        return c.with_notice(t.thread_id, t.thread, Reply(c.messages.media_received, c.staff_quick()))
    return GO_ON


def button(c: Conversation, t: Turn) -> Outcome:
    """A tapped quick reply says exactly what it wants (platforms that send only the label: by label)."""
    inbound, m = t.inbound, c.messages
    if inbound.code.lower() in STAFF_CODES:
        return c.handoff(inbound, t.adapter, Reason.ASKED_FOR_PERSON)
    if inbound.code in (Code.CSAT_UP, Code.CSAT_DOWN) or inbound.text in (m.quick_csat_up, m.quick_csat_down):
        if inbound.code == Code.CSAT_DOWN or inbound.text == m.quick_csat_down:
            marked_wrong(c, t)
        return c.csat(inbound)
    if inbound.code == Code.CHECK_ANSWER or inbound.text == m.quick_check_answer:
        return c.held_answer(t.thread_id)
    if inbound.code.startswith(FAQ_PREFIX):
        entry = c.shop.faq(inbound.code[len(FAQ_PREFIX) :])
        if entry is not None:
            return c.answer_faq(t.thread_id, t.thread, entry.id, inbound)
    return GO_ON


def unsatisfied(c: Conversation, t: Turn) -> Outcome:
    """👎, "아니요 / 그게 아니라 / 답이 이상해요", or the same question again, soon after a bot
    answer: a person takes over, the ticket linked to that answer (bot/conversation/unsatisfied.py)."""
    inbound, m, rules = t.inbound, c.messages, c.shop.review
    answer = t.thread.get("last_answer", "")
    if not rules.unsatisfied or not answer or inbound.kind not in (Kind.MESSAGE, Kind.BUTTON):
        return GO_ON
    if t.thread.get("order_stage"):  # "아니요" to the order dialogue's own question is an answer, not a complaint
        return GO_ON
    if c.store.now_ts() - float(t.thread.get("last_answer_at") or 0) > ANSWER_WINDOW:
        return GO_ON
    thumbs_down = inbound.code == Code.CSAT_DOWN or inbound.text == m.quick_csat_down
    typed = not inbound.code and (
        says_unsatisfied(inbound.text, rules.unsatisfied_phrases) or asks_again(inbound.text, t.thread.get("last_question", ""))
    )
    if not (thumbs_down or typed):
        return GO_ON
    if thumbs_down:
        c.store.count("csat_down", day=c.local_day())
        c.store.set_fields(t.thread_id, csat_down=1)
    c.store.set_fields(t.thread_id, last_answer="")  # one ticket per answer
    marked_wrong(c, t)  # the question goes to the FAQ suggestions
    c.store.reviews.update_answer(answer, unsatisfied="thumbs_down" if thumbs_down else "said_so")
    return c.handoff(inbound, t.adapter, Reason.UNSATISFIED, answer=answer)


def faq_title(c: Conversation, t: Turn) -> Outcome:
    """A quick reply tapped on a platform that sends only its label (LINE, Telegram)."""
    titled = titled_faq(c.shop, t.inbound.text)
    if titled is not None:
        return c.answer_faq(t.thread_id, t.thread, titled.id, t.inbound)
    return GO_ON


def titled_faq(shop: Shop, text: str) -> FaqEntry | None:
    """The FAQ whose title is the whole message (a quick reply's label)."""
    return next((e for e in shop.faqs if e.title and e.title == text.strip()), None)


def routed(c: Conversation, t: Turn) -> Outcome:
    """Triage first (anger, harm, a plea for a person), then the FAQ, then the LLM or a person."""
    inbound = t.inbound
    route = c.ctx.router.route(inbound.text, misses=int(t.thread.get("misses") or 0))
    c.log_route(inbound, route)
    if route.route == "human":
        return c.handoff(inbound, t.adapter, route.triage.reason)
    if route.route == "faq" and route.faq_id:
        return c.answer_faq(t.thread_id, t.thread, route.faq_id, inbound)
    if route.route == "ask" and route.match and route.match.runner_up:
        c.store.count("faq_ask", day=c.local_day())
        c.store.incr_misses(t.thread_id)
        ids = [route.match.best.faq_id, route.match.runner_up.faq_id]  # type: ignore[union-attr]
        return c.with_notice(t.thread_id, t.thread, Reply(c.messages.which_one, c.faq_quick(ids)))
    talk = None if c.ctx.llm.enabled else small_talk(inbound.text)
    if talk is not None:  # a hello or a thank-you needs no person when there is no LLM to chat
        c.store.count("small_talk", day=c.local_day())
        if talk == "hello":
            return c.greet(t.thread_id, t.thread, force=True)
        return Reply(c.messages.small_talk_thanks)
    learn.record(c.store, inbound.text, "llm" if c.ctx.llm.enabled else "unsure", t.thread_id)
    return c.unanswered(inbound, t.adapter)


def marked_wrong(c: Conversation, t: Turn) -> None:
    """A 👎: the question the bot last answered goes to the FAQ suggestions."""
    turns = c.store.transcript(t.thread_id, 10)
    last_bot = max((i for i, x in enumerate(turns) if x.get("role") == "bot"), default=-1)
    asked = [x["text"] for x in turns[:last_bot] if x.get("role") == "shopper"]
    if asked:
        learn.record(c.store, asked[-1], "wrong", t.thread_id)


STEPS: tuple[Step, ...] = (
    rollout_group,
    count_inbound,
    returned_by_platform,
    record_shopper,
    platform_staff_owned,
    back_to_bot,
    staff_owns_thread,
    rollout_gate,
    chat_opened,
    media_sent,
    unsatisfied,
    button,
    faq_title,
    order_question,
    routed,
)
