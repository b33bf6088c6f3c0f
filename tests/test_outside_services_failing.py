"""Platform faults (issue 8): the Naver send API, Kakao's AI callback, the LLM server, SMTP and the
LINE / Telegram APIs failing, slow or refusing. Each ends in a retry, an answer held for the
shopper's next turn, or a handoff to a person; nothing is dropped in silence, and no ticket, staff
notification or message goes out twice.

Real Redis, real RQ workers; the outside world is faked at its HTTP boundary only (``responses``
for ``requests``; local servers for the LLM, Kakao's callback endpoint and SMTP). RQ's retry
backoff (5 s, 15 s, 60 s, ...) is skipped by making every scheduled retry due at once.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import responses
from responses import matchers
from rq.job import Job
from rq.serializers import JSONSerializer

from bot.context import QUEUES
from bot.dev import samples
from tests.stubs import FakeLLM, StubServer
from tests.test_digest import Inbox
from tests.test_llm import (  # noqa: F401 - llm: the fake LLM fixture, answering GOOD
    ANSWERED,
    GOOD,
    OUTSIDE_FAQ,
    ask,
    llm,
)

NAVER_API = "http://naver.test/event"
NAVER_OK = {"success": True, "resultCode": "00"}
SLACK, HOOK = "http://slack.test/hook", "http://tools.test/bridge"
KAKAO_OK = {"taskId": "task-1", "status": "SUCCESS", "message": "OK"}
KAKAO_ERROR = {"taskId": "t", "status": "ERROR", "message": "Internal server error"}
# Kakao answers an expired and a used callback token alike.
KAKAO_TOKEN_GONE = {"taskId": "t", "status": "FAIL", "message": "Invalid callback token. Check your callback token."}


@pytest.fixture
def ctx(make_ctx: Any, env: dict[str, str], llm: FakeLLM) -> Any:
    env.update(
        OPENAI_API_KEY="test-key",
        OPENAI_BASE_URL=llm.base_url,
        OPENAI_TIMEOUT="1",
        BURST_SECONDS="0.05",
        KAKAO_CALLBACK_HOSTS="127.0.0.1",
        NAVER_TALK_TOKEN="naver-token",
        NAVER_TALK_API_URL=NAVER_API,
        LINE_CHANNEL_SECRET="line-secret",
        LINE_CHANNEL_ACCESS_TOKEN="line-token",
        LINE_API_URL="http://line.test",
        TELEGRAM_BOT_TOKEN="1:t",
        TELEGRAM_SECRET_TOKEN="tg-secret",
        TELEGRAM_API_URL="http://telegram.test",
    )
    return make_ctx()


class Scripted:
    """A local HTTP server answering each POST with the next scripted ``(status, body[, delay])``;
    the last answer repeats. The answer is chosen when the request arrives, before any delay."""

    def __init__(self, *script: tuple[Any, ...]) -> None:
        self.script = list(script)
        self.server = StubServer(self._answer)

    def _answer(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        status, answer, *delay = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if delay:
            time.sleep(delay[0])
        return status, answer

    def url(self, token: str) -> str:
        return f"{self.server.url}/callback/{token}"

    @property
    def texts(self) -> list[str]:
        return [" ".join(samples.pushed_texts(body)) for _, body, _ in self.server.requests]


@pytest.fixture
def callback() -> Iterator[Callable[..., Scripted]]:
    made: list[Scripted] = []

    def make(*script: tuple[Any, ...]) -> Scripted:
        made.append(Scripted(*script))
        return made[-1]

    yield make
    for server in made:
        server.server.close()


# -- helpers ------------------------------------------------------------------------------------


def due_retries(ctx: Any) -> int:
    """Time travel for RQ's backoff: every scheduled retry is due now. Returns how many."""
    moved = 0
    for name in QUEUES:
        registry = ctx.queue(name).scheduled_job_registry
        for job_id in registry.get_job_ids():
            registry.requeue(job_id)
            moved += 1
    return moved


def settle(ctx: Any, run_jobs: Callable[[], int], rounds: int = 20) -> int:
    """Run the jobs, then their retries as they fall due, until none is left; returns the retry rounds."""
    run_jobs()
    for n in range(rounds):
        if not due_retries(ctx):
            return n
        run_jobs()
    raise AssertionError(f"still retrying after {rounds} rounds")


