"""The objects one process needs, built once from :class:`Settings` and passed around.

The web app builds its context in ``create_app``; an RQ worker builds one lazily on
its first job (:func:`current`), after the fork, so no connection crosses a fork.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import requests
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.serializers import JSONSerializer

from adapters import REGISTRY, Adapter
from bot import live, order_desk
from bot.conversation.hours import BusinessHours
from bot.conversation.llm import LlmClient
from bot.conversation.routing import Router
from bot.order_desk import OrderDesk
from bot.settings import ConfigError, Settings, Shop
from bot.storage.redis_conn import connect
from bot.storage.spool import Spool
from bot.storage.store import Store

log = logging.getLogger(__name__)

QUEUES = ("replies", "handoff", "digest")
LIVE_CHECK_SECONDS = 1.0  # how often a process looks for a new version of the live shop settings
# Backoff for jobs that talk to the outside world: about an hour in all before giving up.
RETRY = Retry(max=6, interval=[5, 15, 60, 180, 600, 1800])


@dataclass
class Context:
    settings: Settings
    redis: Redis
    rq_redis: Redis
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)
    _session: requests.Session | None = field(default=None, repr=False)
    _file_shop: Shop | None = field(default=None, repr=False)  # the shop file as loaded, under the live settings
    _live_version: int = field(default=0, repr=False)
    _live_checked: float = field(default=float("-inf"), repr=False)

    @classmethod
    def build(cls, settings: Settings) -> Context:
        if not settings.redis_url:
            raise ConfigError("REDIS_URL is not set (python -m bot run starts an embedded Redis for you)")
        return cls(settings=settings, redis=connect(settings.redis_url), rq_redis=connect(settings.redis_url, decode=False))

    def now(self) -> datetime:
        """The current time (aware, UTC); tests set ``clock`` to travel in time."""
        return self.clock()

    @property
    def file_shop(self) -> Shop:
        if self._file_shop is None:
            self._file_shop = self.settings.shop
        return self._file_shop

    def refresh(self, force: bool = False) -> None:
        """Apply the live shop settings (bot/live.py) if they changed: one Redis LLEN at most once a
        second; on a change the router is rebuilt before it replaces the old one."""
        now = time.monotonic()
        if not force and now - self._live_checked < LIVE_CHECK_SECONDS:
            return
        self._live_checked = now
        try:
            version = self.store.settings_version()
            if version == self._live_version:
                return
            record = self.store.settings_record() if version else None
        except RedisError:
            return  # keep what we have; the next check tries again
        shop = live.effective(self.file_shop, record)
        self._live_version = version
        if shop != self.settings.shop:
            self.use_shop(shop)

    def use_shop(self, shop: Shop) -> None:
        """Run on another shop (live settings); what was built from the old one is built again."""
        _ = self.file_shop
        router = Router(shop) if "router" in self.__dict__ else None
        self.settings = self.settings.model_copy(update={"shop": shop})
        for name in ("router", "hours"):
            self.__dict__.pop(name, None)
        if router is not None:
            self.__dict__["router"] = router
        log.info("live shop settings applied (version %s)", self._live_version)

    @cached_property
    def store(self) -> Store:
        return Store(self.redis, self.settings.redis_prefix, clock=self.now)

    @cached_property
    def router(self) -> Router:
        return Router(self.settings.shop)

    @cached_property
    def spool(self) -> Spool:
        return Spool(Path(self.settings.data_dir) / "spool.sqlite3")

    @cached_property
    def llm(self) -> LlmClient:
        return LlmClient(self.settings)

    @cached_property
    def hours(self) -> BusinessHours:
        return BusinessHours(self.settings.shop)

    @cached_property
    def orders(self) -> OrderDesk | None:
        """The shop's order source and courier tracker; ``None`` without an ``orders:`` block."""
        return order_desk.build(self.settings, self.redis, self.session)

    @cached_property
    def adapters(self) -> dict[str, Adapter]:
        """The enabled channels: listed in the shop file and with their required settings present."""
        enabled: dict[str, Adapter] = {}
        for name in self.settings.shop.channels:
            cls = REGISTRY[name]
            missing = [k for k in cls.required_env if not self.settings.env.get(k)]
            if missing:
                log.warning("channel %s disabled: missing %s", name, ", ".join(missing))
                continue
            enabled[name] = cls.from_env(self.settings.env)
        return enabled

    @property
    def session(self) -> requests.Session:
        """One HTTP session per process, created on first use (never before a fork)."""
        if self._session is None:
            self._session = requests.Session()
            self._session.headers["User-Agent"] = "shop-messenger-bridge/1.0"
        return self._session

    def queue(self, name: str) -> Queue:
        return Queue(name, connection=self.rq_redis, serializer=JSONSerializer)

    def enqueue(self, queue: str, func: Callable[..., Any] | str, *, job_id: str | None = None, retry: bool = True,
                **kwargs: Any) -> None:
        """Queue a job; the current turn's batched writes land first, since the job may read them."""
        self.store.flush()
        self.queue(queue).enqueue(
            func,  # type: ignore[type-var]  # RQ takes the function or its dotted name
            kwargs=kwargs,
            job_id=job_id,
            retry=RETRY if retry else None,
            job_timeout=120,
            result_ttl=3600,
            failure_ttl=60 * 60 * 24 * 14,
        )


_current: Context | None = None
_lock = threading.Lock()


def current() -> Context:
    """This process's context, built from the environment on first use (RQ workers)."""
    global _current
    with _lock:
        if _current is None:
            _current = Context.build(Settings.load())
        _current.refresh()
        return _current


def set_current(ctx: Context | None) -> None:
    """Install a context (the web app and tests do; a worker builds its own)."""
    global _current
    with _lock:
        _current = ctx
