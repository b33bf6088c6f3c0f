"""The morning review's keys: every bot answer, the queue of answers waiting for review, and the
index of threads by last activity (the staff's conversation list). Reached as ``Store.reviews``;
the keys are listed in the table in :mod:`bot.storage.store`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.storage.scripts import NUMBER

if TYPE_CHECKING:  # the store builds this; no import back at run time
    from bot.storage.store import Store

ANSWER_TTL = 60 * 60 * 24 * 30  # an answer lives as long as the transcript it belongs to (LOG_TTL)
WAITING, RIGHT, WRONG, NOT_REVIEWED = "waiting", "ok", "wrong", "none"


class Reviews:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.redis: Any = store.redis  # decode_responses=True: str in, str out

    def _key(self, *parts: str) -> str:
        return self.store.key(*parts)

    # -- answers -----------------------------------------------------------------------------

    def add_answer(self, fields: dict[str, str], waiting: bool, thread_id: str, thread_fields: dict[str, str]) -> None:
        """Record one bot answer and set ``thread_fields`` plus ``last_answer`` (its number) on the
        thread, batched with the turn's writes: the number is taken from the counter inside that
        same script call (``scripts.NUMBER``), not in a round trip of its own (issue #14)."""
        at = float(fields.get("at") or self.store.now_ts())
        key = self._key("answer", NUMBER)
        flat = [x for kv in {**fields, "id": NUMBER, "at": f"{at:.3f}",
                             "state": WAITING if waiting else NOT_REVIEWED}.items() for x in kv]
        with self.store._writes() as w:
            w.add("#INCR", self._key("answer", "counter"))
            w.add("HSET", key, *flat)
            w.add("EXPIRE", key, ANSWER_TTL)  # not w.expire: those are sent last, after the next number
            if waiting:
                w.add("ZADD", self._key("review"), f"{at:.3f}", NUMBER)
            thread = [x for kv in {**thread_fields, "last_answer": NUMBER}.items() for x in kv]
            w.add("HSET", self._key("thread", thread_id), *thread)

    def answer(self, number: str) -> dict[str, str] | None:
        return self.redis.hgetall(self._key("answer", str(number))) or None

    def update_answer(self, number: str, **fields: str) -> None:
        key = self._key("answer", str(number))
        if self.redis.exists(key):
            self.redis.hset(key, mapping=fields)

    def waiting(self, limit: int = 500) -> list[dict[str, str]]:
        """Answers waiting for review, oldest first (ones that expired meanwhile are dropped)."""
        numbers = self.redis.zrange(self._key("review"), 0, limit - 1)
        pipe = self.redis.pipeline()
        for n in numbers:
            pipe.hgetall(self._key("answer", n))
        found = pipe.execute()
        gone = [n for n, a in zip(numbers, found, strict=True) if not a]
        if gone:
            self.redis.zrem(self._key("review"), *gone)
        return [a for a in found if a]

    def waiting_count(self) -> int:
        return int(self.redis.zcard(self._key("review")))

    def decide(self, number: str, state: str, by: str, note: str, was_waiting: bool = True) -> bool:
        """Mark an answer right or wrong; False if it was waiting and someone decided it first."""
        if not self.redis.zrem(self._key("review"), str(number)) and was_waiting:
            return False
        self.update_answer(number, state=state, reviewed_by=by, reviewed_at=f"{self.store.now_ts():.3f}", note=note)
        return True

    # -- threads by last activity -----------------------------------------------------------

    def touch(self, thread_id: str, at: float) -> None:
        """Batched with the turn: the thread moves to the top of the conversation list."""
        key = self._key("recent")
        with self.store._writes() as w:
            w.add("ZADD", key, f"{at:.3f}", thread_id)
            w.add("ZREMRANGEBYSCORE", key, 0, f"{at - ANSWER_TTL:.3f}")

    def recent_threads(self, limit: int) -> list[tuple[str, float]]:
        return [(t, float(s)) for t, s in self.redis.zrevrange(self._key("recent"), 0, limit - 1, withscores=True)]

    def threads(self, ids: list[str]) -> list[dict[str, str]]:
        pipe = self.redis.pipeline()
        for thread_id in ids:
            pipe.hgetall(self._key("thread", thread_id))
        return list(pipe.execute())

    def transcripts(self, ids: list[str]) -> list[list[dict[str, Any]]]:
        pipe = self.redis.pipeline()
        for thread_id in ids:
            pipe.lrange(self._key("thread", thread_id, "log"), 0, -1)
        return [[json.loads(x) for x in raw] for raw in pipe.execute()]
