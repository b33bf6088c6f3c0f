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
from faq.normalize import analyze


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
        # What each FAQ is about: the nouns of its title, questions and keywords (not its answer).
        self._about = {
            e.id: frozenset(m.form for part in (e.title, *e.questions, *e.keywords) for m in analyze(part) if m.tag in ("NNG", "NNP"))
            for e in shop.faqs
        }

    def route(self, text: str, misses: int = 0) -> Route:
        triage = assess(text, self.shop.triage, misses)
        if triage.needs_human and not triage.topics:
            return Route("human", triage, None)
        match = self.matcher.match(text)
        if triage.needs_human:
            # a request the shop's FAQ may answer (주소 변경): only an FAQ about the same thing does
            if match.decision == "answer" and match.faq_id and self._about[match.faq_id] & set(triage.topics):
                return Route("faq", Triage(False), match)
            return Route("human", triage, None)
        if match.decision == "answer":
            return Route("faq", triage, match)
        if match.decision == "ask":
            return Route("ask", triage, match)
        return Route("llm", triage, match)
