"""Shoppers waiting for an answer: Kakao's one-shot callbacks (each used once, by the answer or by
the bridge's 'still working') and answers held for the shopper's next turn. Reached as
``Store.waiting``; the keys are listed in the table in :mod:`bot.storage.store`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the store builds this; no import back at run time
    from bot.storage.store import Store

CALLBACK_TTL = 3600  # seconds; a Kakao callback URL lives one minute


class Waiting:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.redis: Any = store.redis  # decode_responses=True: str in, str out

    def watch(self, key: str, inbound: dict[str, Any], due: float) -> None:
        """A shopper told 'please wait' on a one-shot callback: someone must use it by ``due``."""
        with self.store._writes() as w:
            w.add("SET", self.store.key("callback", key, "inbound"), json.dumps(inbound, ensure_ascii=False), "EX", CALLBACK_TTL)
            w.add("ZADD", self.store.key("callbacks"), f"{due:.3f}", key)

    def due(self, now: float) -> list[str]:
        return list(self.redis.zrangebyscore(self.store.key("callbacks"), 0, now, start=0, num=50))

    def message(self, key: str) -> dict[str, Any] | None:
        raw = self.redis.get(self.store.key("callback", key, "inbound"))
        return json.loads(raw) if raw else None

    def claim(self, key: str, who: str) -> bool:
        """Take the callback for ``who`` ('answer' or 'interim'); True also when ``who`` already has it
        (a retried job), False when the other one used it."""
        self.redis.zrem(self.store.key("callbacks"), key)
        owner = self.store.key("callback", key, "owner")
        if self.redis.set(owner, who, nx=True, ex=CALLBACK_TTL):
            return True
        return self.redis.get(owner) == who

    # -- held answers (Kakao without a callback: delivered on the shopper's next turn) ------

    def hold(self, thread_id: str, reply: dict[str, Any], ttl: int = 60 * 60 * 24 * 7) -> None:
        key = self.store.key("held", thread_id)
        pipe = self.redis.pipeline()
        pipe.rpush(key, json.dumps(reply, ensure_ascii=False))
        pipe.expire(key, ttl)
        pipe.execute()

    def pop_held(self, thread_id: str) -> dict[str, Any] | None:
        """Every held message at once, as one reply (texts joined, the last one's quick replies)."""
        key = self.store.key("held", thread_id)
        pipe = self.redis.pipeline()
        pipe.lrange(key, 0, -1)
        pipe.delete(key)
        raw, _ = pipe.execute()
        if not raw:
            return None
        replies = [json.loads(r) for r in raw]
        merged = dict(replies[-1])
        merged["text"] = "\n\n".join(r["text"] for r in replies)
        return merged
