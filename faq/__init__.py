"""Korean-aware FAQ matching: a pure library (text in, :class:`Match` out; no Flask, no Redis)."""

from faq.entries import Candidate, FaqEntry, FaqSettings, Match
from faq.matcher import Matcher

__all__ = ["Candidate", "FaqEntry", "FaqSettings", "Match", "Matcher"]
