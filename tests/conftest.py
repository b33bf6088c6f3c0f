"""Shared fixtures: a real Redis (``REDIS_URL`` or an embedded one), a fresh app per test,
and a real RQ worker that runs whatever the test enqueued.

The outside world is faked only at its HTTP boundary; a test that tries to reach the
internet fails (see ``_no_internet``).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOP_FILE = ROOT / "tests" / "fixtures" / "shop.yaml"  # the tests' own shop file: an owner editing ./shop.yaml breaks nothing here
SEOUL = ZoneInfo("Asia/Seoul")
# A Tuesday, 11:00 in Seoul: the shop is open.
OPEN_TIME = datetime(2026, 11, 17, 11, 0, tzinfo=SEOUL)
# A Saturday night: closed until Monday 10:00.
CLOSED_TIME = datetime(2026, 11, 21, 23, 0, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback and unix sockets: a test that would reach the internet fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host not in ("127.0.0.1", "::1", "localhost"):
                raise OSError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    from bot.storage.redis_conn import EmbeddedRedis

    embedded = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    yield embedded.url
    embedded.close()


@pytest.fixture
def redis(redis_url: str) -> Iterator[Any]:
    from bot.storage.redis_conn import connect

    client = connect(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def env(redis_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment the app sees; tests add channel secrets to it before ``make_ctx``."""
    return {"SHOP_CONFIG": str(SHOP_FILE), "REDIS_URL": redis_url, "REDIS_PREFIX": "test", "DATA_DIR": str(tmp_path / "data")}


def shop_on_every_channel() -> Any:
    """The tests' shop with every messenger in the adapter registry listed, for the tests that run
    each of them (the file itself lists the four we ship, the way an owner writes it)."""
    from adapters import REGISTRY
    from bot.settings import load_shop

    return load_shop(SHOP_FILE).model_copy(update={"channels": tuple(REGISTRY)})


@pytest.fixture
def clock() -> dict[str, datetime]:
    """Mutable 'now' for the app: ``clock['now'] = CLOSED_TIME`` travels in time."""
    return {"now": OPEN_TIME.astimezone(UTC)}


@pytest.fixture
def make_ctx(redis: Any, env: dict[str, str], clock: dict[str, datetime]) -> Iterator[Callable[..., Any]]:
    from bot.context import Context, set_current
    from bot.settings import Settings

    made: list[Any] = []

    def make(**overrides: Any) -> Any:
        settings = Settings.load(env=env, **overrides)
        ctx = Context.build(settings)
        ctx.clock = lambda: clock["now"]
        set_current(ctx)
        made.append(ctx)
        return ctx

    yield make
    set_current(None)
    for ctx in made:
        ctx.redis.close()
        ctx.rq_redis.close()


@pytest.fixture
def ctx(make_ctx: Callable[..., Any]) -> Any:
    return make_ctx()


@pytest.fixture
def app(ctx: Any) -> Any:
    from bot.web.app import create_app

    app = create_app(ctx=ctx)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


class Shopper:
    """A shopper on any messenger, in the spirit of errbot's test bot:
    ``shopper.say("kakao", "배송 언제 와요?") -> ["..."]`` (the texts in the webhook's answer)."""

    def __init__(self, client: Any, env: dict[str, str]) -> None:
        self.client, self.env = client, env
        self.last: Any = None  # the last webhook response

    def say(self, channel: str, text: str, user: str = "shopper-1", code: str = "") -> list[str]:
        from bot.dev import samples

        body, headers = samples.sample(channel, text, user, self.env, code)
        self.last = self.client.post(f"/webhooks/{channel}", data=body, headers=headers)
        assert self.last.status_code == 200, self.last.get_data(as_text=True)
        return samples.reply_texts(channel, self.last.get_json(silent=True))


@pytest.fixture
def shopper(client: Any, env: dict[str, str]) -> Shopper:
    return Shopper(client, env)


@pytest.fixture
def run_jobs(ctx: Any) -> Callable[[], int]:
    """Run every queued job with a real RQ worker in burst mode; returns how many ran."""
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    def run() -> int:
        queues = [ctx.queue(name) for name in ("handoff", "replies", "digest")]
        worker = SimpleWorker(queues, connection=ctx.rq_redis, serializer=JSONSerializer)
        before = sum(q.count for q in queues)
        worker.work(burst=True)
        return before

    return run


def child_pids(pid: int) -> set[int]:
    """The processes ``pid`` started that are still there (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return {int(p) for p in f.read().split()}
    except OSError:
        return set()
