"""Webhook throughput and latency under load: the bridge against a bare Flask app (issue #8).

    apt-get install wrk
    .venv/bin/python bench/webhook_load.py [--duration 10] [--connections 16] [--threads 2]
                                          [--workers 2] [--rounds 1] [--redis-url redis://127.0.0.1:6379/14]

Starts two gunicorn servers with the flags ``python -m bot run`` uses (bot/dev/cli.py, ``cmd_run``):
the bridge (``bot.web.app:create_app()``, env REDIS_URL on a flushed bench database, REDIS_PREFIX=bench,
SHOP_CONFIG=shop.yaml with its rate limit raised out of reach, no LLM, no channel secrets) and ``bench/bare_app.py``, a Flask app that
parses the same Kakao SkillPayload and answers a fixed SkillResponse. Then ``wrk`` drives both
with the same concurrency, for the same time, in one run, with bench/kakao_load.lua: Kakao skill
calls asking FAQ questions ("배송 언제 와요?" ...), so the measured path is the FAQ answer.

Scenarios: 16 distinct shoppers; 5,000 distinct shoppers; 5,000 shoppers with 20% of the requests
exact re-sends of the previous one (Kakao retries). Redis is flushed before every run. wrk's
shoppers send hundreds of messages a minute, so the shop's per-shopper rate limit would turn the
measured path into "please wait"; the bench raises the limit to 10⁹ so the counters still run
(their cost is measured) but never trip.

Prints requests/s, p50/p99 latency, non-2xx count for both apps, and the ratios ours/bare against
the targets (throughput >= 0.7 x bare, p99 <= 2 x bare p99). This machine is noisy: read the
ratios, not the absolute numbers; ``--rounds 3`` takes the median of three alternating runs.
Exits 1 if any request got a non-2xx answer or a socket error, 2 if wrk is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LUA = ROOT / "bench" / "kakao_load.lua"
QUESTIONS = (  # the same list as kakao_load.lua: every one is an FAQ answer for shop.yaml
    "배송 언제 와요?", "반품하고 싶어요", "교환 가능한가요?", "사이즈 어떻게 골라요?", "주문 취소하고 싶어요",
    "택배 언제 출발해요?", "환불 어떻게 받아요?", "반품 어떻게 해요?", "사이즈표 어디 있어요?", "주문 변경 가능해요?",
    "교환 신청하려면요?",
)
# Environment the bench must not inherit: it would change the measured path.
_DROP = ("OPENAI_", "KAKAO_", "NAVER_", "LINE_", "TELEGRAM_", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS")


@dataclass(frozen=True)
class Scenario:
    key: str  # for --only
    name: str
    users: int
    dup: float


SCENARIOS = (
    Scenario("16", "16 shoppers", 16, 0.0),
    Scenario("5000", "5,000 shoppers", 5000, 0.0),
    Scenario("dup", "5,000 shoppers, 20% retries", 5000, 0.2),
)


@dataclass(frozen=True)
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    non2xx: int
    socket_errors: int
    dups: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(
    name: str, app_spec: str, workers: int, env: dict[str, str], logdir: Path, extra: Sequence[str] = ()
) -> Iterator[str]:
    """A gunicorn in its own process group, stopped (TERM, then KILL) however the block ends."""
    from bot.dev.cli import web_command  # the flags of python -m bot run

    port = free_port()
    log = open(logdir / f"{name}.log", "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [*web_command(f"127.0.0.1:{port}", workers, app_spec), *extra],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {logdir / (name + '.log')}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # workers left behind by a dead master
    except ProcessLookupError:
        pass
    proc.wait()


def kakao_body(text: str, user: str) -> bytes:
    sys.path.insert(0, str(ROOT))
    from bot.dev import samples

    return samples.sample("kakao", text, user, {})[0]


def check_faq_path(base: str, shop_path: Path) -> None:
    """Every question the load sends must come back as an FAQ answer, or the bench measures the wrong thing."""
    from bot.settings import load_shop

    answers = [e.answer.strip() for e in load_shop(shop_path).faqs]
    for i, question in enumerate(QUESTIONS):
        req = urllib.request.Request(
            base + "/webhooks/kakao", data=kakao_body(question, f"probe-{i}"), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = json.load(resp)
        text = body["template"]["outputs"][0]["simpleText"]["text"]
        if not any(text.startswith(a) for a in answers):
            raise SystemExit(f"error: {question!r} is not answered from the FAQ ({text[:60]!r}); fix QUESTIONS")


def unlimited_shop(shop: Path, tmp: Path) -> Path:
    """A copy of the shop file whose rate limit counts every message but never pauses anyone."""
    import yaml

    data = yaml.safe_load(shop.read_text(encoding="utf-8"))
    data["rate_limit"] = {"per_minute": 10**9, "per_hour": 10**9}
    out = tmp / "shop.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def wrk(base: str, scenario: Scenario, args: argparse.Namespace, seconds: float, seed: int) -> Run:
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{max(int(seconds), 1)}s", "--timeout", "10s",
        "-s", str(LUA), base, "--",
        f"users={scenario.users}", f"dup={scenario.dup}", f"threads={args.threads}", f"seed={seed}",
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no RESULT line:\n{out}")
    r = json.loads(line[len("RESULT ") :])
    return Run(
        rps=r["requests"] / (r["duration_us"] / 1e6),
        p50_ms=r["p50_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
        max_ms=r["max_us"] / 1000,
        requests=r["requests"],
        non2xx=r["non2xx"],
        socket_errors=r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"],
        dups=r["dups"],
    )


def path_counts(redis: Any, prefix: str) -> dict[str, int]:
    """What the bridge says it did, from its own daily counters."""
    totals: dict[str, int] = {}
    for key in redis.scan_iter(f"{prefix}:stats:*"):
        if redis.type(key) != b"hash":
            continue
        for field, value in redis.hgetall(key).items():
            name = field.decode()
            if ":" in name and name.startswith("h"):
                continue  # per-hour copies
            group = "faq_answer" if name.startswith("faq:") else name  # "faq" alone is the per-turn count
            totals[group] = totals.get(group, 0) + int(value)
    return totals


def median_run(runs: list[Run]) -> Run:
    return Run(
        rps=statistics.median(r.rps for r in runs),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        max_ms=max(r.max_ms for r in runs),
        requests=sum(r.requests for r in runs),
        non2xx=sum(r.non2xx for r in runs),
        socket_errors=sum(r.socket_errors for r in runs),
        dups=sum(r.dups for r in runs),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")),
                        help="gunicorn workers, as python -m bot run --web-workers (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="alternating runs per scenario; medians reported")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load per server first")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="flushed before every run")
    parser.add_argument("--shop", default=str(ROOT / "shop.yaml"))
    parser.add_argument("--gunicorn-args", default="", help="extra gunicorn flags for both apps, to try a change "
                        "(e.g. '--threads 4'); the default is exactly python -m bot run")
    parser.add_argument("--only", choices=["16", "5000", "dup"], action="append", help="run only these scenarios")
    args = parser.parse_args(argv)

    if shutil.which("wrk") is None:
        print("error: wrk is not installed; install it with:  apt-get install wrk", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    import redis as redis_lib

    db = redis_lib.Redis.from_url(args.redis_url)
    db.ping()
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP)}
    env.update(REDIS_URL=args.redis_url, REDIS_PREFIX="bench", PYTHONPATH=str(ROOT))
    scenarios = [s for s in SCENARIOS if not args.only or s.key in args.only]
    results: dict[tuple[str, str], Run] = {}
    counts: dict[str, dict[str, int]] = {}
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s; gunicorn --workers {args.workers} "
          f"{args.gunicorn_args or '(sync)'}; Redis {args.redis_url}; {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="webhook-load-") as tmp, ExitStack() as stack:
        env["SHOP_CONFIG"] = str(unlimited_shop(Path(args.shop), Path(tmp)))
        db.flushdb()
        extra = shlex.split(args.gunicorn_args)
        ours = stack.enter_context(server("ours", "bot.web.app:create_app()", args.workers, env, Path(tmp), extra))
        bare = stack.enter_context(server("bare", "bench.bare_app:create_app()", args.workers, env, Path(tmp), extra))
        check_faq_path(ours, Path(args.shop))
        for base in (bare, ours):
            wrk(base, SCENARIOS[1], args, args.warmup, seed=0)
        for scenario in scenarios:
            runs: dict[str, list[Run]] = {"bare": [], "ours": []}
            counts[scenario.name] = {}
            for round_ in range(args.rounds):
                order = (("bare", bare), ("ours", ours)) if round_ % 2 == 0 else (("ours", ours), ("bare", bare))
                for name, base in order:
                    db.flushdb()
                    runs[name].append(wrk(base, scenario, args, args.duration, seed=round_ + 1))
                    if name == "ours":
                        for k, v in path_counts(db, "bench").items():
                            counts[scenario.name][k] = counts[scenario.name].get(k, 0) + v
                print(f"  {scenario.name}: round {round_ + 1}/{args.rounds} done", flush=True)
            results[(scenario.name, "bare")] = median_run(runs["bare"])
            results[(scenario.name, "ours")] = median_run(runs["ours"])
        db.flushdb()
    return report(scenarios, results, counts)


def report(scenarios: list[Scenario], results: dict[tuple[str, str], Run], counts: dict[str, dict[str, int]]) -> int:
    print()
    header = f"| {'scenario':28} | {'app':9} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | {'max ms':>7} | {'non-2xx':>7} | {'sock err':>8} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    bad = 0
    verdicts = []
    for s in scenarios:
        b, o = results[(s.name, "bare")], results[(s.name, "ours")]
        for name, r in (("bare", b), ("ours", o)):
            print(f"| {s.name:28} | {name:9} | {r.rps:7.0f} | {r.p50_ms:7.1f} | {r.p99_ms:7.1f} | {r.max_ms:7.0f} | {r.non2xx:7d} | {r.socket_errors:8d} |")
            bad += r.non2xx + r.socket_errors
        t_ratio, p_ratio = o.rps / b.rps, o.p99_ms / b.p99_ms
        print(f"| {s.name:28} | {'ours/bare':9} | {t_ratio:6.2f}x | {o.p50_ms / b.p50_ms:6.2f}x | {p_ratio:6.2f}x | {'':7} | {'':7} | {'':8} |")
        verdicts.append(
            f"{s.name}: throughput {t_ratio:.2f} x bare ({'ok' if t_ratio >= 0.7 else 'MISS'}, target >= 0.70); "
            f"p99 {p_ratio:.2f} x bare ({'ok' if p_ratio <= 2 else 'MISS'}, target <= 2.00)"
        )
    print()
    for line in verdicts:
        print(line)
    print()
    for s in scenarios:
        c = counts.get(s.name, {})
        print(f"path check, {s.name}: FAQ answers {c.get('faq_answer', 0)}, retries folded {c.get('duplicate', 0)}, "
              f"handoffs {sum(v for k, v in c.items() if k.startswith('handoff:'))}, "
              f"rate limited {c.get('rate_limited', 0)}, "
              f"requests {results[(s.name, 'ours')].requests}")
    if bad:
        print(f"\nerror: {bad} requests got a non-2xx answer or a socket error", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    def _terminate(*_: Any) -> None:
        raise SystemExit(143)  # run the finally blocks: every server we started is stopped

    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
