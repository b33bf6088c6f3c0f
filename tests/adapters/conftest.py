"""Shared pieces of the adapter tests: hostile request bodies (from tests/hostile.py) and HTTP fakes.

Strategies are handed out by session-scoped fixtures (hypothesis refuses function-scoped
ones inside ``@given``), so no test module imports a sibling module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence

import pytest
import responses
from hypothesis import strategies as st

from tests.hostile import json_values, mutated, recorded

# Odd values that have broken parsers before: huge strings, bools posing as ints, nesting.
_NASTY = st.sampled_from(
    ["", " ", "x" * 100_000, "\x00", "\ud7a3" * 5000, True, False, 0, -1, 2**70, 1.5, [], {}, None, [[[]]], {"": {}}]
)


@pytest.fixture(scope="session")
def hostile_bodies() -> Callable[[str, Sequence[str]], st.SearchStrategy[bytes]]:
    """Request bodies for a channel: raw bytes, random JSON, and mutated recorded payloads."""

    def build(channel: str, keys: Sequence[str]) -> st.SearchStrategy[bytes]:
        docs = recorded(channel)
        values = json_values(keys, _NASTY, max_leaves=25)
        as_bytes = st.builds(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8"), values)
        mutants = st.sampled_from(docs).flatmap(lambda d: mutated(d, keys, _NASTY, most=3)).map(
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
