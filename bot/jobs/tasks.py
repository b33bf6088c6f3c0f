"""RQ jobs: boring, idempotent functions that take JSON-able arguments.

They run in a worker process and build its context on first use (after the fork).
Whatever talks to the outside world raises on failure so RQ retries it with backoff
and, in the end, keeps it in the failed registry with the reason.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rq import get_current_job

from adapters.base import Adapter, Inbound, PushError, Reply
from bot.context import Context, current
from bot.conversation.kinds import Reason
from bot.conversation.pipeline import Conversation
from bot.conversation.review import ReviewDesk
from bot.jobs import notify
from bot.storage.store import BOT

log = logging.getLogger(__name__)

EXCERPT_TURNS = 10
PUSHED_TTL = 60 * 60 * 24 * 3  # how long a delivered push is remembered, so a retry never repeats it
CALLBACK_POLL = 0.25  # seconds between looks at the Kakao callbacks due while a job waits for the model
PUSH_CLAIM_SECONDS = 180  # one job's push in progress; longer than a job may run (120 s)


def open_ticket(
    thread_id: str, seq: int, reason: str, inbound: dict[str, Any], after_hours: bool = False, draft: str = "",
    order: dict[str, Any] | None = None,
    answer: str = "",
) -> str:
    """Write the durable ticket for a thread's ``seq``-th handoff (once), and tell the platform."""
    ctx = current()
    store = ctx.store
    message = Inbound.from_json(inbound)
    number, created = store.open_ticket(
        thread_id,
        seq,
        {
            "reason": reason,
            "channel": message.channel,
            "user": message.user_id,
            "message": message.text,  # the original: staff may need the order number or address
            "after_hours": "1" if after_hours else "0",
            "draft": draft,
            "answer": answer,  # the bot answer the shopper was unhappy with (the morning review)
            **({"order": json.dumps(order, ensure_ascii=False)} if order else {}),
        },
    )
    store.set_fields(thread_id, ticket=number)
    if created:
        excerpt = store.transcript(thread_id, EXCERPT_TURNS)
        store.update_ticket(number, excerpt=json.dumps(excerpt, ensure_ascii=False))
        log.info("ticket %s opened (%s, %s)", number, message.channel, reason)
        if not after_hours and any(notify.targets(ctx).values()):
            # After hours the opening sweep and the morning digest tell staff instead.
            ctx.enqueue("handoff", notify.notify_ticket, job_id=f"notify-{ctx.settings.redis_prefix}-{number}",
                        number=number)
    adapter = ctx.adapters.get(message.channel)
    if adapter is not None:
        try:
            if adapter.handover(message.user_id, True, ctx.session):
                store.update_ticket(number, platform_handover="passed")
        except PushError as exc:
            # The ticket exists and staff will see it; the platform's own inbox is a bonus.
            log.warning("handover to staff on %s failed: %s", message.channel, exc)
            if exc.retryable:
                raise
    return number


def platform_handover(channel: str, user_id: str, to_staff: bool) -> bool:
    """Tell the platform who owns the thread (Naver passThread / takeThread); retried on failure."""
    ctx = current()
    adapter = ctx.adapters.get(channel)
    if adapter is None:
        return False
    try:
        return adapter.handover(user_id, to_staff, ctx.session)
    except PushError as exc:
        log.warning("handover on %s failed: %s", channel, exc)
        if exc.retryable:
            raise
        return False


def note_shopper_message(thread_id: str) -> None:
    """A shopper wrote while a person owns the thread: keep the ticket current."""
    ctx = current()
    number = ctx.store.thread(thread_id).get("ticket")
    if not number:
        return  # the ticket job has not run yet; it copies the transcript when it does
    ticket = ctx.store.ticket(number) or {}
    ctx.store.add_unread(number)
    ctx.store.update_ticket(number, excerpt=json.dumps(ctx.store.transcript(thread_id, EXCERPT_TURNS), ensure_ascii=False))
    if ticket.get("notified"):
        notify.schedule_update(ctx, number)


def deliver(inbound: dict[str, Any], reply: dict[str, Any], key: str) -> bool:
    """Push a reply the webhook could not carry, once per ``key`` even when retried."""
    ctx = current()
    message = Inbound.from_json(inbound)
    adapter = ctx.adapters.get(message.channel)
    if adapter is None:
        log.warning("deliver: channel %s is not enabled; reply dropped for %s", message.channel, key)
        return False
    return _push(ctx, adapter, message, Reply.from_json(reply), key)


