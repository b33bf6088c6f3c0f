"""Malformed, forged and oversized requests get a clear 4xx, never a 500; bad config stops start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.dev import samples
from bot.settings import ConfigError, load_shop
from tests.conftest import ROOT, SHOP_FILE


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"\xff\xfe", 400),
        (b"[]", 400),
        (b'{"userRequest": {}}', 400),
        (b'{"userRequest": {"utterance": 3, "user": {"id": "u"}}}', 400),
        (b'{"userRequest": {"utterance": "hi"}}', 400),
        (b'{"userRequest": {"utterance": "hi", "user": {"id": 7}}}', 400),
        (b'{"userRequest": "x"}', 400),
    ],
)
def test_malformed_kakao_payload_gets_400(client: Any, body: bytes, status: int) -> None:
    resp = client.post("/webhooks/kakao", data=body, headers={"Content-Type": "application/json"})
    assert resp.status_code == status
    assert resp.get_json()["error"] == "bad_request"


def test_forged_and_missing_skill_secret_get_401(make_ctx: Any, env: dict[str, str]) -> None:
    from bot.web.app import create_app

    env["KAKAO_SKILL_SECRET"] = "s3cret-header-value"
    client = create_app(ctx=make_ctx()).test_client()
    body, headers = samples.sample("kakao", "배송 언제 와요?", "u1", env)
    assert client.post("/webhooks/kakao", data=body, headers=headers).status_code == 200
    forged = {**headers, "X-Skill-Secret": "s3cret-header-valuf"}
    assert client.post("/webhooks/kakao", data=body, headers=forged).status_code == 401
    missing = {k: v for k, v in headers.items() if k != "X-Skill-Secret"}
    resp = client.post("/webhooks/kakao", data=body, headers=missing)
    assert resp.status_code == 401
    assert resp.get_json()["error"] == "unauthorized"


def test_unknown_channel_wrong_method_and_huge_body(client: Any) -> None:
    assert client.post("/webhooks/myspace", data=b"{}").status_code == 404
    assert client.get("/webhooks/kakao").status_code == 405
    resp = client.post("/webhooks/kakao", data=b"x" * (300 * 1024), headers={"Content-Type": "application/json"})
    assert resp.status_code == 413
    assert resp.get_json()["error"] == "request_entity_too_large"


def _shop_with(tmp_path: Path, edit: Any) -> Path:
    import yaml

    raw = yaml.safe_load(SHOP_FILE.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "bad-shop.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_bad_shop_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = _shop_with(tmp_path, lambda raw: raw["faqs"][1].pop("answer"))
    with pytest.raises(ConfigError) as err:
        load_shop(path)
    message = str(err.value)
    assert str(path) in message
    assert "faqs.1.answer" in message
    assert "Field required" in message


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda raw: raw["hours"].update(mon=["18:00-10:00"]), "hours.mon"),
        (lambda raw: raw["shop"].update(timezone="Mars/Base"), "shop.timezone"),
        (lambda raw: raw.update(days_off=["2026-13-01"]), "days_off"),
        (lambda raw: raw.update(channels=["myspace"]), "channels"),
        (lambda raw: raw.update(messages={"greeting": 3}), "messages.greeting"),
        (lambda raw: raw["faqs"].append(dict(raw["faqs"][0])), "faq id 'shipping' appears twice"),
        (lambda raw: raw.update(colour="blue"), "colour"),
    ],
)
def test_each_bad_field_is_named(tmp_path: Path, edit: Any, field: str) -> None:
    with pytest.raises(ConfigError, match=field.replace(".", r"\.")):
        load_shop(_shop_with(tmp_path, edit))


def test_bad_shop_file_stops_the_cli_with_a_clear_message(tmp_path: Path) -> None:
    path = _shop_with(tmp_path, lambda raw: raw["shop"].pop("name"))
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env={"SHOP_CONFIG": str(path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert f"{path}: the shop file is not valid" in proc.stderr
    assert "shop.name: Field required" in proc.stderr


def test_missing_shop_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="shop file not found"):
        load_shop(tmp_path / "nope.yaml")


def test_route_command_uses_triage_and_faq_only() -> None:
    lines = "배송 언제 와요?\n상담원 연결해주세요\n\n강아지 옷도 파나요?\n"
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "route", "--faq", str(SHOP_FILE)],
        cwd=ROOT,
        input=lines,
        env={"PATH": "/usr/bin:/bin"},  # no REDIS_URL, no OPENAI_API_KEY: not needed
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["배송 언제 와요?", "상담원 연결해주세요", "강아지 옷도 파나요?"]
    assert rows[0]["route"] == "faq" and rows[0]["faq_id"] == "shipping" and rows[0]["score"] > 0
    assert rows[1]["route"] == "human" and rows[1]["faq_id"] is None
    assert rows[2]["route"] == "llm"
    assert set(rows[0]) >= {"text", "route", "faq_id", "score"}


def test_handoffs_command_lists_open_tickets(client: Any, run_jobs: Any, env: dict[str, str]) -> None:
    body, headers = samples.sample("kakao", "상담원 연결해 주세요", "shopper-9", {})
    client.post("/webhooks/kakao", data=body, headers=headers)
    run_jobs()
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "handoffs"],
        cwd=ROOT,
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 1
    assert rows[0]["channel"] == "kakao"
    assert rows[0]["user"] == "shopper-9"
    assert rows[0]["reason"] == "asked_for_person"
    assert rows[0]["excerpt"][0]["text"] == "상담원 연결해 주세요"


def test_a_lone_surrogate_escape_is_replaced_not_a_crash(client: Any) -> None:
    body = b'{"userRequest": {"utterance": "\\ud83d \\ubc30\\uc1a1 \\uc5b8\\uc81c \\uc640\\uc694?", "user": {"id": "u"}}}'
    resp = client.post("/webhooks/kakao", data=body, headers={"Content-Type": "application/json"})
    assert resp.status_code == 200


def test_a_flooding_shopper_is_paused_politely_and_nothing_is_lost(client: Any, ctx: Any, clock: Any, run_jobs: Any) -> None:
    from datetime import timedelta

    def say(text: str) -> str:
        body, headers = samples.sample("kakao", text, "flood", {})
        resp = client.post("/webhooks/kakao", data=body, headers=headers)
        assert resp.status_code == 200
        return samples.reply_texts("kakao", resp.get_json())[0]

    limit = ctx.settings.shop.rate_limit.per_minute
    shipping = ctx.settings.shop.faq("shipping").answer
    for i in range(limit):
        assert shipping in say(f"배송 언제 와요{'?' * (i % 3 + 1)} {i}")
    paused = ctx.settings.shop.messages.rate_limited
    assert say("배송 언제 와요? 또") == paused
    assert say("교환 되나요?") == paused  # Kakao must answer something: the same polite pause
    # An escalation is never swallowed by the limit.
    assert "죄송해요" in say("옷이 찢어져 왔어요 환불해 주세요")
    run_jobs()
    assert [t["reason"] for t in ctx.store.open_tickets()] == ["damaged"]
    shopper_turns = [t["text"] for t in ctx.store.transcript("kakao:flood") if t["role"] == "shopper"]
    assert len(shopper_turns) == limit + 3 and "교환 되나요?" in shopper_turns
    assert ctx.store.stats(ctx.hours.local(ctx.now()).strftime("%Y-%m-%d"))["rate_limited"] == 2

    # A minute later the shopper is answered again (here: by staff, who own the thread now).
    clock["now"] += timedelta(seconds=61)
    assert say("언제 연락 주세요?") != paused


def test_push_channels_say_the_pause_once_per_window(make_ctx: Any, env: dict[str, str]) -> None:
    from bot.web.app import create_app

    env.update({"TELEGRAM_BOT_TOKEN": "123:tg", "TELEGRAM_SECRET_TOKEN": "tg-secret"})
    ctx = make_ctx()
    client = create_app(ctx=ctx).test_client()
    limit = ctx.settings.shop.rate_limit.per_minute
    for i in range(limit + 3):
        body, headers = samples.sample("telegram", f"배송 언제 와요 {i}", "777", env)
        assert client.post("/webhooks/telegram", data=body, headers=headers).status_code == 200
    pushes = [job.kwargs["reply"]["text"] for job in ctx.queue("replies").jobs]  # no worker runs
    assert len(pushes) == limit + 1 and pushes[-1] == ctx.settings.shop.messages.rate_limited
