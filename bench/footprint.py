"""Memory and start-up time of the whole bridge as ``make run`` starts it (issue #14).

    .venv/bin/python bench/footprint.py [--rounds 3] [--messages 3] [--port 8130]

Each round starts ``python -m bot run`` the way ``make run`` does (no REDIS_URL: the embedded
Redis; no OPENAI_API_KEY; the default worker counts unless WEB_CONCURRENCY / RQ_WORKERS are set)
with its own PORT and a fresh DATA_DIR in a temp directory, and every channel of shop.yaml enabled:
the channel secrets are set in its environment and the send APIs point at a loopback stand-in in
this process (``bot.dev.samples.LocalPlatforms``), so nothing leaves the machine. It measures

- the time from the start to the first ``/healthz`` 200, and to all RQ workers registered;
- then sends ``--messages`` signed sample messages on every channel (an FAQ question, a question
  for a person, one the FAQ does not know), waits until the queues are drained;
- then reads the PSS of every process of the tree from /proc/PID/smaps_rollup (PSS divides each
  shared page among the processes that map it, so the total is what the bridge really costs),
  and the peak total sampled while the messages were handled (work horses included);
- then stops it with SIGTERM (as Ctrl-C on ``make run`` does) and checks that nothing is left.

Prints a table per round, the median over rounds, and, last, one line of JSON. The machine is
shared and noisy: compare medians of several rounds, and times as ratios within one run.
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
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dev import samples

# Environment the run must not inherit: it would change what is measured.
_DROP = ("OPENAI_", "KAKAO_", "NAVER_", "LINE_", "TELEGRAM_", "REDIS_URL", "GUNICORN_CMD_ARGS", "DATA_DIR", "PORT")
SECRETS = {
    "KAKAO_SKILL_SECRET": "footprint-kakao",
    "NAVER_TALK_TOKEN": "footprint-naver",
    "LINE_CHANNEL_SECRET": "footprint-line",
    "LINE_CHANNEL_ACCESS_TOKEN": "footprint-line",
    "TELEGRAM_BOT_TOKEN": "footprint-telegram",
    "TELEGRAM_SECRET_TOKEN": "footprint-telegram",
}
MESSAGES = ("배송 언제 와요?", "상담원이랑 통화하고 싶어요", "니트는 세탁기에 돌려도 되나요?")
CHANNELS = ("kakao", "naver", "line", "telegram")


# -- processes ----------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, str]:
    """(parent pid, command line) of ``pid``."""
    with open(f"/proc/{pid}/stat", "rb") as f:
        raw = f.read().decode(errors="replace")
    ppid = int(raw[raw.rindex(")") + 2 :].split()[1])
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    return ppid, cmd


def cpu_seconds(pids: Any) -> float:
    """User + system CPU time of ``pids`` and of their children that exited (the start helper)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                raw = f.read().decode(errors="replace")
        except OSError:
            continue
        total += sum(int(v) for v in raw[raw.rindex(")") + 2 :].split()[11:15])  # utime stime cutime cstime
    return total / tick


def tree(root: int, extra: tuple[int, ...] = ()) -> dict[int, tuple[int, str]]:
    """``root`` and its descendants (plus ``extra`` pids, such as the daemonized redis-server)."""
    procs: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                procs[int(entry)] = _stat(int(entry))
            except OSError:
                pass
    keep = {root, *(p for p in extra if p in procs)}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _) in procs.items():
            if ppid in keep and pid not in keep:
                keep.add(pid)
                grew = True
    return {pid: procs[pid] for pid in sorted(keep) if pid in procs}


def name_processes(root: int, procs: dict[int, tuple[int, str]], workers: set[int]) -> dict[int, str]:
    """A readable name for each process: gunicorn master, web worker N, rq worker N, ...
    (``workers``: the pids RQ registered as workers)."""
    names: dict[int, str] = {}
    kinds: Counter[str] = Counter()
    masters = {pid for pid, (ppid, cmd) in procs.items() if "gunicorn" in cmd and ppid == root}
    pools = {pid for pid, (ppid, cmd) in procs.items() if "bot.jobs.pool" in cmd and ppid == root}
    for pid, (ppid, cmd) in procs.items():
        if pid == root:
            kind = "bot run (supervisor)"
        elif "redis-server" in cmd:
            kind = "redis-server"
        elif pid in masters:
            kind = "gunicorn master"
        elif ppid in masters:
            kind = "web worker"
        elif pid in pools:
            kind = "worker pool (parent)"
        elif pid in workers:
            kind = "rq worker"
        elif ppid in workers:
            kind = "work horse"
        elif "rq.cli cron" in cmd or ppid in pools:
            kind = "rq cron"
        else:
            kind = "other: " + cmd[:40]
        kinds[kind] += 1
        numbered = kind in ("web worker", "rq worker", "work horse")
        names[pid] = f"{kind} {kinds[kind]}" if numbered else kind
    return names


