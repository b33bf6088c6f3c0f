"""The staged rollout's comparison: the shoppers who get the bot against those who go to a person.

Counted per conversation's group (``g:{group}:*`` counters, per-group thread counts and
response-time samples; see :mod:`bot.storage.store`). First response: for the bot group the
bridge's first reply; for the people group a person's first reply (their automatic "a person
will answer" notice is not an answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.conversation.rollout import BOT_GROUP, GROUP_LABELS, GROUPS, PEOPLE_GROUP
from bot.digest.numbers import duration, pct, quantile
from bot.storage.store import Store


@dataclass(frozen=True)
class GroupNumbers:
    group: str
    label: str
    threads: int
    messages: int
    handoffs: int
    csat_up: int
    csat_down: int
    first_response_ms: tuple[int, ...]

    @property
    def handed_share(self) -> float | None:
        return min(self.handoffs / self.threads, 1.0) if self.threads else None

    @property
    def csat(self) -> float | None:
        total = self.csat_up + self.csat_down
        return self.csat_up / total if total else None

    def cells(self) -> tuple[str, ...]:
        """What the digest and ``bot stats`` print for this group."""
        first = f"{duration(quantile(self.first_response_ms, 0.5), 's')}" if self.first_response_ms else "-"
        total = self.csat_up + self.csat_down
        return (
            f"{self.threads:,}",
            first,
            f"{pct(self.csat)} ({total}명)" if total else "-",
            pct(self.handed_share),
        )


HEADER = ("대화", "첫 응답 (중앙)", "만족도", "사람에게 넘긴 비율")


def gather_groups(store: Store, days: Sequence[str]) -> list[GroupNumbers]:
    """Both groups over ``days``; empty when no conversation was counted in a group (rollout ``all``)."""
    if not days:
        return []
    pipe = store.redis.pipeline()
    for group in GROUPS:
        pipe.pfcount(*[f"{store.key('threads', d)}:g:{group}" for d in days])
        kind = "first_response" if group == BOT_GROUP else "staff_response"
        for d in days:
            pipe.lrange(store.key("samples", kind, "g", group, d), 0, -1)
    for d in days:
        pipe.hgetall(store.key("stats", d))
    raw = pipe.execute()
    stats: dict[str, int] = {}
    for day_stats in raw[-len(days):]:
        for k, v in day_stats.items():
            if k.startswith("g:"):
                stats[k] = stats.get(k, 0) + int(v)
    out, i = [], 0
    for group in GROUPS:
        threads = int(raw[i])
        samples = tuple(int(x) for lst in raw[i + 1 : i + 1 + len(days)] for x in lst)
        i += 1 + len(days)
        g = lambda name, group=group: stats.get(f"g:{group}:{name}", 0)  # noqa: E731
        out.append(GroupNumbers(group, GROUP_LABELS[group], threads, g("inbound"), g("handoff"), g("csat_up"),
                                g("csat_down"), samples))
    if not any(n.threads for n in out):
        return []
    return out


__all__ = ["HEADER", "PEOPLE_GROUP", "GroupNumbers", "gather_groups"]