def _push(ctx: Context, adapter: Adapter, message: Inbound, reply: Reply, key: str) -> bool:
    """Push once per key; retryable failures raise so RQ tries again with backoff. A reply that
    cannot be delivered (refused, or its last try failed) is never dropped: see ``_undelivered``.

    Two jobs may push the same key at once: a retried delivery that the other web process answers
    from the reply cache enqueues a second ``deliver``. Only the job holding the claim sends."""
    sent_key = ctx.store.key("pushed", key)
    if ctx.redis.exists(sent_key) or not _claim_push(ctx, key):
        return False
    maybe_key = ctx.store.key("pushed", key, "maybe")
    try:
        adapter.push(reply, message, ctx.session)
    except PushError as exc:
        if exc.maybe_delivered:
            ctx.redis.set(maybe_key, "1", ex=PUSHED_TTL)
        if exc.retryable and not _last_try():
            raise
        log.warning("push %s on %s failed for good: %s", key, message.channel, exc)
        if ctx.redis.exists(maybe_key):
            # A try timed out after the platform may have taken it (Kakao's one-shot token): the
            # shopper has probably seen it, and keeping it would show it twice.
            log.warning("push %s: an earlier try may have been delivered; not kept", key)
        else:
            _undelivered(ctx, adapter, message, reply)
        if exc.retryable:
            raise  # the last try: the job ends in the failed registry, with this reason
        return False
    ctx.redis.set(sent_key, "1", ex=PUSHED_TTL)
    return True


def _claim_push(ctx: Context, key: str) -> bool:
    """Claim the push of ``key`` for the current job; False while another job holds it.

    RQ runs a job's retries under the same id, so a retry (also of a job whose worker died
    mid-push) takes its own claim back; a claim nobody finishes lapses after a while."""
    job = get_current_job()
    owner = job.id if job is not None else uuid.uuid4().hex
    claim = ctx.store.key("pushing", key)
    if ctx.redis.set(claim, owner, nx=True, ex=PUSH_CLAIM_SECONDS):
        return True
    return ctx.redis.get(claim) == owner


def _last_try() -> bool:
    """True when RQ will not run the current job again if it fails (outside a worker: False)."""
    job = get_current_job()
    return job is not None and not job.retries_left


def _undelivered(ctx: Context, adapter: Adapter, message: Inbound, reply: Reply) -> None:
    """Keep a reply the shopper could not be sent where someone will see it."""
    store = ctx.store
    if adapter.needs_sync_reply or store.thread(message.thread_id).get("state", BOT) != BOT:
        # Kakao: it rides on the shopper's next message ("답변 확인"). A person owns the thread:
        # the staff page counts it as not delivered.
        store.waiting.hold(message.thread_id, reply.to_json())
    else:
        # Nobody would know the shopper got no answer: a person takes the thread, the reply as the draft.
        Conversation(ctx).handoff(message, adapter, "undelivered", draft=reply.text)


def llm_answer(inbound: dict[str, Any], key: str = "") -> str:
    """Answer a message the FAQ could not, with the LLM, and deliver it (or hand over)."""
    return answer_later(inbound, "llm", _decide_llm, key)


def order_answer(inbound: dict[str, Any], key: str = "") -> str:
    """Answer an orderer check with the order's status and tracking (or hand over)."""
    return answer_later(inbound, "order", _decide_order, key)


Decide = Callable[[Context, Conversation, Adapter, Inbound, str], "dict[str, Any] | str"]


def _decide_llm(ctx: Context, conversation: Conversation, adapter: Adapter, message: Inbound, key: str) -> dict[str, Any] | str:
    elapsed = _age(message)
    if elapsed < ctx.settings.burst_seconds:
        _wait(ctx, min(ctx.settings.burst_seconds - max(elapsed, 0.0), ctx.settings.burst_seconds))
    thread = ctx.store.thread(message.thread_id)
    if thread.get("llm_pending") != message.event_id:
        # A newer message of the same burst will be answered with this one in its context.
        if _may_use_callback(ctx, adapter, message, key):
            _push(ctx, adapter, message, Reply(ctx.settings.shop.messages.burst_merged), key)
        return "superseded"
    if thread.get("state", BOT) != BOT:
        if _may_use_callback(ctx, adapter, message, key):  # told to wait: told who answers instead
            _push(ctx, adapter, message, Reply(ctx.settings.shop.messages.forwarded_to_staff), key)
        return "staff_owns_thread"
    outcome: dict[str, Any] = _watching_callbacks(ctx, lambda: _ask_llm(ctx, conversation, adapter, message))
    return outcome


