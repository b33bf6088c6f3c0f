"""LINE: signed webhook bodies in, reply/push calls out (faked at the HTTP boundary)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
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
    hmac_sha256,
)
from adapters.line import DEFAULT_API_URL, LineAdapter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "line"
API = "https://line.test"
SECRET = "fake-channel-secret-0001"
TOKEN = "fake-channel-access-token-0001"
USER = "U1234567890abcdef1234567890abcdef"
POSTBACK = "action=order_status&order=1001"
EVENT_TIME = datetime(2026, 1, 1, tzinfo=UTC)
KEYS = ("destination", "events", "type", "mode", "timestamp", "source", "userId", "webhookEventId",
        "deliveryContext", "isRedelivery", "replyToken", "message", "text", "postback", "data", "groupId")

# fixture → [(kind, text, code, event id, staff_owned), ...] in order.
EXPECTED: dict[str, list[tuple[Kind, str, str, str, bool]]] = {
    "text": [(Kind.MESSAGE, "배송 언제 와요?", "", "01JGQ0000000000000000TEXT1", False)],
    "text_redelivery": [(Kind.MESSAGE, "배송 언제 와요?", "", "01JGQ0000000000000000TEXT1", False)],
    "text_whitespace": [(Kind.MESSAGE, "", "", "01JGQ0000000000000000TEXT2", False)],
    "sticker": [(Kind.MEDIA, "", "", "01JGQ000000000000000STICK1", False)],
    "image": [(Kind.MEDIA, "", "", "01JGQ000000000000000IMAGE1", False)],
    "postback": [(Kind.BUTTON, POSTBACK, POSTBACK, "01JGQ00000000000000POSTB1", False)],
    "follow": [(Kind.OPEN, "", "", "01JGQ00000000000000FOLLW1", False)],
    "standby": [(Kind.MESSAGE, "상담원님 계세요?", "", "01JGQ00000000000000STNBY1", True)],
    "batch": [
        (Kind.OPEN, "", "", "01JGQ00000000000000BATCH1", False),
        (Kind.MESSAGE, "안녕하세요", "", "01JGQ00000000000000BATCH2", False),
    ],
    "unfollow": [],
    "group_message": [],
    "join": [],
    "unsend": [],
    "unknown": [],
    "empty": [],
}


def body(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def sign(raw: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac_sha256(secret, raw)).decode("ascii")


def request(data: Any, signature: str | None = "sign") -> WebhookRequest:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    headers = {"content-type": "application/json"}
    if signature == "sign":
        headers["x-line-signature"] = sign(raw)
    elif signature is not None:
        headers["x-line-signature"] = signature
    return WebhookRequest(body=raw, headers=headers)


def adapter(now: datetime = EVENT_TIME + timedelta(seconds=5)) -> LineAdapter:
    env = {"LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_URL": API}
    built = LineAdapter.from_env(env)
    built.clock = lambda: now
    return built


def inbound(name: str = "text") -> Inbound:
    return adapter().parse(request(body(name)))[0]


def sent(http: responses.RequestsMock, index: int = 0) -> dict[str, Any]:
    return json.loads(http.calls[index].request.body)


# -- settings & verify --------------------------------------------------------------


def test_from_env_reads_only_the_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "from-process-env")
    built = LineAdapter.from_env({})
    assert (built.secret, built.token, built.api_url) == ("", "", DEFAULT_API_URL)
    assert built.can_push(inbound()) is False
    assert set(LineAdapter.required_env) == {"LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"}
    assert LineAdapter.dedupe_seconds >= 86_400


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_signed_fixture_passes(name: str) -> None:
    adapter().verify(request(body(name)))


def test_tampered_body_is_unauthorized() -> None:
    raw = body("text")
    signature = sign(raw)
    tampered = raw.replace("배송".encode(), "환불".encode())
    with pytest.raises(Unauthorized):
        adapter().verify(request(tampered, signature=signature))


@pytest.mark.parametrize("signature", [None, "", "not-base64!", sign(b"other body"), sign(b"{}", "wrong-secret")])
def test_missing_or_wrong_signature_is_unauthorized(signature: str | None) -> None:
    with pytest.raises(Unauthorized):
        adapter().verify(request(body("text"), signature=signature))


def test_without_a_secret_nothing_is_authentic() -> None:
    raw = body("text")
    signed_with_nothing = base64.b64encode(hmac_sha256("", raw)).decode()
    with pytest.raises(Unauthorized):
        LineAdapter(secret="", token=TOKEN).verify(request(raw, signature=signed_with_nothing))


# -- parse --------------------------------------------------------------------------


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.stem for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_fixture(name: str) -> None:
    result = adapter().parse(request(body(name)))
    got = [(m.kind, m.text, m.code, m.event_id, m.staff_owned) for m in result]
    assert got == EXPECTED[name]
    events = json.loads(body(name))["events"]
    for message in result:
        assert message.channel == "line" and message.user_id == USER
        assert message.reply_handle["user_id"] == USER
        assert message.timestamp >= EVENT_TIME and message.timestamp.tzinfo is not None
        assert message.payload in events


def test_reply_handle_and_time_come_from_the_event() -> None:
    message = inbound("text")
    assert dict(message.reply_handle) == {"user_id": USER, "reply_token": "fakeReplyToken0000000000000000001"}
    assert message.timestamp == EVENT_TIME
    assert "reply_token" not in inbound("standby").reply_handle  # standby events carry no token


def test_redelivery_has_the_same_event_id() -> None:
    assert inbound("text").event_id == inbound("text_redelivery").event_id


def _with(event_change: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    data = json.loads(body("text"))
    event = data["events"][0]
    event.update(event_change)
    for key in drop:
        event.pop(key)
    return data


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"[" * 50_000,
        [],
        {"destination": "U0"},
        {"events": {"type": "message"}},
        {"events": ["message"]},
        {"destination": 7, "events": []},
        _with({"type": None}),
        _with({}, drop=("source",)),
        _with({"source": {"type": "user"}}),
        _with({"source": {"type": "user", "userId": 12345}}),
        _with({"source": ["user"]}),
        _with({}, drop=("webhookEventId",)),
        _with({"webhookEventId": "x" * 1000}),
        _with({"timestamp": "1767225600000"}),
        _with({"timestamp": True}),
        _with({"timestamp": 10**30}),
        _with({"mode": ["standby"]}),
        _with({"replyToken": 1}),
        _with({"deliveryContext": {"isRedelivery": "yes"}}),
        _with({"message": "hello"}),
        _with({"message": {"type": "text", "text": None}}),
        _with({"message": {"type": "text", "text": "x" * 20_000}}),
        _with({"type": "postback", "postback": {"data": 5}}),
    ],
)
def test_malformed_bodies_are_bad_requests(data: Any) -> None:
    with pytest.raises(BadRequest):
        adapter().parse(request(data))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_bodies_only_raise_webhook_errors(hostile_bodies: Any, data: st.DataObject) -> None:
    raw = data.draw(hostile_bodies("line", KEYS))
    try:
        result = adapter().parse(request(raw))
    except WebhookError:
        return
    for message in result:
        assert isinstance(message, Inbound)
        assert isinstance(message.user_id, str) and isinstance(message.event_id, str)
        assert all(isinstance(v, str) for v in message.reply_handle.values())


# -- render & messages ----------------------------------------------------------------


@pytest.mark.parametrize("reply", [None, Reply(text="안녕하세요"), Reply(text="잠시만요", wait=True)])
def test_render_is_an_empty_200(reply: Reply | None) -> None:
    response = adapter().render(reply, inbound())
    assert (response.status, response.body) == (200, None)


def test_messages_stay_within_line_limits() -> None:
    text = "\n\n".join("가" * 4000 for _ in range(8))
    quick = tuple(QuickReply(f"아주 긴 선택지 이름입니다 번호 {i}", text=f"선택 {i}") for i in range(20))
    messages = adapter().messages(Reply(text=text, quick_replies=quick, staff_button="상담원 연결"))
    assert len(messages) == 5
    assert all(m["type"] == "text" and len(m["text"]) <= 5000 for m in messages)
    items = messages[-1]["quickReply"]["items"]
    assert len(items) == 13
    assert all(len(i["action"]["label"]) <= 20 and i["action"]["type"] == "message" for i in items)
    assert items[-1]["action"] == {"type": "message", "label": "상담원 연결", "text": "상담원 연결"}
    assert all("quickReply" not in m for m in messages[:-1])


# -- push -----------------------------------------------------------------------------


def test_fresh_event_is_answered_with_the_reply_token(http: responses.RequestsMock) -> None:
    http.post(f"{API}/v2/bot/message/reply", json={})
    reply = Reply(text="내일 도착 예정이에요.", quick_replies=(QuickReply("주문 조회", text="주문 조회할래요"),))
    adapter(now=EVENT_TIME + timedelta(seconds=20)).push(reply, inbound(), requests.Session())
    assert sent(http) == {
        "replyToken": "fakeReplyToken0000000000000000001",
        "messages": [
            {
                "type": "text",
                "text": "내일 도착 예정이에요.",
                "quickReply": {
                    "items": [{"type": "action", "action": {"type": "message", "label": "주문 조회", "text": "주문 조회할래요"}}]
                },
            }
        ],
    }
    headers = http.calls[0].request.headers
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert "X-Line-Retry-Key" not in headers


def test_old_event_is_pushed_with_a_retry_key(http: responses.RequestsMock) -> None:
    http.post(f"{API}/v2/bot/message/push", json={"sentMessages": [{"id": "1", "quoteToken": "q"}]})
    line = adapter(now=EVENT_TIME + timedelta(minutes=3))
    line.push(Reply(text="늦어서 죄송해요. 오늘 출고됐어요."), inbound(), requests.Session())
    assert sent(http) == {"to": USER, "messages": [{"type": "text", "text": "늦어서 죄송해요. 오늘 출고됐어요."}]}
    headers = http.calls[0].request.headers
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert uuid.UUID(headers["X-Line-Retry-Key"])


def test_retry_key_is_stable_across_retries(http: responses.RequestsMock) -> None:
    url = f"{API}/v2/bot/message/push"
    http.post(url, status=500, json={"message": "internal"})
    http.post(url, status=409, json={"message": "The retry key is already accepted"})
    line = adapter(now=EVENT_TIME + timedelta(minutes=3))
    reply = Reply(text="오늘 출고됐어요.")
    with pytest.raises(PushError) as caught:
        line.push(reply, inbound(), requests.Session())
    assert caught.value.retryable is True
    line.push(reply, inbound(), requests.Session())  # 409: already accepted, not an error
    keys = [call.request.headers["X-Line-Retry-Key"] for call in http.calls]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert line.retry_key(Reply(text="다른 답변이에요."), inbound()) != keys[0]
    assert line.retry_key(reply, inbound("batch")) != keys[0]


def test_used_reply_token_falls_back_to_push(http: responses.RequestsMock) -> None:
    http.post(f"{API}/v2/bot/message/reply", status=400, json={"message": "Invalid reply token"})
    http.post(f"{API}/v2/bot/message/push", json={})
    adapter().push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert [c.request.url for c in http.calls] == [f"{API}/v2/bot/message/reply", f"{API}/v2/bot/message/push"]
    assert sent(http, 1)["to"] == USER


def test_standby_event_without_token_is_pushed(http: responses.RequestsMock) -> None:
    http.post(f"{API}/v2/bot/message/push", json={})
    adapter().push(Reply(text="안녕하세요"), inbound("standby"), requests.Session())
    assert len(http.calls) == 1


@pytest.mark.parametrize(
    ("status", "retryable"), [(429, True), (500, True), (503, True), (400, False), (401, False), (403, False)]
)
def test_push_failures_say_whether_to_retry(http: responses.RequestsMock, status: int, retryable: bool) -> None:
    http.post(f"{API}/v2/bot/message/push", status=status, json={"message": "error"})
    with pytest.raises(PushError) as caught:
        adapter(now=EVENT_TIME + timedelta(hours=1)).push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is retryable
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(("status", "retryable"), [(500, True), (429, True), (401, False)])
def test_reply_failures_other_than_a_bad_token_are_raised(
    http: responses.RequestsMock, status: int, retryable: bool
) -> None:
    http.post(f"{API}/v2/bot/message/reply", status=status, json={"message": "error"})
    with pytest.raises(PushError) as caught:
        adapter().push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is retryable


def test_network_failure_is_retryable(http: responses.RequestsMock) -> None:
    http.post(f"{API}/v2/bot/message/push", body=requests.ConnectionError("reset"))
    with pytest.raises(PushError) as caught:
        adapter(now=EVENT_TIME + timedelta(hours=1)).push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is True


def test_handover_is_not_a_line_protocol() -> None:
    assert adapter().handover(USER, True, requests.Session()) is False
