"""Everything the bridge remembers, in Redis, under one prefix.

| key                          | type        | what                                             |
|------------------------------|-------------|--------------------------------------------------|
| {p}:seen:{channel}:{event}   | string, TTL | idempotency claim, then the cached reply (JSON)  |
| {p}:thread:{id}              | hash        | state, channel, user, misses, handoff seq, times |
| {p}:thread:{id}:log          | list, TTL   | the transcript, JSON per turn, PII masked        |
| {p}:thread:{id}:events       | list, TTL   | state transitions, JSON per transition           |
| {p}:ticket:{n}               | hash        | a handoff ticket for staff                       |
| {p}:ticketref:{id}:{seq}     | string      | the ticket number of a thread's n-th handoff     |
| {p}:handoffs                 | sorted set  | open ticket numbers by creation time             |
| {p}:resolved                 | sorted set  | resolved ticket numbers by resolution time       |
| {p}:digest:*                 | various     | the morning digest's claims and last-sent time   |
| {p}:stats:{yyyy-mm-dd}       | hash, TTL   | counters per day, and per hour as h{HH}:{name}   |
| {p}:threads:{yyyy-mm-dd}     | HyperLogLog | distinct threads that wrote that day             |
| {p}:samples:{kind}:{day}     | list, TTL   | response times in ms (first_response, staff_...) |
| {p}:samples:{kind}:g:{grp}:{day}, {p}:threads:{day}:g:{grp} | the two above per rollout side (bot / people) |
| {p}:held:{id}                | list, TTL   | replies waiting for the shopper's next turn (waiting.py) |
| {p}:settings:versions, {p}:misses | lists | live settings versions (bot/live.py); FAQ misses, masked (bot/learn.py) |
| {p}:rate:{id}:{m|h}{n}       | string, TTL | a shopper's messages in one minute / one hour    |
| {p}:pushing:{key}            | string, TTL | the RQ job that is pushing a reply (bot/jobs/tasks.py) |
| {p}:pushed:{key}             | string, TTL | a reply the platform accepted: never pushed again|
| {p}:callbacks                | sorted set  | Kakao callbacks waiting for an answer, by when the bridge must speak |
| {p}:callback:{key}           | string, TTL | that message (JSON), and then who used its one-shot callback (waiting.py) |
| {p}:{llm|order}:{key}        | string, TTL | a deferred answer's outcome (JSON): a retry never asks twice |
| {p}:answer:{n}               | hash, TTL   | one bot answer (FAQ/LLM) and its review (reviews.py) |
| {p}:answer:counter           | string      | the last answer number                           |
| {p}:review                   | sorted set  | answer numbers waiting for review, by answer time |
| {p}:recent                   | sorted set  | thread ids by last turn (the conversation list)  |
| {p}:ticket:{n}:log           | list, TTL   | who did what on a ticket, JSON per action (people.py) |
| {p}:people                   | hash        | staff logins: name -> JSON {role, password (scrypt hash), must_change, disabled, notify, gen} (bot/accounts.py) |
| {p}:saved_replies            | hash        | saved replies: id -> JSON {title, text}          |
| {p}:orders:*                 | various     | orders and their caches (orders/store.py has the table) |

A thread's order question lives in its hash: ``order_stage`` (``number`` or ``check``),
``order_no`` (the number given, until checked), ``order_at`` and ``order_fails`` (wrong checks).

Thread states: ``bot`` → ``waiting_staff`` → ``staff`` → ``bot``.

A webhook turn costs two round trips and two commands: :meth:`Store.begin_turn` (one script:
claim, thread, held count, rate counters) and, inside :meth:`Store.batched`, one script call
that applies everything the turn writes (counters, transcript, thread fields, the cached reply).
One script call instead of a pipeline of ~25 commands matters: redis-py packs and parses each
pipelined command in Python, and that was most of the request's time.
The bridge expects one Redis server (scripts touch keys they compute; not for Redis Cluster).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from redis import Redis

from bot.privacy import mask
from bot.storage import scripts
from bot.storage.owner_keys import GROUPED_COUNTS, OwnerKeys, _group
from bot.storage.people import People
from bot.storage.reviews import Reviews
from bot.storage.waiting import Waiting

BOT, WAITING_STAFF, STAFF = "bot", "waiting_staff", "staff"
STATES = (BOT, WAITING_STAFF, STAFF)
PENDING = "__pending__"  # a claimed event whose reply is not stored yet

LOG_CAP = 200
LOG_TTL = 60 * 60 * 24 * 30
STATS_TTL = 60 * 60 * 24 * 400

@dataclass(frozen=True)
class TurnStart:
    """What :meth:`Store.begin_turn` found: a retry (with its cached reply) or a new turn."""

    claimed: bool
    thread: dict[str, str] = field(default_factory=dict)
    held: int = 0  # replies waiting for this shopper's next turn
    rate: int = 0  # 0 within limits; 1 first message over a limit in its window; 2 later ones
    cached: str = ""  # for a retry: the first delivery's reply (JSON), or PENDING / '' while it runs


class Writes:
    """Write commands queued for one script call; repeated EXPIREs of a key are sent once, last."""

    def __init__(self) -> None:
        self.ops: list[list[str]] = []
        self.expires: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ops) + len(self.expires)

    def add(self, command: str, key: str, *args: str | int) -> None:
        self.ops.append([command, key, *(str(a) for a in args)])

    def expire(self, key: str, seconds: int) -> None:
        self.expires.pop(key, None)
        self.expires[key] = seconds

    def payload(self) -> str:
        ops = self.ops + [["EXPIRE", key, str(ttl)] for key, ttl in self.expires.items()]
        return json.dumps(ops, ensure_ascii=False)

    def clear(self) -> None:
        self.ops.clear()
        self.expires.clear()


_batch: ContextVar[Writes | None] = ContextVar("store_batch", default=None)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store(OwnerKeys):
    """Typed access to the bridge's Redis keys."""

    def __init__(self, redis: Redis, prefix: str = "bridge", clock: Callable[[], datetime] = utc_now) -> None:
        self.redis = redis
        self.prefix = prefix
        self.clock = clock  # the bridge's one clock (Context.now): every timestamp stored, tests travel in time
        self._transition = redis.register_script(scripts.TRANSITION)
        self._open_ticket = redis.register_script(scripts.OPEN_TICKET)
        self._begin_turn = redis.register_script(scripts.BEGIN_TURN)
        self._apply = redis.register_script(scripts.APPLY)

    def now_ts(self) -> float:
        """The clock as a Unix timestamp, the way timestamps are stored."""
        return self.clock().timestamp()

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    @property
    def reviews(self) -> Reviews:
        """Bot answers, the review queue and the conversation list (bot/storage/reviews.py)."""
        return Reviews(self)

    @property
    def waiting(self) -> Waiting:
        """Kakao's one-shot callbacks and answers held for the next turn (bot/storage/waiting.py)."""
        return Waiting(self)

    @property
    def people(self) -> People:
        """Staff logins, saved replies and the ticket action log (bot/storage/people.py)."""
        return People(self)

    # -- batching -----------------------------------------------------------------------

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Queue this context's writes and apply them in one call when the block ends.

        Reads and other scripts (transitions, tickets) still run at once. :meth:`flush` sends
        what is queued early (before enqueueing a job that reads it). An exception drops the batch.
        """
        writes = Writes()
        token, group = _batch.set(writes), _group.set("")
        try:
            yield
            self._send(writes)
        finally:
            _batch.reset(token)
            _group.reset(group)

    def flush(self) -> None:
        writes = _batch.get()
        if writes is not None:
            self._send(writes)

    def _send(self, writes: Writes) -> None:
        if len(writes):
            self._apply(args=[writes.payload()])
            writes.clear()

    @contextmanager
    def _writes(self) -> Iterator[Writes]:
        """The active batch, or writes of their own sent when the block ends."""
        writes = _batch.get()
        if writes is not None:
            yield writes
            return
        own = Writes()
        yield own
        self._send(own)

    # -- idempotency ------------------------------------------------------------------

    def begin_turn(
        self,
        channel: str,
        event_id: str,
        thread_id: str,
        user_id: str,
        *,
        dedupe_seconds: int,
        synthetic_ids: bool,
        handle: dict[str, str] | None = None,
        limits: tuple[int, int] = (0, 0),
        now: float | None = None,
    ) -> TurnStart:
        """Claim an event and read its thread in one round trip (see ``_BEGIN_TURN``).

        ``limits``: messages allowed per minute and per hour (0: no limit, not counted).
        """
        ts = self.now_ts() if now is None else now
        minute, hour = int(ts // 60), int(ts // 3600)
        result = self._begin_turn(
            keys=[
                self.key("seen", channel, event_id),
                self.key("thread", thread_id),
                self.key("held", thread_id),
                self.key("rate", thread_id, f"m{minute}"),
                self.key("rate", thread_id, f"h{hour}"),
            ],
            args=[
                max(dedupe_seconds, 1),
                event_id,
                "1" if synthetic_ids else "0",
                f"{self.now_ts():.3f}",
                channel,
                user_id,
                json.dumps(handle, ensure_ascii=False) if handle is not None else "",
                limits[0],
                limits[1],
                PENDING,
                f"{ts:.3f}",
            ],
        )
        if not int(result[0]):
            return TurnStart(claimed=False, cached=result[1])
        flat = result[1]
        thread = dict(zip(flat[::2], flat[1::2], strict=False))
        return TurnStart(claimed=True, thread=thread, held=int(result[2]), rate=int(result[3]))

    def remember_reply(self, channel: str, event_id: str, reply: dict[str, Any] | None) -> None:
        value = json.dumps(reply, ensure_ascii=False) if reply is not None else "null"
        with self._writes() as w:
            w.add("SET", self.key("seen", channel, event_id), value, "XX", "KEEPTTL")

    def cached_reply(self, channel: str, event_id: str) -> tuple[bool, dict[str, Any] | None]:
        """``(ready, reply)`` for a claimed event; ready is False while the first delivery still runs."""
        return parse_cached(self.redis.get(self.key("seen", channel, event_id)))

    def release(self, channel: str, event_id: str) -> None:
        """Give up a claim (the first delivery failed before answering), so a retry is handled afresh."""
        self.redis.delete(self.key("seen", channel, event_id))

    # -- threads ------------------------------------------------------------------------

    def thread(self, thread_id: str) -> dict[str, str]:
        data = self.redis.hgetall(self.key("thread", thread_id))
        data.setdefault("state", BOT)
        return data

    def set_fields(self, thread_id: str, **fields: str | int | float) -> None:
        with self._writes() as w:
            w.add("HSET", self.key("thread", thread_id), *(x for kv in fields.items() for x in kv))

    def incr_misses(self, thread_id: str) -> None:
        with self._writes() as w:
            w.add("HINCRBY", self.key("thread", thread_id), "misses", 1)

    def reset_misses(self, thread_id: str) -> None:
        self.set_fields(thread_id, misses=0)

    def transition(
        self, thread_id: str, expected: Iterable[str], new: str, *, reason: str = "", by: str = "bot", new_handoff: bool = False
    ) -> int | None:
        """Move a thread to ``new`` if it is in one of ``expected``; its handoff seq, or None if it was not."""
        assert new in STATES
        seq = self._transition(
            keys=[self.key("thread", thread_id), self.key("thread", thread_id, "events")],
            args=[",".join(expected), new, f"{self.now_ts():.3f}", reason, by, "1" if new_handoff else "0", LOG_TTL],
        )
        return None if int(seq) < 0 else int(seq)

    def transitions(self, thread_id: str) -> list[dict[str, Any]]:
        return [json.loads(x) for x in self.redis.lrange(self.key("thread", thread_id, "events"), 0, -1)]

    # -- an order question (bot/conversation/order_talk.py) --------------------------------

    def ask_order(self, thread_id: str, stage: str, order_no: str = "", now: float | None = None) -> None:
        """The bot asked for the order number (``number``) or the orderer check (``check``)."""
        self.set_fields(thread_id, order_stage=stage, order_no=order_no, order_at=f"{self.now_ts() if now is None else now:.0f}")

    def end_order_question(self, thread_id: str, checks_passed: bool = False) -> None:
        """The question is answered or dropped; a passed check (or a handoff) clears the wrong ones."""
        fields = ("order_stage", "order_no", "order_at", *(("order_fails",) if checks_passed else ()))
        with self._writes() as w:
            w.add("HDEL", self.key("thread", thread_id), *fields)

    def order_check_failed(self, thread_id: str) -> int:
        """One more wrong orderer check; how many so far (at once: the caller decides on it)."""
        return int(self.redis.hincrby(self.key("thread", thread_id), "order_fails", 1))

    def deferred_outcome(self, kind: str, key: str) -> dict[str, Any] | None:
        """What a deferred answer job (``llm``, ``order``) decided for ``key`` the first time it ran."""
        raw = self.redis.get(self.key(kind, key))
        return json.loads(raw) if raw else None

    def remember_outcome(self, kind: str, key: str, outcome: dict[str, Any], ttl: int = 60 * 60 * 24) -> None:
        self.redis.set(self.key(kind, key), json.dumps(outcome, ensure_ascii=False), ex=ttl)

    # -- transcript ----------------------------------------------------------------------

    def append_turn(self, thread_id: str, role: str, text: str, **extra: Any) -> None:
        """Record one turn, personal data masked; the log is capped and expires."""
        key = self.key("thread", thread_id, "log")
        entry = {"at": round(self.now_ts(), 3), "role": role, "text": mask(text), **extra}
        with self._writes() as w:
            w.add("RPUSH", key, json.dumps(entry, ensure_ascii=False))
            w.add("LTRIM", key, -LOG_CAP, -1)
            w.expire(key, LOG_TTL)
        self.reviews.touch(thread_id, entry["at"])

    def transcript(self, thread_id: str, last: int = LOG_CAP) -> list[dict[str, Any]]:
        return [json.loads(x) for x in self.redis.lrange(self.key("thread", thread_id, "log"), -last, -1)]

    # -- tickets -------------------------------------------------------------------------

    def open_ticket(self, thread_id: str, seq: int, fields: dict[str, str]) -> tuple[str, bool]:
        """The ticket for a thread's ``seq``-th handoff, created once; ``(number, created_now)``."""
        flat: list[str] = []
        for k, v in {"thread": thread_id, "seq": str(seq), **fields}.items():
            flat += [k, str(v)]
        number, created = self._open_ticket(
            keys=[self.key("ticketref", thread_id, str(seq)), self.key("ticket", "counter"), self.key("handoffs")],
            args=[self.prefix, f"{self.now_ts():.3f}", *flat],
        )
        return str(number), bool(int(created))

    def ticket(self, number: str) -> dict[str, str] | None:
        data = self.redis.hgetall(self.key("ticket", number))
        return data or None

    def update_ticket(self, number: str, **fields: str | int | float) -> None:
        key = self.key("ticket", number)
        if self.redis.exists(key):
            self.redis.hset(key, mapping={"updated_at": f"{self.now_ts():.3f}", **{k: str(v) for k, v in fields.items()}})

    def add_unread(self, number: str) -> None:
        """One more shopper message staff have not read (an increment: two workers never lose one)."""
        key = self.key("ticket", number)
        if self.redis.exists(key):
            self.redis.hincrby(key, "unread", 1)

    def close_ticket(self, number: str, by: str = "staff") -> None:
        now = self.now_ts()
        pipe = self.redis.pipeline()
        pipe.hset(self.key("ticket", number), mapping={"state": "resolved", "resolved_at": f"{now:.3f}", "resolved_by": by})
        pipe.zrem(self.key("handoffs"), number)
        # The digest asks "what was resolved since the last one"; old entries age out with the stats.
        pipe.zadd(self.key("resolved"), {number: now})
        pipe.zremrangebyscore(self.key("resolved"), 0, now - STATS_TTL)
        pipe.execute()

    def resolved_between(self, start: float, end: float) -> list[dict[str, str]]:
        """Tickets resolved in ``[start, end)`` (epoch seconds), in the order they were resolved."""
        numbers = self.redis.zrangebyscore(self.key("resolved"), start, f"({end}")
        pipe = self.redis.pipeline()
        for n in numbers:
            pipe.hgetall(self.key("ticket", n))
        return [t for t in pipe.execute() if t]

    def open_tickets(self) -> list[dict[str, str]]:
        numbers = self.redis.zrange(self.key("handoffs"), 0, -1)
        pipe = self.redis.pipeline()
        for n in numbers:
            pipe.hgetall(self.key("ticket", n))
        return [t for t in pipe.execute() if t]

    # -- stats -----------------------------------------------------------------------------

    def count(self, *names: str, day: datetime | None = None) -> None:
        day = day or self.clock()
        key = self.key("stats", day.strftime("%Y-%m-%d"))
        with self._writes() as w:
            for name in names:
                w.add("HINCRBY", key, name, 1)
                if _group.get() and name in GROUPED_COUNTS:  # the rollout side's 👍/👎
                    w.add("HINCRBY", key, f"g:{_group.get()}:{name}", 1)
            w.expire(key, STATS_TTL)

    def count_turn(self, day: datetime, thread_id: str, *names: str) -> None:
        """Per-day and per-hour counters for a handled message, and the day's distinct threads."""
        key = self.key("stats", day.strftime("%Y-%m-%d"))
        threads = self.key("threads", day.strftime("%Y-%m-%d"))
        with self._writes() as w:
            for name in names:
                w.add("HINCRBY", key, name, 1)
                w.add("HINCRBY", key, f"h{day.hour:02d}:{name}", 1)
            w.expire(key, STATS_TTL)
            w.add("PFADD", threads, thread_id)
            w.expire(threads, STATS_TTL)
            if group := _group.get():
                for name in names:
                    w.add("HINCRBY", key, f"g:{group}:{name}", 1)
                w.add("PFADD", f"{threads}:g:{group}", thread_id)
                w.expire(f"{threads}:g:{group}", STATS_TTL)

    def threads_on(self, day: str) -> int:
        return int(self.redis.pfcount(self.key("threads", day)))

    def sample(self, kind: str, day: datetime, value_ms: float, group: str = "") -> None:
        """A response-time sample (``first_response``, ``staff_response``), capped per day (per rollout side too)."""
        keys = [self.key("samples", kind, day.strftime("%Y-%m-%d"))]
        if group := group or _group.get():
            keys.append(self.key("samples", kind, "g", group, day.strftime("%Y-%m-%d")))
        with self._writes() as w:
            for key in keys:
                w.add("RPUSH", key, int(value_ms))
                w.add("LTRIM", key, -5000, -1)
                w.expire(key, STATS_TTL)

    def samples(self, kind: str, day: str) -> list[int]:
        return [int(x) for x in self.redis.lrange(self.key("samples", kind, day), 0, -1)]

    def add(self, day: datetime, **amounts: int) -> None:
        """Add amounts (tokens, milliseconds) to a day's counters."""
        key = self.key("stats", day.strftime("%Y-%m-%d"))
        with self._writes() as w:
            for name, amount in amounts.items():
                w.add("HINCRBY", key, name, int(amount))
            w.expire(key, STATS_TTL)

    def stats(self, day: str) -> dict[str, int]:
        return {k: int(v) for k, v in self.redis.hgetall(self.key("stats", day)).items()}


def parse_cached(raw: str | None) -> tuple[bool, dict[str, Any] | None]:
    """``(ready, reply)`` from a claim's stored value; not ready while the first delivery runs."""
    if not raw or raw == PENDING:
        return False, None
    return True, json.loads(raw)