def _decide_order(ctx: Context, conversation: Conversation, adapter: Adapter, message: Inbound, key: str) -> dict[str, Any] | str:
    from bot.conversation import order_talk

    if ctx.store.thread(message.thread_id).get("state", BOT) != BOT:
        if _may_use_callback(ctx, adapter, message, key):  # told to wait: told who answers instead
            _push(ctx, adapter, message, Reply(ctx.settings.shop.messages.forwarded_to_staff), key)
        return "staff_owns_thread"
    outcome: dict[str, Any] = _watching_callbacks(ctx, lambda: order_talk.answer_check(conversation, adapter, message))
    return outcome


def answer_later(inbound: dict[str, Any], kind: str, decide: Decide, key: str = "") -> str:
    """The one way a deferred answer (the LLM's, an order's) reaches the shopper: decided once
    (a retry after a failed push reuses the outcome, never asking or opening a ticket twice),
    then pushed (Kakao: through its one-minute callback) or held for the shopper's next turn.

    ``decide`` returns ``{"source": ..., "reply": Reply JSON}``, or a status word to stop."""
    ctx = current()
    store = ctx.store
    message = Inbound.from_json(inbound)
    key = key or f"{message.channel}:{message.event_id}"
    adapter = ctx.adapters.get(message.channel)
    if adapter is None:
        return "channel_disabled"
    conversation = Conversation(ctx)
    store.use_group(store.thread(message.thread_id).get("group", ""))  # the rollout side, for the numbers
    outcome = store.deferred_outcome(kind, key)
    if outcome is None:
        decided = decide(ctx, conversation, adapter, message, key)
        if isinstance(decided, str):
            return decided
        outcome = decided
        store.remember_outcome(kind, key, outcome)
    reply = Reply.from_json(outcome["reply"])
    if outcome["source"] != "handoff" and store.thread(message.thread_id).get("state", BOT) != BOT:
        return "staff_owns_thread"  # a person took over while the bot was working on it
    if (not adapter.needs_sync_reply and adapter.can_push(message)) or _may_use_callback(ctx, adapter, message, key):
        _push(ctx, adapter, message, reply, key)
    else:
        # Kakao past its callback (the bridge said 'tap 답변 확인'), or without one ('답변 확인' shown):
        # the answer rides on the shopper's next message.
        store.waiting.hold(message.thread_id, reply.to_json())
    if not ctx.redis.exists(store.key("pushed", key, "logged")):
        ctx.redis.set(store.key("pushed", key, "logged"), "1", ex=60 * 60 * 24)
        store.append_turn(message.thread_id, "bot", reply.text, source=outcome["source"])
        review = outcome.get("review") or ("llm" if outcome["source"] == "llm" else "")
        if review:  # the morning review lists every LLM answer, and order answers after hours
            ReviewDesk(ctx).record(message.thread_id, message.channel, outcome.get("question") or message.text,
                                   outcome.get("answer") or reply.text, review)  # without the AI notice
        store.sample("first_response", conversation.local_day(), _age(message) * 1000)
    return str(outcome["source"])


def _ask_llm(ctx: Context, conversation: Conversation, adapter: Adapter, message: Inbound) -> dict[str, Any]:
    """The model's checked answer, or a handoff with its draft kept for staff."""
    import openai

    store = ctx.store
    turns = store.transcript(message.thread_id, 30)
    # Everything the shopper wrote since the bot last spoke is one question (a burst).
    last_bot = max((i for i, t in enumerate(turns) if t.get("role") == "bot"), default=-1)
    pending = [t["text"] for t in turns[last_bot + 1 :] if t.get("role") == "shopper"]
    history = turns[: last_bot + 1]
    text = "\n".join(pending) or message.text
    day = conversation.local_day()
    try:
        verdict = ctx.llm.answer(ctx.settings.shop, history, text)
    except (openai.OpenAIError, OSError) as exc:
        log.warning("LLM failed (%s); handing the thread to a person", type(exc).__name__)
        store.count("llm_error", day=day)
        reply = conversation.handoff(message, adapter, Reason.LLM_ERROR)
        return {"source": "handoff", "reply": (reply or Reply(ctx.settings.shop.messages.forwarded_to_staff)).to_json()}
    store.count("llm_call", day=day)
    store.add(day, llm_tokens_in=verdict.tokens_in, llm_tokens_out=verdict.tokens_out, llm_ms=verdict.latency_ms)
    if verdict.ok:
        store.count_turn(day, message.thread_id, "llm")
        store.reset_misses(message.thread_id)
        quick = conversation.staff_quick() + conversation.csat_quick()
        reply = with_ai_notice(ctx, message.thread_id, Reply(verdict.answer, quick))
        return {"source": "llm", "reply": reply.to_json(), "question": text, "answer": verdict.answer}
    log.info("LLM answer not sent: %s", verdict.problem)
    store.count(f"llm_rejected:{verdict.problem}", day=day)
    reason = Reason.LLM if verdict.problem != "needs_human" else Reason.LLM_UNSURE
    reply = conversation.handoff(message, adapter, reason, draft=verdict.answer or verdict.raw[:1000])
    return {"source": "handoff", "reply": (reply or Reply(ctx.settings.shop.messages.forwarded_to_staff)).to_json()}


