"""The owner's keys, part of :class:`bot.storage.store.Store` (listed in its key table): the
live shop settings' versions and the questions the FAQ missed."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from redis.exceptions import WatchError

from bot.privacy import mask

if TYPE_CHECKING:
    from redis import Redis


# The rollout side of the turn being handled ('' = none): its numbers are also counted as g:{group}:*
# (Store.count_turn, .count for GROUPED_COUNTS, .sample); Store.batched resets it.
_group: ContextVar[str] = ContextVar("store_group", default="")
GROUPED_COUNTS = frozenset({"csat_up", "csat_down"})


class OwnerKeys:
    redis: Redis
    key: Callable[..., str]
    _writes: Callable[[], AbstractContextManager[Any]]

    def use_group(self, group: str) -> None:
        """Count the rest of this turn's numbers for a rollout side too (a batch ends it)."""
        _group.set(group)

    # -- live shop settings (bot/live.py) ---------------------------------------------------

    def settings_version(self) -> int:
        """How many versions of the live settings exist (0: none; the shop file alone)."""
        return int(self.redis.llen(self.key("settings", "versions")))

    def settings_record(self, number: int = 0) -> dict[str, Any] | None:
        """Version ``number`` (1-based), or the latest for 0."""
        raw = self.redis.lindex(self.key("settings", "versions"), number - 1 if number else -1)
        return json.loads(raw) if raw else None

    def settings_records(self, last: int = 30) -> list[dict[str, Any]]:
        return [json.loads(x) for x in self.redis.lrange(self.key("settings", "versions"), -last, -1)]

    def append_settings(self, build: Callable[[dict[str, Any] | None, int], list[dict[str, Any]]]) -> int:
        """Add the versions ``build(latest, count)`` makes, unless another change landed meanwhile
        (then build again on top of it); the number of the last one."""
        key = self.key("settings", "versions")
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    count = int(pipe.llen(key))
                    raw = pipe.lindex(key, -1)
                    record = build(json.loads(raw) if raw else None, count)
                    pipe.multi()
                    pipe.rpush(key, *(json.dumps(r, ensure_ascii=False) for r in record))
                    return int(pipe.execute()[0])
                except WatchError:
                    continue

    # -- missed questions (bot/learn.py) --------------------------------------------------------

    def add_miss(self, entry: dict[str, Any], cap: int = 2000) -> None:
        """A question the FAQ did not settle, text masked; the newest ``cap`` are kept."""
        key = self.key("misses")
        entry = {**entry, "text": mask(str(entry.get("text", "")))}
        with self._writes() as w:
            w.add("RPUSH", key, json.dumps(entry, ensure_ascii=False))
            w.add("LTRIM", key, -cap, -1)

    def misses(self) -> list[dict[str, Any]]:
        return [json.loads(x) for x in self.redis.lrange(self.key("misses"), 0, -1)]

