"""Kakao webhook response time while the LLM is slow, and when its callbacks arrive (issue #5).

    .venv/bin/python bench/kakao_latency.py [--delays 0.1,3,30] [--messages 5] [--rq-workers 1]
                                            [--openai-timeout 10] [--redis-url redis://127.0.0.1:6379/14]

A ``python -m bot run``-like setup on loopback only: gunicorn with the flags of bot/dev/cli.py
``cmd_run`` and RQ worker(s) with its queues and flags, on a flushed bench Redis database; a local
OpenAI-compatible stub (tests/stubs.py FakeLLM) that answers each question as the shop's policies
do and takes 0.1 s, 3 s or 30 s per answer; and a local stub of Kakao's callback endpoint, allowed
through KAKAO_CALLBACK_HOSTS.

For each LLM delay, ``--messages`` shoppers each ask one question the FAQ cannot answer (with a
one-shot callbackUrl, 0.5 s apart), while other shoppers ask FAQ questions ten times a second
until every callback has arrived or its minute is over. Printed per case: every synchronous
response time (p50, p99, max; must all be under 1 s), and per callback its delay from the
shopper's message (p50, max; must be under 60 s), split into model answers and handoffs (at 30 s
the client gives up after OPENAI_TIMEOUT, once per try, and the shopper gets the handoff message
through the callback). A callback that never came was held for the shopper's next turn.

Everything this starts is stopped when it ends, also on error or Ctrl-C. Exits 1 if a synchronous
response took 1 s or more or a callback missed its minute.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dev import samples
from bot.dev.cli import web_command, worker_command
from bot.dev.stub_server import chat_completion
from bot.settings import load_shop
from tests.stubs import FakeLLM, StubServer

# Questions no FAQ of the sample shop answers, each with the answer its policies give: the stub
# model answers the question it is asked, so the answer checks let a right answer through.
LLM_ANSWERS = {
    "무통장입금은 언제까지 넣어야 해요?": "무통장입금은 주문 후 24시간 안에 입금해 주세요. 그 안에 입금이 없으면 주문이 자동 취소돼요.",
    "카카오페이로 결제돼요?": "네, 카카오페이로 결제할 수 있어요. 신용카드, 네이버페이, 무통장입금도 받아요.",
    "상담은 몇 시까지 해요?": "상담 시간은 평일 오전 10시부터 오후 6시까지예요. 점심시간은 12시부터 1시까지이고, 주말과 공휴일은 쉬어요.",
}
LLM_QUESTIONS = tuple(LLM_ANSWERS)
FAQ_QUESTIONS = ("배송 언제 와요?", "반품하고 싶어요", "교환 가능한가요?", "사이즈 어떻게 골라요?", "주문 취소하고 싶어요")
CALLBACK_MINUTE = 60.0
_DROP = ("OPENAI_", "KAKAO_", "NAVER_", "LINE_", "TELEGRAM_", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "BURST_")


# -- the stubs ----------------------------------------------------------------------------------


class CallbackStub:
    """Kakao's callback endpoint: one POST per token path, with the arrival time recorded."""

    def __init__(self) -> None:
        self.arrived: dict[str, tuple[float, dict[str, Any]]] = {}
        self.lock = threading.Lock()
        self.server = StubServer(self._callback)

    def _callback(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        now = time.monotonic()
        with self.lock:
            if path in self.arrived:
                return 200, {"taskId": "t", "status": "FAIL", "message": "Invalid callback token. Check your callback token."}
            self.arrived[path] = (now, body)
        return 200, {"taskId": path, "status": "SUCCESS", "message": "OK", "timestamp": int(time.time() * 1000)}

    def url(self, token: str) -> str:
        return f"{self.server.url}/callback/{token}"

    def close(self) -> None:
        self.server.close()


# -- the bridge ---------------------------------------------------------------------------------


@contextmanager
def process(name: str, command: list[str], env: dict[str, str], logdir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A child in its own process group; TERM, then KILL of the whole group, however the block ends."""
    log = open(logdir / f"{name}.log", "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=5)  # an RQ work horse may be inside a 30 s model call: do not wait for it
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        log.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[bytes], logdir: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {logdir / 'web.log'}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                if json.load(resp).get("llm"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the web app did not answer /healthz with the LLM enabled within 60 s")


# -- one case -----------------------------------------------------------------------------------


@dataclass
class Case:
    delay: float
    sync_ms: list[float] = field(default_factory=list)
    llm_sync_ms: list[float] = field(default_factory=list)
    non_2xx: int = 0
    not_callback: int = 0  # an LLM-bound question answered without useCallback
    sent: dict[str, float] = field(default_factory=dict)  # callback path -> when the shopper asked
    delays: dict[str, float] = field(default_factory=dict)  # callback path -> seconds until it arrived
    kinds: dict[str, str] = field(default_factory=dict)  # callback path -> answer / handoff / other


def post(base: str, text: str, user: str, callback: str = "") -> tuple[int, float, dict[str, Any]]:
    body, headers = samples.sample("kakao", text, user, {})
    if callback:
        payload = json.loads(body)
        payload["userRequest"]["callbackUrl"] = callback
        body = json.dumps(payload, ensure_ascii=False).encode()
    req = urllib.request.Request(base + "/webhooks/kakao", data=body, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, answer = resp.status, json.load(resp)
    except urllib.error.HTTPError as exc:
        status, answer = exc.code, {}
    return status, (time.monotonic() - started) * 1000, answer


def run_case(base: str, delay: float, llm: FakeLLM, callbacks: CallbackStub, messages: int, tag: str) -> Case:
    case = Case(delay)
    llm.delay = delay
    stop = threading.Event()

    def faq_traffic() -> None:
        i = 0
        while not stop.is_set():
            status, ms, _ = post(base, FAQ_QUESTIONS[i % len(FAQ_QUESTIONS)], f"{tag}-faq-{i % 50}")
            case.sync_ms.append(ms)
            case.non_2xx += not 200 <= status < 300
            i += 1
            stop.wait(0.1)

    background = threading.Thread(target=faq_traffic, daemon=True)
    background.start()
    try:
        for i in range(messages):
            path = f"/callback/{tag}-{i}"
            case.sent[path] = time.monotonic()
            status, ms, answer = post(base, LLM_QUESTIONS[i % len(LLM_QUESTIONS)], f"{tag}-asker-{i}", callbacks.url(f"{tag}-{i}"))
            case.sync_ms.append(ms)
            case.llm_sync_ms.append(ms)
            case.non_2xx += not 200 <= status < 300
            case.not_callback += answer.get("useCallback") is not True
            time.sleep(0.5)
        # Bounded: each callback either arrives or its minute (plus a little) runs out.
        deadline = max(case.sent.values()) + CALLBACK_MINUTE + 5
        while time.monotonic() < deadline and not all(p in callbacks.arrived for p in case.sent):
            time.sleep(0.2)
    finally:
        stop.set()
        background.join(timeout=15)
    for path, asked in case.sent.items():
        if path in callbacks.arrived:
            arrived, body = callbacks.arrived[path]
            case.delays[path] = arrived - asked
            case.kinds[path] = classify(" ".join(samples.reply_texts("kakao", body)))
    return case


HANDOFF_TEXTS: tuple[str, ...] = ()


class PolicyLLM(FakeLLM):
    """The stub model answers the bench question it finds in the request with that question's answer."""

    def _answer(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        time.sleep(self.delay)
        asked = json.dumps(body, ensure_ascii=False)
        answer = next((a for q, a in LLM_ANSWERS.items() if q in asked), "잘 모르겠어요.")
        content = json.dumps({"answer": answer, "needs_human": False, "reason": "policy"}, ensure_ascii=False)
        return 200, chat_completion(content, body, completion_id="chatcmpl-bench", tokens=(321, 45))


def classify(text: str) -> str:
    if any(answer in text for answer in LLM_ANSWERS.values()):
        return "answer"
    if any(text.startswith(h[:20]) for h in HANDOFF_TEXTS):
        return "handoff"
    return "other"


# -- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    global HANDOFF_TEXTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delays", default="0.1,3,30", help="LLM seconds per answer, comma-separated")
    parser.add_argument("--messages", type=int, default=5, help="LLM-bound questions per case (distinct shoppers)")
    parser.add_argument("--rq-workers", type=int, default=1, help="RQ workers (python -m bot run starts 1)")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers (python -m bot run default 2)")
    parser.add_argument("--openai-timeout", type=float, default=10, help="OPENAI_TIMEOUT: over 3 s, under 30 s")
    parser.add_argument("--burst-seconds", type=float, default=0.2)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="flushed before and after")
    parser.add_argument("--shop", default=str(ROOT / "shop.yaml"))
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",") if d.strip()]

    import redis as redis_lib

    shop = load_shop(args.shop)
    m = shop.messages
    HANDOFF_TEXTS = (m.handoff_unsure, m.handoff_unsure_after_hours, m.handoff_in_hours, m.handoff_after_hours)
    db = redis_lib.Redis.from_url(args.redis_url)
    db.ping()
    db.flushdb()
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="kakao-latency-") as tmp, ExitStack() as stack:
        logdir = Path(tmp)
        llm = PolicyLLM()
        stack.callback(llm.close)
        callbacks = CallbackStub()
        stack.callback(callbacks.close)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP)}
        env.update(
            REDIS_URL=args.redis_url, REDIS_PREFIX="benchlat", SHOP_CONFIG=str(Path(args.shop).resolve()),
            PYTHONPATH=str(ROOT), OPENAI_API_KEY="bench-key", OPENAI_BASE_URL=llm.base_url, OPENAI_MODEL="stub-model",
            OPENAI_TIMEOUT=str(args.openai_timeout), BURST_SECONDS=str(args.burst_seconds),
            KAKAO_CALLBACK_HOSTS=callbacks.server.hostport,
        )  # fmt: skip
        web = stack.enter_context(process("web", web_command(f"127.0.0.1:{port}", args.web_workers), env, logdir))
        for n in range(max(args.rq_workers, 1)):
            stack.enter_context(process(f"worker{n}", worker_command(args.redis_url), env, logdir))
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, web, logdir)
        print(f"gunicorn --workers {args.web_workers}; {args.rq_workers} RQ worker(s); OPENAI_TIMEOUT={args.openai_timeout:g} "
              f"(the openai client tries twice); BURST_SECONDS={args.burst_seconds:g}; {args.messages} LLM questions "
              "per case, FAQ traffic at ~10/s", flush=True)
        for delay in delays:
            print(f"  LLM {delay:g} s ...", flush=True)
            cases.append(run_case(base, delay, llm, callbacks, args.messages, tag=f"d{delay:g}".replace(".", "_")))
        if any(c.non_2xx for c in cases):
            print(f"(web log: {logdir / 'web.log'})")
    db.flushdb()
    return report(cases)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def report(cases: list[Case]) -> int:
    print()
    print("| LLM delay | sync responses | p50 ms | p99 ms | max ms | all < 1 s | callbacks in their minute "
          "| delay p50 s | delay max s | answers | handoffs | other | not delivered |")
    print("|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|")
    ok = True
    for c in cases:
        fast = bool(c.sync_ms) and max(c.sync_ms) < 1000 and not c.non_2xx and not c.not_callback
        in_minute = sum(d < CALLBACK_MINUTE for d in c.delays.values())
        kinds = list(c.kinds.values())
        missing = len(c.sent) - len(c.delays)
        ok &= fast and in_minute == len(c.sent)
        delays = list(c.delays.values())
        print(
            f"| {c.delay:g} s | {len(c.sync_ms)} | {statistics.median(c.sync_ms):.1f} | {_pct(c.sync_ms, 0.99):.1f} "
            f"| {max(c.sync_ms):.1f} | {'yes' if fast else 'NO'} | {in_minute}/{len(c.sent)} "
            f"| {statistics.median(delays) if delays else float('nan'):.1f} | {max(delays) if delays else float('nan'):.1f} "
            f"| {kinds.count('answer')} | {kinds.count('handoff')} | {kinds.count('other')} | {missing} |"
        )
    print()
    for c in cases:
        per = ", ".join(f"{c.delays[p]:.1f} s {c.kinds[p]}" if p in c.delays else "held for next turn" for p in c.sent)
        extra = f"; {c.non_2xx} non-2xx" if c.non_2xx else ""
        extra += f"; {c.not_callback} LLM questions answered without useCallback" if c.not_callback else ""
        print(f"LLM {c.delay:g} s: useCallback answer p50 {statistics.median(c.llm_sync_ms):.1f} ms; callbacks: {per}{extra}")
    if not ok:
        print("\nerror: a synchronous response took 1 s or more, or a callback missed its minute", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    def _terminate(*_: Any) -> None:
        raise SystemExit(143)  # unwind: every process and stub this started is stopped

    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
