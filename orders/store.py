"""The orders a CSV import or the shop's webhook left, and the small caches of the sources.

| key                                | type        | what                                              |
|------------------------------------|-------------|---------------------------------------------------|
| {p}:orders:set:{name}              | hash        | order number → :class:`Order` JSON, one set a source (``csv``, ``webhook``) |
| {p}:orders:set:{name}:next:{token} | hash, TTL   | an import being written; RENAMEd over the set when complete |
| {p}:orders:cache:{key}             | string, TTL | tracking results, API access tokens               |
| {p}:orders:lock:{key}              | string, TTL | a token refresh in progress (one worker at a time) |

An import is written beside the live set and swapped in with one RENAME, so a lookup sees
either the old list or the new one, never half of each, and a failed import leaves the old
list in place. Each source has its own set so a CSV import never drops webhook orders.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from redis import Redis
from redis.lock import Lock

from orders.base import Order

IMPORT_TTL = 600  # an import that dies half-way leaves no key behind for long


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class OrderStore:
    """A Redis hash of orders under ``{prefix}:orders:set:{name}``; also an :class:`OrderSource`."""

    def __init__(self, redis: Redis, prefix: str, name: str = "csv") -> None:
        self.redis = redis
        self.prefix = prefix
        self.name = name
        self.key = f"{prefix}:orders:set:{name}"

    # -- the order set ---------------------------------------------------------------

    def lookup(self, order_no: str) -> Order | None:
        raw = _text(self.redis.hget(self.key, order_no.strip()))
        return Order.from_json(json.loads(raw)) if raw else None

    def replace(self, orders: Iterable[Order]) -> int:
        """Make ``orders`` the whole set, atomically; returns how many it holds."""
        staging = f"{self.key}:next:{secrets.token_hex(6)}"
        count = 0
        batch: dict[str, str] = {}
        try:
            for order in orders:
                batch[order.order_no] = json.dumps(order.to_json(), ensure_ascii=False)
                if len(batch) >= 500:
                    count += self._stage(staging, batch)
            count += self._stage(staging, batch)
            if count:
                self.redis.rename(staging, self.key)
            else:
                self.redis.delete(self.key)
        finally:
            self.redis.delete(staging)  # after a RENAME it is gone already
        return count

    def _stage(self, staging: str, batch: dict[str, str]) -> int:
        if not batch:
            return 0
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(staging, mapping=dict(batch))  # type: ignore[arg-type]  # redis-py's Mapping is invariant
        pipe.expire(staging, IMPORT_TTL)
        pipe.execute()
        n = len(batch)
        batch.clear()
        return n

    def upsert(self, order: Order) -> None:
        self.redis.hset(self.key, order.order_no, json.dumps(order.to_json(), ensure_ascii=False))

    def count(self) -> int:
        return int(self.redis.hlen(self.key))

    # -- caches for the API sources and the tracker ----------------------------------

    def cache_get(self, key: str) -> str | None:
        return _text(self.redis.get(f"{self.prefix}:orders:cache:{key}"))

    def cache_set(self, key: str, value: str, ttl: int) -> None:
        self.redis.set(f"{self.prefix}:orders:cache:{key}", value, ex=max(int(ttl), 1))

    def cache_delete(self, key: str) -> None:
        self.redis.delete(f"{self.prefix}:orders:cache:{key}")

    def lock(self, key: str, timeout: float = 30, wait: float = 10) -> Lock:
        """A lock across workers (a refresh token works once: two refreshes at once lose it)."""
        return self.redis.lock(f"{self.prefix}:orders:lock:{key}", timeout=timeout, blocking_timeout=wait)
