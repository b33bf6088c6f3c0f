"""A whole conversation on every messenger: question → FAQ answer → escalation → a person
owns the thread → back to the bot. Real pipeline, Redis and RQ; the platforms' HTTP APIs
are faked at the transport with ``responses``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import responses

from adapters import REGISTRY
from bot.conversation.staff import StaffDesk
from bot.dev import samples
from tests.conftest import shop_on_every_channel

PLATFORMS = "http://platforms.test"
CHANNEL_ENV = samples.local_env(PLATFORMS)  # every messenger in the registry, its send API at PLATFORMS
# One answer every platform's client reads as success (as bot.dev.samples.LocalPlatforms gives).
SUCCESS = {"success": True, "resultCode": "00", "ok": True, "result": {"message_id": 1}, "status": "SUCCESS"}


def user_of(channel: str) -> str:
    return REGISTRY[channel].sample_user or f"{channel}-user"


@pytest.fixture
def platforms() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(re.compile(re.escape(PLATFORMS) + "/.*"), json=SUCCESS)
        yield mock


@pytest.fixture
def ctx(make_ctx: Any, env: dict[str, str]) -> Any:
    env.update(CHANNEL_ENV)
    return make_ctx(shop=shop_on_every_channel())


def sent_texts(mock: responses.RequestsMock, since: int = 0) -> list[str]:
    """What the platforms were asked to show the shopper, in order."""
    return [t for call in list(mock.calls)[since:] for t in samples.pushed_texts(json.loads(call.request.body))]


def handovers(mock: responses.RequestsMock) -> list[str]:
    return [json.loads(c.request.body)["options"]["control"] for c in mock.calls if b'"handover"' in c.request.body]


@pytest.mark.parametrize("channel", list(REGISTRY))
def test_full_conversation(channel: str, client: Any, ctx: Any, run_jobs: Any, platforms: responses.RequestsMock) -> None:
    user = user_of(channel)
    shop = ctx.settings.shop
    shown: list[str] = []

    def say(text: str) -> None:
        body, headers = samples.sample(channel, text, user, CHANNEL_ENV)
        before = len(platforms.calls)
        resp = client.post(f"/webhooks/{channel}", data=body, headers=headers)
        assert resp.status_code == 200, resp.get_data(as_text=True)
        run_jobs()
        shown.extend(samples.reply_texts(channel, resp.get_json(silent=True)))
        shown.extend(sent_texts(platforms, before))

    # 1. an FAQ question is answered
    say("배송 언제 와요?")
    assert any(shop.faq("shipping").answer in t for t in shown)

    # 2. escalation: one ticket; Naver also passes the thread to the partner center
    shown.clear()
    say("상담원 연결해 주세요")
    assert any("담당자" in t for t in shown)
    tickets = ctx.store.open_tickets()
    assert len(tickets) == 1 and tickets[0]["channel"] == channel
    if channel == "naver":
        assert handovers(platforms) == ["passThread"]

    # 3. while staff own the thread the bot says nothing of its own
    shown.clear()
    say("배송 언제 와요?")
    assert not any(shop.faq("shipping").answer in t for t in shown)
    desk = StaffDesk(ctx)
    delivery = desk.reply(tickets[0]["id"], "안녕하세요, 담당자 김봄이에요. 주문 확인해 드릴게요.")
    run_jobs()
    if channel == "kakao":
        assert delivery == "next_turn"
        say("네 감사합니다")  # Kakao: the staff reply rides on the shopper's next message
    else:
        assert delivery == "sent"
    assert any("담당자 김봄" in t for t in shown + sent_texts(platforms))
    assert ctx.store.thread(f"{channel}:{user}")["state"] == "staff"

    # 4. staff resolve: the thread returns to the bot, the shopper is told, the bot answers again
    assert desk.resolve(tickets[0]["id"], by="김봄")
    run_jobs()
    assert ctx.store.thread(f"{channel}:{user}")["state"] == "bot"
    assert ctx.store.open_tickets() == []
    if channel == "naver":
        assert handovers(platforms) == ["passThread", "takeThread"]
    shown.clear()
    say("교환하고 싶어요")
    everything = shown + sent_texts(platforms)
    assert any(shop.faq("exchange").answer in t for t in shown)
    assert any(shop.messages.staff_returned in t for t in everything)
    events = [(e["from"], e["to"]) for e in ctx.store.transitions(f"{channel}:{user}")]
    assert events == [("bot", "waiting_staff"), ("waiting_staff", "staff"), ("staff", "bot")]


def test_naver_partner_center_hands_the_thread_back(client: Any, ctx: Any, run_jobs: Any, platforms: responses.RequestsMock) -> None:
    user = user_of("naver")
    body, headers = samples.sample("naver", "상담원 연결해 주세요", user, CHANNEL_ENV)
    client.post("/webhooks/naver", data=body, headers=headers)
    run_jobs()
    # Staff answer in the partner center: the shopper's messages now arrive with standby.
    standby = {"event": "send", "user": user, "standby": True, "textContent": {"text": "배송 언제 와요?", "inputType": "typing"}}
    resp = client.post("/webhooks/naver", json=standby)
    assert resp.status_code == 200 and resp.get_data() == b""
    # 상담 완료하기 in the partner center: the bot owns the thread again, no takeThread needed.
    done = {"event": "handover", "user": user, "partner": "wc1",
            "options": {"control": "passThread", "metadata": "{\"managerNickname\":\"김상담\"}"}}
    resp = client.post("/webhooks/naver", json=done)
    assert resp.status_code == 200
    run_jobs()
    assert ctx.store.thread(f"naver:{user}")["state"] == "bot"
    assert ctx.store.open_tickets() == []
    assert handovers(platforms) == ["passThread"]


def test_shopper_can_ask_for_the_bot_again(client: Any, ctx: Any, run_jobs: Any) -> None:
    body, headers = samples.sample("kakao", "상담원 연결해 주세요", "k2", CHANNEL_ENV)
    client.post("/webhooks/kakao", data=body, headers=headers)
    run_jobs()
    body, headers = samples.sample("kakao", "챗봇과 대화하기", "k2", CHANNEL_ENV, code="back_to_bot")
    resp = client.post("/webhooks/kakao", data=body, headers=headers)
    assert ctx.settings.shop.messages.back_to_bot in samples.reply_texts("kakao", resp.get_json())[0]
    assert ctx.store.thread("kakao:k2")["state"] == "bot"
    assert ctx.store.open_tickets() == []


def test_channels_command_prints_urls_missing_settings_and_self_tests(env: dict[str, str], redis: Any) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    run_env = {**env, **CHANNEL_ENV, "PATH": "/usr/bin:/bin", "PUBLIC_URL": "https://bot.shop.example", "LOG_LEVEL": "ERROR"}
    del run_env["LINE_CHANNEL_ACCESS_TOKEN"]
    del run_env["KAKAO_SKILL_SECRET"]
    proc = subprocess.run([sys.executable, "-m", "bot", "channels", "--json"], cwd=ROOT, env=run_env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = {r["channel"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert rows["kakao"]["webhook_url"] == "https://bot.shop.example/webhooks/kakao"
    assert rows["kakao"]["self_test"].startswith("ok (set KAKAO_SKILL_SECRET")
    assert rows["telegram"]["self_test"] == "ok (a request without TELEGRAM_SECRET_TOKEN gets HTTP 401)"
    assert rows["naver"]["self_test"] == "ok"
    assert rows["line"]["enabled"] is False and rows["line"]["missing"] == ["LINE_CHANNEL_ACCESS_TOKEN"]
    assert list(redis.scan_iter("test-selftest:*")) == []  # the self-test leaves nothing behind


def test_channels_command_keeps_telegram_off_without_its_secret_and_says_why(env: dict[str, str], redis: Any) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    run_env = {**env, **CHANNEL_ENV, "PATH": "/usr/bin:/bin", "LOG_LEVEL": "ERROR"}
    del run_env["TELEGRAM_SECRET_TOKEN"]
    run_env.pop("KAKAO_SKILL_SECRET", None)
    proc = subprocess.run([sys.executable, "-m", "bot", "channels", "--json"], cwd=ROOT, env=run_env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = {r["channel"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert rows["telegram"]["enabled"] is False and rows["telegram"]["missing"] == ["TELEGRAM_SECRET_TOKEN"]
    assert "TELEGRAM_SECRET_TOKEN is required" in rows["telegram"]["why"][0]
    assert rows["kakao"]["enabled"] is True
    assert "KAKAO_SKILL_SECRET is optional" in rows["kakao"]["why"][0]
