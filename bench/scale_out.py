"""Scale-out check (issue #8): two web processes and two workers against one Redis.

    .venv/bin/python bench/scale_out.py [--conversations 1000] [--retries 0.2] [--concurrency 4]
                                        [--redis-url redis://127.0.0.1:6379/14] [--seed 1]
                                        [--drain-timeout 3600] [--keep]

Starts what two machines behind a load balancer would run, with the commands of ``python -m bot
run`` (bot/dev/cli.py): TWO gunicorn instances (one sync worker each) on two free ports, TWO ``rq
worker`` processes and one ``rq cron`` (its 5-minute sweep notifies tickets not yet notified), all
on one Redis database (``--redis-url``, default REDIS_URL; it is FLUSHED before the run, and after
it unless a check failed or ``--keep``). Nothing leaves the machine: the platforms' send APIs go to
``samples.LocalPlatforms``, staff notifications to a local signed-webhook stub
(``STAFF_WEBHOOK_URL``, checked against ``X-Bridge-Signature``); there is no LLM, so questions the
FAQ cannot answer go to a person. The shop file is shop.yaml open around the clock, so every
ticket notifies staff at once.

Then N conversations run concurrently (a thread pool, ``--concurrency`` at a time): channels mixed (Kakao answers in the
webhook response, Naver too, LINE and Telegram by push), 2 to 4 messages each: FAQ questions,
messages that escalate (angry, damaged, unknown, "상담원 연결") and follow-ups while the thread
waits for staff. A share of deliveries (``--retries``) is sent twice, the retry to the OTHER web
process: half right after the first answer came back, half at the same time as the first
(at the same instant, or up to 20 ms later).

When the queues are drained it checks:

- every message got its answer exactly once: Kakao and Naver in the webhook response (a retry
  gets the same answer; a retry that overlapped the first delivery may get Kakao's holding
  message or Naver's empty 200 instead), LINE and Telegram as exactly one push. Follow-ups while
  staff own the thread: Kakao says "전달했어요", the other channels stay quiet (a push is extra);
- every message was handled once (the transcript holds each shopper message once);
- one ticket per escalated conversation (Redis tickets by thread), none for the others; one Naver
  passThread per escalated Naver conversation; one signed ``ticket.opened`` notification per ticket;
- no failed jobs, no non-200 webhook answers.

Prints a table (conversations, messages, retries, answers, pushes, tickets, notifications,
duplicates, missing, elapsed) and the first problems found. Exits 1 if any check failed.
Every process it starts is stopped when it ends, also on error, SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml

from bench.kakao_latency import process
from bench.webhook_load import QUESTIONS as FAQ_QUESTIONS
from bench.webhook_load import server
from bot.dev import samples
from bot.dev.cli import QUEUE_ORDER, cron_command, worker_command
from bot.outbox import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from tests.stubs import StubServer

CHANNELS = ("kakao", "naver", "line", "telegram")
SYNC_CHANNELS = ("kakao", "naver")  # the answer is in the webhook response
PREFIX = "scaleout"
STAFF_SECRET = "scale-out-staff-secret"
# Messages that must reach a person (triage) or that the FAQ cannot answer (no LLM: a person).
ESCALATIONS = (
    "아직도 안 왔어요 도대체 언제 와요? 짜증나요", "옷이 찢어져서 왔어요", "받은 옷에 얼룩이 있어요",
    "이거 완전 사기 아니에요? 화나네요", "상품이 불량이에요", "선물 포장 되나요?", "상담원 연결해 주세요",
)  # fmt: skip
# Written while the thread waits for staff (an FAQ question too: the bot must not answer it).
FOLLOW_UPS = ("주문번호 보내드릴게요", "빨리 답 주세요", "사진 보내드릴까요?", "언제쯤 답변 주시나요?", "배송 언제 와요?")
# Environment the child processes must not inherit: it would reach the outside world or change the path.
_DROP = ("OPENAI_", "KAKAO_", "NAVER_", "LINE_", "TELEGRAM_", "SLACK_", "SMTP_", "STAFF_", "DIGEST_", "MAIL_",
         "PUBLIC_URL", "ADMIN_TOKEN", "METRICS_TOKEN", "REDIS_", "BURST_", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS",
         "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")  # fmt: skip


# -- the plan ------------------------------------------------------------------------------------


@dataclass
class Delivery:
    web: int  # which web process (0 or 1)
    started: float = 0.0
    finished: float = 0.0
    status: int = 0
    body: Any = None  # the JSON answer, None for an empty body


@dataclass
class Message:
    text: str
    expect: str | None  # the answer's kind ("faq:shipping", "handoff_angry", "forwarded_to_staff"), None: silence
    retry: str = ""  # "", "after" (once the first answer is back) or "concurrent"
    deliveries: list[Delivery] = field(default_factory=list)
    reply_token: str = ""  # LINE: ties a reply-API push to this message


@dataclass
class Conversation:
    channel: str
    user: str
    messages: list[Message]
    escalation: str = ""  # the triage reason of the escalating message, "" if none

    @property
    def thread_id(self) -> str:
        return f"{self.channel}:{self.user}"


class Expectations:
    """What the bridge should answer to each text, from the shop file and the bot's own router."""

    def __init__(self, shop: Any) -> None:
        from bot.conversation.kinds import UPSET_REASONS
        from bot.conversation.routing import Router

        self.shop = shop
        router = Router(shop)
        self.faq: dict[str, str] = {}
        self.reason: dict[str, str] = {}
        for text in FAQ_QUESTIONS:
            route = router.route(text)
            if route.route != "faq" or not route.faq_id:
                raise SystemExit(f"error: {text!r} is not an FAQ question for this shop file")
            self.faq[text] = route.faq_id
        for text in ESCALATIONS:
            route = router.route(text)
            if route.route == "human":
                self.reason[text] = route.triage.reason
            elif route.route == "llm":
                self.reason[text] = "unsure"  # no LLM: a person answers
            else:
                raise SystemExit(f"error: {text!r} does not escalate with this shop file ({route.route})")
        self.upset = UPSET_REASONS
        m = shop.messages
        # Kinds by the start of the text (placeholders cut off); FAQ answers first.
        self.prefixes = [(f"faq:{e.id}", e.answer) for e in shop.faqs] + [
            (name, getattr(m, name).split("{")[0])
            for name in ("handoff_angry", "handoff_unsure", "handoff_in_hours", "forwarded_to_staff", "waiting_answer")
        ]

    def handoff_kind(self, reason: str) -> str:
        if reason in self.upset:
            return "handoff_angry"
        return "handoff_unsure" if reason in ("unsure", "repeated_misses") else "handoff_in_hours"

    def kind(self, text: str) -> str:
        for name, prefix in self.prefixes:
            if text.startswith(prefix):
                return name
        return "other"


