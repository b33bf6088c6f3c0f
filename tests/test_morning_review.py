"""The morning review: a night's FAQ and LLM answers wait for a person, who marks them right or
wrong; a wrong one is repaired with a correction sent through the platform. Real HTTP app, Redis,
RQ worker, the real openai SDK against a local stub; Naver's send API faked at the transport."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import responses

from bot.dev import samples
from tests.conftest import SEOUL, Shopper
from tests.stubs import FakeLLM

TOKEN = "review-admin-token-9d1e"
NAVER_URL = "http://naver.test/chatbot/v1/event"
NIGHT = datetime(2026, 11, 17, 23, 30, tzinfo=SEOUL)  # a Tuesday night: closed
MORNING = datetime(2026, 11, 18, 9, 0, tzinfo=SEOUL)
NOON = datetime(2026, 11, 18, 11, 0, tzinfo=SEOUL)  # open
# Grounded in the shop's payment policy, so the answer checks (bot/conversation/checks.py) send it.
LLM_ANSWER = "네, 카카오페이로 결제하실 수 있어요. 신용카드, 네이버페이, 무통장입금도 받아요."
FIX = "정정할게요: 카카오페이는 지금 점검 중이라 신용카드나 무통장입금으로 결제해 주세요."


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    fake.answer(LLM_ANSWER)
    yield fake
    fake.close()


@pytest.fixture
def env(env: dict[str, str], llm: FakeLLM) -> dict[str, str]:
    return {**env, "ADMIN_TOKEN": TOKEN, "OPENAI_API_KEY": "k", "OPENAI_BASE_URL": llm.base_url,
            "OPENAI_TIMEOUT": "2", "BURST_SECONDS": "0.05", "NAVER_TALK_TOKEN": "ct_naver", "NAVER_TALK_API_URL": NAVER_URL}


@pytest.fixture
def naver() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(NAVER_URL, json={"success": True, "resultCode": "00"})
        yield mock


def bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def sent_to(mock: responses.RequestsMock, user: str) -> list[str]:
    out = []
    for call in mock.calls:
        body = json.loads(call.request.body)
        if body.get("user") == user and body.get("event") == "send":
            out += samples.pushed_texts(body)
    return out


def night(clock: dict[str, datetime], shopper: Shopper, run_jobs: Any) -> None:
    clock["now"] = NIGHT.astimezone(UTC)
    shopper.say("naver", "배송 언제 와요?", "al-faq")
    shopper.say("naver", "카카오페이로 결제 되여?", "al-llm")
    run_jobs()


def test_a_nights_answers_are_reviewed_and_a_wrong_one_is_repaired_on_naver(
    client: Any, ctx: Any, shopper: Shopper, run_jobs: Any, clock: dict[str, datetime],
    naver: responses.RequestsMock, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    from bot import digest
    from bot.dev.cli import main

    night(clock, shopper, run_jobs)
    waiting = client.get("/staff/api/review", headers=bearer()).get_json()["answers"]
    assert [(a["source"], a["channel"], a["thread"]) for a in waiting] == [
        ("faq", "naver", "naver:al-faq"), ("llm", "naver", "naver:al-llm")]
    faq, llm = waiting
    assert faq["question"] == "배송 언제 와요?" and "출고" in faq["answer"]
    assert llm["answer"] == LLM_ANSWER and llm["at"].startswith("2026-11-17T23:30")

    # The same queue from a terminal, one JSON object per line.
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["review", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == [faq["id"], llm["id"]]
    assert set(lines[0]) >= {"id", "thread", "channel", "at", "question", "answer", "source"}

    # The morning digest counts them and links the first ones.
    d = digest.build(ctx, now=MORNING.astimezone(UTC))
    assert d.review["waiting"] == 2
    assert d.review["first"][0]["url"].endswith(f"/staff/review#answer-{faq['id']}")
    assert "검토를 기다리는 챗봇 답변 2건" in d.text() and "검토를 기다리는 챗봇 답변 2건" in d.html()

    # Right: it leaves the queue, with who and when.
    clock["now"] = MORNING.astimezone(UTC)
    resp = client.post(f"/staff/api/review/{faq['id']}/ok", json={"by": "민지", "note": "정확해요"}, headers=bearer())
    assert resp.status_code == 200
    assert client.post(f"/staff/api/review/{faq['id']}/ok", json={}, headers=bearer()).status_code == 409
    done = ctx.store.reviews.answer(faq["id"])
    assert (done["state"], done["reviewed_by"], done["note"]) == ("ok", "민지", "정확해요")
    assert float(done["reviewed_at"]) > 0

    # Wrong, with a correction: it reaches the Naver shopper through the send API.
    before = len(sent_to(naver, "al-llm"))
    resp = client.post(f"/staff/api/review/{llm['id']}/wrong",
                       json={"by": "민지", "note": "카카오페이 점검 중", "reply": FIX}, headers=bearer())
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["delivery"] == "sent"
    run_jobs()
    assert sent_to(naver, "al-llm")[before:] == [f"[담당자] {FIX}"]  # a person's words, said so
    wrong = ctx.store.reviews.answer(llm["id"])
    assert (wrong["state"], wrong["reviewed_by"], wrong["ticket"]) == ("wrong", "민지", body["ticket"])
    ticket = ctx.store.ticket(body["ticket"])
    assert ticket["reason"] == "wrong_answer" and ticket["answer"] == llm["id"]
    assert "죄송해요" in ticket["draft"]
    log = [(x["action"], x["by"]) for x in ctx.store.people.ticket_log(body["ticket"])]
    assert ("marked_wrong", "민지") in log and ("replied", "민지") in log
    assert client.get("/staff/api/review", headers=bearer()).get_json()["answers"] == []

    # Next morning's digest: yesterday's wrong-answer rate per source.
    rates = {r["label"]: r for r in digest.build(ctx, now=MORNING.astimezone(UTC)).review["rates"]}
    assert (rates["FAQ"]["wrong"], rates["FAQ"]["reviewed"]) == (0, 1)
    assert (rates["AI 답변"]["wrong"], rates["AI 답변"]["reviewed"], rates["AI 답변"]["rate"]) == (1, 1, "100%")


def test_the_cli_marks_wrong_and_sends_the_correction(
    ctx: Any, shopper: Shopper, run_jobs: Any, clock: dict[str, datetime], naver: responses.RequestsMock,
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    from bot.dev.cli import main

    night(clock, shopper, run_jobs)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    llm = next(a for a in ctx.store.reviews.waiting() if a["source"] == "llm")
    assert main(["review", "--wrong", llm["id"], "--reply", FIX, "--by", "준호"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["delivery"] == "sent"
    run_jobs()
    assert sent_to(naver, "al-llm")[-1] == f"[담당자] {FIX}"
    assert ctx.store.reviews.answer(llm["id"])["reviewed_by"] == "준호"
    assert main(["review", "--ok", llm["id"]]) == 1  # reviewed already
    assert main(["review", "--ok", "999"]) == 1


def test_in_hours_faq_answers_do_not_wait_but_llm_answers_do(
    client: Any, ctx: Any, shopper: Shopper, run_jobs: Any, clock: dict[str, datetime], naver: responses.RequestsMock,
) -> None:
    clock["now"] = NOON.astimezone(UTC)
    shopper.say("naver", "배송 언제 와요?", "al-faq")
    shopper.say("naver", "카카오페이로 결제 되여?", "al-llm")
    run_jobs()
    assert [a["source"] for a in ctx.store.reviews.waiting()] == ["llm"]


OWNER_SHOP = """\
shop:
  name: 작은가게
