"""What an owner writes (FAQ entries and the matcher's settings) and what the matcher returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from faq.vocab import QUESTION_WORDS, TITLE_FILLER


class FaqEntry(BaseModel):
    """One question the shop answers the same way every time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_\-]+$")
    title: str = ""  # short label shown on a quick reply when asking "which one?"
    answer: str = Field(min_length=1)
    questions: tuple[str, ...] = Field(min_length=1)
    keywords: tuple[str, ...] = ()  # anchors: without one of them the score is lowered
    quick_replies: tuple[str, ...] = ()
    # word -> other ways shoppers say it (택배, 배달, delivery for 배송)
    synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # FAQs that win when both are named: "반품 택배 어떻게 보내요" is about the return,
    # so shipping yields to returns. Context words of one topic, not a second question.
    yields_to: tuple[str, ...] = ()

    @field_validator("keywords", "synonyms", mode="before")
    @classmethod
    def _numbers_as_words(cls, value: object) -> object:
        """YAML reads 55 as a number; an owner listing sizes means the word "55"."""
        if isinstance(value, list | tuple):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        if isinstance(value, dict):
            return {str(k): cls._numbers_as_words(v) for k, v in value.items()}
        return value


class FaqSettings(BaseModel):
    """Thresholds and word lists an owner may tune."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: float = Field(default=0.6, ge=0, le=1)  # below: no FAQ answer
    margin: float = Field(default=0.08, ge=0, le=1)  # closer than this to the runner-up: ask
    ask_floor: float = Field(default=0.45, ge=0, le=1)  # both candidates at least this to ask
    no_anchor_factor: float = Field(default=0.7, ge=0, le=1)  # score kept when no keyword is there
    unknown_weight: float = Field(default=0.2, ge=0)  # a word no FAQ knows, vs. 1.0 for the rarest FAQ word
    off_topic_weight: float = Field(default=2.0, ge=0)  # a word of a topic without FAQ
    focus_bonus: float = Field(default=0.1, ge=0, le=1)  # the message ends on this FAQ's keyword
    off_topic_focus_factor: float = Field(default=0.5, ge=0, le=1)  # the message ends on an off-topic word
    off_topic_factor: float = Field(default=0.85, ge=0, le=1)  # it names an off-topic word elsewhere
    yield_factor: float = Field(default=0.7, ge=0, le=1)  # score kept by an FAQ that yields (see yields_to)
    cover_floor: float = Field(default=0.7, ge=0, le=1)  # share of a message's words one FAQ holds to answer it anyway
    cover_margin: float = Field(default=0.35, ge=0, le=1)  # ... when every other FAQ holds this much less (faq/cover.py)
    typo_cutoff: float = Field(default=80, ge=0, le=100)  # jamo similarity to correct a typo
    learned: bool = True  # the learned model (faq/answerer.py) decides whether the best FAQ answers; false: the scores alone
    off_topic: tuple[str, ...] = ()  # added to DEFAULT_OFF_TOPIC
    neutral: tuple[str, ...] = ()  # added to DEFAULT_NEUTRAL


@dataclass(frozen=True)
class Candidate:
    faq_id: str
    score: float


@dataclass(frozen=True)
class Match:
    best: Candidate | None
    runner_up: Candidate | None
    decision: Literal["answer", "ask", "none"]

    @property
    def faq_id(self) -> str | None:
        return self.best.faq_id if self.best else None

    @property
    def score(self) -> float:
        return self.best.score if self.best else 0.0


def derived_keywords(entry: FaqEntry, terms_of: Callable[[str], set[str]], title: Sequence[str]) -> tuple[str, ...]:
    """Anchors for an FAQ written without ``keywords:``: the topic words of its ``title`` (its terms), and
    the words at least two of its example questions share (all of them if it has one); ``terms_of`` reads a
    question's topic terms as the matcher does."""
    counts: dict[str, int] = {}
    for q in entry.questions:
        for t in terms_of(q):
            counts[t] = counts.get(t, 0) + 1
    need = min(2, len(entry.questions))
    shared = (t for t, c in counts.items() if c >= need and t not in QUESTION_WORDS)
    return tuple(dict.fromkeys([*(t for t in title if t not in TITLE_FILLER), *shared]))
