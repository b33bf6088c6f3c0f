"""gunicorn hooks for the bridge's web (``--config python:bot.web.gunicorn_conf``; bot/dev/cli.py
``web_command``, the Procfile).

``--preload`` builds the app (and the Korean analyzer's Python objects) once in the master and the
workers share those pages copy-on-write. CPython's cyclic garbage collector writes to the header
of every object it visits, so a worker's first full collection would copy the shared pages into the
worker. ``gc.freeze()`` before each fork moves everything built so far out of the collector's reach
(it lives as long as the process anyway), so the pages stay shared (issue #14).
"""

from __future__ import annotations

import gc
from typing import Any


def pre_fork(server: Any, worker: Any) -> None:
    gc.freeze()
