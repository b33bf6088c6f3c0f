"""The digest as the owner reads it: Korean dates, masked ticket lines, the hourly chart, templates."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.context import Context
from bot.conversation.hours import korean_time
from bot.conversation.kinds import CHANNELS, REASONS, TICKET_STATES
from bot.digest.groups import HEADER, GroupNumbers, gather_groups
from bot.digest.numbers import CHART_KINDS, Row, day_list, duration, gather, hourly, pct, rows
from bot.digest.period import Period, digest_time, period_for
from bot.digest.review import summary as review_summary
from bot.privacy import mask

TEMPLATES = Path(__file__).with_name("templates")


TEXT_LIMIT = 200




CHART_HEIGHT = 96  # px of the tallest bar


WEEKDAYS = "월화수목금토일"



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
    groups: list[GroupNumbers] = field(default_factory=list)  # the staged rollout's two sides
    group_header: tuple[str, ...] = HEADER
    review: dict[str, Any] = field(default_factory=dict)  # bot/digest/review.py

    def html(self) -> str:
        return _env().get_template("digest.html").render(d=self)

    def text(self) -> str:
        return _env().get_template("digest.txt").render(d=self).strip() + "\n"

    def slack(self) -> str:
        return _env().get_template("slack.txt").render(d=self).strip()



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
        headline_bot_share=pct(main.bot_share),
        staff_url=f"{base}/staff/",
        schedule_note=f"영업일 {korean_time(digest_time(shop))}에 보내요",
        groups=gather_groups(store, period.days),
        review=review_summary(ctx, period.end.date()),
    )



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



def _age(since: float, now: datetime) -> str:
    seconds = max(now.timestamp() - since, 0)
    if seconds < 3600:
        return f"{max(int(seconds // 60), 1)}분"
    return duration(seconds * 1000, "m")



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
        "took": duration((resolved - created) * 1000, "m") if resolved and created else "",
        "resolved_by": t.get("resolved_by", ""),
        "after_hours": t.get("after_hours") == "1",
        "unread": int(t.get("unread") or 0),
        "last_message": _clip(shopper[-1] if shopper else t.get("message", "")),
        "draft": _clip(t.get("draft", "")),
    }



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