def failures(ctx: Any, queue: str) -> list[tuple[str, str]]:
    """(function, exception text) of every job in a queue's failed registry."""
    ids = ctx.queue(queue).failed_job_registry.get_job_ids()
    found = [Job.fetch(i, connection=ctx.rq_redis, serializer=JSONSerializer) for i in ids]
    return [(job.func_name, job.latest_result().exc_string or "") for job in found]


def handoffs(ctx: Any) -> list[dict[str, str]]:
    """The open tickets, checked for 'zero lost or duplicated handoffs': one open ticket per thread
    that waits for or is owned by a person, each pointing back at its thread."""
    tickets = ctx.store.open_tickets()
    by_thread = {t["thread"]: t for t in tickets}
    assert len(by_thread) == len(tickets), f"two open tickets for one thread: {tickets}"
    for key in ctx.redis.scan_iter(ctx.store.key("thread", "*")):
        if ctx.redis.type(key) != "hash":
            continue  # the transcript and transition lists of a thread
        thread_id = key.removeprefix(ctx.store.key("thread", ""))
        thread = ctx.store.thread(thread_id)
        if thread["state"] != "bot":
            assert thread_id in by_thread, f"{thread_id} waits for a person without a ticket"
            assert thread.get("ticket") == by_thread[thread_id]["id"]
    return tickets


def naver(client: Any, text: str, user: str = "n1") -> Any:
    body, headers = samples.sample("naver", text, user, {})
    return client.post("/webhooks/naver", data=body, headers=headers)


def naver_events(mock: responses.RequestsMock, event: str) -> list[dict[str, Any]]:
    """What the bridge posted to Naver's send API (``send`` messages or ``handover`` calls)."""
    bodies = [json.loads(c.request.body) for c in mock.calls if c.request.url == NAVER_API]
    return [b for b in bodies if b["event"] == event]


def naver_event(event: str) -> Any:
    """A ``responses`` matcher for one kind of Naver event."""
    return matchers.json_params_matcher({"event": event}, strict_match=False)


# -- 1. the Naver send API -----------------------------------------------------------------------


def test_naver_5xx_is_retried_and_the_answer_arrives_once(client: Any, ctx: Any, llm: FakeLLM, run_jobs: Any) -> None:
    with responses.RequestsMock() as mock:
        mock.post(NAVER_API, status=503)
        mock.post(NAVER_API, json=NAVER_OK)
        naver(client, OUTSIDE_FAQ)
        assert settle(ctx, run_jobs) == 1  # one retry
        sends = naver_events(mock, "send")
        statuses = [c.response.status_code for c in mock.calls]
    assert statuses == [503, 200]
    assert [samples.pushed_texts(s) for s in sends] == [[ANSWERED], [ANSWERED]]  # the same message, accepted once
    assert len(llm.calls) == 1  # the retry did not ask the model again
    assert [t["text"] for t in ctx.store.transcript("naver:n1") if t["role"] == "bot"] == [ANSWERED]
    assert handoffs(ctx) == [] and failures(ctx, "replies") == []


def test_a_slow_naver_send_api_times_out_and_is_retried(client: Any, ctx: Any, run_jobs: Any) -> None:
    with responses.RequestsMock() as mock:
        # What the adapter's 10 s client timeout raises when the send API does not answer in time.
        mock.post(NAVER_API, body=requests.exceptions.ReadTimeout("read timed out"))
        mock.post(NAVER_API, json=NAVER_OK)
        naver(client, OUTSIDE_FAQ)
        assert settle(ctx, run_jobs) == 1
        sends = naver_events(mock, "send")
    assert [samples.pushed_texts(s) for s in sends] == [[ANSWERED], [ANSWERED]]
    assert handoffs(ctx) == [] and failures(ctx, "replies") == []


