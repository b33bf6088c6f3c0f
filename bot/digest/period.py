"""Which time a digest covers, and when it is due (the cron lines in the scheduler's zone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.digest.numbers import day_list
from bot.settings import Shop

CATCH_UP = timedelta(hours=3)  # a scheduled run this much after the digest time leaves it to the next day


EARLY_GRACE = timedelta(minutes=30)  # a scheduled run this much before the digest time is a DST double


LOOKBACK_DAYS = 31  # the longest catch-up, and the furthest back we look for a business day



@dataclass(frozen=True)
class Period:
    start: datetime  # aware, shop-local: the last digest (or the previous business day's digest time)
    end: datetime  # aware, shop-local: now
    days: tuple[str, ...]  # whole days whose numbers this digest reports
    catch_up: bool  # a digest was missed; this one covers the missed days too



def period_for(ctx: Context, now: datetime) -> Period:
    """From the last digest sent to ``now``; a missed business day makes it a catch-up."""
    local = ctx.hours.local(now)
    today = local.date()
    previous = _previous_digest_time(ctx, today)
    raw = ctx.redis.get(ctx.store.key("digest", "last_sent_at"))
    if raw:
        start = datetime.fromtimestamp(float(raw), ctx.hours.zone)
        catch_up = start < previous - timedelta(hours=1)
    else:
        start, catch_up = previous, False
    start = min(start, local)
    first = start.date()
    last = today - timedelta(days=1)
    days = day_list(first, last) if first <= last else [today.isoformat()]
    return Period(start, local, tuple(days), catch_up)



def digest_time(shop: Shop) -> time:
    hour, minute = (int(x) for x in shop.digest.time.split(":"))
    return time(hour, minute)



def _previous_digest_time(ctx: Context, today: date) -> datetime:
    """The digest time on the business day before ``today`` (when the last digest should have gone)."""
    at = digest_time(ctx.settings.shop)
    for offset in range(1, LOOKBACK_DAYS + 1):
        day = today - timedelta(days=offset)
        if ctx.hours.ranges(day):
            return datetime.combine(day, at, tzinfo=ctx.hours.zone)
    return datetime.combine(today - timedelta(days=1), at, tzinfo=ctx.hours.zone)



def cron_expressions(at: str, zone: str, scheduler_zone: tzinfo | None = UTC,
                     start: date | None = None) -> list[str]:
    """Cron lines that fire at ``at`` (``HH:MM``) in ``zone``, read in the scheduler's zone.

    RQ cron reads expressions in its own process's local time (UTC on a server, so 09:00 in
    Seoul is ``0 0 * * *``). ``scheduler_zone=None`` means that local time. For a shop zone
    with daylight saving the local time maps to two hours of the scheduler's day: both are
    listed, and the job skips the one that is not at the digest time.
    """
    shop_zone = ZoneInfo(zone)
    hour, minute = (int(x) for x in at.split(":"))
    start = start or date.today()
    seen: dict[int, set[int]] = {}
    for offset in range(366):
        local = datetime.combine(start + timedelta(days=offset), time(hour, minute), tzinfo=shop_zone)
        moment = local.astimezone(scheduler_zone) if scheduler_zone else datetime.fromtimestamp(local.timestamp())
        seen.setdefault(moment.minute, set()).add(moment.hour)
    return [f"{m} {','.join(str(h) for h in sorted(hours))} * * *" for m, hours in sorted(seen.items())]
