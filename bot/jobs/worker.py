"""The RQ worker class ``python -m bot run`` and the Procfile start (``rq worker -w bot.jobs.worker.Worker``).

RQ forks a work horse for every job. Importing the jobs module and the ``openai`` SDK here, in
the worker process, means every horse starts with them loaded instead of importing them again
(0.6 to 1.8 s a job on this machine). The SDK only when an LLM is configured: without
OPENAI_API_KEY no job calls it, and it would cost each worker 15 MB and 0.4 s of start-up.
Nothing else is created before the fork: no Redis connection, no HTTP session; each horse
builds its context on first use (``bot.context.current``).
"""

import os
from typing import Any

from rq.worker import Worker as _RqWorker

import bot.jobs.tasks  # noqa: F401  # what the jobs run

if os.environ.get("OPENAI_API_KEY"):
    import openai  # noqa: F401  # the LLM client imports it lazily; load it once, here


class Worker(_RqWorker):
    """RQ's worker, with the bridge's jobs imported before any fork.

    Maintenance every minute, not every ten, so a job whose worker was killed is retried within
    minutes (tests/test_workers_killed_mid_job.py); set here, so ``bot.jobs.pool``'s workers have it too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("maintenance_interval", 60)
        super().__init__(*args, **kwargs)
