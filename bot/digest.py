"""The owner's morning digest: what waits for a person, what happened since the last
digest, and whether the bot is earning its keep.

One digest a day, on the shop's business days, at the shop's local time:

- the period runs from the last digest sent (kept in Redis) to now; the lists (open tickets,
  tickets resolved, threads handed to a person) are exact to the second;
- the numbers come from the per-day counters the pipeline keeps, for the whole days not yet
  reported (normally yesterday; Friday to Sunday on a Monday; more when a digest was missed,
  which the digest says: "지난 N일치 요약"), beside the day before and the 7-day average;
- exactly once per day: ``{p}:digest:sent:{day}`` is claimed with ``SET NX`` before anything is
  sent and released when delivery fails, so a retry (RQ) sends and a second scheduler does not;
  each channel (email, Slack) is marked when it succeeds, so a retry never sends one twice.

Nothing here reads the environment: SMTP and Slack settings come from ``Settings.env``.
"""

from __future__ import annotations

import json
import logging
import math
import smtplib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.outbox import DeliveryError, recipients, send_mail
from bot.context import Context
from bot.hours import korean_time
from bot.privacy import mask
from bot.settings import Shop
from bot.staff import CHANNELS, REASONS, TICKET_STATES
from bot.store import Store

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates") / "digest"
CLAIM_TTL = 15 * 60  # a run that dies mid-send frees the day after this; longer than any SMTP timeout
SENT_TTL = 60 * 60 * 24 * 3
CATCH_UP = timedelta(hours=3)  # a scheduled run this much after the digest time leaves it to the next day
EARLY_GRACE = timedelta(minutes=30)  # a scheduled run this much before the digest time is a DST double
LOOKBACK_DAYS = 31  # the longest catch-up, and the furthest back we look for a business day
TEXT_LIMIT = 200

# Targets from the field, shown beside the numbers (per-conversation / per-message shares).
TARGET_BOT_SHARE = 0.40
TARGET_ESCALATION = (0.20, 0.30)
TARGET_CSAT = 0.85


CHART_KINDS = (("faq", "FAQ", "#37b24d"), ("llm", "AI 답변", "#4c6ef5"), ("handoff", "사람 연결", "#f59f00"),
               ("other", "기타", "#ced4da"))
CHART_HEIGHT = 96  # px of the tallest bar


# -- numbers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Numbers:
    """The counters of one or more whole days, summed (shares are ratios of the sums)."""

    days: int
    messages: int = 0
    threads: int = 0
    faq: int = 0
    llm: int = 0
    handoff: int = 0
    after_hours: int = 0
    csat_up: int = 0
    csat_down: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    first_response_ms: tuple[int, ...] = ()
    staff_response_ms: tuple[int, ...] = ()
    hourly: dict[str, tuple[int, ...]] = field(default_factory=dict)  # kind -> 24 counts by local hour

    @property
    def faq_share(self) -> float | None:
        return _ratio(self.faq, self.messages)

    @property
    def llm_share(self) -> float | None:
        return _ratio(self.llm, self.messages)

    @property
    def bot_share(self) -> float | None:
        """Messages the bot answered itself (FAQ or AI), of all messages."""
        return _ratio(self.faq + self.llm, self.messages)

    @property
    def escalation(self) -> float | None:
        """Conversations handed to a person, of all conversations."""
        return _ratio(self.handoff, self.threads)

    @property
    def after_hours_share(self) -> float | None:
        return _ratio(self.after_hours, self.messages)

    @property
    def csat(self) -> float | None:
        return _ratio(self.csat_up, self.csat_up + self.csat_down)

    def cost_usd(self, shop: Shop) -> float:
        d = shop.digest
        return (self.tokens_in * d.price_input_per_1m + self.tokens_out * d.price_output_per_1m) / 1_000_000


