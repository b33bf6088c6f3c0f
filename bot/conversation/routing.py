"""Where a shopper's message goes: a person, an FAQ answer, or the LLM.

The one place that combines triage and the FAQ matcher, used by the live pipeline,
``python -m bot route`` and ``python -m bot.dev.faq_eval`` alike, so that what is measured
is what runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.conversation.triage import Triage, assess
from bot.settings import Shop
from faq import Match, Matcher


@dataclass(frozen=True)
class Route:
    route: Literal["human", "faq", "ask", "llm"]
    triage: Triage
    match: Match | None

    @property
    def faq_id(self) -> str | None:
        return self.match.faq_id if self.match and self.route in ("faq", "ask") else None

    @property
    def score(self) -> float:
        return self.match.score if self.match else 0.0

    def as_json(self, text: str) -> dict[str, object]:
        """The ``route`` command's line: ask (two close FAQs) counts as an FAQ route."""
        return {
            "text": text,
            "route": "faq" if self.route == "ask" else self.route,
            "faq_id": self.faq_id,
            "score": round(self.score, 4),
            "reason": self.triage.reason or None,
        }


class Router:
    """Triage, then the FAQ matcher. Build once per process: the analyzer is slow to load."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self.matcher = Matcher(shop.faqs, shop.faq_settings)

    def route(self, text: str, misses: int = 0) -> Route:
        triage = assess(text, self.shop.triage, misses)
        if triage.needs_human:
            return Route("human", triage, None)
        match = self.matcher.match(text)
        if match.decision == "answer":
            return Route("faq", triage, match)
        if match.decision == "ask":
            return Route("ask", triage, match)
        return Route("llm", triage, match)
