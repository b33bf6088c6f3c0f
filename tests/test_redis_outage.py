"""Faults: Redis down, workers failing, platforms failing. Nothing a shopper said is lost."""

from __future__ import annotations

import json
from typing import Any

import responses

from bot import outage
from bot.dev import samples
from bot.storage.redis_conn import connect

DOWN = "redis://127.0.0.1:1/0"  # nothing listens there: connection refused at once


def take_redis_down(ctx: Any) -> tuple[Any, Any]:
    saved = (ctx.redis, ctx.rq_redis)
    ctx.redis, ctx.rq_redis = connect(DOWN), connect(DOWN, decode=False)
    ctx.__dict__.pop("store", None)
    return saved


def bring_redis_back(ctx: Any, saved: tuple[Any, Any]) -> None:
    ctx.redis, ctx.rq_redis = saved
    ctx.__dict__.pop("store", None)
    ctx.spool._last_drain = 0.0


def kakao(client: Any, text: str, user: str) -> Any:
    body, headers = samples.sample("kakao", text, user, {})
    return client.post("/webhooks/kakao", data=body, headers=headers)


def test_redis_outage_answers_faqs_spools_escalations_and_drains_once(client: Any, ctx: Any, run_jobs: Any) -> None:
    saved = take_redis_down(ctx)
    faq = kakao(client, "배송 언제 와요?", "a")
    assert faq.status_code == 200
    assert ctx.settings.shop.faq("shipping").answer in samples.reply_texts("kakao", faq.get_json())[0]
    angry = kakao(client, "받은 옷이 찢어져 왔어요 환불해 주세요", "b")
    assert angry.status_code == 200
    assert "죄송해요" in samples.reply_texts("kakao", angry.get_json())[0]
    again = kakao(client, "받은 옷이 찢어져 왔어요 환불해 주세요", "b")  # a retried delivery
    assert again.status_code == 200
    unknown = kakao(client, "강아지 옷도 파나요?", "c")
    assert "담당자" in samples.reply_texts("kakao", unknown.get_json())[0]
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and health["redis"] is False and health["spooled"] == 2
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert "shopbot_spooled 2.0" in metrics.text and "shopbot_redis_up 0.0" in metrics.text

    bring_redis_back(ctx, saved)
    assert client.get("/healthz").get_json()["spooled"] == 0  # drained on the next request
    assert "shopbot_spooled 0.0" in client.get("/metrics").text
    run_jobs()
    tickets = sorted(ctx.store.open_tickets(), key=lambda t: t["user"])
    assert [(t["user"], t["reason"]) for t in tickets] == [("b", "damaged"), ("c", "unsure")]
    assert ctx.store.thread("kakao:b")["state"] == "waiting_staff"
    assert [t["role"] for t in ctx.store.transcript("kakao:b")] == ["shopper", "bot"]
    # A second drain (another process, a restart) changes nothing.
    assert outage.drain(ctx) == 0
    run_jobs()
    assert len(ctx.store.open_tickets()) == 2


def test_an_undeliverable_push_is_spooled_and_sent_later(make_ctx: Any, env: dict[str, str], run_jobs: Any) -> None:
    from bot.web.app import create_app

    env.update(TELEGRAM_BOT_TOKEN="1:t", TELEGRAM_SECRET_TOKEN="tg-secret", TELEGRAM_API_URL="http://telegram.test")
    ctx = make_ctx()
    client = create_app(ctx=ctx).test_client()
    saved = take_redis_down(ctx)
    body, headers = samples.sample("telegram", "배송 언제 와요?", "77", env)
    assert client.post("/webhooks/telegram", data=body, headers=headers).status_code == 200
    assert ctx.spool.pending() == 1
    bring_redis_back(ctx, saved)
    assert outage.maybe_drain(ctx) == 1
    with responses.RequestsMock() as mock:
        mock.post("http://telegram.test/bot1:t/sendMessage", json={"ok": True, "result": {}})
        run_jobs()
        assert len(mock.calls) == 1
        assert json.loads(mock.calls[0].request.body)["text"] == ctx.settings.shop.faq("shipping").answer


def test_a_push_that_keeps_failing_ends_in_the_failed_registry_with_a_reason(
    make_ctx: Any, env: dict[str, str], run_jobs: Any
) -> None:
    from rq.job import Job
    from rq.serializers import JSONSerializer

    from bot.web.app import create_app

    env.update(NAVER_TALK_TOKEN="tok", NAVER_TALK_API_URL="http://naver.test/event")
    ctx = make_ctx()
    client = create_app(ctx=ctx).test_client()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post("http://naver.test/event", json={"success": False, "resultCode": "01", "resultMessage": "bad token"})
        body, headers = samples.sample("naver", "상담원 연결해 주세요", "n1", {})
        client.post("/webhooks/naver", data=body, headers=headers)
        run_jobs()
    # The handover failed for good (01): the ticket still exists for staff.
    assert len(ctx.store.open_tickets()) == 1
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post("http://naver.test/event", status=503)
        ctx.enqueue("replies", "bot.jobs.tasks.deliver", retry=False,
                    inbound={"channel": "naver", "user_id": "n1", "text": "", "event_id": "e1",
                             "timestamp": "2026-11-17T02:00:00+00:00"},
                    reply={"text": "안녕하세요"}, key="naver:e1")
        run_jobs()
    failed = ctx.queue("replies").failed_job_registry
    ids = failed.get_job_ids()
    assert len(ids) == 1
    job = Job.fetch(ids[0], connection=ctx.rq_redis, serializer=JSONSerializer)
    assert "PushError" in (job.latest_result().exc_string or "")
