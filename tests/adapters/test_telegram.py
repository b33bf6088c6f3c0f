"""Telegram: Updates in, sendMessage calls out (faked at the HTTP boundary)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.base import (
    BadRequest,
    Inbound,
    Kind,
    PushError,
    QuickReply,
    Reply,
    Unauthorized,
    WebhookError,
    WebhookRequest,
)
from adapters.telegram import DEFAULT_API_URL, TelegramAdapter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "telegram"
API = "https://telegram.test"
TOKEN = "123456:FAKE-bot-token"
SEND = f"{API}/bot{TOKEN}/sendMessage"
SECRET = "fake_secret-token_0001"
USER = "987654321"
KEYS = ("update_id", "message", "callback_query", "edited_message", "chat", "id", "type", "from", "date",
        "text", "caption", "data", "sticker")

# fixture → (kind, text, code, event id), or None where the bot stays silent.
EXPECTED: dict[str, tuple[Kind, str, str, str] | None] = {
    "text": (Kind.MESSAGE, "배송 언제 와요?", "", "100000001"),
    "start": (Kind.OPEN, "", "", "100000002"),
    "start_payload": (Kind.OPEN, "", "", "100000003"),
    "sticker": (Kind.MEDIA, "", "", "100000004"),
    "photo_caption": (Kind.MEDIA, "받은 상품이 깨져 있어요", "", "100000005"),
    "callback_query": (Kind.BUTTON, "faq:delivery", "faq:delivery", "100000006"),
    "edited_message": None,
    "channel_post": None,
    "group_message": None,
    "unknown": None,
}


def body(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def request(data: Any, secret: str | None = SECRET) -> WebhookRequest:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers["x-telegram-bot-api-secret-token"] = secret
    return WebhookRequest(body=raw, headers=headers)


@pytest.fixture
def telegram() -> TelegramAdapter:
    return TelegramAdapter.from_env(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_SECRET_TOKEN": SECRET, "TELEGRAM_API_URL": API}
    )


def inbound(name: str = "text") -> Inbound:
    return TelegramAdapter(token=TOKEN).parse(request(body(name)))[0]


def sent(http: responses.RequestsMock, index: int = 0) -> dict[str, Any]:
    return json.loads(http.calls[index].request.body)


# -- settings & verify --------------------------------------------------------------


def test_from_env_reads_only_the_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "from-process-env")
    built = TelegramAdapter.from_env({})
    assert (built.token, built.secret, built.api_url) == ("", "", DEFAULT_API_URL)
    assert built.can_push(inbound()) is False
    assert TelegramAdapter.required_env == ("TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN")


def test_matching_secret_passes(telegram: TelegramAdapter) -> None:
    telegram.verify(request(body("text")))


@pytest.mark.parametrize("given_secret", [None, "", "wrong", SECRET + "x", SECRET.upper()])
def test_missing_or_wrong_secret_is_unauthorized(telegram: TelegramAdapter, given_secret: str | None) -> None:
    with pytest.raises(Unauthorized):
        telegram.verify(request(body("text"), secret=given_secret))


@pytest.mark.parametrize("given_secret", [None, "", "anything"])
def test_without_a_configured_secret_every_request_is_refused(given_secret: str | None) -> None:
    """Telegram offers a secret token, so going without one fails closed (forged updates are refused)."""
    with pytest.raises(Unauthorized):
        TelegramAdapter(token=TOKEN).verify(request(body("text"), secret=given_secret))


# -- parse --------------------------------------------------------------------------


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.stem for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_fixture(telegram: TelegramAdapter, name: str) -> None:
    result = telegram.parse(request(body(name)))
    expected = EXPECTED[name]
    if expected is None:
        assert result == []
        return
    [message] = result
    assert (message.kind, message.text, message.code, message.event_id) == expected
    assert message.channel == "telegram" and message.user_id == USER
    assert message.reply_handle["chat_id"] == USER
    assert message.staff_owned is False
    assert message.payload == json.loads(body(name))


def test_message_time_and_handles() -> None:
    message = inbound("text")
    assert message.timestamp == datetime(2026, 1, 1, tzinfo=UTC)
    assert dict(message.reply_handle) == {"chat_id": USER}
    assert dict(inbound("callback_query").reply_handle) == {"chat_id": USER, "callback_query_id": "4382bfdwdsb323b2d9"}


def _update(**message_change: Any) -> dict[str, Any]:
    data = json.loads(body("text"))
    data["message"].update(message_change)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b"[" * 50_000,
        [],
        {"message": {"text": "hi"}},
        {"update_id": "100", "message": {}},
        {"update_id": True, "message": {}},
        {"update_id": 1, "message": "hi"},
        _update(chat=None),
        _update(chat={"id": "987654321", "type": "private"}),
        _update(chat={"id": 987654321}),
        _update(date="2026-01-01"),
        _update(date=10**20),
        _update(text=["hi"]),
        _update(text="x" * 20_000),
        _update(**{"from": {"id": None}}),
        {"update_id": 1, "callback_query": {"from": {"id": 1}, "data": "x"}},
        {"update_id": 1, "callback_query": {"id": "q", "from": {"id": 1}, "data": {"x": 1}}},
        {"update_id": 1, "callback_query": {"id": "q", "from": "me", "data": "x"}},
        {"update_id": 1, "callback_query": {"id": "q", "from": {"id": 1}, "data": "x", "message": []}},
    ],
)
def test_malformed_updates_are_bad_requests(telegram: TelegramAdapter, data: Any) -> None:
    with pytest.raises(BadRequest):
        telegram.parse(request(data))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_bodies_only_raise_webhook_errors(hostile_bodies: Any, data: st.DataObject) -> None:
    raw = data.draw(hostile_bodies("telegram", KEYS))
    try:
        result = TelegramAdapter(token=TOKEN).parse(request(raw))
    except WebhookError:
        return
    for message in result:
        assert isinstance(message, Inbound)
        assert isinstance(message.user_id, str) and isinstance(message.event_id, str)
        assert isinstance(message.reply_handle["chat_id"], str)


# -- render & push ------------------------------------------------------------------


@pytest.mark.parametrize("reply", [None, Reply(text="안녕하세요"), Reply(text="잠시만요", wait=True)])
def test_render_is_an_empty_200(telegram: TelegramAdapter, reply: Reply | None) -> None:
    response = telegram.render(reply, inbound())
    assert (response.status, response.body) == (200, None)


def test_push_sends_text_with_a_reply_keyboard(telegram: TelegramAdapter, http: responses.RequestsMock) -> None:
    http.post(SEND, json={"ok": True, "result": {"message_id": 20}})
    reply = Reply(
        text="내일 도착 예정이에요.",
        quick_replies=(QuickReply("주문 조회", text="주문 조회할래요"), QuickReply("반품")),
        staff_button="상담원 연결",
    )
    telegram.push(reply, inbound(), requests.Session())
    assert sent(http) == {
        "chat_id": USER,
        "text": "내일 도착 예정이에요.",
        "reply_markup": {
            "keyboard": [[{"text": "주문 조회할래요"}], [{"text": "반품"}], [{"text": "상담원 연결"}]],
            "resize_keyboard": True,
            "one_time_keyboard": True,
        },
    }


def test_push_without_suggestions_removes_an_old_keyboard(
    telegram: TelegramAdapter, http: responses.RequestsMock
) -> None:
    http.post(SEND, json={"ok": True, "result": {}})
    telegram.push(Reply(text="감사합니다."), inbound(), requests.Session())
    assert sent(http) == {"chat_id": USER, "text": "감사합니다.", "reply_markup": {"remove_keyboard": True}}


def test_long_text_is_split_with_the_keyboard_last(telegram: TelegramAdapter, http: responses.RequestsMock) -> None:
    http.post(SEND, json={"ok": True, "result": {}})
    http.post(SEND, json={"ok": True, "result": {}})
    text = "가나다라. " * 700  # about 4,900 characters
    telegram.push(Reply(text=text, quick_replies=(QuickReply("네"),)), inbound(), requests.Session())
    first, second = sent(http, 0), sent(http, 1)
    assert len(first["text"]) <= 4096 and len(second["text"]) <= 4096
    assert "reply_markup" not in first and second["reply_markup"]["keyboard"] == [[{"text": "네"}]]
    assert (first["text"] + " " + second["text"]).split() == text.split()


@pytest.mark.parametrize(
    ("status", "answer", "retryable"),
    [
        (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}, False),
        (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}, False),
        (429, {"ok": False, "error_code": 429, "description": "Too Many Requests",
               "parameters": {"retry_after": 3}}, True),
        (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}, True),
        (502, "<html>Bad Gateway</html>", True),
        (200, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}, False),
        (200, {"ok": False}, True),
        (200, "not json", True),
        (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, False),
    ],
)
def test_push_failures_say_whether_to_retry(
    telegram: TelegramAdapter, http: responses.RequestsMock, status: int, answer: Any, retryable: bool
) -> None:
    if isinstance(answer, dict):
        http.post(SEND, status=status, json=answer)
    else:
        http.post(SEND, status=status, body=answer)
    with pytest.raises(PushError) as caught:
        telegram.push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is retryable


def test_network_failure_is_retryable_and_hides_the_token(
    telegram: TelegramAdapter, http: responses.RequestsMock
) -> None:
    http.post(SEND, body=requests.ConnectionError(f"cannot reach {SEND}"))
    with pytest.raises(PushError) as caught:
        telegram.push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is True
    assert TOKEN not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__ is True


def test_handover_is_not_a_telegram_protocol(telegram: TelegramAdapter) -> None:
    assert telegram.handover(USER, True, requests.Session()) is False
