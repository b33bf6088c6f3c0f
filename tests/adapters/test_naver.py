"""Naver TalkTalk: recorded events in, send-API calls out (faked at the HTTP boundary)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.base import (
    BadRequest,
    Forbidden,
    Inbound,
    Kind,
    PushError,
    QuickReply,
    Reply,
    WebhookError,
    WebhookRequest,
)
from adapters.naver import DEFAULT_API_URL, NaverAdapter, product_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "naver"
API = "https://naver.test/chatbot/v1/event"
TOKEN = "ct_fake_send_key_0001"
USER = "al-FakeUserId00000000A"
KEYS = ("event", "user", "options", "standby", "textContent", "imageContent", "compositeContent",
        "text", "code", "inputType", "control", "metadata", "product", "partner")

# fixture → (kind, text, code, staff_owned), or None where Naver expects silence.
EXPECTED: dict[str, tuple[Kind, str, str, bool] | None] = {
    "text": (Kind.MESSAGE, "이 상품 재고 있나요?", "", False),
    "text_empty": (Kind.MESSAGE, "", "", False),
    "button": (Kind.BUTTON, "배송 조회", "FAQ-delivery", False),
    "sticker": (Kind.MEDIA, "", "", False),
    "vphone": (Kind.MEDIA, "", "", False),
    "image": (Kind.MEDIA, "", "", False),
    "composite": (Kind.MEDIA, "", "", False),
    "product": (Kind.MESSAGE, "이 옷 M 사이즈 언제 다시 들어와요?", "", False),
    "standby": (Kind.MESSAGE, "아직 답변 못 받았어요", "", True),
    "open": (Kind.OPEN, "", "", False),
    "handover_returned": (Kind.RETURNED, "", "", False),
    "leave": None,
    "friend": None,
    "echo": None,
    "profile": None,
    "pay_complete": None,
    "unknown": None,
}


def body(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def request(data: Any, remote_addr: str = "211.249.40.5") -> WebhookRequest:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    return WebhookRequest(body=raw, headers={"content-type": "application/json;charset=UTF-8"}, remote_addr=remote_addr)


@pytest.fixture
def naver() -> NaverAdapter:
    return NaverAdapter.from_env({"NAVER_TALK_TOKEN": TOKEN, "NAVER_TALK_API_URL": API, "NAVER_PARTNER_ID": "wc1a2b3"})


def inbound(text: str = "재고 있나요?") -> Inbound:
    return Inbound(channel="naver", user_id=USER, text=text, event_id="e1")


def sent(http: responses.RequestsMock, index: int = 0) -> dict[str, Any]:
    return json.loads(http.calls[index].request.body)


def ok() -> dict[str, Any]:
    return {"success": True, "resultCode": "00"}


# -- settings ---------------------------------------------------------------------


def test_from_env_reads_only_the_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVER_TALK_TOKEN", "from-process-env")
    adapter = NaverAdapter.from_env({})
    assert adapter.token == ""
    assert adapter.api_url == DEFAULT_API_URL
    assert adapter.can_push(inbound()) is False
    assert NaverAdapter.required_env == ("NAVER_TALK_TOKEN",)
    assert set(NaverAdapter.required_env) <= set(NaverAdapter.env)


def test_a_mistyped_allow_list_stops_start_up() -> None:
    with pytest.raises(ValueError):
        NaverAdapter.from_env({"NAVER_TALK_TOKEN": TOKEN, "NAVER_ALLOWED_CIDRS": "211.249.40.0/27,not-a-network"})


# -- verify -------------------------------------------------------------------------


def test_without_an_allow_list_any_source_is_accepted(naver: NaverAdapter) -> None:
    naver.verify(request(body("text"), remote_addr="198.51.100.7"))


@pytest.mark.parametrize("addr", ["211.249.40.5", "220.230.168.30", "::ffff:211.249.40.5", " 211.249.68.1 "])
def test_allow_list_admits_naver_ranges(addr: str) -> None:
    adapter = NaverAdapter.from_env(
        {"NAVER_TALK_TOKEN": TOKEN, "NAVER_ALLOWED_CIDRS": "211.249.40.0/27, 211.249.68.0/27,220.230.168.0/27"}
    )
    adapter.verify(request(body("text"), remote_addr=addr))


@pytest.mark.parametrize("addr", ["198.51.100.7", "211.249.40.32", "", "unknown", "::1", "2001:db8::1"])
def test_allow_list_refuses_other_sources(addr: str) -> None:
    adapter = NaverAdapter.from_env({"NAVER_TALK_TOKEN": TOKEN, "NAVER_ALLOWED_CIDRS": "211.249.40.0/27"})
    with pytest.raises(Forbidden):
        adapter.verify(request(body("text"), remote_addr=addr))


# -- parse --------------------------------------------------------------------------


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.stem for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_fixture(naver: NaverAdapter, name: str) -> None:
    result = naver.parse(request(body(name)))
    expected = EXPECTED[name]
    if expected is None:
        assert result == []
        return
    kind, text, code, staff_owned = expected
    [message] = result
    assert (message.kind, message.text, message.code, message.staff_owned) == (kind, text, code, staff_owned)
    assert message.channel == "naver"
    assert message.user_id == USER
    assert message.thread_id == f"naver:{USER}"
    assert message.timestamp.tzinfo is not None
    assert message.payload == json.loads(body(name))
    # No event id from Naver: a synthetic, stable one.
    assert len(message.event_id) == 32 and int(message.event_id, 16) >= 0
    assert naver.parse(request(body(name)))[0].event_id == message.event_id


def test_synthetic_event_ids_tell_events_apart(naver: NaverAdapter) -> None:
    ids = [naver.parse(request(body(n)))[0].event_id for n, e in EXPECTED.items() if e is not None]
    assert len(set(ids)) == len(ids)
    # Two different stickers within the dedupe window are two events.
    sticker = json.loads(body("image"))
    sticker["imageContent"]["imageUrl"] = "https://talk.example.invalid/img/fake-0002.jpg"
    assert naver.parse(request(sticker))[0].event_id != naver.parse(request(body("image")))[0].event_id


def test_product_inquiry_keeps_the_product(naver: NaverAdapter) -> None:
    [message] = naver.parse(request(body("product")))
    assert message.text == "이 옷 M 사이즈 언제 다시 들어와요?"  # nothing appended to what the shopper typed
    assert product_of(message)["name"] == "린넨 셔츠 (아이보리)"
    assert product_of(naver.parse(request(body("text")))[0]) == {}


def test_payload_is_read_only(naver: NaverAdapter) -> None:
    [message] = naver.parse(request(body("text")))
    with pytest.raises(TypeError):
        message.payload["event"] = "leave"  # type: ignore[index]


@pytest.mark.parametrize(
    "data",
    [
        b"{not json",
        b"\xff\xfe",
        b"[" * 50_000,
        [],
        "send",
        {"user": USER, "textContent": {"text": "hi"}},
        {"event": "send", "textContent": {"text": "hi"}},
        {"event": "send", "user": 12345, "textContent": {"text": "hi"}},
        {"event": "send", "user": "   ", "textContent": {"text": "hi"}},
        {"event": "send", "user": "u" * 1000, "textContent": {"text": "hi"}},
        {"event": 7, "user": USER},
        {"event": "send", "user": USER},
        {"event": "send", "user": USER, "textContent": ["hi"]},
        {"event": "send", "user": USER, "textContent": {"text": 42}},
        {"event": "send", "user": USER, "textContent": {"text": "x" * 50_000}},
        {"event": "send", "user": USER, "textContent": {"text": "hi", "code": ["c"]}},
        {"event": "send", "user": USER, "textContent": {"text": "hi", "inputType": None}},
        {"event": "send", "user": USER, "imageContent": "https://img"},
        {"event": "send", "user": USER, "standby": "true", "textContent": {"text": "hi"}},
        {"event": "open", "user": USER, "options": ["inflow"]},
        {"event": "send", "user": USER, "options": {"product": "셔츠"},
         "textContent": {"text": "hi", "inputType": "product"}},
    ],
)
def test_malformed_events_are_bad_requests(naver: NaverAdapter, data: Any) -> None:
    with pytest.raises(BadRequest):
        naver.parse(request(data))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_bodies_only_raise_webhook_errors(hostile_bodies: Any, data: st.DataObject) -> None:
    raw = data.draw(hostile_bodies("naver", KEYS))
    adapter = NaverAdapter(token=TOKEN, api_url=API)
    try:
        result = adapter.parse(request(raw))
    except WebhookError:
        return
    for message in result:
        assert isinstance(message, Inbound)
        assert isinstance(message.user_id, str) and message.user_id
        assert isinstance(message.event_id, str) and isinstance(message.text, str) and isinstance(message.code, str)


# -- render -------------------------------------------------------------------------


def test_render_nothing_or_wait_is_an_empty_200(naver: NaverAdapter) -> None:
    for reply in (None, Reply(text="답변을 준비하고 있어요.", wait=True)):
        response = naver.render(reply, inbound())
        assert (response.status, response.body) == (200, None)
        assert response.content_type == "application/json;charset=UTF-8"


def test_render_reply_is_one_send_event(naver: NaverAdapter) -> None:
    reply = Reply(text="재고는 3개 남아 있어요.", quick_replies=(QuickReply("주문하기", code="ORDER"),))
    response = naver.render(reply, inbound())
    assert response.status == 200
    assert response.body == {
        "event": "send",
        "user": USER,
        "textContent": {
            "text": "재고는 3개 남아 있어요.",
            "quickReply": {"buttonList": [{"type": "TEXT", "data": {"title": "주문하기", "code": "ORDER"}}]},
        },
    }


# -- push ---------------------------------------------------------------------------


def test_push_posts_the_send_event(naver: NaverAdapter, http: responses.RequestsMock) -> None:
    http.post(API, json=ok())
    reply = Reply(
        text="재고는 3개 남아 있어요. 더 도와드릴까요?",
        quick_replies=(
            QuickReply("배송은 언제 오나요 알려주세요", code="FAQ-delivery"),
            QuickReply("교환 문의", text="교환하고 싶어요"),
        ),
        staff_button="상담원과 바로 이야기하기",
    )
    naver.push(reply, inbound(), requests.Session())
    assert len(http.calls) == 1
    headers = http.calls[0].request.headers
    assert headers["Content-Type"] == "application/json;charset=UTF-8"
    assert headers["Authorization"] == TOKEN  # raw key, no "Bearer"
    assert sent(http) == {
        "event": "send",
        "user": USER,
        "textContent": {
            "text": "재고는 3개 남아 있어요. 더 도와드릴까요?",
            "quickReply": {
                "buttonList": [
                    {"type": "TEXT", "data": {"title": "배송은 언제 오나…", "code": "FAQ-delivery"}},
                    {"type": "TEXT", "data": {"title": "교환 문의", "code": "교환하고 싶어요"}},
                    {"type": "TEXT", "data": {"title": "상담원과 바로 이…", "code": "HANDOFF"}},
                ]
            },
        },
    }


def test_push_keeps_within_naver_limits(naver: NaverAdapter, http: responses.RequestsMock) -> None:
    http.post(API, json=ok())
    quick = tuple(QuickReply(f"선택 {i}", code=f"C{i}") for i in range(15))
    naver.push(Reply(text="가" * 12_000, quick_replies=quick, staff_button="상담원"), inbound(), requests.Session())
    content = sent(http)["textContent"]
    assert len(content["text"]) == 10_000 and content["text"].endswith("…")
    buttons = content["quickReply"]["buttonList"]
    assert len(buttons) == 10
    assert buttons[-1]["data"] == {"title": "상담원", "code": "HANDOFF"}
    assert all(len(b["data"]["title"]) <= 10 for b in buttons)


def test_push_without_quick_replies_sends_plain_text(naver: NaverAdapter, http: responses.RequestsMock) -> None:
    http.post(API, json=ok())
    naver.push(Reply(text="감사합니다."), inbound(), requests.Session())
    assert sent(http) == {"event": "send", "user": USER, "textContent": {"text": "감사합니다."}}


@pytest.mark.parametrize(
    ("status", "answer", "retryable"),
    [
        (200, {"success": False, "resultCode": "01", "resultMessage": "invalid authorization"}, False),
        (200, {"success": False, "resultCode": "02", "resultMessage": "missing field"}, False),
        (200, {"success": False, "resultCode": "99", "resultMessage": "temporary error"}, True),
        (200, {"success": False, "resultCode": "IMG-01"}, False),
        (200, {"success": True, "resultCode": "01"}, False),
        (400, {"success": False, "resultCode": "02"}, False),
        (500, {"success": False, "resultCode": "99"}, True),
        (502, "<html>Bad Gateway</html>", True),
        (503, None, True),
        (200, "<html>maintenance</html>", True),
        (401, "unauthorized", False),
        (429, None, True),
    ],
)
def test_push_failures_say_whether_to_retry(
    naver: NaverAdapter, http: responses.RequestsMock, status: int, answer: Any, retryable: bool
) -> None:
    if isinstance(answer, dict):
        http.post(API, status=status, json=answer)
    else:
        http.post(API, status=status, body=answer or "")
    with pytest.raises(PushError) as caught:
        naver.push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is retryable
    assert TOKEN not in str(caught.value)


def test_push_network_failure_is_retryable(naver: NaverAdapter, http: responses.RequestsMock) -> None:
    http.post(API, body=requests.ConnectionError("connection reset"))
    with pytest.raises(PushError) as caught:
        naver.push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is True


def test_push_without_token_is_refused_without_a_call() -> None:
    adapter = NaverAdapter(token="", api_url=API)
    assert adapter.can_push(inbound()) is False
    with pytest.raises(PushError) as caught:
        adapter.push(Reply(text="안녕하세요"), inbound(), requests.Session())
    assert caught.value.retryable is False


# -- handover -----------------------------------------------------------------------


def test_handover_to_staff_passes_the_thread(naver: NaverAdapter, http: responses.RequestsMock) -> None:
    http.post(API, json=ok())
    assert naver.handover(USER, True, requests.Session()) is True
    assert sent(http) == {
        "event": "handover",
        "user": USER,
        "partner": "wc1a2b3",
        "options": {"control": "passThread", "targetId": 1},
    }
    assert http.calls[0].request.headers["Authorization"] == TOKEN


def test_handover_without_partner_id_omits_it(http: responses.RequestsMock) -> None:
    http.post(API, json=ok())
    adapter = NaverAdapter(token=TOKEN, api_url=API)
    assert adapter.handover(USER, True, requests.Session()) is True
    assert "partner" not in sent(http)


def test_handover_back_to_bot_takes_the_thread(naver: NaverAdapter, http: responses.RequestsMock) -> None:
    http.post(API, json=ok())
    assert naver.handover(USER, False, requests.Session()) is True
    assert sent(http) == {"event": "handover", "user": USER, "options": {"control": "takeThread", "metadata": ""}}


@pytest.mark.parametrize(("code", "retryable"), [("01", False), ("99", True)])
def test_handover_failure_raises_like_push(
    naver: NaverAdapter, http: responses.RequestsMock, code: str, retryable: bool
) -> None:
    http.post(API, json={"success": False, "resultCode": code})
    with pytest.raises(PushError) as caught:
        naver.handover(USER, True, requests.Session())
    assert caught.value.retryable is retryable


def test_returned_thread_round_trip(naver: NaverAdapter) -> None:
    """Staff pressing 상담 완료하기 reaches the bot as RETURNED, not as a shopper message."""
    [message] = naver.parse(request(body("handover_returned")))
    assert message.kind is Kind.RETURNED
    assert json.loads(message.payload["options"]["metadata"])["managerNickname"] == "김상담"
