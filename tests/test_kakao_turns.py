"""The walking skeleton, end to end: Kakao webhook → pipeline → Redis → RQ worker → ticket."""

from __future__ import annotations

import json
from typing import Any

from bot.dev import samples
from tests.conftest import CLOSED_TIME


def kakao(client: Any, text: str, user: str = "user-1", headers: dict[str, str] | None = None) -> Any:
    body, default_headers = samples.sample("kakao", text, user, {})
    return client.post("/webhooks/kakao", data=body, headers={**default_headers, **(headers or {})})


def texts(resp: Any) -> list[str]:
    return samples.reply_texts("kakao", resp.get_json())


def test_delivery_question_gets_the_shipping_answer(client: Any, ctx: Any) -> None:
    resp = kakao(client, "배송 언제 와요?")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["version"] == "2.0"
    shipping = ctx.settings.shop.faq("shipping").answer
    assert shipping in body["template"]["outputs"][0]["simpleText"]["text"]
    # The first answer in a thread says an AI assistant answers, and how to reach a person.
    assert ctx.settings.shop.messages.ai_notice in texts(resp)[0]
    labels = [q["label"] for q in body["template"]["quickReplies"]]
    assert "상담원 연결" in labels


def test_asking_for_a_person_opens_one_ticket_and_the_bot_goes_quiet(client: Any, ctx: Any, run_jobs: Any) -> None:
    resp = kakao(client, "상담원 연결해주세요")
    assert resp.status_code == 200
    assert "담당자" in texts(resp)[0]
    assert ctx.store.thread("kakao:user-1")["state"] == "waiting_staff"

    assert run_jobs() == 1
    tickets = ctx.store.open_tickets()
    assert len(tickets) == 1
    assert tickets[0]["reason"] == "asked_for_person"
    assert tickets[0]["message"] == "상담원 연결해주세요"
    assert tickets[0]["channel"] == "kakao"

    # While a person owns the thread, an FAQ question is recorded and forwarded, not answered.
    resp = kakao(client, "배송 언제 와요?")
    assert texts(resp) == [ctx.settings.shop.messages.forwarded_to_staff, "[챗봇과 대화하기]"]
    run_jobs()
    ticket = ctx.store.open_tickets()[0]
    assert ticket["unread"] == "1"
    assert "배송 언제 와요?" in ticket["excerpt"]
    assert len(ctx.store.open_tickets()) == 1


def test_retried_delivery_gets_the_same_reply_and_one_ticket(client: Any, ctx: Any, run_jobs: Any) -> None:
    first = kakao(client, "직원이랑 통화하고 싶어요")
    again = kakao(client, "직원이랑 통화하고 싶어요")
    assert first.get_json() == again.get_json()
    run_jobs()
    assert len(ctx.store.open_tickets()) == 1
    day = ctx.hours.local(ctx.now()).strftime("%Y-%m-%d")
    stats = ctx.store.stats(day)
    assert stats["handoff"] == 1
    assert stats["inbound"] == 1
    assert stats["duplicate"] == 1


def test_a_retry_that_overlaps_the_first_delivery_waits_for_its_answer(
    client: Any, ctx: Any, monkeypatch: Any
) -> None:
    """Two deliveries of one Kakao message at once: the second must not settle for 'please wait'
    (Kakao may show that one, and nothing would ever bring the answer)."""
    import threading

    from bot.conversation import pipeline as conversation
    from bot.storage.store import PENDING

    first = kakao(client, "배송 언제 와요?")
    seen = next(k for k in ctx.redis.scan_iter(ctx.store.key("seen", "kakao", "*")))
    answer = ctx.redis.get(seen)
    ctx.redis.set(seen, PENDING, keepttl=True)  # as if the first delivery were still being answered
    threading.Timer(0.3, lambda: ctx.redis.set(seen, answer, keepttl=True)).start()
    assert kakao(client, "배송 언제 와요?").get_json() == first.get_json()

    monkeypatch.setattr(conversation, "RETRY_WAIT_SECONDS", 0.2)
    ctx.redis.set(seen, PENDING, keepttl=True)  # a first delivery that never finishes
    assert texts(kakao(client, "배송 언제 와요?")) == [ctx.settings.shop.messages.waiting_answer]


def test_the_same_handoff_job_twice_makes_one_ticket(client: Any, ctx: Any, run_jobs: Any) -> None:
    from bot.jobs import tasks as jobs

    kakao(client, "상담원 연결")
    run_jobs()
    thread = ctx.store.thread("kakao:user-1")
    inbound = {"channel": "kakao", "user_id": "user-1", "text": "상담원 연결", "event_id": "x",
               "timestamp": "2026-11-17T02:00:00+00:00"}
    again = jobs.open_ticket("kakao:user-1", int(thread["handoff_seq"]), "asked_for_person", inbound)
    assert again == thread["ticket"]
    assert len(ctx.store.open_tickets()) == 1


def test_unknown_question_goes_to_a_person_politely(client: Any, ctx: Any, run_jobs: Any) -> None:
    resp = kakao(client, "혹시 강아지 옷도 파나요?")
    assert resp.status_code == 200
    assert "담당자가 확인 후 답변드릴게요" in texts(resp)[0]
    run_jobs()
    assert ctx.store.open_tickets()[0]["reason"] == "unsure"


def test_after_hours_the_shopper_is_told_when_a_person_answers(client: Any, clock: Any) -> None:
    clock["now"] = CLOSED_TIME
    resp = kakao(client, "상담원 연결해주세요")
    text = texts(resp)[0]
    assert "상담 시간이 아니에요" in text
    assert "11월 23일(월) 오전 10시" in text


def test_quick_reply_tap_answers_by_code(client: Any, ctx: Any) -> None:
    body, headers = samples.sample("kakao", "교환 안내", "user-2", {}, code="faq:exchange")
    resp = client.post("/webhooks/kakao", data=body, headers=headers)
    assert ctx.settings.shop.faq("exchange").answer in texts(resp)[0]


def test_thread_state_and_transcript_live_in_redis(client: Any, ctx: Any) -> None:
    kakao(client, "배송 언제 와요? 제 번호 010-1234-5678")
    log = ctx.store.transcript("kakao:user-1")
    assert [t["role"] for t in log] == ["shopper", "bot"]
    assert "010-1234-5678" not in json.dumps(log, ensure_ascii=False)
    assert "[전화번호]" in log[0]["text"]


def test_healthz_reports_redis(client: Any) -> None:
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json()["redis"] is True
    assert "kakao" in resp.get_json()["channels"]
