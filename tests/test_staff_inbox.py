"""The staff inbox at /staff and its JSON API, through Flask's test client.

Shoppers write through the real Kakao / Telegram webhooks, RQ jobs run on a real worker,
and the Telegram Bot API is a local stub server, so a staff reply is seen arriving there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Shopper
from tests.stubs import StubServer

TOKEN = "test-admin-token-7f3a9c"
PERSON = "상담원 연결해주세요"
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    """The shared environment, with the inbox switched on."""
    return {**env, "ADMIN_TOKEN": TOKEN}


# -- helpers ---------------------------------------------------------------------------------


def kakao(client: Any, text: str, user: str = "user-1") -> list[str]:
    return Shopper(client, {}).say("kakao", text, user)


def handoff(client: Any, run_jobs: Any, ctx: Any, text: str = PERSON, user: str = "user-1") -> str:
    """A Kakao shopper asks for a person; the ticket number staff will see."""
    kakao(client, text, user)
    run_jobs()
    number = ctx.store.thread(f"kakao:{user}").get("ticket")
    assert number
    return number


def csrf(resp: Any) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', resp.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match.group(1)


def login(client: Any, token: str = TOKEN, name: str = "민지") -> Any:
    page = client.get("/staff/login")
    return client.post("/staff/login", data={"token": token, "name": name, "csrf_token": csrf(page)})


def page(client: Any, path: str) -> tuple[Any, str]:
    resp = client.get(path)
    return resp, resp.get_data(as_text=True)


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- access ----------------------------------------------------------------------------------


def test_without_admin_token_the_inbox_stays_closed(make_ctx: Any) -> None:
    from bot.web.app import create_app

    client = create_app(ctx=make_ctx(admin_token="")).test_client()
    for path in ("/staff/", "/staff/login", "/staff/tickets/1"):
        resp = client.get(path)
        assert resp.status_code == 503
        assert "ADMIN_TOKEN" in resp.get_data(as_text=True)
    assert client.post("/staff/login", data={"token": ""}).status_code == 503
    api = client.get("/staff/api/tickets", headers=bearer(""))
    assert api.status_code == 503
    assert "ADMIN_TOKEN" in api.get_json()["message"]


def test_pages_redirect_to_login_until_logged_in(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx)
    for path in ("/staff/", f"/staff/tickets/{number}"):
        resp = client.get(path)
        assert resp.status_code == 302
        assert resp.headers["Location"].endswith("/staff/login")
    login_page = client.get("/staff/login").get_data(as_text=True)
    assert PERSON not in login_page


def test_a_wrong_token_is_refused(client: Any) -> None:
    resp = login(client, token="not-the-token")
    assert resp.status_code == 401
    assert "토큰이 맞지 않아요" in resp.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_too_many_wrong_tokens_lock_the_form_for_a_while(client: Any) -> None:
    for _ in range(10):
        assert login(client, token="guess").status_code == 401
    resp = login(client)  # even the right token, until the window passes
    assert resp.status_code == 429
    assert client.get("/staff/").status_code == 302


def test_login_sets_a_safe_session_cookie_and_logout_ends_it(client: Any) -> None:
    resp = login(client)
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith("/staff/")
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on a laptop: a Secure cookie would never come back

    resp, html = page(client, "/staff/")
    assert resp.status_code == 200
    assert "답변을 기다리는 상담이 없어요" in html
    assert "민지" in html

    resp = client.post("/staff/logout", data={"csrf_token": csrf(resp)})
    assert resp.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_the_cookie_is_secure_behind_https(make_ctx: Any) -> None:
    from bot.web.app import create_app

    client = create_app(ctx=make_ctx(public_url="https://shop.example")).test_client()
    assert "Secure" in login(client).headers["Set-Cookie"]


def test_every_worker_accepts_the_session_and_a_new_token_ends_it(app: Any, make_ctx: Any) -> None:
    from bot.web.app import create_app

    first = app.test_client()
    login(first)
    cookie = first.get_cookie("staff_session")
    assert cookie is not None

    other_worker = create_app(ctx=make_ctx()).test_client()
    other_worker.set_cookie("staff_session", cookie.value)
    assert other_worker.get("/staff/").status_code == 200

    rotated = create_app(ctx=make_ctx(admin_token="a-brand-new-token")).test_client()
    rotated.set_cookie("staff_session", cookie.value)
    assert rotated.get("/staff/").status_code == 302


def test_a_post_without_the_csrf_token_is_rejected(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx)
    login(client)
    for data in ({"text": "안녕하세요"}, {"text": "안녕하세요", "csrf_token": "forged"}):
        assert client.post(f"/staff/tickets/{number}/reply", data=data).status_code == 400
        assert client.post(f"/staff/tickets/{number}/resolve", data=data).status_code == 400
    assert [t["role"] for t in ctx.store.transcript("kakao:user-1")].count("staff") == 0
    assert ctx.store.ticket(number)["state"] == "open"
    # Logging in needs one too (no login CSRF), and so does logging out.
    assert client.post("/staff/login", data={"token": TOKEN}).status_code == 400
    assert client.post("/staff/logout").status_code == 400


# -- reading ---------------------------------------------------------------------------------


def test_the_list_shows_open_tickets_oldest_first(client: Any, ctx: Any, run_jobs: Any) -> None:
    first = handoff(client, run_jobs, ctx, user="user-1")
    second = handoff(client, run_jobs, ctx, "주문한 옷이 찢어져서 왔어요", user="user-2")
    kakao(client, "언제 답 주세요?", user="user-1")
    run_jobs()
    login(client)
    resp, html = page(client, "/staff/")
    assert resp.status_code == 200
    assert html.index(f"#{first}") < html.index(f"#{second}")
    assert "상담원 요청" in html and "상품 불량·파손" in html
    assert PERSON in html and "주문한 옷이 찢어져서 왔어요" in html
    assert "카카오톡" in html
    assert re.search(rf'data-number="{first}".*?<span class="badge">1</span>', html, re.DOTALL)
    assert resp.headers["Cache-Control"] == "no-store"


def test_the_ticket_page_shows_the_transcript_and_how_a_kakao_reply_travels(
    client: Any, ctx: Any, run_jobs: Any
) -> None:
    kakao(client, "배송 언제 와요?")
    number = handoff(client, run_jobs, ctx)
    kakao(client, "제 번호는 010-1234-5678이에요")
    ctx.store.update_ticket(number, draft="보통 2~3일 걸려요.")
    login(client)
    resp, html = page(client, f"/staff/tickets/{number}")
    assert resp.status_code == 200
    assert "turn-shopper" in html and "turn-bot" in html
    assert "배송 언제 와요?" in html
    assert "010-1234-5678" not in html  # the transcript is masked
    assert "[전화번호]" in html
    assert "보통 2~3일 걸려요." in html
    assert "고객이 다음 메시지를 보낼 때" in html
    assert "center-pf.kakao.com" in html
    assert client.get("/staff/tickets/999").status_code == 404


def test_shopper_html_is_shown_as_text_never_as_markup(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx, f"{PERSON} {XSS}")
    login(client)
    for path in ("/staff/", f"/staff/tickets/{number}"):
        resp, html = page(client, path)
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "script-src" not in resp.headers["Content-Security-Policy"]  # default-src 'none': no script at all
        assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    detail = client.get(f"/staff/api/tickets/{number}", headers=bearer()).get_json()
    assert XSS in detail["ticket"]["message"]  # the API returns the text as written: escaping is the renderer's job


# -- acting through the pages ----------------------------------------------------------------------


def test_a_kakao_reply_reaches_the_shopper_on_their_next_message(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx)
    login(client)
    resp, _ = page(client, f"/staff/tickets/{number}")
    resp = client.post(
        f"/staff/tickets/{number}/reply",
        data={"text": "안녕하세요, 봄날옷장이에요. 주문번호를 알려 주세요.", "csrf_token": csrf(resp)},
        follow_redirects=True,
    )
    html = resp.get_data(as_text=True)
    assert "고객이 다음 메시지를 보낼 때 함께 전달돼요" in html
    assert "turn-staff" in html
    assert ctx.store.thread("kakao:user-1")["state"] == "staff"
    assert ctx.store.ticket(number)["staff"] == "민지"

    assert kakao(client, "네 잠시만요")[0] == "[담당자] 안녕하세요, 봄날옷장이에요. 주문번호를 알려 주세요."  # a person's words, marked
    # Delivered once: the message after that is only forwarded.
    assert kakao(client, "주문번호는 1234예요")[0] == ctx.settings.shop.messages.forwarded_to_staff


def test_an_empty_reply_is_not_sent(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx)
    login(client)
    resp, _ = page(client, f"/staff/tickets/{number}")
    resp = client.post(f"/staff/tickets/{number}/reply", data={"text": "  ", "csrf_token": csrf(resp)},
                       follow_redirects=True)
    assert "보낼 내용을 입력해 주세요" in resp.get_data(as_text=True)
    assert ctx.store.thread("kakao:user-1")["state"] == "waiting_staff"


def test_resolving_gives_the_thread_back_to_the_bot(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx)
    login(client)
    resp, _ = page(client, f"/staff/tickets/{number}")
    resp = client.post(f"/staff/tickets/{number}/resolve", data={"csrf_token": csrf(resp)}, follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert f"#{number} 상담을 완료했어요" in html
    assert "답변을 기다리는 상담이 없어요" in html
    assert "최근 완료한 상담" in html
    assert ctx.store.ticket(number)["state"] == "resolved"
    assert ctx.store.ticket(number)["resolved_by"] == "민지"
    assert ctx.store.thread("kakao:user-1")["state"] == "bot"
    run_jobs()

    answer = kakao(client, "배송 언제 와요?")
    assert ctx.settings.shop.faq("shipping").answer in answer[0]

    # The resolved ticket can be read but not answered again.
    resp, html = page(client, f"/staff/tickets/{number}")
    assert "답변 보내기" not in html
    resp = client.post(f"/staff/tickets/{number}/reply", data={"text": "추가 답변", "csrf_token": csrf(resp)},
                       follow_redirects=True)
    assert "이미 완료된 상담이에요" in resp.get_data(as_text=True)


# -- JSON API ---------------------------------------------------------------------------------------


def test_the_api_needs_the_bearer_token(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx)
    for headers in ({}, bearer("wrong"), {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}):
        resp = client.get("/staff/api/tickets", headers=headers)
        assert resp.status_code == 401
        assert resp.get_json()["error"] == "unauthorized"
        assert client.post(f"/staff/api/tickets/{number}/resolve", headers=headers).status_code == 401
    login(client)  # a browser session is not an API credential (no CSRF check there)
    assert client.post(f"/staff/api/tickets/{number}/resolve").status_code == 401
    assert ctx.store.ticket(number)["state"] == "open"


def test_the_api_lists_reads_replies_and_resolves(client: Any, ctx: Any, run_jobs: Any) -> None:
    number = handoff(client, run_jobs, ctx)
    listed = client.get("/staff/api/tickets", headers=bearer()).get_json()["tickets"]
    assert [t["number"] for t in listed] == [number]
    assert listed[0]["channel"] == "kakao"
    assert listed[0]["reason"] == "asked_for_person"
    assert listed[0]["message"] == PERSON

    detail = client.get(f"/staff/api/tickets/{number}", headers=bearer()).get_json()
    assert detail["delivery"] == "next_turn"
    assert detail["thread_state"] == "waiting_staff"
    assert [t["role"] for t in detail["transcript"]] == ["shopper", "bot"]

    resp = client.post(f"/staff/api/tickets/{number}/reply", headers=bearer(), json={"text": "확인해 볼게요."})
    assert resp.status_code == 200
    assert resp.get_json()["delivery"] == "next_turn"
    detail = client.get(f"/staff/api/tickets/{number}", headers=bearer()).get_json()
    last = detail["transcript"][-1]
    assert (last["role"], last["text"], last["by"]) == ("staff", "확인해 볼게요.", "api")
    assert detail["undelivered"] == 1

    resp = client.post(f"/staff/api/tickets/{number}/resolve", headers=bearer())
    assert resp.status_code == 200
    assert resp.get_json()["resolved"] is True
    assert ctx.store.thread("kakao:user-1")["state"] == "bot"
    assert client.get("/staff/api/tickets", headers=bearer()).get_json()["tickets"] == []

    assert client.post(f"/staff/api/tickets/{number}/resolve", headers=bearer()).status_code == 409
    again = client.post(f"/staff/api/tickets/{number}/reply", headers=bearer(), json={"text": "추가"})
    assert again.status_code == 409
    assert again.get_json()["error"] == "conflict"


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"text": 5}', b'{"text": "   "}', b"{}", json.dumps({"text": "가" * 2001}).encode()],
)
def test_the_api_rejects_a_bad_reply_body(client: Any, ctx: Any, run_jobs: Any, body: bytes) -> None:
    number = handoff(client, run_jobs, ctx)
    resp = client.post(f"/staff/api/tickets/{number}/reply", headers={**bearer(), "Content-Type": "application/json"},
                       data=body)
    assert resp.status_code == 400
    assert resp.get_json()["error"] == "bad_request"
    assert ctx.store.thread("kakao:user-1")["state"] == "waiting_staff"


def test_the_api_answers_404_for_an_unknown_ticket(client: Any) -> None:
    assert client.get("/staff/api/tickets/41", headers=bearer()).status_code == 404
    resp = client.post("/staff/api/tickets/41/reply", headers=bearer(), json={"text": "hi"})
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "not_found"
    assert client.post("/staff/api/tickets/41/resolve", headers=bearer()).status_code == 404


# -- a channel that can push: Telegram ----------------------------------------------------------------


@pytest.fixture
def telegram_api() -> Iterator[StubServer]:
    """The Telegram Bot API on 127.0.0.1: every sendMessage succeeds."""
    server = StubServer(lambda path, body: (200, {"ok": True, "result": {"message_id": 1}}))
    yield server
    server.close()


def test_a_telegram_reply_is_pushed_to_the_platform(
    make_ctx: Any, env: dict[str, str], telegram_api: StubServer
) -> None:
    from bot.web.app import create_app
    from tests.conftest import ROOT

    env.update(TELEGRAM_BOT_TOKEN="123:stub", TELEGRAM_SECRET_TOKEN="tg-secret", TELEGRAM_API_URL=telegram_api.url)
    ctx = make_ctx()
    client = create_app(ctx=ctx).test_client()
    update = json.loads((ROOT / "tests/fixtures/telegram/text.json").read_text(encoding="utf-8"))
    update["message"]["text"] = PERSON
    resp = client.post("/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "tg-secret"})
    assert resp.status_code == 200

    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    def run_jobs() -> None:
        queues = [ctx.queue(name) for name in ("handoff", "replies", "digest")]
        SimpleWorker(queues, connection=ctx.rq_redis, serializer=JSONSerializer).work(burst=True)

    run_jobs()
    number = ctx.store.thread("telegram:987654321")["ticket"]

    resp = client.post(f"/staff/api/tickets/{number}/reply", headers=bearer(), json={"text": "주문번호를 알려 주세요."})
    assert resp.get_json()["delivery"] == "sent"
    run_jobs()
    sent = [(path, body) for path, body, _ in telegram_api.requests if path.endswith("/sendMessage")]
    assert ("/bot123:stub/sendMessage", {"chat_id": "987654321", "text": "[담당자] 주문번호를 알려 주세요."}) in [
        (path, {k: body[k] for k in ("chat_id", "text")}) for path, body in sent
    ]

    login(client)
    resp, html = page(client, f"/staff/tickets/{number}")
    assert "텔레그램(으)로 바로 전달돼요" in html
    client.post(f"/staff/tickets/{number}/resolve", data={"csrf_token": csrf(resp)})
    run_jobs()
    texts = [body.get("text") for path, body, _ in telegram_api.requests]
    assert ctx.settings.shop.messages.staff_returned in texts