def plan(n: int, retry_share: float, seed: int, expect: Expectations) -> list[Conversation]:
    """``n`` conversations, channels round-robin, 2-4 distinct messages each, ~40% escalating."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    conversations = []
    for i in range(n):
        channel = CHANNELS[i % len(CHANNELS)]
        user = {
            "kakao": f"so-{run}-k{i}",
            "naver": f"so-{run}-n{i}",
            "line": "U" + uuid.uuid4().hex,
            "telegram": str(700_000_000 + i),
        }[channel]
        count = rng.choice((2, 3, 4))
        at = rng.randrange(count) if rng.random() < 0.4 else -1
        faqs = rng.sample(FAQ_QUESTIONS, count)
        follow_ups = rng.sample([t for t in FOLLOW_UPS if t not in faqs[:at]], count)
        messages: list[Message] = []
        reason = ""
        for k in range(count):
            if at < 0 or k < at:
                text = faqs[k]
                kind: str | None = f"faq:{expect.faq[text]}"
            elif k == at:
                text = rng.choice(ESCALATIONS)
                reason = expect.reason[text]
                kind = expect.handoff_kind(reason)
            else:
                text = follow_ups[k]
                kind = "forwarded_to_staff" if channel == "kakao" else None  # elsewhere the bot stays quiet
            retry = ""
            if rng.random() < retry_share:
                retry = "concurrent" if rng.random() < 0.5 else "after"
            messages.append(Message(text, kind, retry))
        conversations.append(Conversation(channel, user, messages, reason))
    return conversations


# -- the bridge ----------------------------------------------------------------------------------


@dataclass
class Bridge:
    webs: list[str]
    platforms: samples.LocalPlatforms
    staff: StubServer
    env: dict[str, str]
    logdir: Path


def always_open_shop(path: Path, out: Path) -> Path:
    """The shop file, open every hour of every day: tickets notify staff at once, whenever this runs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["hours"] = {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    data["public_holidays"] = False
    data["days_off"] = []
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


@contextmanager
def bridge(redis_url: str, shop: Path, logdir: Path) -> Iterator[Bridge]:
    """Two web processes, two workers, ``rq cron`` and the stubs; all stopped however the block ends."""
    with ExitStack() as stack:
        platforms = samples.LocalPlatforms()
        stack.callback(platforms.close)
        staff = StubServer(lambda path, body: (200, {"ok": True}))
        stack.callback(staff.close)
        env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP)}
        env.update(platforms.env({}))
        env.update(
            REDIS_URL=redis_url, REDIS_PREFIX=PREFIX, SHOP_CONFIG=str(shop), DATA_DIR=str(logdir / "data"),
            PYTHONPATH=str(ROOT), NO_PROXY="127.0.0.1,localhost",
            STAFF_WEBHOOK_URL=f"{staff.url}/staff", STAFF_WEBHOOK_SECRET=STAFF_SECRET,
        )  # fmt: skip
        for n in (1, 2):
            stack.enter_context(process(f"worker{n}", worker_command(redis_url), env, logdir))
        stack.enter_context(process("cron", cron_command(redis_url), env, logdir))
        webs = [stack.enter_context(server(f"web{n}", "bot.web.app:create_app()", 1, env, logdir)) for n in (1, 2)]
        yield Bridge(webs, platforms, staff, env, logdir)


