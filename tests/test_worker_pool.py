"""``python -m bot run``'s workers and cron scheduler: one process (bot/jobs/pool.py) forks them
after importing the jobs once. A child that dies is replaced; SIGTERM stops them all. What
happens to a killed worker's job is tests/test_workers_killed_mid_job.py (same Worker class)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rq.cron import CronScheduler

from bot.dev.cli import pool_command
from bot.jobs.worker import Worker
from tests.conftest import ROOT, child_pids

WAIT = 30.0


def _exists(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait(check: Callable[[], Any], what: str, log: Path) -> Any:
    deadline = time.monotonic() + WAIT
    while not (value := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n{log.read_text(errors='replace')[-3000:]}"
        time.sleep(0.1)
    return value


def test_maintenance_every_minute(redis: Any) -> None:
    assert Worker(["handoff"], connection=redis).maintenance_interval == 60


def test_pool_replaces_a_dead_worker_and_cron_and_stops_on_sigterm(redis: Any, env: dict[str, str],
                                                                   tmp_path: Path) -> None:
    log = tmp_path / "pool.log"
    run_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **env,
               "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1"}
    with open(log, "wb") as out:
        pool = subprocess.Popen(pool_command(env["REDIS_URL"], 2), env=run_env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        def workers() -> set[int]:
            pids = {int(redis.hget(key, "pid") or 0) for key in redis.smembers("rq:workers")}
            return pids & child_pids(pool.pid)

        first = _wait(lambda: len(workers()) == 2 and workers(), "two workers", log)
        cron = _wait(lambda: child_pids(pool.pid) - first, "the cron scheduler", log)
        _wait(lambda: CronScheduler.all(redis), "the cron scheduler to register", log)

        killed = min(first)
        os.kill(killed, signal.SIGKILL)
        _wait(lambda: len(workers() - {killed}) == 2, "a worker in place of the killed one", log)

        (cron_pid,) = cron
        os.kill(cron_pid, signal.SIGKILL)
        _wait(lambda: (child_pids(pool.pid) - workers()) - {cron_pid}, "a new cron scheduler", log)

        children = child_pids(pool.pid)
        pool.send_signal(signal.SIGTERM)
        assert pool.wait(timeout=WAIT) == 0, log.read_text(errors="replace")[-3000:]
        _wait(lambda: not any(_exists(pid) for pid in children), "its workers and cron to stop with it", log)
    finally:
        if pool.poll() is None:
            pool.kill()
            pool.wait()
        # The SIGKILLed worker's own scheduler process, orphaned as with a lone `rq worker`.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pool.pid, signal.SIGKILL)
