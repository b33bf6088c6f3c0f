"""Hostile-input strategies shared by the adapter tests (``parse`` alone) and the whole-app
fuzzing (tests/test_fuzz_webhooks.py): arbitrary JSON that speaks the platform's keys, and
recorded payloads with a few nodes replaced, deleted or given an extra key."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def recorded(channel: str) -> list[Any]:
    """Every recorded payload of a channel (tests/fixtures/<channel>/*.json), in name order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / channel).glob("*.json"))]


def json_values(keys: Sequence[str], nasty: st.SearchStrategy[Any], max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-ish values whose objects often use the platform's own ``keys``."""
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | nasty
    names = st.text(max_size=8) | st.sampled_from(list(keys) or [""])
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=6),
        max_leaves=max_leaves,
    )


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every node of a JSON document, as the keys and indexes that lead to it (the root is ``()``)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn, doc: Any, keys: Sequence[str], nasty: st.SearchStrategy[Any], most: int = 4) -> Any:
    """``doc`` with one to ``most`` nodes replaced by a hostile value, deleted, or given an extra key."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, most))):
        path = draw(st.sampled_from(list(paths(doc))))
        # A copy: later rounds mutate ``doc`` in place, and the drawn value may be one of the
        # strategy's own constants (``[]``, ``{}``), which must stay pristine.
        value = copy.deepcopy(draw(json_values(keys, nasty)))
        if not path:
            doc = value
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(st.sampled_from(list(keys) or [""]) | st.text(max_size=6))] = value
        else:
            parent[path[-1]] = value
    return doc
