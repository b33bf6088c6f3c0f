"""``python -m bot run``: the supervisor that starts the bridge's processes and stops them all.

It lives as long as the bridge, so it imports the standard library only (issue #14): the settings
are checked and the embedded Redis started by a short-lived helper (bot/dev/start.py). Then the
web (gunicorn, alone until it answers /healthz) and the RQ workers with the cron scheduler
(bot/jobs/pool.py). Ctrl-C or SIGTERM stops them, then the embedded Redis, which saves its data.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any


def cmd_run(web: Callable[[str], list[str]], pool: Callable[[str], list[str]]) -> int:
    """Run until Ctrl-C or a process exits. ``web(bind)`` and ``pool(redis_url)`` are the commands."""
    helper = subprocess.run([sys.executable, "-m", "bot.dev.start"], stdout=subprocess.PIPE, text=True)
    if helper.returncode:
        return helper.returncode  # its message is on stderr already
    ready: dict[str, Any] = json.loads(helper.stdout.strip().splitlines()[-1])
    for line in ready["notes"]:
        print(line, flush=True)
    env = {**os.environ, "REDIS_URL": ready["redis_url"]}
    commands = {"web": web(ready["bind"]), "workers and cron": pool(ready["redis_url"])}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        for name, command in commands.items():
            procs[name] = subprocess.Popen(command, env=env, start_new_session=True)
            if name == "web":
                # The web first, alone: on a small server the workers' imports would slow the
                # analyzer's load; jobs wait in Redis for the second it takes them to start.
                _wait_healthy(ready["bind"], procs[name], lambda: stopping)
        print("\n".join(ready["urls"]), flush=True)
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with code {proc.returncode}; stopping.", file=sys.stderr, flush=True)
                    stopping = True
            time.sleep(0.3)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
        if ready["redis_pid"]:
            stop_embedded(ready["redis_url"], ready["redis_pid"])
        print("Stopped.", flush=True)
    return 0


def _wait_healthy(bind: str, proc: subprocess.Popen[bytes], stopping: Callable[[], bool], timeout: float = 30) -> None:
    """Until the web answers /healthz with 200 (or exits, or Ctrl-C, or ``timeout`` s).

    A plain socket: urllib would import ssl and email into this long-lived process (+8 MB)."""
    host, _, port = bind.rpartition(":")
    request = f"GET /healthz HTTP/1.0\r\nHost: {bind}\r\n\r\n".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None and not stopping():
        try:
            with socket.create_connection((host, int(port)), timeout=1) as conn:
                conn.sendall(request)
                if conn.recv(32).split(b" ")[1:2] == [b"200"]:
                    return
        except (OSError, IndexError):
            pass
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_embedded(url: str, pid: int, timeout: float = 10) -> None:
    """``SHUTDOWN SAVE`` to the embedded redis-server (its data is written to DATA_DIR), over its
    unix socket; SIGTERM (which also saves) if it does not stop."""
    try:
        with socket.socket(socket.AF_UNIX) as conn:
            conn.settimeout(2)
            conn.connect(url.removeprefix("unix://"))
            conn.sendall(b"*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n")
            conn.recv(64)  # the server closes the connection once it has saved
    except OSError:
        pass
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGTERM)