# -- driving -------------------------------------------------------------------------------------

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(base: str, channel: str, body: bytes, headers: dict[str, str], delivery: Delivery) -> None:
    req = urllib.request.Request(f"{base}/webhooks/{channel}", data=body, headers=headers)
    delivery.started = time.monotonic()
    try:
        with _opener.open(req, timeout=30) as resp:
            delivery.status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        delivery.status, raw = exc.code, exc.read()
    except OSError as exc:
        delivery.status, raw = -1, str(exc).encode()
    delivery.finished = time.monotonic()
    try:
        delivery.body = json.loads(raw) if raw else None
    except ValueError:
        delivery.body = raw.decode("utf-8", "replace")


def talk(conv: Conversation, bridge: Bridge, rng: random.Random) -> None:
    """One shopper's messages in order; a retried delivery also goes to the other web process."""
    for message in conv.messages:
        body, headers = samples.sample(conv.channel, message.text, conv.user, bridge.env)
        if conv.channel == "line":
            message.reply_token = json.loads(body)["events"][0]["replyToken"]
        first = Delivery(rng.randrange(2))
        message.deliveries.append(first)
        if not message.retry:
            post(bridge.webs[first.web], conv.channel, body, headers, first)
            continue
        again = Delivery(1 - first.web)
        message.deliveries.append(again)
        if message.retry == "after":
            post(bridge.webs[first.web], conv.channel, body, headers, first)
            post(bridge.webs[again.web], conv.channel, body, headers, again)
            continue
        # Half of them leave at the same instant, half up to 20 ms apart.
        jitter = 0.0 if rng.random() < 0.5 else rng.uniform(0, 0.02)
        together = threading.Barrier(2)

        def retry() -> None:
            together.wait()
            time.sleep(jitter)
            post(bridge.webs[again.web], conv.channel, body, headers, again)

        thread = threading.Thread(target=retry)
        thread.start()
        together.wait()
        post(bridge.webs[first.web], conv.channel, body, headers, first)
        thread.join()


