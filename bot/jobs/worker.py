"""The RQ worker class ``python -m bot run`` and the Procfile start (``rq worker -w bot.jobs.worker.Worker``).

RQ forks a work horse for every job. Importing the jobs module and the ``openai`` SDK here, in
the worker process, means every horse starts with them loaded instead of importing them again
(0.6 to 1.8 s a job on this machine). The SDK only when an LLM is configured: without
OPENAI_API_KEY no job calls it, and it would cost each worker 15 MB and 0.4 s of start-up.
Nothing else is created before the fork: no Redis connection, no HTTP session; each horse
builds its context on first use (``bot.context.current``).
"""

import os

from rq.worker import Worker as _RqWorker

import bot.jobs.tasks  # noqa: F401  # what the jobs run

if os.environ.get("OPENAI_API_KEY"):
    import openai  # noqa: F401  # the LLM client imports it lazily; load it once, here


class Worker(_RqWorker):
    """RQ's worker, with the bridge's jobs imported before any fork."""