def _may_use_callback(ctx: Context, adapter: Adapter, message: Inbound, key: str) -> bool:
    """Kakao: the callback is still valid and neither the bridge's 'still working' used it."""
    if not (adapter.needs_sync_reply and adapter.can_push(message)):
        return False
    if _age(message) >= ctx.settings.kakao_callback_seconds - min(5.0, ctx.settings.callback_margin / 2):
        return False  # too close to the end: the POST might arrive after the URL expired
    return ctx.store.waiting.claim(key, "answer")


def with_ai_notice(ctx: Context, thread_id: str, reply: Reply) -> Reply:
    """The first bot answer a shopper gets says that an AI answers (whichever path it takes)."""
    if not ctx.redis.hsetnx(ctx.store.key("thread", thread_id), "greeted", 1):
        return reply
    notice = ctx.settings.shop.messages.ai_notice
    return Reply(f"{reply.text}\n\n{notice}", reply.quick_replies, reply.wait, reply.staff_button)


def serve_due_callbacks(ctx: Context) -> int:
    """Every Kakao shopper told to wait whose answer is not ready near the callback's end hears
    from the bridge: a person will answer, or tap '답변 확인' when it is ready. Run by every job
    that waits (for the model, or a burst), so a busy queue cannot keep the shopper in silence."""
    served = 0
    for key in ctx.store.waiting.due(time.time()):
        if not ctx.store.waiting.claim(key, "interim"):
            continue
        data = ctx.store.waiting.message(key)
        adapter = ctx.adapters.get(data["channel"]) if data else None
        if data is None or adapter is None:
            continue
        message = Inbound.from_json(data)
        m = ctx.settings.shop.messages
        if ctx.store.thread(message.thread_id).get("state", BOT) != BOT:
            reply = Reply(m.forwarded_to_staff)
        else:
            conversation = Conversation(ctx)
            reply = Reply(m.answer_delayed, conversation.check_quick() + conversation.staff_quick())
        try:
            _push(ctx, adapter, message, with_ai_notice(ctx, message.thread_id, reply), f"{key}:interim")
            served += 1
        except PushError as exc:
            log.warning("the bridge's 'still working' for %s failed: %s", key, exc)
    return served


def _wait(ctx: Context, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        serve_due_callbacks(ctx)
        time.sleep(min(CALLBACK_POLL, left))


def _watching_callbacks(ctx: Context, work: Any) -> Any:
    """Run ``work`` (the model call) in a thread; meanwhile keep every Kakao callback's minute."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work)
        while True:
            serve_due_callbacks(ctx)
            try:
                return future.result(timeout=CALLBACK_POLL)
            except concurrent.futures.TimeoutError:
                continue


def _age(message: Inbound) -> float:
    """Seconds since the platform delivered the message (wall clock, not the shop's clock)."""
    return (datetime.now(UTC) - message.timestamp).total_seconds()


def morning_digest(follow_up: bool = False) -> str:
    """The owner's morning digest (``rq cron``): business days only, once a day, retried on failure.

    A closed day is skipped; the next business day's digest covers it ("지난 N일치 요약").
    ``rq cron`` cannot attach a retry policy, so a failed delivery enqueues one follow-up job that
    RQ retries with backoff; the day's claim makes any of them send at most once.
    """
    from bot import digest

    ctx = current()
    try:
        return digest.run_scheduled(ctx).status
    except digest.DeliveryError:
        if not follow_up:
            day = ctx.hours.local(ctx.now()).date().isoformat()
            ctx.enqueue("digest", morning_digest, job_id=f"digest-retry-{day}", follow_up=True)
        raise
