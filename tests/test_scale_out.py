"""Scale-out (issue #8): two web processes and two RQ workers on one Redis, shoppers on every
channel with retried deliveries, the retry sent to the other web process; every message is
answered once, every escalation makes one ticket and one staff notification.

The check is bench/scale_out.py (``run``) at a smaller size (about 45 s on the 2-core dev box);
SCALE_OUT_CONVERSATIONS overrides it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench import scale_out
from tests.conftest import SHOP_FILE

CONVERSATIONS = int(os.environ.get("SCALE_OUT_CONVERSATIONS", "200"))


def test_two_web_processes_and_two_workers_answer_each_message_once_and_open_one_ticket_per_escalation(
    redis: Any, redis_url: str, tmp_path: Path
) -> None:
    # ``redis`` flushes the test database around the test; every process run() starts is
    # stopped when it returns or raises.
    report = scale_out.run(redis_url, conversations=CONVERSATIONS, retry_share=0.2, seed=8, logdir=tmp_path,
                           shop=SHOP_FILE, drain_timeout=120)
    assert report.expected_tickets > 0 and report.retries > 0 and report.expected_pushes > 0, report.summary()
    assert report.ok, report.summary()