def gather(store: Store, days: Sequence[str]) -> Numbers:
    """The counters of ``days`` (``YYYY-MM-DD``, shop-local) from Redis, in two round trips."""
    pipe = store.redis.pipeline()
    for day in days:
        pipe.hgetall(store.key("stats", day))
        pipe.lrange(store.key("samples", "first_response", day), 0, -1)
        pipe.lrange(store.key("samples", "staff_response", day), 0, -1)
    raw = pipe.execute() if days else []
    # PFCOUNT over several days counts a thread that wrote on two days once.
    threads = int(store.redis.pfcount(*[store.key("threads", d) for d in days])) if days else 0
    totals: dict[str, int] = {}
    first: list[int] = []
    staff: list[int] = []
    for i in range(0, len(raw), 3):
        for k, v in raw[i].items():
            totals[k] = totals.get(k, 0) + int(v)
        first += [int(x) for x in raw[i + 1]]
        staff += [int(x) for x in raw[i + 2]]
    hourly: dict[str, list[int]] = {kind: [0] * 24 for kind, _, _ in CHART_KINDS}
    for hour in range(24):
        counts = {k: totals.get(f"h{hour:02d}:{k}", 0) for k in ("inbound", "faq", "llm", "handoff")}
        for kind in ("faq", "llm", "handoff"):
            hourly[kind][hour] = counts[kind]
        hourly["other"][hour] = max(counts["inbound"] - counts["faq"] - counts["llm"] - counts["handoff"], 0)
    return Numbers(
        days=len(days),
        messages=totals.get("inbound", 0),
        threads=threads,
        faq=totals.get("faq", 0),
        llm=totals.get("llm", 0),
        handoff=totals.get("handoff", 0),
        after_hours=totals.get("after_hours_inbound", 0),
        csat_up=totals.get("csat_up", 0),
        csat_down=totals.get("csat_down", 0),
        tokens_in=totals.get("llm_tokens_in", 0),
        tokens_out=totals.get("llm_tokens_out", 0),
        first_response_ms=tuple(first),
        staff_response_ms=tuple(staff),
        hourly={k: tuple(v) for k, v in hourly.items()},
    )


def day_list(first: date, last: date) -> list[str]:
    """``first`` to ``last`` inclusive, as Redis day keys."""
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


@dataclass(frozen=True)
class Row:
    """One line of the numbers table, formatted for people; ``status`` colours the first value."""

    label: str
    values: tuple[str, ...]
    target: str = ""
    status: str = ""  # "good", "warn" or ""
    indent: bool = False


def rows(shop: Shop, columns: Sequence[tuple[str, Numbers]]) -> list[Row]:
    """The numbers table: one row per measure, one value per column (counts as per-day averages
    in every column but the first, so a 3-day period compares fairly with a day)."""

    def each(fn: Any, per_day: bool = False) -> tuple[str, ...]:
        out = []
        for i, (_, n) in enumerate(columns):
            out.append(fn(n, per_day and i > 0))
        return tuple(out)

    def count(attr: str) -> Any:
        def fmt(n: Numbers, avg: bool) -> str:
            value = getattr(n, attr)
            if avg and n.days > 1:
                return _num(value / n.days)
            if not avg and n.days > 1:
                return f"{value:,} (하루 {_num(value / n.days)})"
            return f"{value:,}"

        return fmt

    def share(attr: str) -> Any:
        return lambda n, _avg: _pct(getattr(n, attr))

    def quantiles(attr: str, unit: str) -> Any:
        def fmt(n: Numbers, _avg: bool) -> str:
            samples = getattr(n, attr)
            if not samples:
                return "-"
            return f"{_duration(quantile(samples, 0.5), unit)} / {_duration(quantile(samples, 0.9), unit)}"

        return fmt

    def csat(n: Numbers, _avg: bool) -> str:
        total = n.csat_up + n.csat_down
        return f"{_pct(n.csat)} ({total}명)" if total else "-"

    def tokens(n: Numbers, avg: bool) -> str:
        div = n.days if avg and n.days > 1 else 1
        return f"{_num(n.tokens_in / div)} / {_num(n.tokens_out / div)}"

    def cost(n: Numbers, avg: bool) -> str:
        usd = n.cost_usd(shop) / (n.days if avg and n.days > 1 else 1)
        return f"${usd:,.2f} · {usd * shop.digest.krw_per_usd:,.0f}원"

    main = columns[0][1]
    low, high = TARGET_ESCALATION
    return [
        Row("메시지", each(count("messages"), True)),
        Row("대화 (고객)", each(count("threads"), True)),
        Row("챗봇이 답한 메시지", each(share("bot_share")), f"{TARGET_BOT_SHARE:.0%} 안팎",
            _status(main.bot_share, lambda v: v >= TARGET_BOT_SHARE - 0.05)),
        Row("FAQ 답변", each(share("faq_share")), indent=True),
        Row("AI 답변", each(share("llm_share")), indent=True),
        Row("상담 전환율 (사람 연결)", each(share("escalation")), f"{low:.0%}~{high:.0%}",
            _status(main.escalation, lambda v: v <= high)),
        Row("영업시간 외 메시지", each(share("after_hours_share"))),
        Row("첫 응답 (중앙 / 90%)", each(quantiles("first_response_ms", "s"))),
        Row("직원 첫 답변 (중앙 / 90%)", each(quantiles("staff_response_ms", "m"))),
        Row("만족도 (좋아요 비율)", each(csat), f"{TARGET_CSAT:.0%} 이상",
            _status(main.csat, lambda v: v >= TARGET_CSAT)),
        Row("AI 토큰 (입력 / 출력)", each(tokens, True)),
        Row("AI 예상 비용", each(cost, True)),
    ]