def drive(conversations: list[Conversation], bridge: Bridge, concurrency: int, seed: int) -> None:
    pool = ThreadPoolExecutor(max_workers=concurrency)
    try:
        futures = [pool.submit(talk, c, bridge, random.Random(seed * 100_003 + i)) for i, c in enumerate(conversations)]
        for future in futures:
            future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def rq_queues(redis_url: str) -> Iterator[tuple[Any, list[Any]]]:
    """A raw connection (as RQ needs) and the bridge's queues, JSON-serialized like its jobs."""
    import redis as redis_lib
    from rq import Queue
    from rq.serializers import JSONSerializer

    conn = redis_lib.Redis.from_url(redis_url)
    try:
        yield conn, [Queue(name, connection=conn, serializer=JSONSerializer) for name in QUEUE_ORDER]
    finally:
        conn.close()


def wait_drained(redis_url: str, timeout: float) -> bool:
    """True once no job is queued, running or waiting for a retry (5-minute staff updates aside)."""
    from rq.job import Job

    deadline = time.monotonic() + timeout
    calm = 0
    with rq_queues(redis_url) as (conn, queues):
        while time.monotonic() < deadline:
            busy = sum(q.count + q.started_job_registry.count for q in queues)
            for q in queues:
                jobs = Job.fetch_many(q.scheduled_job_registry.get_job_ids(), connection=conn, serializer=q.serializer)
                busy += sum(1 for j in jobs if j is not None and j.func_name != "bot.jobs.notify.notify_updates")
            calm = calm + 1 if busy == 0 else 0
            if calm >= 3:
                return True
            time.sleep(0.3)
    return False


# -- checking ------------------------------------------------------------------------------------


@dataclass
class Report:
    conversations: int = 0
    messages: int = 0
    retries: int = 0
    expected_answers: int = 0
    answers: int = 0
    expected_pushes: int = 0
    pushes: int = 0
    expected_tickets: int = 0
    tickets: int = 0
    notifications: int = 0
    duplicates: int = 0
    missing: int = 0
    wrong: int = 0
    elapsed: float = 0.0
    drained: bool = True
    held_back: int = 0  # overlapping retries answered with Kakao's holding message or Naver's empty 200
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.drained and not (self.duplicates or self.missing or self.wrong)

    def problem(self, kind: str, text: str) -> None:
        if kind == "duplicate":
            self.duplicates += 1
        elif kind == "missing":
            self.missing += 1
        else:
            self.wrong += 1
        self.problems.append(f"{kind}: {text}")

    def table(self) -> str:
        head = ("conversations", "messages", "retries", "answers", "pushes", "tickets", "notifications",
                "duplicates", "missing", "elapsed")  # fmt: skip
        row = (
            str(self.conversations), str(self.messages), str(self.retries),
            f"{self.answers}/{self.expected_answers}", f"{self.pushes}/{self.expected_pushes}",
            f"{self.tickets}/{self.expected_tickets}", f"{self.notifications}/{self.tickets}",
            str(self.duplicates), str(self.missing), f"{self.elapsed:.1f} s",
        )  # fmt: skip
        widths = [max(len(h), len(c)) for h, c in zip(head, row, strict=False)]
        lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=False)) + " |",
                 "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                 "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=False)) + " |"]  # fmt: skip
        return "\n".join(lines)

    def summary(self, limit: int = 15) -> str:
        lines = [self.table()]
        if self.wrong:
            lines.append(f"wrong answers or errors: {self.wrong}")
        if not self.drained:
            lines.append("the queues did not drain in time")
        lines += self.notes
        if self.held_back:
            lines.append(f"retries that overlapped the first delivery and got Kakao's holding message or Naver's "
                         f"empty answer instead of the answer: {self.held_back}")
        lines += self.problems[:limit]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        lines.append("OK" if self.ok else "FAILED")
        return "\n".join(lines)


def _sync_answer(channel: str, delivery: Delivery, expect: Expectations) -> tuple[str | None, str]:
    """The kind of a webhook response and its text (Kakao, Naver)."""
    texts = samples.reply_texts(channel, delivery.body) if isinstance(delivery.body, dict) else []
    if not texts or not texts[0]:
        return None, ""
    return expect.kind(texts[0]), texts[0]