def memory(pid: int) -> dict[str, int]:
    """Pss, Rss and private (USS) of one process in kB, from smaps_rollup."""
    out = {"Pss": 0, "Rss": 0, "Private_Clean": 0, "Private_Dirty": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in out:
                    out[key] = int(rest.split()[0])
    except OSError:
        pass
    return {"pss_kb": out["Pss"], "rss_kb": out["Rss"], "uss_kb": out["Private_Clean"] + out["Private_Dirty"]}


def redis_pid(data_dir: Path) -> int:
    try:
        pidfile = json.loads((data_dir / "redis.db.settings").read_text())["pidfile"]
        return int(Path(pidfile).read_text().strip())
    except (OSError, ValueError, KeyError):
        return 0


def redis_client(data_dir: Path) -> Any:
    from redis import Redis

    socket = json.loads((data_dir / "redis.db.settings").read_text())["unixsocket"]
    return Redis(unix_socket_path=socket, socket_timeout=2)


# -- one round -----------------------------------------------------------------------------------


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status
    except OSError:
        return 0


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    req = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait(what: str, ok: Any, timeout: float, proc: subprocess.Popen[bytes], step: float = 0.02) -> float:
    start = time.monotonic()
    while not ok():
        if proc.poll() is not None:
            raise RuntimeError(f"python -m bot run exited with {proc.returncode} while waiting for {what}")
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"no {what} within {timeout:.0f} s")
        time.sleep(step)
    return time.monotonic()


def _drained(client: Any) -> bool:
    for queue in ("replies", "handoff"):
        if client.llen(f"rq:queue:{queue}") or client.zcard(f"rq:wip:{queue}"):
            return False
    return True


def run_round(args: argparse.Namespace, platforms: samples.LocalPlatforms, tmp: Path) -> dict[str, Any]:
    data_dir = tmp / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP)}
    env.update(SECRETS, PORT=str(args.port), DATA_DIR=str(data_dir), HOST="127.0.0.1", PYTHONUNBUFFERED="1")
    env = platforms.env(env)
    base = f"http://127.0.0.1:{args.port}"
    log = open(tmp / "run.log", "wb")  # noqa: SIM115 - closed below
    result: dict[str, Any] = {"load_1m": round(os.getloadavg()[0], 2)}
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        healthy = _wait("/healthz 200", lambda: _get(base + "/healthz") == 200, 120, proc)
        result["healthz_s"] = round(healthy - t0, 2)
        # CPU the start used until then: wall time well above it is time spent waiting for a CPU
        # (other work on the machine), not the bridge's own start-up.
        result["healthz_cpu_s"] = round(cpu_seconds(tree(proc.pid)), 2)
        client = redis_client(data_dir)
        want = int(os.environ.get("RQ_WORKERS", "3"))
        ready = _wait("RQ workers", lambda: client.scard("rq:workers") >= want, 120, proc)
        result["workers_ready_s"] = round(ready - t0, 2)
        rpid = redis_pid(data_dir)

        peak = {"total_kb": 0}
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.is_set():
                total = sum(memory(p)["pss_kb"] for p in tree(proc.pid, (rpid,)))
                peak["total_kb"] = max(peak["total_kb"], total)
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        statuses = []
        for n, text in enumerate(MESSAGES[: args.messages]):
            for channel in CHANNELS:
                user = {"telegram": str(4242 + n), "line": f"U{n:032x}"}.get(channel, f"footprint-{n}")
                body, headers = samples.sample(channel, text, user, env)
                statuses.append(_post(f"{base}/webhooks/{channel}", body, headers))
        _wait("drained queues", lambda: _drained(client), 60, proc, step=0.1)
        time.sleep(0.5)  # the last horse exits
        sampling.set()
        sampler.join()
        result["statuses"] = dict(Counter(statuses))
        result["pushed"] = len(platforms.take())
        procs = tree(proc.pid, (rpid,))
        workers = {int(client.hget(key, "pid") or 0) for key in client.smembers("rq:workers")}
        names = name_processes(proc.pid, procs, workers)
        result["processes"] = {names[p]: memory(p) for p in procs}
        result["total_pss_mb"] = round(sum(m["pss_kb"] for m in result["processes"].values()) / 1024, 1)
        result["total_rss_mb"] = round(sum(m["rss_kb"] for m in result["processes"].values()) / 1024, 1)
        result["peak_pss_mb"] = round(peak["total_kb"] / 1024, 1)
        client.close()
    finally:
        t1 = time.monotonic()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        result["stop_s"] = round(time.monotonic() - t1, 2)
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # anything left of the group (there should be nothing)
            result["left_behind"] = True
        except ProcessLookupError:
            result["left_behind"] = False
        pid = redis_pid(data_dir)
        if pid:
            try:
                os.kill(pid, 0)
                result["left_behind"] = True
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        log.close()
    return result


