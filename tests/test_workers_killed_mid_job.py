"""Worker faults (issue 8): real ``rq worker`` processes SIGKILLed in the middle of a job.

Workers are started as lone ``rq worker`` processes, as the Procfile runs them (``worker_command``
in bot/dev/cli.py: ``python -m rq.cli worker --url … -S json [--with-scheduler] handoff replies
digest``; ``python -m bot run`` forks the same Worker class from one process, see
tests/test_worker_pool.py) on the test Redis. Telegram, LINE, Naver, Slack and the staff webhook are one local HTTP server in
this process, which can hold a call until the test has killed the worker.

What RQ 3.0 does with a killed worker (rq/worker/worker_classes.py, rq/registry.py):

- Work horse killed: the worker's ``monitor_work_horse`` sees it in ``wait4`` ("Work-horse
  terminated unexpectedly; waitpid returned 9 (signal 9)") and calls ``handle_job_failure``,
  which retries a job with retries left (``job.retry``: scheduled after the next interval).
- Worker killed with its horse: nobody notices at once. The job stays STARTED in the
  StartedJobRegistry until the score its last heartbeat gave it,
  ``min(job_timeout, job_monitoring_interval) + 60`` = 90 s with production's 120 s job timeout.
  ``StartedJobRegistry.cleanup`` (every worker's maintenance: at start, then every 10 minutes)
  then treats it as abandoned (``AbandonedJobError``): retried if it has retries left,
  otherwise failed with "Moved to FailedJobRegistry, due to AbandonedJobError".
- Only the worker's main process killed: the horse runs in its own process group
  (``os.setpgrp``), carries on, and records the job's outcome itself.

Time is shortened, never behaviour: jobs this process enqueues keep production's six retries
but 1 s apart instead of 5 s … 30 min; and instead of waiting out the 90 s heartbeat, the
test runs ``StartedJobRegistry.cleanup`` with a timestamp just past the entry's expiry.
Killed workers run without the scheduler (like ``bot run``'s workers 2…N), so no dead
scheduler's lock (61 s TTL) keeps the next worker's scheduler from starting.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from rq import Retry
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from bot.dev.cli import worker_command
from tests.conftest import ROOT
from tests.stubs import StubServer

WAIT = 20.0  # seconds one step may take before the test fails
ABANDONED = "Moved to FailedJobRegistry, due to AbandonedJobError"
# Telegram, Naver, Slack and the webhook read what they need from this; LINE ignores it.
OK = {"ok": True, "result": {}, "success": True, "resultCode": "00"}
TIMESTAMP = "2026-11-17T02:00:00+00:00"


# -- the outside world ------------------------------------------------------------------------


class Held:
    """One call the outside world holds until the test releases it."""

    def __init__(self, accepted: bool) -> None:
        self.accepted = accepted
        self.arrived = threading.Event()
        self.release = threading.Event()


class Outside:
    """Every service a job calls, on one local HTTP server told apart by path.

    ``delivered`` is what the services accepted: what shoppers and staff get to see. LINE
    answers a push whose ``X-Line-Retry-Key`` it already accepted with 409, as LINE does.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.delivered: list[tuple[str, dict[str, Any]]] = []
        self._holds: dict[str, Held] = {}
        self._retry_keys: set[str] = set()
        self.server = StubServer(self._answer)
        self.url = self.server.url

    def reset(self) -> None:
        self.release_all()
        self.delivered, self._holds, self._retry_keys = [], {}, set()

    def hold(self, path_part: str, *, accepted: bool) -> Held:
        """Hold the next call to a path containing ``path_part``: the service has not taken the
        message yet (and answers 503 when released), or it has and only its answer is late."""
        held = self._holds[path_part] = Held(accepted)
        return held

    def count(self, path_part: str) -> int:
        return sum(path_part in path for path, _ in self.delivered)

    def release_all(self) -> None:
        for held in self._holds.values():
            held.release.set()

    def _answer(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        with self._lock:
            part = next((p for p in self._holds if p in path and not self._holds[p].arrived.is_set()), None)
            held = self._holds[part] if part is not None else None
            if held is not None:
                held.arrived.set()
            if (held is None or held.accepted) and not self._accept(path, body):
                return 409, {"message": "The retry key is already accepted"}
        if held is not None:
            held.release.wait(WAIT)
            if not held.accepted:
                return 503, {"ok": False, "error_code": 503, "description": "unavailable"}
        return 200, OK

    def _accept(self, path: str, body: dict[str, Any]) -> bool:
        if path.endswith("/v2/bot/message/push"):
            # StubServer records a request (with its headers) before it asks for the answer.
            headers = next(h for p, b, h in reversed(self.server.requests) if p == path and b == body)
            key = headers.get("x-line-retry-key", "")
            if key in self._retry_keys:
                return False
            self._retry_keys.add(key)
        self.delivered.append((path, body))
        return True


# -- worker processes -------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    """Fields 3… of /proc/<pid>/stat (state, ppid, pgrp, session, …), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _processes(field: int, value: int) -> list[int]:
    """Pids whose stat ``field`` (1 ppid, 2 process group, 3 session) is ``value``."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = _stat(int(name))
            if stat is not None and int(stat[field]) == value:
                found.append(int(name))
    return found


class RqWorker:
    """``python -m rq.cli worker`` as bot/dev/cli.py runs it, in a session of its own (as there),
    with its log in a file. Its horse and scheduler stay in that session even when orphaned."""

    def __init__(self, url: str, env: dict[str, str], log: Path, scheduler: bool) -> None:
        command = worker_command(url, scheduler=scheduler)
        self.log = log
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)

    def horse(self) -> int:
        """The work horse: the child that made itself a process group (``os.setpgrp``)."""
        for pid in _processes(1, self.proc.pid):
            stat = _stat(pid)
            if stat is not None and int(stat[2]) == pid:
                return pid
        raise AssertionError(f"worker {self.proc.pid} has no work horse\n{self.output()}")

    def kill_horse(self) -> None:
        os.kill(self.horse(), signal.SIGKILL)

    def kill_main(self) -> None:
        """SIGKILL the worker's main process only: its children live on as orphans."""
        self.proc.kill()
        self.proc.wait()

    def kill(self) -> None:
        """SIGKILL the whole worker (main process, horse, scheduler), as the OOM killer or a
        container stop would. Stopped first, so it neither notices nor forks meanwhile."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGSTOP)
        for pid in _processes(3, self.proc.pid):  # the session: orphans too
            if pid != self.proc.pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if self.proc.poll() is None:
            self.kill_main()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


class Workers:
    """The workers a test started, with their logs for its failure messages."""

    def __init__(self, env: dict[str, str], tmp_path: Path) -> None:
        self.env = env
        self.tmp_path = tmp_path
        self.started: list[RqWorker] = []

    def start(self, *, scheduler: bool = False, redis_url: str = "") -> RqWorker:
        url = redis_url or self.env["REDIS_URL"]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            **self.env,
            "REDIS_URL": url,
            # Anything not on loopback would go through a proxy nobody listens on: refused.
            "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
            "NO_PROXY": "127.0.0.1,localhost",
        }
        worker = RqWorker(url, env, self.tmp_path / f"worker{len(self.started) + 1}.log", scheduler)
        self.started.append(worker)
        return worker

    def output(self) -> str:
        return "\n".join(f"--- {w.log.name} (pid {w.proc.pid})\n{w.output()}" for w in self.started)

    def wait_for(self, check: Callable[[], Any], what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}\n{self.output()}")
            time.sleep(0.05)

    def wait_held(self, held: Held) -> None:
        self.wait_for(held.arrived.is_set, "the job to call the held service")

    def close(self) -> None:
        for worker in self.started:
            worker.kill()


class FrozenRedis:
    """A TCP proxy to Redis that stops passing commands on once it has passed one matching
    ``after``: the processes behind it hang on their next Redis call, as if frozen there."""

    def __init__(self, redis_url: str, after: bytes) -> None:
        target = urlsplit(redis_url)
        if target.scheme == "unix":
            self._upstream: tuple[int, Any] = (socket.AF_UNIX, target.path)
            db = parse_qs(target.query).get("db", ["0"])[0]
        else:
            self._upstream = (socket.AF_INET, (target.hostname or "127.0.0.1", target.port or 6379))
            db = target.path.strip("/") or "0"
        self._after = re.compile(after)
        self.frozen = threading.Event()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self._listener.getsockname()[1]}/{db}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.socket(self._upstream[0], socket.SOCK_STREAM)
            upstream.connect(self._upstream[1])
            self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, commands: bool) -> None:
        try:
            while data := source.recv(65536):
                if commands and self.frozen.is_set():
                    continue  # never answered: the caller waits
                sink.sendall(data)
                if commands and self._after.search(data):
                    self.frozen.set()
        except OSError:
            pass

    def close(self) -> None:
        self._listener.close()
        for sock in self._sockets:
            sock.close()


# -- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def _outside() -> Iterator[Outside]:
    services = Outside()  # one server for the module; each test starts from reset()
    yield services
    services.release_all()
    services.server.close()


@pytest.fixture
def outside(_outside: Outside) -> Iterator[Outside]:
    _outside.reset()
    yield _outside
    _outside.release_all()


@pytest.fixture
def ctx(make_ctx: Callable[..., Any], env: dict[str, str], outside: Outside, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The test's context (conftest's, with every outside service pointed at ``outside``); the
    jobs it enqueues keep production's retry count, with 1 s between attempts."""
    from bot import context

    env.update(
        TELEGRAM_BOT_TOKEN="1:t", TELEGRAM_SECRET_TOKEN="tg-secret", TELEGRAM_API_URL=f"{outside.url}/telegram",
        LINE_CHANNEL_SECRET="line-secret", LINE_CHANNEL_ACCESS_TOKEN="line-token", LINE_API_URL=f"{outside.url}/line",
        NAVER_TALK_TOKEN="naver-token", NAVER_TALK_API_URL=f"{outside.url}/naver/event",
        SLACK_WEBHOOK_URL=f"{outside.url}/slack", STAFF_WEBHOOK_URL=f"{outside.url}/hook", STAFF_WEBHOOK_SECRET="s",
    )
    monkeypatch.setattr(context, "RETRY", Retry(max=context.RETRY.max, interval=[1] * len(context.RETRY.intervals)))
    return make_ctx()


@pytest.fixture
def workers(ctx: Any, env: dict[str, str], tmp_path: Path) -> Iterator[Workers]:
    """Starts workers; kills every process of theirs at the end, whatever happened."""
    started = Workers(env, tmp_path)
    try:
        yield started
    finally:
        started.close()


def deliver(ctx: Any, channel: str, user: str, event: str, text: str = "주문하신 상품은 내일 출고돼요.",
            retry: bool = True) -> Job:
    """Enqueue the push job exactly as the app does (``Context.enqueue``); returns the job."""
    job_id = f"deliver-{event}"
    ctx.enqueue("replies", "bot.jobs.tasks.deliver", job_id=job_id, retry=retry,
                inbound={"channel": channel, "user_id": user, "text": "", "event_id": event, "timestamp": TIMESTAMP},
                reply={"text": text}, key=f"{channel}:{event}")
    return fetch(ctx, job_id)


def fetch(ctx: Any, job_id: str) -> Job:
    return Job.fetch(job_id, connection=ctx.rq_redis, serializer=JSONSerializer)


def status(job: Job) -> JobStatus:
    return job.get_status(refresh=True)


def heartbeat_runs_out(ctx: Any, queue: str, job: Job) -> float:
    """What the next worker maintenance does once a dead worker's heartbeat has run out.

    Returns how long after now RQ would have waited. Only call it while no job runs on
    ``queue``: that job would count as abandoned too.
    """
    registry = ctx.queue(queue).started_job_registry
    ((entry, expires),) = ctx.rq_redis.zrange(registry.key, 0, -1, withscores=True)
    assert entry.decode().startswith(f"{job.id}:")
    registry.cleanup()  # now: still running, as far as RQ can tell
    assert status(job) == JobStatus.STARTED and job.id in registry.get_job_ids(cleanup=False)
    registry.cleanup(timestamp=expires + 1)
    assert job.id not in registry.get_job_ids(cleanup=False)
    return expires - time.time()


# -- pushes to shoppers -----------------------------------------------------------------------


def test_a_killed_work_horse_is_seen_by_its_worker_and_the_push_is_retried_once(
    ctx: Any, outside: Outside, workers: Workers
) -> None:
    held = outside.hold("/sendMessage", accepted=False)
    job = deliver(ctx, "telegram", "77", "horse")
    worker = workers.start(scheduler=True)
    workers.wait_held(held)
    worker.kill_horse()
    held.release.set()

    workers.wait_for(lambda: status(job) == JobStatus.FINISHED, "the retried push")
    assert job.return_value() is True
    assert outside.count("/sendMessage") == 1
    assert fetch(ctx, job.id).retries_left == 5  # one of production's six retries used
    assert "Work-horse terminated unexpectedly; waitpid returned 9 (signal 9)" in worker.output()


def test_killing_only_the_workers_main_process_leaves_its_horse_to_finish_the_push(
    ctx: Any, outside: Outside, workers: Workers
) -> None:
    held = outside.hold("/sendMessage", accepted=True)  # the platform is slow to answer
    job = deliver(ctx, "telegram", "78", "orphan")
    worker = workers.start()
    workers.wait_held(held)
    horse = worker.horse()
    worker.kill_main()
    assert _stat(horse) is not None  # its own process group: untouched by the kill
    held.release.set()

    workers.wait_for(lambda: status(job) == JobStatus.FINISHED, "the orphaned horse to finish")
    assert ctx.queue("replies").started_job_registry.get_job_ids(cleanup=False) == []
    assert outside.count("/sendMessage") == 1


@pytest.mark.parametrize("moment", ["before_the_platform_accepted", "after_the_push_was_recorded",
                                    "after_line_accepted_but_before_it_answered"])
def test_a_killed_worker_leaves_an_abandoned_push_that_the_next_worker_sends_exactly_once(
    ctx: Any, outside: Outside, workers: Workers, moment: str
) -> None:
    proxy = None
    redis_url = ""
    if moment == "before_the_platform_accepted":
        channel, user, path = "telegram", "79", "/sendMessage"
        held: Held | None = outside.hold(path, accepted=False)
    elif moment == "after_the_push_was_recorded":
        # Telegram accepts and answers; the worker writes the idempotency record and freezes on
        # its next Redis call (marking the job finished), before the job has ended.
        channel, user, path = "telegram", "80", "/sendMessage"
        held = None
        record = ctx.store.key("pushed", f"{channel}:{moment}").encode()
        proxy = FrozenRedis(ctx.settings.redis_url, rb"\r\nSET\r\n\$\d+\r\n" + re.escape(record))
        redis_url = proxy.url
    else:
        # LINE took the push, but its answer never reached the worker: only the platform knows.
        channel, user, path = "line", "U" + "1" * 32, "/v2/bot/message/push"
        held = outside.hold(path, accepted=True)
    try:
        job = deliver(ctx, channel, user, moment)
        assert (job.timeout, job.retries_left) == (120, 6)  # production's job settings
        worker = workers.start(redis_url=redis_url)
        if held is not None:
            workers.wait_held(held)
        else:
            assert proxy is not None
            workers.wait_for(proxy.frozen.is_set, "the push to be recorded")
            assert ctx.redis.exists(record.decode())
        worker.kill()
        if held is not None:
            held.release.set()
        assert status(job) == JobStatus.STARTED
        assert outside.count(path) == (0 if moment == "before_the_platform_accepted" else 1)

        workers.start(scheduler=True)  # restarted at once; idle, as the queue is empty
        left = heartbeat_runs_out(ctx, "replies", job)
        assert 80 < left <= 90  # what production would wait: min(120 s job timeout, 30 s) + 60 s
        assert status(job) == JobStatus.SCHEDULED and fetch(ctx, job.id).retries_left == 5  # Retry covers it
        workers.wait_for(lambda: status(job) == JobStatus.FINISHED, "the next worker to run the push again")
    finally:
        if proxy is not None:
            proxy.close()
    assert outside.count(path) == 1
    # False: the retry found the push recorded and sent nothing.
    assert job.return_value() is (moment != "after_the_push_was_recorded")


def test_an_abandoned_job_without_retries_ends_in_the_failed_registry_with_the_reason(
    ctx: Any, outside: Outside, workers: Workers
) -> None:
    held = outside.hold("/sendMessage", accepted=False)
    job = deliver(ctx, "telegram", "81", "noretry", retry=False)
    worker = workers.start()
    workers.wait_held(held)
    worker.kill()

    heartbeat_runs_out(ctx, "replies", job)
    assert status(job) == JobStatus.FAILED
    assert job.id in ctx.queue("replies").failed_job_registry.get_job_ids()
    assert ABANDONED in (job.latest_result().exc_string or "")
    assert outside.count("/sendMessage") == 0


# -- tickets and staff notifications -------------------------------------------------------------


def test_kills_while_opening_a_ticket_and_notifying_staff_make_one_ticket_and_one_notification_each(
    ctx: Any, outside: Outside, workers: Workers
) -> None:
    store = ctx.store
    inbound = {"channel": "naver", "user_id": "n1", "text": "상담원 연결해 주세요", "event_id": "n-e1",
               "timestamp": TIMESTAMP}
    handover = outside.hold("/naver/event", accepted=False)
    ctx.enqueue("handoff", "bot.jobs.tasks.open_ticket", job_id="ticket-n1", thread_id="naver:n1", seq=1,
                 reason="asked_for_person", inbound=inbound)
    ticket_job = fetch(ctx, "ticket-n1")

    # 1. Killed during the platform handover, after the ticket was written and staff's
    #    notification enqueued.
    first = workers.start()
    workers.wait_held(handover)
    first.kill()
    handover.release.set()
    (number,) = [t["id"] for t in store.open_tickets()]
    notify_job = fetch(ctx, f"notify-{ctx.settings.redis_prefix}-{number}")
    heartbeat_runs_out(ctx, "handoff", ticket_job)
    assert status(ticket_job) == JobStatus.SCHEDULED

    # 2. The next worker takes the notification: Slack accepts it, then the staff webhook
    #    holds it and the worker is killed.
    hook = outside.hold("/hook", accepted=False)
    second = workers.start()
    workers.wait_held(hook)
    second.kill()
    hook.release.set()
    assert (outside.count("/slack"), outside.count("/hook")) == (1, 0)
    heartbeat_runs_out(ctx, "handoff", notify_job)
    # The worker enqueued the notification with production's Retry: the first retry after 5 s.
    # Time is short here: it is queued at once, as the scheduler would do 5 s later.
    scheduled = ctx.queue("handoff").scheduled_job_registry
    assert 3 < scheduled.get_scheduled_time(notify_job).timestamp() - time.time() <= 5
    scheduled.requeue(notify_job)

    # 3. A worker with the scheduler runs both again.
    workers.start(scheduler=True)
    workers.wait_for(lambda: status(ticket_job) == status(notify_job) == JobStatus.FINISHED,
                     "the ticket and the notification to be retried")
    assert [t["id"] for t in store.open_tickets()] == [number]
    assert store.redis.get(store.key("ticket", "counter")) == "1"
    assert (outside.count("/slack"), outside.count("/hook"), outside.count("/naver/event")) == (1, 1, 1)
    ticket = store.ticket(number)
    assert ticket is not None and ticket["notified"] and ticket["platform_handover"] == "passed"