def check_sync(conv: Conversation, expect: Expectations, report: Report) -> None:
    for n, message in enumerate(conv.messages):
        where = f"{conv.thread_id} message {n + 1} {message.text!r} (retry: {message.retry or 'none'})"
        for d in message.deliveries:
            if d.status != 200:
                report.problem("wrong", f"{where}: HTTP {d.status} from web{d.web + 1}: {str(d.body)[:120]}")
        answers = [_sync_answer(conv.channel, d, expect) for d in message.deliveries]
        if message.expect is None:
            if any(kind is not None for kind, _ in answers):
                report.problem("duplicate", f"{where}: expected no answer, got {[k for k, _ in answers]}")
            continue
        report.expected_answers += 1
        first = answers[0]
        if len(answers) == 1:
            if first[0] == message.expect:
                report.answers += 1
            elif first[0] is None:
                report.problem("missing", f"{where}: no answer (expected {message.expect})")
            else:
                report.problem("wrong", f"{where}: answered {first[0]} {first[1][:40]!r}, expected {message.expect}")
            continue
        a, b = message.deliveries
        overlapped = a.started < b.finished and b.started < a.finished
        real = [(kind, text) for kind, text in answers if kind not in (None, "waiting_answer")]
        report.held_back += len(answers) - len(real)
        kinds = [kind for kind, _ in real]
        if not real:
            report.problem("missing", f"{where}: neither delivery got an answer ({[k for k, _ in answers]})")
        elif len({text for _, text in real}) > 1:
            report.problem("duplicate", f"{where}: two different answers to one message: {kinds} "
                                        f"(web{a.web + 1} {a.started:.3f}-{a.finished:.3f}, "
                                        f"web{b.web + 1} {b.started:.3f}-{b.finished:.3f})")
        elif kinds[0] != message.expect:
            report.problem("wrong", f"{where}: answered {kinds[0]}, expected {message.expect}")
        elif len(real) < 2 and not overlapped:
            report.problem("wrong", f"{where}: the retry after the answer did not get the same answer: "
                                    f"{[k for k, _ in answers]}")
        else:
            report.answers += 1


def _push_owner(body: Any, by_user: dict[str, Conversation], by_token: dict[str, tuple[Conversation, int]]) -> Any:
    if not isinstance(body, dict):
        return None
    if "replyToken" in body:
        return by_token.get(str(body["replyToken"]), (None, 0))[0]
    for key in ("to", "chat_id", "user"):
        if key in body:
            return by_user.get(str(body[key]))
    return None


def check_pushes(conversations: list[Conversation], bodies: list[Any], expect: Expectations, report: Report) -> None:
    """Exactly one push per message answered by push; none for the others; one passThread per Naver escalation."""
    by_user = {c.user: c for c in conversations}
    by_token = {m.reply_token: (c, i) for c in conversations for i, m in enumerate(c.messages) if m.reply_token}
    pushed: dict[str, Counter[str]] = {}
    handovers: dict[str, Counter[str]] = {}
    for body in bodies:
        owner = _push_owner(body, by_user, by_token)
        if isinstance(body, dict) and body.get("event") == "handover":
            control = str((body.get("options") or {}).get("control"))
            handovers.setdefault(owner.thread_id if owner else "?", Counter())[control] += 1
            continue
        texts = samples.pushed_texts(body)
        report.pushes += 1
        if owner is None:
            report.problem("duplicate", f"a push nobody is waiting for: {json.dumps(body, ensure_ascii=False)[:160]}")
            continue
        pushed.setdefault(owner.thread_id, Counter())[expect.kind(texts[0]) if texts else "other"] += 1
    for conv in conversations:
        got = pushed.get(conv.thread_id, Counter())
        wanted: Counter[str] = Counter()
        if conv.channel not in SYNC_CHANNELS:
            wanted.update(m.expect for m in conv.messages if m.expect is not None)
            report.expected_pushes += sum(wanted.values())
            report.expected_answers += sum(wanted.values())
            report.answers += sum(min(got[k], n) for k, n in wanted.items())
        for kind, n in (got - wanted).items():
            for _ in range(n):
                report.problem("duplicate", f"{conv.thread_id}: an extra push {kind} (pushed {dict(got)}, "
                                            f"expected {dict(wanted)}; messages {_describe(conv)})")
        for kind, n in (wanted - got).items():
            for _ in range(n):
                report.problem("missing", f"{conv.thread_id}: no push {kind} (pushed {dict(got)}; "
                                          f"messages {_describe(conv)})")
        passes = handovers.pop(conv.thread_id, Counter())
        want = 1 if conv.channel == "naver" and conv.escalation else 0
        if passes["passThread"] > want:
            report.problem("duplicate", f"{conv.thread_id}: {passes['passThread']} passThread handovers")
        elif passes["passThread"] < want:
            report.problem("missing", f"{conv.thread_id}: no passThread handover")
    for thread, passes in handovers.items():
        report.problem("duplicate", f"handover for an unknown thread {thread}: {dict(passes)}")


