"""The cron schedule. ``rq cron bot.jobs.cron`` (Procfile) loads bot/jobs/cron.py, which registers
it; ``python -m bot run``'s pool (bot/jobs/pool.py) calls ``schedule`` once, in its parent, and
hands the jobs to its cron child (the shop file is read once, not again in every child).

RQ cron reads an expression in its own process's local time, UTC on a server: 09:00 in
Seoul is ``0 0 * * *``. The expression is computed from the shop file's digest time and
time zone when the schedule is made, so a shop elsewhere (or a scheduler on a laptop in KST)
still gets its digest at the shop's morning. The job itself skips closed days.
"""

from typing import Any

from rq import Queue, cron
from rq.serializers import JSONSerializer

from bot.digest import cron_expressions
from bot.jobs.notify import sweep
from bot.jobs.tasks import morning_digest
from bot.settings import Shop


class _JsonQueue(Queue):
    """rq 3.0's scheduler enqueues with the default (pickle) serializer whatever ``-S json`` says,
    and our workers read JSON only; so the jobs it enqueues are written as JSON too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("serializer", JSONSerializer)
        super().__init__(*args, **kwargs)


cron.Queue = _JsonQueue  # type: ignore[misc]  # only the scheduler's process uses rq.cron's Queue


def schedule(shop: Shop) -> list[dict[str, Any]]:
    """The cron jobs, as keyword arguments of ``rq.cron.register`` / ``CronScheduler.register``."""
    jobs: list[dict[str, Any]] = [
        {"func": morning_digest, "queue_name": "digest", "cron": expression, "name": f"morning_digest{i or ''}",
         "job_timeout": 300}
        for i, expression in enumerate(cron_expressions(shop.digest.time, shop.shop.timezone, scheduler_zone=None))
    ]
    # And every 20 minutes a catch-up run: a no-op once the day's digest is out, it sends the digest
    # that a killed worker or a scheduler that was down at the digest time missed (within
    # digest.CATCH_UP of the digest time; after that the next business day's digest covers it).
    jobs.append({"func": morning_digest, "queue_name": "digest", "interval": 20 * 60,
                 "name": "morning_digest_catch_up", "job_timeout": 300})
    # Every five minutes: notify staff of tickets that waited for opening time, and give
    # threads a person left silent back to the bot (see bot/jobs/notify.py).
    jobs.append({"func": sweep, "queue_name": "handoff", "interval": 300, "name": "handoff_sweep", "job_timeout": 120})
    return jobs
