"""Nobody waits in silence, and a repeated message is a new message (real SDK, HTTP, Redis, RQ)."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.dev import samples
from tests.stubs import FakeKakaoCallback, FakeLLM
from tests.test_llm import GOOD, OUTSIDE_FAQ, ask, callback_texts, ctx, kakao_cb, llm  # noqa: F401 - fixtures


@pytest.fixture
def slow_ctx(make_ctx: Any, env: dict[str, str], llm: FakeLLM, kakao_cb: FakeKakaoCallback) -> Any:
    # The minute of a Kakao callback shrunk to 2 s (the bridge speaks 0.8 s before it ends),
    # and a model slower than that: the '70 s model' of a 60 s callback.
    env.update(OPENAI_API_KEY="k", OPENAI_BASE_URL=llm.base_url, OPENAI_TIMEOUT="10", BURST_SECONDS="0.05",
               KAKAO_CALLBACK_HOSTS=kakao_cb.server.hostport, KAKAO_CALLBACK_SECONDS="2", CALLBACK_MARGIN_SECONDS="0.8")
    llm.delay = 2.5
    return make_ctx()


def test_with_a_model_slower_than_the_callback_every_shopper_hears_within_the_minute(
    slow_ctx: Any, llm: FakeLLM, kakao_cb: FakeKakaoCallback, run_jobs: Any
) -> None:
    from bot.web.app import create_app

    client = create_app(ctx=slow_ctx).test_client()
    asked = {}
    for user in ("a", "b", "c"):  # one worker: b and c wait in the queue behind a's slow answer
        asked[user] = time.monotonic()
        assert ask(client, OUTSIDE_FAQ, user=user, callback=kakao_cb.url(user)).get_json()["useCallback"] is True
    posted: dict[str, float] = {}
    handler = kakao_cb.server.handler

    def timed(path: str, body: dict[str, Any]) -> tuple[Any, ...]:
        posted.setdefault(path.rsplit("/", 1)[-1], time.monotonic())
        return handler(path, body)

    kakao_cb.server.handler = timed
    run_jobs()
    m = slow_ctx.settings.shop.messages
    assert set(posted) == {"a", "b", "c"}
    for user in asked:
        assert posted[user] - asked[user] < 2.0  # within the callback's (shrunk) minute
    assert all(m.answer_delayed in text for text in callback_texts(kakao_cb))
    assert len(kakao_cb.posts) == 3  # one use per callback
    for user in asked:  # the answer came later and waits for '답변 확인', as the bridge said
        resp = ask(client, "답변 확인", user=user)
        assert GOOD in samples.reply_texts("kakao", resp.get_json())[0]


def test_an_answer_in_time_uses_the_callback_and_the_bridge_stays_quiet(
    slow_ctx: Any, llm: FakeLLM, kakao_cb: FakeKakaoCallback, run_jobs: Any
) -> None:
    from bot.web.app import create_app

    llm.delay = 0
    client = create_app(ctx=slow_ctx).test_client()
    ask(client, OUTSIDE_FAQ, callback=kakao_cb.url("t"))
    run_jobs()
    time.sleep(1.5)  # past the moment the bridge would speak: nothing more is due
    from bot.jobs.tasks import serve_due_callbacks

    assert serve_due_callbacks(slow_ctx) == 0
    assert len(kakao_cb.posts) == 1 and GOOD in callback_texts(kakao_cb)[0]


@pytest.fixture
def no_repeat_rule(env: dict[str, str], tmp_path: Any) -> None:
    """The shop switched off 'the same question again = unsatisfied' (review.unsatisfied: false):
    a repeated question is then simply answered again."""
    shop = tmp_path / "shop.yaml"
    shop.write_text(Path(env["SHOP_CONFIG"]).read_text(encoding="utf-8") + "\nreview:\n  unsatisfied: false\n", encoding="utf-8")
    env["SHOP_CONFIG"] = str(shop)


def test_the_same_question_twice_12_s_apart_gets_two_answers_on_kakao(
    no_repeat_rule: None, client: Any, ctx: Any, clock: dict[str, Any], llm: FakeLLM, kakao_cb: FakeKakaoCallback,
    run_jobs: Any,
) -> None:
    ask(client, OUTSIDE_FAQ, callback=kakao_cb.url("first"))
    run_jobs()
    clock["now"] += timedelta(seconds=12)  # past Kakao's 10 s retry window
    resp = ask(client, OUTSIDE_FAQ, callback=kakao_cb.url("second"))
    assert resp.get_json()["useCallback"] is True
    run_jobs()
    assert [path for path, _ in kakao_cb.posts] == ["/callback/first", "/callback/second"]
    assert all(GOOD in text for text in callback_texts(kakao_cb))
    assert len(llm.calls) == 2


def test_the_same_question_again_after_an_answer_goes_to_a_person_not_to_silence(
    client: Any, ctx: Any, clock: dict[str, Any], llm: FakeLLM, kakao_cb: FakeKakaoCallback, run_jobs: Any
) -> None:
    """With the shop's default rules a repeat after the answer means it did not help (the morning
    review's 'unsatisfied'): the repeat is its own delivery and hears so at once."""
    ask(client, OUTSIDE_FAQ, callback=kakao_cb.url("first"))
    run_jobs()
    clock["now"] += timedelta(seconds=12)
    resp = ask(client, OUTSIDE_FAQ, callback=kakao_cb.url("second"))
    run_jobs()
    said = " ".join(samples.reply_texts("kakao", resp.get_json()))
    assert ctx.settings.shop.messages.handoff_unsatisfied in said
    assert len(llm.calls) == 1 and len(ctx.store.open_tickets()) == 1


def test_a_true_retry_is_still_folded_on_kakao(client: Any, ctx: Any, llm: FakeLLM, kakao_cb: FakeKakaoCallback, run_jobs: Any) -> None:
    first = ask(client, OUTSIDE_FAQ, callback=kakao_cb.url("one")).get_json()
    again = ask(client, OUTSIDE_FAQ, callback=kakao_cb.url("one")).get_json()  # Kakao retries within 5 s
    run_jobs()
    assert first == again and len(llm.calls) == 1 and len(kakao_cb.posts) == 1


def test_the_same_question_twice_12_s_apart_gets_two_answers_on_naver(
    no_repeat_rule: None, make_ctx: Any, env: dict[str, str], clock: dict[str, Any], llm: FakeLLM, run_jobs: Any
) -> None:
    import responses

    from bot.web.app import create_app

    env.update(OPENAI_API_KEY="k", OPENAI_BASE_URL=llm.base_url, BURST_SECONDS="0.05",
               NAVER_TALK_TOKEN="ct_token", NAVER_TALK_API_URL="http://naver.test/event")
    client = create_app(ctx=make_ctx()).test_client()
    sent = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post("http://naver.test/event", json={"success": True, "resultCode": "00"})
        for _ in range(2):
            body, headers = samples.naver(OUTSIDE_FAQ, "al-shopper", {})
            assert client.post("/webhooks/naver", data=body, headers=headers).status_code == 200
            run_jobs()
            clock["now"] += timedelta(seconds=12)
        sent = [json.loads(c.request.body) for c in mock.calls if b'"send"' in c.request.body]
    assert len(sent) == 2 and all(GOOD in s["textContent"]["text"] for s in sent)
    assert len(llm.calls) == 2