def _describe(conv: Conversation) -> str:
    return "; ".join(f"{m.text!r}->{m.expect} retry={m.retry or '-'}" for m in conv.messages)


def check_store(conversations: list[Conversation], redis_url: str, report: Report) -> None:
    """Tickets by thread, and each shopper message handled once (the transcript)."""
    from bot.storage.redis_conn import connect
    from bot.storage.store import Store

    db = connect(redis_url)
    try:
        store = Store(db, PREFIX)
        tickets: dict[str, list[dict[str, str]]] = {}
        for key in db.scan_iter(store.key("ticket", "*")):
            number = key.rsplit(":", 1)[1]
            ticket = store.ticket(number) if number.isdigit() else None
            if ticket:
                tickets.setdefault(ticket.get("thread", "?"), []).append(ticket)
        report.tickets = sum(len(t) for t in tickets.values())
        for conv in conversations:
            found = tickets.pop(conv.thread_id, [])
            wanted = 1 if conv.escalation else 0
            report.expected_tickets += wanted
            if len(found) > wanted:
                report.problem("duplicate", f"{conv.thread_id}: {len(found)} tickets {[t['id'] for t in found]}")
            elif len(found) < wanted:
                report.problem("missing", f"{conv.thread_id}: no ticket for {conv.escalation} ({_describe(conv)})")
            elif found and found[0].get("reason") != conv.escalation:
                report.problem("wrong", f"{conv.thread_id}: ticket reason {found[0].get('reason')}, "
                                        f"expected {conv.escalation}")
            said = Counter(t["text"] for t in store.transcript(conv.thread_id) if t.get("role") == "shopper")
            for text, n in said.items():
                if n > 1:
                    report.problem("duplicate", f"{conv.thread_id}: {text!r} handled {n} times ({_describe(conv)})")
        for thread, found in tickets.items():
            report.problem("duplicate", f"tickets for an unknown thread {thread}: {[t['id'] for t in found]}")
        folded = sum(int(v) for k in db.scan_iter(store.key("stats", "*"))
                     if db.type(k) == "hash" for f, v in db.hgetall(k).items() if f == "duplicate")  # fmt: skip
        report.notes.append(f"retried deliveries the bridge folded: {folded} of {report.retries}")
    finally:
        db.close()


def check_notifications(requests: list[tuple[str, dict[str, Any], dict[str, str]]], report: Report) -> None:
    """One signed ticket.opened per ticket."""
    opened: Counter[str] = Counter()
    updates = 0
    for _path, body, headers in requests:
        raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
        expected = sign(STAFF_SECRET, headers.get(TIMESTAMP_HEADER.lower(), ""), raw)
        if headers.get(SIGNATURE_HEADER.lower()) != expected:
            report.problem("wrong", f"staff notification with a bad signature: {str(body)[:120]}")
        if body.get("event") == "ticket.opened":
            opened[str(body["ticket"]["id"])] += 1
        else:
            updates += 1
    report.notifications = len(opened)
    if updates:
        report.notes.append(f"ticket updates sent to staff: {updates}")
    for number, n in opened.items():
        if n > 1:
            report.problem("duplicate", f"ticket {number}: {n} ticket.opened notifications")
    missing = report.tickets - len(opened)
    for _ in range(max(missing, 0)):
        report.problem("missing", "a ticket without a staff notification")


def jobs_run(redis_url: str) -> int:
    with rq_queues(redis_url) as (_, queues):
        return sum(q.finished_job_registry.count for q in queues)


def failed_jobs(redis_url: str) -> list[str]:
    with rq_queues(redis_url) as (_, queues):
        return [f"{q.name}:{job_id}" for q in queues for job_id in q.failed_job_registry.get_job_ids()]


