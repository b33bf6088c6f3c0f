"""Korean-aware FAQ matching: a pure library (text in, :class:`Match` out; no Flask, no Redis)."""

from faq.matcher import Candidate, FaqEntry, FaqSettings, Match, Matcher

__all__ = ["Candidate", "FaqEntry", "FaqSettings", "Match", "Matcher"]
