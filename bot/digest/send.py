"""Sending the digest exactly once a day, by email and Slack."""

from __future__ import annotations

import json
import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime

from bot.context import Context
from bot.digest.period import CATCH_UP, EARLY_GRACE, digest_time
from bot.digest.render import Digest, build
from bot.outbox import DeliveryError, recipients, send_mail
from bot.storage import scripts

log = logging.getLogger(__name__)


CLAIM_TTL = 15 * 60  # a run that dies mid-send frees the day after this; longer than any SMTP timeout


SENT_TTL = 60 * 60 * 24 * 3



@dataclass(frozen=True)
class Outcome:
    status: str  # sent, already_sent, in_progress, closed_day, too_early, disabled
    day: str
    channels: tuple[str, ...] = ()
    digest: Digest | None = None





def run_scheduled(ctx: Context, now: datetime | None = None) -> Outcome:
    """What the cron jobs do: on business days, from the digest time until ``CATCH_UP`` after it,
    send today's digest once (the catch-up runs find it sent, or send what a failed run missed)."""
    now = now or ctx.now()
    local = ctx.hours.local(now)
    day = local.date().isoformat()
    shop = ctx.settings.shop
    if not shop.digest.enabled:
        return Outcome("disabled", day)
    if not ctx.hours.ranges(local.date()):
        log.info("digest: %s is not a business day; the next one catches up", day)
        return Outcome("closed_day", day)
    due = datetime.combine(local.date(), digest_time(shop), tzinfo=ctx.hours.zone)
    if local < due - EARLY_GRACE:
        # The schedule fires at two UTC hours for zones with DST; only the one at local time sends.
        return Outcome("too_early", day)
    if local > due + CATCH_UP:
        # Not an afternoon surprise: if today's is not out by now, the next business day's covers it.
        return Outcome("already_sent" if ctx.redis.get(ctx.store.key("digest", "sent", day)) == "sent" else "missed", day)
    return send(ctx, now)



def send(ctx: Context, now: datetime | None = None, *, force: bool = False) -> Outcome:
    """Build and deliver today's digest, once per shop-local day (``force``: once more).

    Raises :class:`DeliveryError` (after releasing the day's claim) when a channel fails.
    """
    now = now or ctx.now()
    day = ctx.hours.local(now).date().isoformat()
    claim = ctx.store.key("digest", "sent", day)
    token = uuid.uuid4().hex
    if not ctx.redis.set(claim, token, nx=True, ex=CLAIM_TTL):
        if not force:
            state = "already_sent" if ctx.redis.get(claim) == "sent" else "in_progress"
            log.info("digest for %s: %s", day, state)
            return Outcome(state, day)
        ctx.redis.set(claim, token, ex=CLAIM_TTL)
    try:
        digest = build(ctx, now)
        channels = deliver(ctx, digest, day, force=force)
    except Exception:
        ctx.redis.register_script(scripts.RELEASE)(keys=[claim], args=[token])
        raise
    pipe = ctx.redis.pipeline()
    pipe.set(claim, "sent", ex=SENT_TTL)
    pipe.set(ctx.store.key("digest", "last_sent_at"), f"{digest.period.end.timestamp():.3f}")
    pipe.execute()
    log.info("digest for %s sent via %s: %d open tickets", day, ", ".join(channels), len(digest.open_tickets))
    return Outcome("sent", day, tuple(channels), digest)



def deliver(ctx: Context, digest: Digest, day: str, *, force: bool = False) -> list[str]:
    """Send to every configured channel not yet done today; the digest is always kept in Redis."""
    env = ctx.settings.env
    ctx.redis.set(
        ctx.store.key("digest", "last"),
        json.dumps({"day": day, "at": digest.period.end.isoformat(), "subject": digest.subject,
                    "text": digest.text()}, ensure_ascii=False),
        ex=SENT_TTL * 10,
    )
    senders = []
    if env.get("SMTP_URL") and env.get("DIGEST_TO"):
        senders.append(("email", lambda: send_email(env, digest)))
    if env.get("SLACK_WEBHOOK_URL"):
        senders.append(("slack", lambda: send_slack(ctx, env["SLACK_WEBHOOK_URL"], digest)))
    if not senders:
        log.info("digest: no SMTP_URL+DIGEST_TO or SLACK_WEBHOOK_URL; kept in Redis only\n%s", digest.text())
        return ["redis"]
    done = []
    errors = []
    for name, send_one in senders:
        mark = ctx.store.key("digest", "sent", day, name)
        if ctx.redis.exists(mark) and not force:
            done.append(name)  # sent by an earlier attempt that failed on the other channel
            continue
        try:
            send_one()
        except (OSError, smtplib.SMTPException, DeliveryError) as exc:
            log.warning("digest via %s failed: %s", name, exc)
            errors.append(f"{name}: {exc}")
            continue
        ctx.redis.set(mark, "1", ex=SENT_TTL)
        done.append(name)
    if errors:
        raise DeliveryError("; ".join(errors))
    return done



def send_email(env: dict[str, str], digest: Digest) -> None:
    """HTML with a plain-text part, via ``SMTP_URL`` (smtp://, smtps://, ?starttls=1) to ``DIGEST_TO``."""
    send_mail(
        env["SMTP_URL"],
        recipients(env["DIGEST_TO"]),
        digest.subject,
        digest.text(),
        html=digest.html(),
        sender=env.get("DIGEST_FROM", ""),
        sender_name=f"{digest.shop_name} 챗봇",
    )



def send_slack(ctx: Context, webhook_url: str, digest: Digest) -> None:
    """The short version with links, to a Slack incoming webhook (no shopper text leaves for Slack)."""
    resp = ctx.session.post(webhook_url, json={"text": digest.slack(), "unfurl_links": False}, timeout=10)
    if resp.status_code >= 300:
        raise DeliveryError(f"Slack webhook answered HTTP {resp.status_code}: {resp.text[:200]}")
