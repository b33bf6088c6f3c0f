"""Does the matcher's best FAQ answer the message? A small boosted-tree model over evidence no shop owns.

The matcher's scores come from hand-set rules; on messages nobody tuned for, a right best FAQ often
scores under the answer line, and a wrong one sometimes over it. :class:`Evidence` reads what the
match rests on (its score and lead, how much of the message the FAQ's words explain, how near the
message is, letter by letter, to the FAQ's own questions and answer, and to the next FAQs), and
:class:`Answerer` turns that into the chance that the best FAQ is the right answer, with trees
learned from the labelled rounds in ``faq/data/eval`` (``python -m bot.dev.train_answerer``). Only
the evidence is learned, never a shop's words, so the model carries over to a shop it never saw.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from faq.entries import Match
from faq.normalize import squash

if TYPE_CHECKING:
    from faq.matcher import Matcher

MODEL_FILE = Path(__file__).parent / "data" / "answerer.json"
FEATURES = (
    "score", "runner_score", "lead", "matcher_answers", "matcher_asks", "terms", "length", "question", "hangul",
    "example_terms", "example_share", "answer_terms", "answer_share", "unknown_terms", "off_topic_terms", "anchored",
    "own_answer_words", "weighed_terms", "token_set", "partial", "near_questions", "near_answer", "near_questions_3",
    "near_other", "nearer_than_other", "praise", "statement",
)
_QUESTION = re.compile(r"\?|나요|까요|까\b|돼요|되나|되요|있어요|인가요|뭐|어떻게|언제|며칠|얼마|몇|어디|왜|\bhow\b|\bwhat\b|\bwhen\b|\bcan\b|\bdo i\b|\bis it\b")
_OTHERS = 4  # the next FAQs by score the message is compared with
# thanks and praise ("손에 착 감겨요 감사!", "향 너무 좋아요 대만족"), and a sentence that ends as a statement
_PRAISE = re.compile(r"감사|고마|좋아요|좋네요|좋았|만족|최고|대박|멋져|멋있|예뻐|이뻐|짱|굿|👍|❤|♥|thank|love|great")
_STATEMENT = re.compile(r"(?:[다요네음함ㅎㅋ!~.👍❤♥]|\bthanks?)\s*$")


def _grams(text: str, n: int) -> Counter[str]:
    flat = squash(text.lower())
    return Counter(flat[i:i + n] for i in range(max(len(flat) - n + 1, 0)))


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


class Evidence:
    """What a match rests on, as numbers in the order of :data:`FEATURES`. Build once per matcher."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._asked: dict[str, tuple[str, ...]] = {}
        self._grams: dict[str, tuple[Counter[str], Counter[str], Counter[str]]] = {}
        for faq_id, e in matcher.entries.items():
            asked = (*e.questions, e.title)
            said = " ".join((*asked, *e.keywords))
            self._asked[faq_id] = asked
            self._grams[faq_id] = (_grams(said, 2), _grams(e.answer, 2), _grams(said, 3))

    def exact(self, text: str) -> bool:
        """The owner wrote this very question under one FAQ."""
        return squash(text) in self.matcher._examples

    def values(self, text: str, match: Match, scores: dict[str, float], terms: set[str]) -> list[float]:
        m = self.matcher
        best = match.best.score if match.best else 0.0
        runner = match.runner_up.score if match.runner_up else 0.0
        out = [best, runner, best - runner, float(match.decision == "answer"), float(match.decision == "ask"),
               float(len(terms)), float(len(text)), float(bool(_QUESTION.search(text.lower()))),
               sum("가" <= c <= "힣" for c in text) / max(len(text), 1)]
        if match.best is None:
            return out + [0.0] * (len(FEATURES) - len(out))
        faq_id = match.best.faq_id
        i = m._index[faq_id]
        strengths, covered = m._vocab[i], m._answer_terms[i]
        known = sum(t in strengths for t in terms)
        said = sum(t in covered for t in terms)
        asked = self._asked[faq_id]
        q2, a2, q3 = self._grams[faq_id]
        g2 = _grams(text, 2)
        near = _cosine(g2, q2)
        others = [f for f, _ in heapq.nlargest(_OTHERS + 1, scores.items(), key=itemgetter(1)) if f != faq_id][:_OTHERS]
        near_other = max((_cosine(g2, self._grams[f][0]) for f in others), default=0.0)
        flat = squash(text)
        out += [
            float(known), known / max(len(terms), 1), float(said), said / max(len(terms), 1),
            float(sum(m._idf.get(t) is None and t not in covered and t not in m._off_topic for t in terms)),
            float(sum(t in m._off_topic for t in terms)),
            float(any(a <= terms for a in m._anchors[i])),
            float(len(m._answer_own[i] & terms)),
            sum(m._idf.get(t, 0.0) * strengths.get(t, 0.0) for t in terms),
            max(fuzz.token_set_ratio(text, q) for q in asked) / 100,
            max(fuzz.partial_ratio(flat, squash(q)) for q in asked) / 100,
            near, _cosine(g2, a2), _cosine(_grams(text, 3), q3), near_other, near - near_other,
            float(bool(_PRAISE.search(text.lower()))), float(bool(_STATEMENT.search(text.strip()))) if "?" not in text else 0.0,
        ]
        return out


class Answerer:
    """The learned trees: the chance that the best FAQ answers, and the match decided by it."""

    def __init__(self, model: dict[str, object]) -> None:
        if tuple(model["features"]) != FEATURES:  # type: ignore[arg-type]
            raise ValueError("the answerer model was trained on other features; retrain it")
        self.threshold = float(model["threshold"])  # type: ignore[arg-type]
        self._baseline = float(model["baseline"])  # type: ignore[arg-type]
        # each tree a list of nodes [feature, threshold, left, right, leaf value or None]
        self._trees: list[list[tuple[int, float, int, int, float | None]]] = [
            [(int(n[0]), float(n[1]), int(n[2]), int(n[3]), None if n[4] is None else float(n[4])) for n in tree]
            for tree in model["trees"]  # type: ignore[attr-defined]
        ]

    @staticmethod
    @cache
    def builtin() -> Answerer:
        """The model that ships with the product (faq/data/answerer.json)."""
        return Answerer(json.loads(MODEL_FILE.read_text(encoding="utf-8")))

    def probability(self, values: Sequence[float]) -> float:
        raw = self._baseline
        for tree in self._trees:
            node = tree[0]
            while node[4] is None:
                node = tree[node[2] if values[node[0]] <= node[1] else node[3]]
            raw += node[4]
        return 1.0 / (1.0 + math.exp(-raw))

    def judge(self, match: Match, values: Sequence[float], exact: bool = False) -> Match:
        """The match with its decision made by the model: answer when sure enough, else none (an exact example stays)."""
        if match.best is None or exact:
            return match
        sure = self.probability(values) >= self.threshold
        if sure and match.decision != "answer":
            return Match(match.best, match.runner_up, "answer")
        if not sure and match.decision == "answer":
            return Match(match.best, match.runner_up, "none")
        return match
