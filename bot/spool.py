"""When Redis is down: keep answering, and lose nothing.

The webhook still answers FAQ matches from memory and tells everyone else that a person
will answer. Every escalation and every reply that could not be queued is written to a
local SQLite spool (``{DATA_DIR}/spool.sqlite3``, shared by the web processes of one
machine). When Redis answers again, the spool drains into the normal pipeline: each
item is claimed by one process (a conditional UPDATE), and the handoff and delivery
paths it feeds are idempotent themselves, so each item takes effect once.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from redis.exceptions import RedisError

log = logging.getLogger(__name__)

DRAIN_EVERY = 2.0  # seconds between drain attempts per process
_SCHEMA = """
CREATE TABLE IF NOT EXISTS spool (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at REAL NOT NULL,
    claimed_at REAL,
    drained_at REAL
)
"""


class Spool:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._last_drain = 0.0
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    def put(self, kind: str, key: str, payload: dict[str, Any]) -> bool:
        """Keep an item until Redis is back; the same key twice (a retried delivery) is kept once."""
        with self._db() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO spool (key, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                (key, kind, json.dumps(payload, ensure_ascii=False), time.time()),
            )
        if cur.rowcount:
            log.warning("Redis unavailable: %s spooled to %s", kind, self.path)
        return bool(cur.rowcount)

    def pending(self) -> int:
        with self._db() as db:
            return int(db.execute("SELECT COUNT(*) FROM spool WHERE drained_at IS NULL").fetchone()[0])

    def total(self) -> int:
        with self._db() as db:
            return int(db.execute("SELECT COUNT(*) FROM spool").fetchone()[0])

    def maybe_drain(self, ctx: Any) -> int:
        """Drain if there is something to drain and we have not tried in the last moments."""
        now = time.monotonic()
        if now - self._last_drain < DRAIN_EVERY:
            return 0
        self._last_drain = now
        if not self.pending():
            return 0
        try:
            ctx.redis.ping()
        except RedisError:
            return 0
        return self.drain(ctx)

    def drain(self, ctx: Any) -> int:
        """Feed spooled items into the pipeline; returns how many took effect."""
        done = 0
        with self._db() as db:
            rows = db.execute(
                "SELECT key, kind, payload FROM spool WHERE drained_at IS NULL AND "
                "(claimed_at IS NULL OR claimed_at < ?) ORDER BY created_at LIMIT 200",
                (time.time() - 60,),
            ).fetchall()
        for key, kind, payload in rows:
            if not self._claim(key):
                continue  # another process took it
            try:
                _replay(ctx, kind, json.loads(payload))
            except RedisError:
                self._unclaim(key)
                log.warning("spool drain stopped: Redis failed again")
                break
            except Exception:  # noqa: BLE001 - one bad item must not block the rest
                log.exception("spool item %s could not be replayed; kept for a person to look at", key)
                self._unclaim(key)
                continue
            with self._db() as db:
                db.execute("UPDATE spool SET drained_at = ? WHERE key = ?", (time.time(), key))
            done += 1
        if done:
            log.info("spool drained %d item(s) into Redis", done)
        return done

    def _claim(self, key: str) -> bool:
        with self._db() as db:
            cur = db.execute(
                "UPDATE spool SET claimed_at = ? WHERE key = ? AND drained_at IS NULL AND "
                "(claimed_at IS NULL OR claimed_at < ?)",
                (time.time(), key, time.time() - 60),
            )
        return cur.rowcount == 1

    def _unclaim(self, key: str) -> None:
        with self._db() as db:
            db.execute("UPDATE spool SET claimed_at = NULL WHERE key = ?", (key,))


def _replay(ctx: Any, kind: str, item: dict[str, Any]) -> None:
    from adapters.base import Inbound
    from bot.conversation import Conversation

    inbound = Inbound.from_json(item["inbound"])
    if kind == "escalation":
        adapter = ctx.adapters.get(inbound.channel)
        if adapter is None:
            raise ValueError(f"channel {inbound.channel} is not enabled")
        store = ctx.store
        store.begin_turn(inbound.channel, inbound.event_id, inbound.thread_id, inbound.user_id,
                         dedupe_seconds=adapter.dedupe_seconds, synthetic_ids=False, handle=dict(inbound.reply_handle))
        store.append_turn(inbound.thread_id, "shopper", inbound.text or f"[{inbound.kind.value}]")
        if item.get("told"):
            store.append_turn(inbound.thread_id, "bot", item["told"])
        Conversation(ctx).handoff(inbound, adapter, item.get("reason") or "unsure", spooled=True)
    elif kind == "deliver":
        ctx.enqueue("replies", "bot.jobs.deliver", inbound=item["inbound"], reply=item["reply"], key=item["key"])
    else:
        raise ValueError(f"unknown spool item kind {kind!r}")
