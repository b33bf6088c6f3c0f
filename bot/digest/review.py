"""The digest's review block: how many bot answers wait for review, the first ones with links,
and yesterday's wrong-answer rate for the FAQ and for the LLM (of the answers reviewed so far)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.context import Context
from bot.conversation.kinds import ANSWER_SOURCES, CHANNELS
from bot.digest.numbers import pct
from bot.privacy import mask

FIRST = 5  # answers listed by name; the rest are a count and a link


def summary(ctx: Context, today: date) -> dict[str, Any]:
    store, base = ctx.store, ctx.settings.base_url
    waiting = store.reviews.waiting()
    yesterday = (today - timedelta(days=1)).isoformat()
    stats = store.stats(yesterday)
    rates = []
    for source, label in ANSWER_SOURCES.items():
        wrong, right = stats.get(f"review_wrong:{source}", 0), stats.get(f"review_ok:{source}", 0)
        reviewed = wrong + right
        rates.append({"label": label, "answers": stats.get(f"answers:{source}", 0), "reviewed": reviewed,
                      "wrong": wrong, "rate": pct(wrong / reviewed) if reviewed else "-"})
    first = []
    for a in waiting[:FIRST]:
        at = ctx.hours.local(datetime.fromtimestamp(float(a.get("at") or 0), UTC))
        first.append({"id": a.get("id", ""), "when": at.strftime("%m-%d %H:%M"),
                      "source": ANSWER_SOURCES.get(a.get("source", ""), a.get("source", "")),
                      "channel": CHANNELS.get(a.get("channel", ""), a.get("channel", "")),
                      "question": mask(a.get("question", ""))[:80],
                      "url": f"{base}/staff/review#answer-{a.get('id', '')}"})
    return {"waiting": len(waiting), "first": first, "rates": rates, "url": f"{base}/staff/review"}