@pytest.mark.parametrize(
    "refusal",
    [
        pytest.param({"json": {"success": False, "resultCode": "01", "resultMessage": "invalid token"}}, id="01"),
        pytest.param({"json": {"success": False, "resultCode": "02", "resultMessage": "invalid request"}}, id="02"),
        pytest.param({"status": 400, "body": "<html>Bad Request</html>"}, id="400-without-json"),
    ],
)
def test_a_naver_refusal_is_not_retried_and_a_person_takes_the_thread(
    client: Any, ctx: Any, llm: FakeLLM, run_jobs: Any, refusal: dict[str, Any]
) -> None:
    with responses.RequestsMock() as mock:
        mock.post(NAVER_API, **refusal)
        naver(client, OUTSIDE_FAQ)
        assert settle(ctx, run_jobs) == 0  # no retry: it would be refused again
        sends = naver_events(mock, "send")
    assert len(sends) == 1
    # The answer never reached the shopper: a person follows up, with the answer as the draft.
    [ticket] = handoffs(ctx)
    assert (ticket["reason"], ticket["draft"], ticket["user"]) == ("undelivered", ANSWERED, "n1")
    assert ctx.store.thread("naver:n1")["state"] == "waiting_staff"
    assert failures(ctx, "replies") == []


def test_a_naver_send_api_that_stays_down_ends_in_the_failed_registry_and_with_a_person(
    client: Any, ctx: Any, llm: FakeLLM, run_jobs: Any
) -> None:
    with responses.RequestsMock() as mock:
        mock.post(NAVER_API, status=503, match=[naver_event("send")])
        mock.post(NAVER_API, json=NAVER_OK, match=[naver_event("handover")])  # passThread gets through
        naver(client, OUTSIDE_FAQ)
        assert settle(ctx, run_jobs) == 6
        sends = naver_events(mock, "send")
        handovers = naver_events(mock, "handover")
    assert len(sends) == 7  # the first try and RQ's six retries
    assert len(llm.calls) == 1
    [(func, reason)] = failures(ctx, "replies")
    assert func == "bot.jobs.tasks.llm_answer" and "PushError: naver send answered HTTP 503" in reason
    # Not dropped: the thread waits for a person, once, with the undelivered answer as the draft.
    [ticket] = handoffs(ctx)
    assert (ticket["reason"], ticket["draft"], ticket["platform_handover"]) == ("undelivered", ANSWERED, "passed")
    assert len(handovers) == 1 and failures(ctx, "handoff") == []


def test_a_staff_reply_naver_refuses_is_counted_as_undelivered_on_the_ticket(
    client: Any, ctx: Any, run_jobs: Any
) -> None:
    from bot.conversation.staff import StaffDesk

    with responses.RequestsMock() as mock:
        mock.post(NAVER_API, json=NAVER_OK)
        naver(client, "상담원 연결해 주세요")
        settle(ctx, run_jobs)
    desk = StaffDesk(ctx)
    with responses.RequestsMock() as mock:
        mock.post(NAVER_API, json={"success": False, "resultCode": "02", "resultMessage": "invalid request"})
        assert desk.reply("1", "교환 도와드릴게요.") == "sent"
        assert settle(ctx, run_jobs) == 0
        assert len(naver_events(mock, "send")) == 1
    # The person who answered sees it did not arrive ("전달되지 않은 답변이 1건"); no second ticket.
    assert desk.undelivered("naver:n1") == 1
    assert [t["id"] for t in handoffs(ctx)] == ["1"]


def test_a_failed_naver_handover_is_retried_with_one_ticket_and_one_notification(
    client: Any, ctx: Any, run_jobs: Any
) -> None:
    ctx.settings.env["SLACK_WEBHOOK_URL"] = SLACK
    with responses.RequestsMock() as mock:
        mock.post(NAVER_API, status=502)
        mock.post(NAVER_API, json=NAVER_OK)
        mock.post(SLACK, body="ok")
        reply = naver(client, "상담원 연결해 주세요")
        assert settle(ctx, run_jobs) == 1
        handovers = naver_events(mock, "handover")
        slack = [c for c in mock.calls if c.request.url == SLACK]
    assert "담당자" in samples.reply_texts("naver", reply.get_json())[0]  # told at once, in the webhook answer
    assert [h["options"]["control"] for h in handovers] == ["passThread", "passThread"]
    [ticket] = handoffs(ctx)
    assert ticket["platform_handover"] == "passed" and len(slack) == 1
    assert failures(ctx, "handoff") == []


# -- 2. Kakao's AI callback ----------------------------------------------------------------------


def held_answer(client: Any) -> str:
    """What the shopper sees on tapping '답변 확인'."""
    return samples.reply_texts("kakao", ask(client, "답변 확인").get_json())[0]