# -- the digest -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime  # aware, shop-local: the last digest (or the previous business day's digest time)
    end: datetime  # aware, shop-local: now
    days: tuple[str, ...]  # whole days whose numbers this digest reports
    catch_up: bool  # a digest was missed; this one covers the missed days too


@dataclass(frozen=True)
class Digest:
    """Everything the templates show, computed once; rendered as HTML, text and Slack."""

    shop_name: str
    title: str
    subject: str
    period: Period
    period_label: str
    days_label: str
    catch_up_label: str
    open_tickets: list[dict[str, Any]]
    resolved: list[dict[str, Any]]
    handed_over: list[dict[str, Any]]
    after_hours_handoffs: int
    columns: list[str]
    rows: list[Row]
    chart: list[dict[str, Any]]
    chart_max: int
    legend: list[tuple[str, str]]
    headline_bot_share: str
    staff_url: str
    schedule_note: str

    def html(self) -> str:
        return _env().get_template("digest.html").render(d=self)

    def text(self) -> str:
        return _env().get_template("digest.txt").render(d=self).strip() + "\n"

    def slack(self) -> str:
        return _env().get_template("slack.txt").render(d=self).strip()


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


def build(ctx: Context, now: datetime | None = None) -> Digest:
    """The digest as of ``now`` (default: the context's clock); reads Redis, sends nothing."""
    now = now or ctx.now()
    store, shop, zone = ctx.store, ctx.settings.shop, ctx.hours.zone
    period = period_for(ctx, now)
    start_ts, end_ts = period.start.timestamp(), period.end.timestamp()
    base = ctx.settings.base_url

    open_tickets = sorted(store.open_tickets(), key=_created)
    resolved = store.resolved_between(start_ts, end_ts)
    created_open = [t for t in open_tickets if start_ts <= float(t.get("created_at") or 0) < end_ts]
    created_resolved = [t for t in resolved if start_ts <= float(t.get("created_at") or 0) < end_ts]
    handed_over = sorted(created_open + created_resolved, key=_created)

    first_day = date.fromisoformat(period.days[0])
    last_day = date.fromisoformat(period.days[-1])
    main = gather(store, period.days)
    before = gather(store, [(first_day - timedelta(days=1)).isoformat()])
    week = gather(store, day_list(first_day - timedelta(days=7), first_day - timedelta(days=1)))
    days_label = _days_label(first_day, last_day, period.end.date())
    columns = [
        (days_label, main),
        ("전날", before),
        ("7일 평균", week),
    ]
    today = period.end.date()
    if today.isoformat() not in period.days:
        # Since midnight: the night after it is reported in full by tomorrow's digest.
        columns.insert(1, ("오늘 0시~", gather(store, [today.isoformat()])))
    chart, chart_max = _chart(hourly(store, period.start, period.end, zone))
    title = f"{shop.shop.name} 아침 요약"
    date_label = _date(period.end.date())
    waiting = len(open_tickets)
    subject = f"[{shop.shop.name}] 아침 요약 {date_label}: 답변 대기 {waiting}건"
    n_days = len(period.days)
    return Digest(
        shop_name=shop.shop.name,
        title=title,
        subject=subject,
        period=period,
        period_label=f"{_moment(period.start)} ~ {_moment(period.end)}",
        days_label=days_label,
        catch_up_label=f"지난 {n_days}일치 요약" if period.catch_up else "",
        open_tickets=[_ticket_view(t, base, zone, period.end) for t in open_tickets],
        resolved=[_ticket_view(t, base, zone, period.end) for t in resolved],
        handed_over=[_ticket_view(t, base, zone, period.end) for t in handed_over],
        after_hours_handoffs=sum(1 for t in handed_over if t.get("after_hours") == "1"),
        columns=[label for label, _ in columns],
        rows=rows(shop, columns),
        chart=chart,
        chart_max=chart_max,
        legend=[(label, colour) for _, label, colour in CHART_KINDS],
        headline_bot_share=_pct(main.bot_share),
        staff_url=f"{base}/staff/",
        schedule_note=f"영업일 {korean_time(_digest_time(shop))}에 보내요",
    )


