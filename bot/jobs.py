"""RQ jobs: boring, idempotent functions that take JSON-able arguments.

They run in a worker process and build its context on first use (after the fork).
Whatever talks to the outside world raises on failure so RQ retries it with backoff
and, in the end, keeps it in the failed registry with the reason.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from adapters.base import Inbound, PushError, Reply
from bot.context import current
from bot.privacy import mask

log = logging.getLogger(__name__)

EXCERPT_TURNS = 10


def open_ticket(thread_id: str, seq: int, reason: str, inbound: dict[str, Any], after_hours: bool = False) -> str:
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
        },
    )
    store.set_fields(thread_id, ticket=number)
    if created:
        excerpt = store.transcript(thread_id, EXCERPT_TURNS)
        store.update_ticket(number, excerpt=json.dumps(excerpt, ensure_ascii=False))
        log.info("ticket %s opened (%s, %s)", number, message.channel, reason)
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


def note_shopper_message(thread_id: str) -> None:
    """A shopper wrote while a person owns the thread: keep the ticket current."""
    ctx = current()
    number = ctx.store.thread(thread_id).get("ticket")
    if not number:
        return  # the ticket job has not run yet; it copies the transcript when it does
    ticket = ctx.store.ticket(number) or {}
    ctx.store.update_ticket(
        number,
        unread=int(ticket.get("unread") or 0) + 1,
        excerpt=json.dumps(ctx.store.transcript(thread_id, EXCERPT_TURNS), ensure_ascii=False),
    )


def deliver(inbound: dict[str, Any], reply: dict[str, Any], key: str) -> bool:
    """Push a reply the webhook could not carry, once per ``key`` even when retried."""
    ctx = current()
    message = Inbound.from_json(inbound)
    adapter = ctx.adapters.get(message.channel)
    if adapter is None:
        log.warning("deliver: channel %s is not enabled; reply dropped for %s", message.channel, key)
        return False
    sent_key = ctx.store.key("pushed", key)
    if ctx.redis.exists(sent_key):
        return False
    try:
        adapter.push(Reply.from_json(reply), message, ctx.session)
    except PushError as exc:
        if exc.retryable:
            raise
        log.warning("deliver %s on %s failed for good: %s", key, message.channel, exc)
        return False
    ctx.redis.set(sent_key, "1", ex=60 * 60 * 24 * 3)
    return True


def morning_digest() -> str:
    """The owner's morning summary of what waits for a person (sent by a later slice)."""
    ctx = current()
    tickets = ctx.store.open_tickets()
    lines = [f"[{ctx.settings.shop.shop.name}] 아침 요약: 답변을 기다리는 문의 {len(tickets)}건"]
    for t in tickets:
        lines.append(f"- #{t.get('id')} {t.get('channel')} {t.get('reason')}: {mask(t.get('message', ''))[:60]}")
    text = "\n".join(lines)
    ctx.redis.set(ctx.store.key("digest", "last"), json.dumps({"at": datetime.now(timezone.utc).isoformat(), "text": text}))
    log.info("morning digest: %d open tickets", len(tickets))
    return text
