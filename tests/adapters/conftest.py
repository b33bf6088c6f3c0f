"""Shared pieces of the adapter tests: recorded payloads and hostile-input strategies.

Strategies are handed out by session-scoped fixtures (hypothesis refuses function-scoped
ones inside ``@given``), so no test module imports a sibling module.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import responses
from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Odd values that have broken parsers before: huge strings, bools posing as ints, nesting.
_NASTY = st.sampled_from(
    ["", " ", "x" * 100_000, "\x00", "\ud7a3" * 5000, True, False, 0, -1, 2**70, 1.5, [], {}, None, [[[]]], {"": {}}]
)


def _names(channel: str) -> list[str]:
    return sorted(p.stem for p in (FIXTURES / channel).glob("*.json"))


def _load(channel: str, name: str) -> Any:
    return json.loads((FIXTURES / channel / f"{name}.json").read_text(encoding="utf-8"))


def json_values(keys: Sequence[str] = ()) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-ish values whose objects often use the platform's own keys."""
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | _NASTY
    names = st.text(max_size=8) | st.sampled_from(list(keys) or [""])
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=6),
        max_leaves=25,
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn, document: Any, keys: Sequence[str] = ()) -> Any:
    """``document`` with one to three nodes replaced by a hostile value or deleted."""
    doc = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        # A copy: later rounds mutate ``doc`` in place, and the drawn value may be one of
        # the strategy's own constants (``[]``, ``{}``), which must stay pristine.
        replacement = copy.deepcopy(draw(json_values(keys)))
        if not path:
            doc = replacement
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = replacement
    return doc


@pytest.fixture(scope="session")
def hostile_bodies() -> Callable[[str, Sequence[str]], st.SearchStrategy[bytes]]:
    """Request bodies for a channel: raw bytes, random JSON, and mutated recorded payloads."""

    def build(channel: str, keys: Sequence[str]) -> st.SearchStrategy[bytes]:
        docs = [_load(channel, name) for name in _names(channel)]
        as_bytes = st.builds(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8"), json_values(keys))
        mutants = st.sampled_from(docs).flatmap(lambda d: mutated(d, keys)).map(
            lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8")
        )
        return st.binary(max_size=64) | as_bytes | mutants | mutants

    return build


@pytest.fixture(autouse=True)
def no_internet() -> Iterator[None]:
    """Every ``requests`` call that a test has not faked fails with ConnectionError."""
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        yield


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    """Fake platform APIs at the transport; every registered call must be made."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