# -- sending, exactly once a day ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # sent, already_sent, in_progress, closed_day, too_early, disabled
    day: str
    channels: tuple[str, ...] = ()
    digest: Digest | None = None


_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


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
    due = datetime.combine(local.date(), _digest_time(shop), tzinfo=ctx.hours.zone)
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
        ctx.redis.register_script(_RELEASE)(keys=[claim], args=[token])
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


# -- schedule ----------------------------------------------------------------------------------------


def cron_expressions(at: str, zone: str, scheduler_zone: tzinfo | None = timezone.utc,
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


# -- helpers ---------------------------------------------------------------------------------------------


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["slack"] = lambda s: str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return env


def _digest_time(shop: Shop) -> time:
    hour, minute = (int(x) for x in shop.digest.time.split(":"))
    return time(hour, minute)


def _previous_digest_time(ctx: Context, today: date) -> datetime:
    """The digest time on the business day before ``today`` (when the last digest should have gone)."""
    at = _digest_time(ctx.settings.shop)
    for offset in range(1, LOOKBACK_DAYS + 1):
        day = today - timedelta(days=offset)
        if ctx.hours.ranges(day):
            return datetime.combine(day, at, tzinfo=ctx.hours.zone)
    return datetime.combine(today - timedelta(days=1), at, tzinfo=ctx.hours.zone)


WEEKDAYS = "월화수목금토일"


def _date(d: date) -> str:
    return f"{d.month}월 {d.day}일({WEEKDAYS[d.weekday()]})"


def _short_date(d: date) -> str:
    return f"{d.month}/{d.day} {WEEKDAYS[d.weekday()]}"


def _moment(dt: datetime) -> str:
    return f"{_date(dt.date())} {korean_time(dt.time().replace(second=0, microsecond=0))}"


def _days_label(first: date, last: date, today: date) -> str:
    if first == last:
        if first == today - timedelta(days=1):
            return f"어제 ({_short_date(first)})"
        if first == today:
            return f"오늘 ({_short_date(first)})"
        return _short_date(first)
    return f"{first.month}/{first.day}~{last.month}/{last.day} ({(last - first).days + 1}일)"


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _num(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"


def _status(value: float | None, good: Any) -> str:
    if value is None:
        return ""
    return "good" if good(value) else "warn"


def quantile(samples: Iterable[int], q: float) -> float:
    """Nearest-rank percentile: the value a fraction ``q`` of samples are at or below."""
    ordered = sorted(samples)
    return float(ordered[max(math.ceil(q * len(ordered)) - 1, 0)])


def _duration(ms: float, unit: str) -> str:
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f}초" if unit == "s" and seconds < 10 else f"{seconds:.0f}초"
    minutes = seconds / 60
    if minutes < 60:
        return f"{minutes:.0f}분"
    hours, mins = divmod(int(minutes), 60)
    if hours < 24:
        return f"{hours}시간 {mins}분" if mins else f"{hours}시간"
    return f"{hours // 24}일 {hours % 24}시간"


def _age(since: float, now: datetime) -> str:
    seconds = max(now.timestamp() - since, 0)
    if seconds < 3600:
        return f"{max(int(seconds // 60), 1)}분"
    return _duration(seconds * 1000, "m")


def _clip(text: str) -> str:
    text = " ".join(mask(text or "").split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _created(t: dict[str, str]) -> tuple[float, int]:
    """Oldest first; ticket numbers break ties (tickets opened by the same worker run)."""
    return float(t.get("created_at") or 0), int(t.get("id") or 0)


def _ticket_view(t: dict[str, str], base: str, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    """A ticket as the owner reads it: personal data masked, long text clipped."""
    excerpt = json.loads(t.get("excerpt") or "[]")
    shopper = [x.get("text", "") for x in excerpt if x.get("role") == "shopper"]
    created = float(t.get("created_at") or 0)
    resolved = float(t.get("resolved_at") or 0)
    return {
        "id": t.get("id", ""),
        "url": f"{base}/staff/tickets/{t.get('id', '')}",
        "channel": CHANNELS.get(t.get("channel", ""), t.get("channel", "")),
        "reason": REASONS.get(t.get("reason", ""), t.get("reason", "") or "-"),
        "state": TICKET_STATES.get(t.get("state", ""), t.get("state", "")),
        "created": _moment(datetime.fromtimestamp(created, zone)) if created else "",
        "waiting": _age(created, now) if created else "",
        "resolved": _moment(datetime.fromtimestamp(resolved, zone)) if resolved else "",
        "took": _duration((resolved - created) * 1000, "m") if resolved and created else "",
        "resolved_by": t.get("resolved_by", ""),
        "after_hours": t.get("after_hours") == "1",
        "unread": int(t.get("unread") or 0),
        "last_message": _clip(shopper[-1] if shopper else t.get("message", "")),
        "draft": _clip(t.get("draft", "")),
    }


def hourly(store: Store, start: datetime, end: datetime, zone: tzinfo) -> list[tuple[datetime, dict[str, int]]]:
    """Messages per local hour from ``start`` (floored to the hour) to ``end``, by how they were handled."""
    first = start.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
    hours = [first + timedelta(hours=i) for i in range(int((end - first).total_seconds() // 3600) + 1)]
    hours = [h.astimezone(zone) for h in hours if h < end]
    days = sorted({h.date().isoformat() for h in hours})
    pipe = store.redis.pipeline()
    for day in days:
        pipe.hgetall(store.key("stats", day))
    stats = dict(zip(days, pipe.execute(), strict=True))
    out = []
    for h in hours:
        raw = stats[h.date().isoformat()]
        counts = {k: int(raw.get(f"h{h.hour:02d}:{k}", 0)) for k in ("inbound", "faq", "llm", "handoff")}
        counts["other"] = max(counts["inbound"] - counts["faq"] - counts["llm"] - counts["handoff"], 0)
        out.append((h, counts))
    return out


def _chart(series: list[tuple[datetime, dict[str, int]]]) -> tuple[list[dict[str, Any]], int]:
    """Stacked hourly bars as pixel heights for a table chart: the period hour by hour, or by
    hour of day when it is longer than four days (so bars stay wide enough to see)."""
    if len(series) > 96:
        folded: dict[int, dict[str, int]] = {}
        for h, counts in series:
            slot = folded.setdefault(h.hour, dict.fromkeys(counts, 0))
            for k, v in counts.items():
                slot[k] += v
        bars_in = [(hour, None, folded[hour]) for hour in sorted(folded)]
    else:
        bars_in = [(h.hour, h, counts) for h, counts in series]
    totals = [sum(counts[k] for k, _, _ in CHART_KINDS) for _, _, counts in bars_in]
    top = max(totals, default=0) or 1
    step = 3 if len(bars_in) <= 24 else 6 if len(bars_in) <= 48 else 12
    bars = []
    for (hour, moment, counts), total in zip(bars_in, totals, strict=True):
        segments = []
        for kind, label, colour in reversed(CHART_KINDS):  # drawn top to bottom: FAQ at the base
            value = counts[kind]
            if value:
                segments.append({"kind": kind, "label": label, "colour": colour, "value": value,
                                 "px": max(round(value / top * CHART_HEIGHT), 2)})
        if moment is not None and hour == 0 and len(bars_in) > 24:
            label = WEEKDAYS[moment.weekday()]  # a new day on a multi-day chart
        else:
            label = f"{hour}" if hour % step == 0 else ""
        when = f"{WEEKDAYS[moment.weekday()]} {hour}시" if moment is not None and len(bars_in) > 24 else f"{hour}시"
        bars.append({"hour": hour, "when": when, "total": total, "segments": segments, "label": label,
                     "space": max(CHART_HEIGHT - sum(x["px"] for x in segments), 0)})
    return bars, max(totals, default=0)
