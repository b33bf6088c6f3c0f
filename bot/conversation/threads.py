"""Every conversation, newest first, for the staff's conversation list: filters and a text search
over the masked transcripts. Reads only; small shops, so the newest few hundred threads are scanned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.context import Context
from bot.storage.store import BOT

SCAN = 300  # threads looked at per page view, newest first
FILTERS: dict[str, str] = {
    "after_hours": "영업시간 외",
    "faq": "FAQ 답변",
    "llm": "AI 답변",
    "thumbs_down": "👎",
    "review": "검토 대기",
    "ticket": "상담 있음",
}


@dataclass(frozen=True)
class ThreadRow:
    id: str
    at: float
    thread: dict[str, str]
    last: dict[str, Any]  # the newest turn
    waiting_review: int
    hit: str = ""  # the turn that matched the search

    @property
    def flags(self) -> list[str]:
        t = self.thread
        out = [k for k, field in (("after_hours", "after_hours_seen"), ("faq", "answered_faq"),
                                  ("llm", "answered_llm"), ("thumbs_down", "csat_down"), ("ticket", "ticket"))
               if t.get(field) and t.get(field) != "0"]
        return [*out, "review"] if self.waiting_review else out


def conversations(ctx: Context, flags: set[str] | frozenset[str] = frozenset(), query: str = "", limit: int = 100) -> list[ThreadRow]:
    reviews = ctx.store.reviews
    recent = reviews.recent_threads(SCAN)
    ids = [t for t, _ in recent]
    waiting: dict[str, int] = {}
    for answer in reviews.waiting():
        waiting[answer.get("thread", "")] = waiting.get(answer.get("thread", ""), 0) + 1
    logs = reviews.transcripts(ids)
    out: list[ThreadRow] = []
    needle = query.strip().lower()
    for (thread_id, at), thread, log in zip(recent, reviews.threads(ids), logs, strict=True):
        row = ThreadRow(thread_id, at, {"state": BOT, **thread}, log[-1] if log else {}, waiting.get(thread_id, 0))
        if not flags <= set(row.flags):
            continue
        if needle:
            hit = next((x for x in reversed(log) if needle in str(x.get("text", "")).lower()), None)
            if hit is None:
                continue
            row = ThreadRow(row.id, row.at, row.thread, row.last, row.waiting_review, str(hit.get("text", "")))
        out.append(row)
        if len(out) >= limit:
            break
    return out


def answers_in(ctx: Context, thread_id: str, limit: int = 50) -> list[dict[str, str]]:
    """The thread's recorded bot answers still waiting (for the thread page's review buttons)."""
    return [a for a in ctx.store.reviews.waiting() if a.get("thread") == thread_id][:limit]