def test_a_kakao_callback_5xx_is_retried_and_the_answer_arrives_once(
    client: Any, ctx: Any, run_jobs: Any, callback: Any
) -> None:
    kakao = callback((500, KAKAO_ERROR), (200, KAKAO_OK))
    assert ask(client, OUTSIDE_FAQ, callback=kakao.url("t1")).get_json()["useCallback"] is True
    assert settle(ctx, run_jobs) == 1
    assert len(kakao.texts) == 2 and GOOD in kakao.texts[1]
    assert held_answer(client) == ctx.settings.shop.messages.answer_ready_none  # it arrived: nothing is held
    assert handoffs(ctx) == [] and failures(ctx, "replies") == []


def test_a_kakao_callback_down_past_its_minute_holds_the_answer(
    client: Any, ctx: Any, run_jobs: Any, callback: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    kakao = callback((503, b"<html>Service Unavailable</html>"))
    ask(client, OUTSIDE_FAQ, callback=kakao.url("t2"))
    run_jobs()  # 503: a retry is scheduled 5 s later
    monkeypatch.setattr(ctx, "settings", ctx.settings.model_copy(update={"kakao_callback_seconds": 0}))  # ...expired
    assert settle(ctx, run_jobs) == 1
    assert len(kakao.texts) == 1  # no POST to an expired URL
    assert GOOD in held_answer(client)
    assert handoffs(ctx) == [] and failures(ctx, "replies") == []


def test_an_expired_kakao_callback_holds_the_answer_for_the_next_turn(
    client: Any, ctx: Any, run_jobs: Any, callback: Any
) -> None:
    kakao = callback((200, KAKAO_TOKEN_GONE))
    ask(client, OUTSIDE_FAQ, callback=kakao.url("t3"))
    assert settle(ctx, run_jobs) == 0  # a refused token is never retried
    assert len(kakao.texts) == 1
    assert GOOD in held_answer(client)
    assert ctx.store.waiting.pop_held("kakao:u1") is None  # delivered once, nothing left over
    assert handoffs(ctx) == [] and failures(ctx, "replies") == []


def test_a_slow_kakao_callback_that_took_the_token_is_not_repeated(
    client: Any, ctx: Any, run_jobs: Any, callback: Any
) -> None:
    # Kakao takes the one-shot token and shows the answer, but answers after our client gave up;
    # the retry is then refused as a used token. The shopper has the answer: nothing is held.
    kakao = callback((200, KAKAO_OK, 1.0), (200, KAKAO_TOKEN_GONE))
    ctx.adapters["kakao"].timeout = 0.3
    ask(client, OUTSIDE_FAQ, callback=kakao.url("t4"))
    assert settle(ctx, run_jobs) == 1
    assert len(kakao.texts) == 2 and all(GOOD in t for t in kakao.texts)
    assert held_answer(client) == ctx.settings.shop.messages.answer_ready_none
    assert handoffs(ctx) == [] and failures(ctx, "replies") == []


# -- 3. the LLM server ---------------------------------------------------------------------------


def _raw(*answer: Any) -> Callable[[FakeLLM], None]:
    """The LLM server answers ``(status, body[, content_type])`` to everything."""

    def fault(llm: FakeLLM) -> None:
        llm.server.handler = lambda path, request: answer

    return fault


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        pytest.param(FakeLLM.close, "llm_error", id="down-connection-refused"),
        pytest.param(lambda llm: setattr(llm, "status", 500), "llm_error", id="500"),
        pytest.param(lambda llm: setattr(llm, "delay", 3), "llm_error", id="slower-than-OPENAI_TIMEOUT"),
        pytest.param(_raw(200, b"<html>502 Bad Gateway</html>", "text/html"), "llm_error", id="200-html-from-a-proxy"),
        pytest.param(_raw(200, b"<html>502 Bad Gateway</html>"), "llm_error", id="200-json-that-is-not-json"),
        pytest.param(_raw(200, {"object": "chat.completion", "choices": [{"index": 0, "message": None}]}), "llm",
                     id="200-without-a-message"),
    ],
)
def test_an_llm_fault_hands_the_thread_to_a_person_once_and_tells_the_shopper(
    client: Any, ctx: Any, llm: FakeLLM, run_jobs: Any, fault: Callable[[FakeLLM], None], reason: str
) -> None:
    fault(llm)
    with responses.RequestsMock() as mock:
        mock.post(NAVER_API, json=NAVER_OK)
        naver(client, OUTSIDE_FAQ)
        assert settle(ctx, run_jobs) == 0
        # The same job once more (RQ after a worker crash), then the shopper writes again.
        [done] = ctx.queue("replies").finished_job_registry.get_job_ids()
        again = Job.fetch(done, connection=ctx.rq_redis, serializer=JSONSerializer)
        ctx.queue("replies").enqueue("bot.jobs.tasks.llm_answer", kwargs=again.kwargs)
        naver(client, "아직인가요?")
        assert settle(ctx, run_jobs) == 0
        sends = naver_events(mock, "send")
        handovers = naver_events(mock, "handover")
    assert [samples.pushed_texts(s) for s in sends] == [[ctx.settings.shop.messages.handoff_unsure]]
    [ticket] = handoffs(ctx)
    assert ticket["reason"] == reason and ticket["unread"] == "1"
    assert [h["options"]["control"] for h in handovers] == ["passThread"]
    assert failures(ctx, "replies") == [] and failures(ctx, "handoff") == []


