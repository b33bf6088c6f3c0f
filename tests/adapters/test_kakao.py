"""Kakao i Open Builder: SkillPayloads in, SkillResponses and callbacks out."""

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
    Inbound,
    Kind,
    PushError,
    QuickReply,
    Reply,
    Unauthorized,
    WebhookError,
    WebhookRequest,
)
from adapters.kakao import KakaoAdapter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "kakao"
SECRET = "fake-skill-secret-0001"
CALLBACK = "https://bot-api.kakao.com/callback/FAKE-ONE-SHOT-TOKEN"
USER = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3"
KEYS = ("userRequest", "utterance", "user", "id", "properties", "callbackUrl", "bot", "action", "clientExtra",
        "code", "flow", "trigger", "type", "block", "plusfriendUserKey")

# fixture → (kind, text, code, user id), or the error parsing must raise.
EXPECTED: dict[str, tuple[Kind, str, str, str] | type[WebhookError]] = {
    "text": (Kind.MESSAGE, "배송 언제 와요?", "", USER),
    "quick_reply": (Kind.BUTTON, "주문 조회할래요", "FAQ-order", USER),
    "callback": (Kind.MESSAGE, "환불은 며칠 걸려요?", "", USER),
    "builder_test": (Kind.MESSAGE, "영업시간 알려주세요", "", "b1b1b1b1-fake-builder-test-user"),
    "missing_utterance": BadRequest,
}


