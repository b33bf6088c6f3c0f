"""The staff's own keys: logins (hashed passwords), saved replies and who did what on a ticket.
Reached as ``Store.people``; the keys are listed in the table in :mod:`bot.storage.store`.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the store builds this; no import back at run time
    from bot.storage.store import Store

TICKET_LOG_TTL = 60 * 60 * 24 * 400  # as long as the digest's numbers
TICKET_LOG_CAP = 500


class People:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.redis: Any = store.redis  # decode_responses=True: str in, str out

    # -- logins --------------------------------------------------------------------------------

    def person(self, name: str) -> dict[str, Any] | None:
        raw = self.redis.hget(self.store.key("people"), name)
        return {**json.loads(raw), "name": name} if raw else None

    def everyone(self) -> list[dict[str, Any]]:
        raw = self.redis.hgetall(self.store.key("people"))
        return sorted(({**json.loads(v), "name": k} for k, v in raw.items()), key=lambda p: p["name"])

    def save_person(self, name: str, **fields: Any) -> None:
        self.redis.hset(self.store.key("people"), name, json.dumps(fields, ensure_ascii=False))

    def remove_person(self, name: str) -> bool:
        return bool(self.redis.hdel(self.store.key("people"), name))

    # -- saved replies -------------------------------------------------------------------------

    def saved_replies(self) -> list[dict[str, str]]:
        raw = self.redis.hgetall(self.store.key("saved_replies"))
        return sorted(({**json.loads(v), "id": k} for k, v in raw.items()), key=lambda r: r.get("title", ""))

    def saved_reply(self, reply_id: str) -> dict[str, str] | None:
        raw = self.redis.hget(self.store.key("saved_replies"), reply_id)
        return {**json.loads(raw), "id": reply_id} if raw else None

    def save_reply(self, title: str, text: str, by: str, reply_id: str = "") -> str:
        reply_id = reply_id or uuid.uuid4().hex[:8]
        value = {"title": title, "text": text, "by": by, "at": round(self.store.now_ts(), 3)}
        self.redis.hset(self.store.key("saved_replies"), reply_id, json.dumps(value, ensure_ascii=False))
        return reply_id

    def remove_reply(self, reply_id: str) -> bool:
        return bool(self.redis.hdel(self.store.key("saved_replies"), reply_id))

    # -- who did what on a ticket ---------------------------------------------------------------

    def record(self, number: str, action: str, by: str, note: str = "") -> None:
        key = self.store.key("ticket", str(number), "log")
        entry = {"at": round(self.store.now_ts(), 3), "action": action, "by": by, "note": note}
        pipe = self.redis.pipeline()
        pipe.rpush(key, json.dumps(entry, ensure_ascii=False))
        pipe.ltrim(key, -TICKET_LOG_CAP, -1)
        pipe.expire(key, TICKET_LOG_TTL)
        pipe.execute()

    def ticket_log(self, number: str) -> list[dict[str, Any]]:
        return [json.loads(x) for x in self.redis.lrange(self.store.key("ticket", str(number), "log"), 0, -1)]
