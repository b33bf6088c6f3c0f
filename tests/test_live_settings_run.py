"""The live settings against a running ``python -m bot run`` (two web workers, three RQ workers):
an FAQ added through the API is answered to a Kakao shopper within 5 s, without a restart."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.dev import samples
from tests.conftest import ROOT, SHOP_FILE, child_pids
from tests.test_live_settings import AUTH, GIFT, TOKEN


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def running(redis: Any, redis_url: str, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SHOP_CONFIG": str(SHOP_FILE), "REDIS_URL": redis_url,
           "REDIS_PREFIX": "test", "DATA_DIR": str(tmp_path / "data"), "PORT": str(port), "WEB_CONCURRENCY": "2",
           "RQ_WORKERS": "3", "ADMIN_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=10).ok:
                    break
            except requests.RequestException:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "python -m bot run did not start"
            time.sleep(0.3)
        yield base
    finally:
        children = child_pids(proc.pid)  # web and workers, each in a session of its own
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        # on a loaded machine `bot run` may be killed before it stops them: never leave workers on the test db
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)


def kakao(base: str, text: str, user: str) -> str:
    body, headers = samples.BUILDERS["kakao"](text, user, {}, "")
    response = requests.post(f"{base}/webhooks/kakao", data=body, headers=headers, timeout=10)
    assert response.status_code == 200
    return samples.reply_texts("kakao", response.json())[0]


def test_an_faq_added_through_the_api_reaches_every_web_worker_within_5_s(running: str) -> None:
    for i in range(6):  # both web workers have answered (and built their router) before the change
        assert not kakao(running, "바지 수선 되나요?", f"before-{i}").startswith("바지 기장 수선은")
    assert requests.put(f"{running}/staff/api/faqs/bad", json={"answer": ""}, headers=AUTH, timeout=10).status_code == 400
    assert requests.get(f"{running}/staff/api/settings/versions", headers=AUTH, timeout=10).json()["versions"] == []

    added_at = time.monotonic()
    assert requests.put(f"{running}/staff/api/faqs/gift", json=GIFT, headers=AUTH, timeout=10).status_code == 201
    n = 0
    while not kakao(running, "바지 수선 되나요?", f"after-{n}").startswith("바지 기장 수선은"):
        n += 1
        assert time.monotonic() - added_at < 5, "not answered within 5 s"
        time.sleep(0.1)
    time.sleep(max(0.0, 1.2 - (time.monotonic() - added_at)))  # past the once-a-second check everywhere
    for i in range(8):  # every web worker answers it now
        assert kakao(running, "바지 수선 되나요?", f"later-{i}").startswith("바지 기장 수선은")

    restored_at = time.monotonic()
    assert requests.post(f"{running}/staff/api/settings/versions/1/restore", headers=AUTH, timeout=10).ok
    time.sleep(max(0.0, 1.2 - (time.monotonic() - restored_at)))
    for i in range(8):
        assert not kakao(running, "바지 수선 되나요?", f"restored-{i}").startswith("바지 기장 수선은")
    assert time.monotonic() - restored_at < 5