# -- report ---------------------------------------------------------------------------------------


def kind(name: str) -> str:
    return name.rstrip("0123456789").strip()


def by_kind(result: dict[str, Any]) -> dict[str, tuple[int, float]]:
    """Per kind of process: how many and their PSS in MB."""
    out: dict[str, tuple[int, float]] = {}
    for name, mem in result["processes"].items():
        n, mb = out.get(kind(name), (0, 0.0))
        out[kind(name)] = (n + 1, mb + mem["pss_kb"] / 1024)
    return out


def print_round(i: int, result: dict[str, Any]) -> None:
    print(f"\nround {i}: load average {result['load_1m']:.2f}; /healthz 200 after {result['healthz_s']:.2f} s "
          f"(CPU {result['healthz_cpu_s']:.2f} s), RQ workers ready after "
          f"{result['workers_ready_s']:.2f} s; webhooks {result['statuses']}, {result['pushed']} pushes; "
          f"stopped in {result['stop_s']:.2f} s{' (processes left behind!)' if result['left_behind'] else ''}")
    print(f"  {'process':24s} {'PSS MB':>8s} {'USS MB':>8s} {'RSS MB':>8s}")
    for name, mem in result["processes"].items():
        print(f"  {name:24s} {mem['pss_kb'] / 1024:8.1f} {mem['uss_kb'] / 1024:8.1f} {mem['rss_kb'] / 1024:8.1f}")
    print(f"  {'total':24s} {result['total_pss_mb']:8.1f} {'':8s} {result['total_rss_mb']:8.1f}"
          f"   (peak PSS while handling messages: {result['peak_pss_mb']:.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--messages", type=int, default=3, help=f"messages per channel (at most {len(MESSAGES)})")
    parser.add_argument("--port", type=int, default=int(os.environ.get("FOOTPRINT_PORT", "8130")))
    args = parser.parse_args()
    platforms = samples.LocalPlatforms()
    results = []
    for i in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory(prefix="footprint-") as tmp:
            results.append(run_round(args, platforms, Path(tmp)))
        print_round(i, results[-1])
    median = statistics.median
    kinds = {k: [by_kind(r).get(k, (0, 0.0)) for r in results] for k in by_kind(results[0])}
    summary = {
        "rounds": len(results),
        "healthz_s": median(r["healthz_s"] for r in results),
        "workers_ready_s": median(r["workers_ready_s"] for r in results),
        "total_pss_mb": median(r["total_pss_mb"] for r in results),
        "peak_pss_mb": median(r["peak_pss_mb"] for r in results),
        "total_rss_mb": median(r["total_rss_mb"] for r in results),
        "pss_mb_by_kind": {k: [v[-1][0], round(median(mb for _, mb in v), 1)] for k, v in kinds.items()},
        "healthz_s_all": [r["healthz_s"] for r in results],
        "healthz_cpu_s_all": [r["healthz_cpu_s"] for r in results],
        "load_1m_all": [r["load_1m"] for r in results],
        "total_pss_mb_all": [r["total_pss_mb"] for r in results],
        "non_2xx": sum(n for r in results for s, n in r["statuses"].items() if not 200 <= s < 300),
        "left_behind": any(r["left_behind"] for r in results),
    }
    print(f"\nmedian of {len(results)}: /healthz {summary['healthz_s']:.2f} s, workers {summary['workers_ready_s']:.2f} s, "
          f"PSS {summary['total_pss_mb']:.1f} MB (peak {summary['peak_pss_mb']:.1f}), RSS {summary['total_rss_mb']:.1f} MB")
    for k, (n, mb) in summary["pss_mb_by_kind"].items():
        print(f"  {k:24s} x{n}  {mb:8.1f} MB")
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if summary["non_2xx"] or summary["left_behind"] else 0


if __name__ == "__main__":
    sys.exit(main())