def body(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def request(data: Any, secret: str | None = SECRET) -> WebhookRequest:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers["x-skill-secret"] = secret
    return WebhookRequest(body=raw, headers=headers)


@pytest.fixture
def kakao() -> KakaoAdapter:
    return KakaoAdapter.from_env({"KAKAO_SKILL_SECRET": SECRET})


def inbound(name: str = "callback", callback_url: str | None = None) -> Inbound:
    message = KakaoAdapter().parse(request(body(name)))[0]
    if callback_url is None:
        return message
    handle = {**message.reply_handle, "callback_url": callback_url}
    return Inbound(channel="kakao", user_id=message.user_id, text=message.text, event_id=message.event_id,
                   reply_handle=handle)


def outputs(response_body: dict[str, Any]) -> list[dict[str, Any]]:
    return response_body["template"]["outputs"]


# -- verify -------------------------------------------------------------------------


def test_matching_secret_passes(kakao: KakaoAdapter) -> None:
    kakao.verify(request(body("text")))


@pytest.mark.parametrize("given_secret", [None, "", "wrong", SECRET + " "])
def test_missing_or_wrong_secret_is_unauthorized(kakao: KakaoAdapter, given_secret: str | None) -> None:
    with pytest.raises(Unauthorized):
        kakao.verify(request(body("text"), secret=given_secret))


def test_the_skill_header_is_optional_when_the_owner_set_no_secret() -> None:
    """Kakao's X-Skill-Secret is optional in Open Builder: without one configured, no header is asked for."""
    KakaoAdapter.from_env({}).verify(request(body("text"), secret=None))


def test_require_secret_fails_closed_without_a_configured_secret() -> None:
    from adapters.base import require_secret

    with pytest.raises(Unauthorized):
        require_secret("any", "whatever", "")
    with pytest.raises(Unauthorized):
        require_secret("any", None, "")


# -- parse --------------------------------------------------------------------------


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.stem for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_fixture(kakao: KakaoAdapter, name: str) -> None:
    expected = EXPECTED[name]
    if isinstance(expected, type):
        with pytest.raises(expected):
            kakao.parse(request(body(name)))
        return
    [message] = kakao.parse(request(body(name)))
    assert (message.kind, message.text, message.code, message.user_id) == expected
    assert message.channel == "kakao"
    assert len(message.event_id) == 32
    assert kakao.parse(request(body(name)))[0].event_id == message.event_id
    assert message.reply_handle["bot_id"] == "64f0b0b0b0b0b0b0b0b0b0b0"


def test_callback_url_lands_in_the_reply_handle(kakao: KakaoAdapter) -> None:
    assert inbound("callback").reply_handle["callback_url"] == CALLBACK
    assert "callback_url" not in inbound("text").reply_handle
    assert inbound("text").reply_handle["plusfriend_user_key"] == "Xy9_FakeKey01"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_bodies_only_raise_webhook_errors(hostile_bodies: Any, data: st.DataObject) -> None:
    raw = data.draw(hostile_bodies("kakao", KEYS))
    try:
        result = KakaoAdapter().parse(request(raw))
    except WebhookError:
        return
    for message in result:
        assert isinstance(message.user_id, str) and isinstance(message.text, str)
        assert all(isinstance(v, str) for v in message.reply_handle.values())


# -- render -------------------------------------------------------------------------


def test_render_nothing_still_answers(kakao: KakaoAdapter) -> None:
    response = kakao.render(None, inbound("text"))
    assert response.status == 200
    assert response.body["version"] == "2.0"
    assert len(outputs(response.body)) == 1


def test_long_text_is_split_at_sentence_ends_into_at_most_three_bubbles(kakao: KakaoAdapter) -> None:
    sentence = "주문하신 상품은 오늘 오후에 출고될 예정이에요. "
    text = sentence * 150  # about 4,000 characters
    bubbles = outputs(kakao.render(Reply(text=text), inbound("text")).body)
    assert 1 <= len(bubbles) <= 3
    texts = [b["simpleText"]["text"] for b in bubbles]
    assert all(len(t) <= 1000 for t in texts)
    assert all(t.endswith("예정이에요.") for t in texts[:-1])
    assert texts[-1].endswith("…")


def test_quick_replies_are_capped_and_labels_clipped(kakao: KakaoAdapter) -> None:
    quick = tuple(QuickReply(f"아주 길고 긴 선택지 이름 {i}", code=f"C{i}") for i in range(12))
    template = kakao.render(Reply(text="골라 주세요.", quick_replies=quick), inbound("text")).body["template"]
    items = template["quickReplies"]
    assert len(items) == 10
    assert all(len(q["label"]) <= 14 for q in items)
    assert items[0] == {
        "label": "아주 길고 긴 선택지 이…",
        "action": "message",
        "messageText": "아주 길고 긴 선택지 이름 0",
        "extra": {"code": "C0"},
    }


def test_staff_button_becomes_an_operator_button(kakao: KakaoAdapter) -> None:
    body_ = kakao.render(Reply(text="상담원을 연결해 드릴게요.", staff_button="상담원 연결"), inbound("text")).body
    assert outputs(body_) == [
        {"textCard": {"description": "상담원을 연결해 드릴게요.",
                      "buttons": [{"action": "operator", "label": "상담원 연결"}]}}
    ]


def test_wait_with_a_callback_url_uses_the_callback(kakao: KakaoAdapter) -> None:
    response = kakao.render(Reply(text="답변을 준비하고 있어요.", wait=True), inbound("callback"))
    assert response.body == {"version": "2.0", "useCallback": True, "data": {"text": "답변을 준비하고 있어요."}}


def test_wait_without_a_callback_url_answers_in_full(kakao: KakaoAdapter) -> None:
    response = kakao.render(Reply(text="답변을 준비하고 있어요.", wait=True), inbound("text"))
    assert "useCallback" not in response.body
    assert outputs(response.body) == [{"simpleText": {"text": "답변을 준비하고 있어요."}}]


@pytest.mark.parametrize(
    "url",
    [
        "http://bot-api.kakao.com/callback/x",  # not https
        "https://evil.example/callback/x",
        "https://bot-api.kakao.com.evil.example/callback/x",
        "https://evilkakao.com/callback/x",
        "https://bot-api.kakao.com@evil.example/callback/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[bad/x",
        "",
    ],
)
def test_callback_hosts_outside_the_allow_list_are_refused(kakao: KakaoAdapter, url: str) -> None:
    message = inbound("text", callback_url=url)
    assert kakao.can_push(message) is False
    assert "useCallback" not in kakao.render(Reply(text="잠시만요", wait=True), message).body
    with pytest.raises(PushError) as caught:
        kakao.push(Reply(text="답변이에요"), message, requests.Session())  # no HTTP call is registered
    assert caught.value.retryable is False


def test_callback_allow_list_is_configurable() -> None:
    adapter = KakaoAdapter.from_env({"KAKAO_CALLBACK_HOSTS": "127.0.0.1:5055"})
    assert adapter.callback_allowed("http://127.0.0.1:5055/callback/x")
    assert not adapter.callback_allowed(CALLBACK)


# -- push ---------------------------------------------------------------------------


def test_push_posts_the_skill_response(kakao: KakaoAdapter, http: responses.RequestsMock) -> None:
    http.post(CALLBACK, json={"taskId": "3f1c9a2e-0000-4000-8000-000000000000", "status": "SUCCESS"})
    kakao.push(Reply(text="3~5 영업일 걸려요.", quick_replies=(QuickReply("상담원 연결"),)), inbound(), requests.Session())
    assert json.loads(http.calls[0].request.body) == {
        "version": "2.0",
        "template": {
            "outputs": [{"simpleText": {"text": "3~5 영업일 걸려요."}}],
            "quickReplies": [{"label": "상담원 연결", "action": "message", "messageText": "상담원 연결"}],
        },
    }


@pytest.mark.parametrize(
    ("status", "answer", "retryable"),
    [
        (200, {"status": "FAIL", "message": "Invalid callback token. Check your callback token."}, False),
        (200, {"status": "ERROR", "message": "Internal server error"}, True),
        (500, {"status": "ERROR"}, True),
        (400, {"message": "bad"}, False),
    ],
)
def test_push_failures_say_whether_to_retry(
    kakao: KakaoAdapter, http: responses.RequestsMock, status: int, answer: dict[str, Any], retryable: bool
) -> None:
    http.post(CALLBACK, status=status, json=answer)
    with pytest.raises(PushError) as caught:
        kakao.push(Reply(text="답변이에요"), inbound(), requests.Session())
    assert caught.value.retryable is retryable


def test_handover_is_not_a_kakao_protocol(kakao: KakaoAdapter) -> None:
    assert kakao.handover(USER, True, requests.Session()) is False
