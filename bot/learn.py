"""FAQ suggestions: the questions the FAQ did not settle, grouped, so the next FAQ is the most asked one.

Collected (masked, :meth:`Store.add_miss`) when a message goes to the LLM or to a person as
"unsure", and when a shopper marks an answer wrong (👎). Grouped on demand: each question becomes
its content words (the matcher's own normalisation, :func:`faq.normalize.content_terms`), and a
question joins the first group whose first question is similar enough (rapidfuzz's token set
ratio), biggest groups first. Questions the bot now answers (an FAQ was added or given an
example since) drop out of the list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from bot.conversation.routing import Router
from bot.storage.store import Store
from faq.normalize import content_terms
from faq.vocab import DEFAULT_NEUTRAL

SIMILAR = 0.5  # a question joins a group when one of its words is in at least half the group's questions
SCAN = 500  # the newest misses looked at
KINDS = {"llm": "AI에게 넘어감", "unsure": "사람에게 넘어감 (모름)", "wrong": "답변이 틀렸다고 표시됨"}


def record(store: Store, text: str, kind: str, thread_id: str = "", faq_id: str = "") -> None:
    """Remember one missed question (batched with the turn's other writes)."""
    if text.strip():
        store.add_miss({"text": text.strip()[:300], "kind": kind, "thread": thread_id, "faq": faq_id,
                        "at": round(store.now_ts(), 3)})


@dataclass
class Group:
    key: str
    words: str
    items: list[dict[str, Any]] = field(default_factory=list)
    terms: list[frozenset[str]] = field(default_factory=list)

    def add(self, miss: dict[str, Any], terms: frozenset[str]) -> None:
        self.items.append(miss)
        self.terms.append(terms)

    @property
    def size(self) -> int:
        return len(self.items)

    @property
    def examples(self) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item["text"] not in seen:
                seen.append(item["text"])
        return seen

    @property
    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.items:
            out[item.get("kind", "")] = out.get(item.get("kind", ""), 0) + 1
        return out


def topic_terms(text: str) -> frozenset[str]:
    """The words that say what a question is about: the matcher's content words without the
    ones that say nothing about the topic (되다, 가능, 궁금하다 …)."""
    return frozenset(t for t in content_terms(text) if t not in DEFAULT_NEUTRAL and len(t) > 1) or frozenset({text})


def _same_word(a: str, b: str) -> bool:
    """주차 ~ 주차장, 포장 ~ 포장지, and close spellings."""
    return a == b or a in b or b in a or fuzz.ratio(a, b) >= 80


def _fit(terms: frozenset[str], group: Group) -> float:
    """How well a question fits a group: for its best word, the share of the group's questions
    that have that word (or a near form of it)."""
    best = 0.0
    for term in terms:
        have = sum(1 for other in group.terms if any(_same_word(term, t) for t in other))
        best = max(best, have / len(group.terms))
    return best


def groups(store: Store, router: Router | None = None) -> list[Group]:
    """The missed questions grouped by shared topic words, biggest first.

    Two passes: each question joins the group it fits best (or starts one), then every question
    is placed again against the finished groups, so the order they came in matters less.
    """
    misses = store.misses()[-SCAN:]
    if router is not None:
        misses = [m for m in misses if router.route(m["text"]).route not in ("faq", "ask")]
    items = [(m, topic_terms(m["text"])) for m in reversed(misses)]  # newest first inside a group
    out: list[Group] = []
    for _ in range(2):
        seeds, out = out, []
        for miss, terms in items:
            pool = seeds or out
            fits = [(_fit(terms, g), i) for i, g in enumerate(pool)]
            score, at = max(fits, default=(0.0, -1))
            home = pool[at] if fits else None
            if home is not None and score >= SIMILAR:
                target = home if not seeds else _twin(out, home)
            else:
                target = Group("", " ".join(sorted(terms)))
                out.append(target)
            target.add(miss, terms)
        out = [g for g in out if g.items]
    for g in out:
        g.key = hashlib.sha256(g.words.encode()).hexdigest()[:10]
    return sorted(out, key=lambda g: -g.size)


def _twin(out: list[Group], seed: Group) -> Group:
    """The second pass's group for a first-pass group."""
    twin = next((g for g in out if g.words == seed.words), None)
    if twin is None:
        twin = Group("", seed.words)
        out.append(twin)
    return twin


def staff_answer(store: Store, group: Group) -> str:
    """The first reply a person gave after one of the group's questions, if any."""
    for item in group.items:
        if not item.get("thread"):
            continue
        for turn in store.transcript(item["thread"], 60):
            if turn.get("role") == "staff" and float(turn.get("at") or 0) >= float(item.get("at") or 0):
                return str(turn.get("text", ""))
    return ""


def draft(store: Store, group: Group) -> dict[str, str]:
    """A new FAQ entry drafted from a group, in the settings form's fields."""
    words = group.words.split()
    return {
        "id": "",
        "title": " ".join(words[:2]),
        "answer": staff_answer(store, group),
        "questions": "\n".join(group.examples[:8]),
        "keywords": ", ".join(words[:3]),
    }
