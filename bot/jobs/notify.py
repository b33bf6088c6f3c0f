"""Telling staff that a shopper waits, and taking back threads staff forgot.

- A new ticket notifies staff once, on every configured target (Slack, signed webhook,
  email), during business hours; after hours it waits for the opening sweep and the
  owner's morning digest.
- Messages a shopper adds to a ticket are batched into one update every few minutes.
- A thread a person took but left silent for ``handoff.staff_timeout_minutes`` returns to
  the bot, with a note on the ticket. A thread still *waiting* for a person never times out.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from bot.context import Context, current
from bot.conversation.kinds import REASONS
from bot.outbox import DeliveryError, post_signed, post_slack, recipients, send_mail
from bot.privacy import mask
from bot.storage.store import STAFF

log = logging.getLogger(__name__)

UPDATE_BATCH = timedelta(minutes=5)


def targets(ctx: Context) -> dict[str, bool]:
    env = ctx.settings.env
    return {
        "slack": bool(env.get("SLACK_WEBHOOK_URL")),
        "webhook": bool(env.get("STAFF_WEBHOOK_URL")),
        "email": bool(env.get("SMTP_URL") and env.get("STAFF_EMAIL")),
    }


def ticket_link(ctx: Context, number: str) -> str:
    return f"{ctx.settings.base_url}/staff/tickets/{number}"


def notify_ticket(number: str) -> list[str]:
    """Notify staff of a new ticket on each target not yet notified; retried until all succeed."""
    ctx = current()
    ticket = ctx.store.ticket(number)
    if not ticket or ticket.get("state") == "resolved":
        return []
    reason = REASONS.get(ticket.get("reason", ""), ticket.get("reason", ""))
    message = mask(ticket.get("message", ""))[:200]
    link = ticket_link(ctx, number)
    title = f"[{ctx.settings.shop.shop.name}] 새 상담 #{number} ({ticket.get('channel')}, {reason})"
    text = f"{title}\n고객: {message}\n바로 가기: {link}"
    payload = {
        "event": "ticket.opened",
        "ticket": {"id": number, "channel": ticket.get("channel"), "reason": ticket.get("reason"),
                   "message": message, "created_at": ticket.get("created_at"), "url": link},
    }
    return _deliver(ctx, number, "notified", title, text, payload)


def notify_updates(number: str) -> list[str]:
    """One batched update: the shopper wrote more while waiting."""
    ctx = current()
    ctx.redis.delete(ctx.store.key("notify_update", number))
    ticket = ctx.store.ticket(number)
    if not ticket or ticket.get("state") == "resolved" or not ctx.hours.is_open(ctx.now()):
        return []
    unread = int(ticket.get("unread") or 0)
    if unread <= 0:
        return []
    link = ticket_link(ctx, number)
    title = f"[{ctx.settings.shop.shop.name}] 상담 #{number}: 고객이 메시지 {unread}건을 더 남겼어요"
    payload = {"event": "ticket.updated", "ticket": {"id": number, "unread": unread, "url": link}}
    return _deliver(ctx, number, f"updated_{unread}_{int(ctx.store.now_ts() // 60)}", title, f"{title}\n바로 가기: {link}", payload)


def schedule_update(ctx: Context, number: str) -> None:
    """Batch: the first new message in a window schedules one update for the whole window."""
    if ctx.store.ticket(number) is None or not ctx.redis.set(
        ctx.store.key("notify_update", number), "1", nx=True, ex=int(UPDATE_BATCH.total_seconds()) * 2
    ):
        return
    ctx.queue("handoff").enqueue_in(UPDATE_BATCH, notify_updates, kwargs={"number": number},
                                    retry=None, failure_ttl=60 * 60 * 24 * 14)


def sweep() -> dict[str, int]:
    """Every few minutes (rq cron): notify tickets that waited for opening time, and give
    threads that staff left silent back to the bot."""
    from bot.conversation.staff import StaffDesk

    ctx = current()
    notified = returned = 0
    open_now = ctx.hours.is_open(ctx.now())
    timeout = ctx.settings.shop.handoff.staff_timeout_minutes * 60
    desk = StaffDesk(ctx)
    for ticket in ctx.store.open_tickets():
        number = ticket.get("id", "")
        if open_now and not ticket.get("notified") and any(targets(ctx).values()):
            ctx.enqueue("handoff", notify_ticket, job_id=f"notify-{ctx.settings.redis_prefix}-{number}",
                        number=number)
            notified += 1
        thread = ctx.store.thread(ticket.get("thread", ""))
        if thread.get("state") != STAFF or not timeout:
            continue
        last = float(thread.get("staff_active_at") or thread.get("state_since") or ctx.store.now_ts())
        if ctx.store.now_ts() - last > timeout:
            ctx.store.update_ticket(number, note=f"담당자 응답이 {timeout // 60}분 없어 챗봇이 다시 응대해요.")
            desk.return_to_bot(ticket["thread"], by="timeout", number=number)
            returned += 1
    return {"notified": notified, "returned": returned}


def _deliver(ctx: Context, number: str, flag: str, title: str, text: str, payload: dict[str, Any]) -> list[str]:
    """Send on each target once per ``flag``; a failure raises after the others were tried."""
    env = ctx.settings.env
    ticket = ctx.store.ticket(number) or {}
    sent, failed = [], []
    for target, enabled in targets(ctx).items():
        field = f"{flag}_{target}"
        if not enabled or ticket.get(field):
            continue
        try:
            if target == "slack":
                post_slack(ctx.session, env["SLACK_WEBHOOK_URL"], text)
            elif target == "webhook":
                post_signed(ctx.session, env["STAFF_WEBHOOK_URL"], env.get("STAFF_WEBHOOK_SECRET", ""), payload)
            else:
                send_mail(env["SMTP_URL"], recipients(env["STAFF_EMAIL"]), title, text, sender=env.get("MAIL_FROM", ""))
        except DeliveryError as exc:
            log.warning("staff notification via %s failed: %s", target, exc)
            failed.append(target)
            continue
        ctx.store.update_ticket(number, **{field: f"{ctx.store.now_ts():.0f}"})
        sent.append(target)
    if sent and flag == "notified":
        ctx.store.update_ticket(number, notified=f"{ctx.store.now_ts():.0f}")
    if failed:
        raise DeliveryError(f"not delivered via {', '.join(failed)}")
    return sent


def notify_managers(number: str) -> list[str]:
    """A ticket was escalated: each manager (and the owner's people with a target) is told on
    their own target, a Slack webhook URL or an email address; once per person, retried on failure."""
    ctx = current()
    ticket = ctx.store.ticket(number)
    if not ticket or ticket.get("state") == "resolved":
        return []
    env = ctx.settings.env
    link = ticket_link(ctx, number)
    title = f"[{ctx.settings.shop.shop.name}] 상담 #{number}을 매니저에게 넘겼어요 ({ticket.get('escalated_by', '')})"
    text = f"{title}\n사유: {mask(ticket.get('escalation_reason', ''))[:300]}\n바로 가기: {link}"
    sent, failed = [], []
    for person in ctx.store.people.everyone():
        target, field = str(person.get("notify") or ""), f"escalation_told_{person['name']}"
        if person.get("role") not in ("manager", "owner") or not target or ticket.get(field):
            continue
        try:
            if target.startswith("https://"):
                post_slack(ctx.session, target, text)
            elif "@" in target and env.get("SMTP_URL"):
                send_mail(env["SMTP_URL"], [target], title, text, sender=env.get("MAIL_FROM", ""))
            else:
                continue
        except DeliveryError as exc:
            log.warning("escalation notice to %s failed: %s", person["name"], exc)
            failed.append(person["name"])
            continue
        ctx.store.update_ticket(number, **{field: f"{ctx.store.now_ts():.0f}"})
        sent.append(person["name"])
    if failed:
        raise DeliveryError(f"not delivered to {', '.join(failed)}")
    return sent
