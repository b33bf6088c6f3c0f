"""Order-source fixtures: a real Redis (the suite's ``redis``, flushed around each test), the
store over it, recorded platform payloads, and ``responses`` for the platforms' HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
import yaml

from orders.store import OrderStore
from orders.tracking import LINE_KEYS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "orders"
ROOT = Path(__file__).resolve().parent.parent.parent
# The tracking lines the shopper reads, as the bot ships them (bot/messages.yaml, ``track_*``).
LINES = {key: yaml.safe_load((ROOT / "bot" / "messages.yaml").read_text(encoding="utf-8"))[f"track_{key.lower()}"]
         for key in LINE_KEYS}


def payload(name: str) -> Any:
    """A recorded payload, e.g. ``payload("naver/token.json")``."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def store(redis: Any) -> OrderStore:
    return OrderStore(redis, "test", "csv")


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


class Naps:
    """A ``sleep`` that records how long it was asked to wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def naps() -> Naps:
    return Naps()
