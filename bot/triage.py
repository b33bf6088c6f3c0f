"""Triage before matching: which messages a person must answer.

An explicit ask for a person, anger or abuse, damaged or wrong goods, refund
disputes, legal threats, prompt-injection attempts, and repeated misses go to a
person, before the FAQ matcher can answer them with a canned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field


class TriageConfig(BaseModel):
    """Keywords per reason, and how many misses in a row send a thread to a person."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    max_misses: int = Field(default=2, ge=1)


@dataclass(frozen=True)
class Triage:
    needs_human: bool
    reason: str = ""  # e.g. asked_for_person, angry, damaged, refund_dispute, legal, injection, repeated_misses


_SPACES = re.compile(r"\s+")


def assess(text: str, config: TriageConfig, misses: int = 0) -> Triage:
    squashed = _SPACES.sub("", text.lower())
    for reason, words in config.keywords.items():
        if any(_SPACES.sub("", w.lower()) in squashed for w in words if w.strip()):
            return Triage(True, reason)
    if misses >= config.max_misses:
        return Triage(True, "repeated_misses")
    return Triage(False)
