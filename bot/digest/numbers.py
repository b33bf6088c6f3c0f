"""The digest's numbers: per-day counters summed, shares, percentiles and the rows the owner reads."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from bot.settings import Shop
from bot.storage.store import Store

# Targets from the field, shown beside the numbers (per-conversation / per-message shares).
TARGET_BOT_SHARE = 0.40


TARGET_ESCALATION = (0.20, 0.30)


TARGET_CSAT = 0.85


CHART_KINDS = (("faq", "FAQ", "#37b24d"), ("llm", "AI 답변", "#4c6ef5"), ("handoff", "사람 연결", "#f59f00"),
               ("other", "기타", "#ced4da"))


@dataclass(frozen=True)
class Numbers:
    """The counters of one or more whole days, summed (shares are ratios of the sums)."""

    days: int
    messages: int = 0
    threads: int = 0
    faq: int = 0
    llm: int = 0
    tracking: int = 0  # order questions answered from the order and the courier
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
    def tracking_share(self) -> float | None:
        return _ratio(self.tracking, self.messages)

    @property
    def bot_share(self) -> float | None:
        """Messages the bot answered itself (FAQ, AI or a delivery status), of all messages."""
        return _ratio(self.faq + self.llm + self.tracking, self.messages)

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
        tracking=totals.get("tracking", 0),
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
        return lambda n, _avg: pct(getattr(n, attr))

    def quantiles(attr: str, unit: str) -> Any:
        def fmt(n: Numbers, _avg: bool) -> str:
            samples = getattr(n, attr)
            if not samples:
                return "-"
            return f"{duration(quantile(samples, 0.5), unit)} / {duration(quantile(samples, 0.9), unit)}"

        return fmt

    def csat(n: Numbers, _avg: bool) -> str:
        total = n.csat_up + n.csat_down
        return f"{pct(n.csat)} ({total}명)" if total else "-"

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
        Row("배송 조회 답변", each(share("tracking_share")), indent=True),
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



def hourly(store: Store, start: datetime, end: datetime, zone: tzinfo) -> list[tuple[datetime, dict[str, int]]]:
    """Messages per local hour from ``start`` (floored to the hour) to ``end``, by how they were handled."""
    first = start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
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



def quantile(samples: Iterable[int], q: float) -> float:
    """Nearest-rank percentile: the value a fraction ``q`` of samples are at or below."""
    ordered = sorted(samples)
    return float(ordered[max(math.ceil(q * len(ordered)) - 1, 0)])



def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None



def pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"



def _num(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"



def _status(value: float | None, good: Any) -> str:
    if value is None:
        return ""
    return "good" if good(value) else "warn"



def duration(ms: float, unit: str) -> str:
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