# -- 4. SMTP -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_smtp_down_notifies_the_other_targets_once_and_mails_when_it_is_back(
    client: Any, ctx: Any, run_jobs: Any
) -> None:
    from aiosmtpd.controller import Controller

    port = free_port()  # nothing listens there yet: connection refused
    ctx.settings.env.update(SLACK_WEBHOOK_URL=SLACK, STAFF_WEBHOOK_URL=HOOK, STAFF_WEBHOOK_SECRET="whsec",
                            SMTP_URL=f"smtp://127.0.0.1:{port}", STAFF_EMAIL="staff@shop.test")
    inbox = Inbox()
    with responses.RequestsMock() as mock:
        mock.post(SLACK, body="ok")
        mock.post(HOOK, json={})
        ask(client, "상담원 연결해 주세요")
        run_jobs()  # ticket, then Slack and the webhook; email fails and is scheduled for a retry
        for _ in range(2):  # still down: retried, and only email is tried again
            assert due_retries(ctx) == 1
            run_jobs()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()  # SMTP is back
        try:
            assert settle(ctx, run_jobs) == 1
        finally:
            controller.stop()
        urls = [c.request.url for c in mock.calls]
    assert urls == [SLACK, HOOK]
    assert [rcpt for rcpt, _ in inbox.messages] == [["staff@shop.test"]]
    assert "새 상담 #1" in str(inbox.messages[0][1]["Subject"])
    [ticket] = handoffs(ctx)
    assert all(ticket.get(f"notified_{t}") for t in ("slack", "webhook", "email"))
    assert failures(ctx, "handoff") == []


# -- 5. LINE and Telegram rate limits ------------------------------------------------------------

RATE_LIMITED = {
    "line": ("http://line.test/v2/bot/message/reply",
             {"status": 429, "json": {"message": "The API rate limit has been exceeded."}, "headers": {"Retry-After": "1"}},
             {"json": {}}),
    "telegram": ("http://telegram.test/bot1:t/sendMessage",
                 {"status": 429, "json": {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                                          "parameters": {"retry_after": 1}}},
                 {"json": {"ok": True, "result": {}}}),
}


@pytest.mark.parametrize("channel", sorted(RATE_LIMITED))
def test_a_429_is_retried_and_the_answer_arrives_once(client: Any, ctx: Any, run_jobs: Any, channel: str) -> None:
    url, limited, accepted = RATE_LIMITED[channel]
    with responses.RequestsMock() as mock:
        mock.post(url, **limited)
        mock.post(url, **accepted)
        body, headers = samples.sample(channel, "배송 언제 와요?", "77", ctx.settings.env)
        assert client.post(f"/webhooks/{channel}", data=body, headers=headers).status_code == 200
        assert settle(ctx, run_jobs) == 1
        texts = [samples.pushed_texts(json.loads(c.request.body)) for c in mock.calls]
        statuses = [c.response.status_code for c in mock.calls]
    assert statuses == [429, 200] and texts[0] == texts[1]
    assert ctx.settings.shop.faq("shipping").answer in texts[1][0]
    assert handoffs(ctx) == [] and failures(ctx, "replies") == []
