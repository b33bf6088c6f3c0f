"""When Redis is down: keep answering, and lose nothing.

The webhook still answers FAQ matches from memory and tells everyone else that a person
will answer. Every escalation and every reply that could not be queued is written to a
local SQLite spool (``{DATA_DIR}/spool.sqlite3``, shared by the web processes of one
machine). The spool only stores: each item is claimed by one process (a conditional
UPDATE); :mod:`bot.outage` replays the items into the normal pipeline when Redis answers
again, and the handoff and delivery paths it feeds are idempotent themselves, so each item
takes effect once.
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

    def due_for_drain(self) -> bool:
        """True at most once every ``DRAIN_EVERY`` seconds per process, and only with items waiting."""
        now = time.monotonic()
        if now - self._last_drain < DRAIN_EVERY:
            return False
        self._last_drain = now
        return bool(self.pending())

    def waiting(self, limit: int = 200) -> list[tuple[str, str, dict[str, Any]]]:
        """Items not yet drained and not claimed in the last minute, oldest first: (key, kind, payload)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT key, kind, payload FROM spool WHERE drained_at IS NULL AND "
                "(claimed_at IS NULL OR claimed_at < ?) ORDER BY created_at LIMIT ?",
                (time.time() - 60, limit),
            ).fetchall()
        return [(key, kind, json.loads(payload)) for key, kind, payload in rows]

    def claim(self, key: str) -> bool:
        """Take an item for this process; False when another process took it."""
        return self._claim(key)

    def release(self, key: str) -> None:
        """Give a claimed item back (its replay failed)."""
        self._unclaim(key)

    def done(self, key: str) -> None:
        with self._db() as db:
            db.execute("UPDATE spool SET drained_at = ? WHERE key = ?", (time.time(), key))

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