# -- the whole check -------------------------------------------------------------------------------


def run(redis_url: str, conversations: int = 1000, retry_share: float = 0.2, concurrency: int = 4, seed: int = 1,
        shop: Path = ROOT / "shop.yaml", drain_timeout: float = 3600, logdir: Path | None = None) -> Report:
    """Start the bridge twice over, drive ``conversations`` shoppers, wait for the queues, check.

    The Redis database at ``redis_url`` must be one the caller may flush (it is not flushed here)."""
    from bot.settings import load_shop

    expect = Expectations(load_shop(shop))
    convs = plan(conversations, retry_share, seed, expect)
    report = Report(conversations=len(convs), messages=sum(len(c.messages) for c in convs),
                    retries=sum(1 for c in convs for m in c.messages if m.retry))  # fmt: skip
    with ExitStack() as stack:
        if logdir is None:
            logdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="scale-out-")))
        shop_file = always_open_shop(shop, logdir / "shop-always-open.yaml")
        running = stack.enter_context(bridge(redis_url, shop_file, logdir))
        started = time.monotonic()
        drive(convs, running, concurrency, seed)
        driven = time.monotonic()
        report.drained = wait_drained(redis_url, drain_timeout)
        report.elapsed = time.monotonic() - started
        report.notes.append(f"webhooks answered in {driven - started:.1f} s, queues drained "
                            f"{report.elapsed - (driven - started):.1f} s later; {jobs_run(redis_url)} jobs run")
        bodies = list(running.platforms.bodies)
        staff_requests = list(running.staff.requests)
    for conv in convs:
        if conv.channel in SYNC_CHANNELS:
            check_sync(conv, expect, report)
        for message in conv.messages:
            for d in message.deliveries:
                if conv.channel not in SYNC_CHANNELS and d.status != 200:
                    report.problem("wrong", f"{conv.thread_id} {message.text!r}: HTTP {d.status}: {str(d.body)[:120]}")
    check_pushes(convs, bodies, expect, report)
    check_store(convs, redis_url, report)
    check_notifications(staff_requests, report)
    for job in failed_jobs(redis_url):
        report.problem("wrong", f"failed job {job}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", "-n", type=int, default=1000)
    parser.add_argument("--retries", type=float, default=0.2, help="share of deliveries sent twice (default 0.2)")
    parser.add_argument("--concurrency", type=int, default=4,
                        help="conversations at a time (default 4: with more, requests wait in the web processes' "
                             "backlogs and a retry sent with its first delivery no longer reaches them together)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14",
                        help="a database this may FLUSH (default REDIS_URL, else db 14 of the machine's Redis)")
    parser.add_argument("--shop", default=str(ROOT / "shop.yaml"))
    parser.add_argument("--drain-timeout", type=float, default=3600,
                        help="seconds to wait for the queues after the last webhook (default 3600)")
    parser.add_argument("--keep", action="store_true", help="keep the Redis data and the logs after the run")
    args = parser.parse_args(argv)

    import redis as redis_lib

    db = redis_lib.Redis.from_url(args.redis_url)
    db.ping()
    db.flushdb()
    logdir = Path(tempfile.mkdtemp(prefix="scale-out-"))
    print(f"2 web processes (gunicorn, 1 sync worker each) + 2 RQ workers on {args.redis_url}; "
          f"{args.conversations} conversations, {args.retries:.0%} retried, {args.concurrency} at a time; "
          f"logs in {logdir}", flush=True)  # fmt: skip
    report = run(args.redis_url, args.conversations, args.retries, args.concurrency, args.seed, Path(args.shop),
                 drain_timeout=args.drain_timeout, logdir=logdir)
    print(report.summary())
    if report.ok and not args.keep:
        db.flushdb()
        import shutil

        shutil.rmtree(logdir, ignore_errors=True)
    else:
        print(f"(Redis data kept in {args.redis_url}, prefix {PREFIX}; logs in {logdir})")
    db.close()
    return 0 if report.ok else 1


if __name__ == "__main__":
    def _terminate(*_: Any) -> None:
        raise SystemExit(143)  # unwind: every process and stub this started is stopped

    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