hours:
  mon: ["09:00-18:00"]
  tue: ["09:00-18:00"]
channels: [kakao]
faqs:
  - id: shipping
    answer: 결제 후 2일 안에 보내 드려요.
    questions: ["배송 언제 와요?", "언제 보내 주나요?"]
    keywords: [배송]
review:
  scope: all
  unsatisfied_phrases: ["별로예요"]
"""


def test_an_owners_minimal_shop_file_widens_the_review_and_adds_a_phrase(
    make_ctx: Any, env: dict[str, str], tmp_path: Any, clock: dict[str, datetime], run_jobs: Any
) -> None:
    from bot.web.app import create_app

    path = tmp_path / "shop.yaml"
    path.write_text(OWNER_SHOP, encoding="utf-8")
    env["SHOP_CONFIG"] = str(path)
    ctx = make_ctx()
    clock["now"] = NOON.astimezone(UTC)  # open hours, an FAQ answer: waits only because scope is 'all'
    shopper = Shopper(create_app(ctx=ctx).test_client(), env)
    shopper.say("kakao", "배송 언제 와요?", "k1")
    assert [a["faq_id"] for a in ctx.store.reviews.waiting()] == ["shipping"]
    shopper.say("kakao", "음 별로예요", "k1")  # the shop's own phrase
    run_jobs()
    ticket = ctx.store.ticket(ctx.store.thread("kakao:k1")["ticket"])
    assert ticket["reason"] == "unsatisfied"


XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_the_review_page_needs_a_login_escapes_and_checks_csrf(
    client: Any, ctx: Any, shopper: Shopper, run_jobs: Any, clock: dict[str, datetime], naver: responses.RequestsMock,
) -> None:
    import re

    clock["now"] = NIGHT.astimezone(UTC)
    shopper.say("naver", f"배송 언제 와요? {XSS}", "al-x")
    (answer,) = ctx.store.reviews.waiting()
    assert client.get("/staff/review").status_code == 302
    assert client.get("/staff/conversations").status_code == 302
    assert client.get("/staff/api/review").status_code == 401
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/staff/login", data={"token": TOKEN, "name": "민지", "csrf_token": token})
    html = client.get("/staff/review").get_data(as_text=True)
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # the logged-in session's
    assert client.post(f"/staff/review/{answer['id']}/wrong", data={"note": "x"}).status_code == 400
    resp = client.post(f"/staff/review/{answer['id']}/wrong", data={"note": "배송 3일", "csrf_token": token})
    assert resp.status_code == 302 and "/staff/tickets/" in resp.headers["Location"]
    ticket = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert re.search(r'<textarea[^>]*id="reply-text"[^>]*>[^<]*죄송해요', ticket)  # the apology, ready to edit
    assert ctx.store.reviews.answer(answer["id"])["reviewed_by"] == "민지"
    listing = client.get("/staff/conversations?filter=after_hours&filter=faq&q=배송").get_data(as_text=True)
    assert 'data-thread="naver:al-x"' in listing and XSS not in listing
    thread = client.get("/staff/conversations/naver:al-x").get_data(as_text=True)
    assert "&lt;script&gt;" in thread and XSS not in thread


def test_saved_replies_are_created_edited_inserted_and_deleted(client: Any, ctx: Any, run_jobs: Any) -> None:
    import re

    Shopper(client, {}).say("kakao", "상담원 연결해주세요", "k9")
    run_jobs()
    number = ctx.store.thread("kakao:k9")["ticket"]
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/staff/login", data={"token": TOKEN, "name": "민지", "csrf_token": token})
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/replies").get_data(as_text=True)).group(1)
    assert client.post("/staff/replies", data={"title": "t", "text": "x"}).status_code == 400  # no CSRF token
    client.post("/staff/replies", data={"title": "교환", "text": f"교환 안내 {XSS}", "csrf_token": token})
    (saved,) = ctx.store.people.saved_replies()
    client.post("/staff/replies", data={"id": saved["id"], "title": "교환", "text": "7일 안에 신청해 주세요.", "csrf_token": token})
    assert ctx.store.people.saved_reply(saved["id"])["text"] == "7일 안에 신청해 주세요."
    html = client.get(f"/staff/tickets/{number}?insert=saved:{saved['id']}").get_data(as_text=True)
    assert re.search(r'id="reply-text"[^>]*>7일 안에 신청해 주세요.</textarea>', html)
    html = client.get(f"/staff/tickets/{number}?insert=faq:shipping").get_data(as_text=True)
    assert re.search(r'id="reply-text"[^>]*>주문하신 상품은', html)
    client.post(f"/staff/replies/{saved['id']}/delete", data={"csrf_token": token})
    assert ctx.store.people.saved_replies() == []
