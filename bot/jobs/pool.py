"""The RQ workers and the cron scheduler of ``python -m bot run``, forked from one process.

``python -m bot.jobs.pool --url URL -n 3`` imports the jobs (bot.jobs.worker) once and forks the
workers and ``rq cron``'s scheduler from it: they share those imports' memory copy-on-write
instead of each importing them again (about 40 MB a process; bench/footprint.py, issue #14).

The workers are RQ's ``WorkerPool``: it forks ``bot.jobs.worker.Worker``s (scheduler on,
maintenance every minute) and starts another when one dies. A killed worker's job is handled
as with a lone ``rq worker`` (tests/test_workers_killed_mid_job.py): a killed horse's job is
retried by its worker; a job whose worker died is found abandoned by the next maintenance.
The cron scheduler (the jobs of bot/jobs/schedule.py, from the shop file read once here) is one more child, also started again if it dies.
SIGINT or SIGTERM stops them all; the pool exits when they have.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
from multiprocessing.context import ForkProcess
from typing import Any

from redis import Redis
from rq.serializers import JSONSerializer
from rq.worker_pool import WorkerPool

from bot.jobs import QUEUE_ORDER
from bot.jobs.schedule import schedule
from bot.jobs.worker import Worker
from bot.settings import Settings

log = logging.getLogger(__name__)


def _run_cron(url: str, jobs: list[dict[str, Any]]) -> None:
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=Redis.from_url(url), logging_level="INFO")
    for job in jobs:
        scheduler.register(**job)
    scheduler.start()


class Pool(WorkerPool):
    """RQ's pool of workers, plus the cron scheduler as one more supervised child."""

    def __init__(self, url: str, num_workers: int) -> None:
        super().__init__(QUEUE_ORDER, Redis.from_url(url), num_workers=num_workers, worker_class=Worker,
                         serializer=JSONSerializer)
        self.url = url
        self.cron: ForkProcess | None = None
        self.cron_jobs = schedule(Settings.load().shop)  # the shop file, read once for every cron child

    def _cron_alive(self) -> bool:
        return self.cron is not None and self.cron.is_alive()

    def check_workers(self, respawn: bool = True) -> None:
        super().check_workers(respawn)
        if respawn and self.status != self.Status.STOPPED and not self._cron_alive():
            if self.cron is not None:
                log.warning("cron scheduler (pid %s) exited with %s; starting another", self.cron.pid,
                            self.cron.exitcode)
            self.cron = ForkProcess(target=_run_cron, args=(self.url, self.cron_jobs), name="rq cron (bot.jobs.pool)")
            self.cron.start()

    def stop_workers(self) -> None:
        super().stop_workers()
        if self._cron_alive():
            assert self.cron is not None and self.cron.pid is not None
            os.kill(self.cron.pid, signal.SIGTERM)

    def all_workers_have_stopped(self) -> bool:
        return super().all_workers_have_stopped() and not self._cron_alive()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.jobs.pool", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("REDIS_URL", ""), help="Redis URL (default REDIS_URL)")
    parser.add_argument("-n", "--num-workers", type=int, default=3)
    args = parser.parse_args(argv)
    Pool(args.url, max(args.num_workers, 1)).start()


if __name__ == "__main__":
    main()
