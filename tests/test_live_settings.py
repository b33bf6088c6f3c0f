"""Live shop settings and 'try it': the owner changes the FAQ without YAML or a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.live import LiveSettings
from bot.settings import load_shop
from tests.stubs import FakeLLM

TOKEN = "owner-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GIFT = {
    "title": "기장 수선",
    "answer": "바지 기장 수선은 주문서 요청사항에 원하시는 길이를 적어 주시면 무료로 해 드려요.",
    "questions": ["바지 기장 수선 되나요?", "수선 해주실 수 있어요?", "기장 줄여주시나요"],
    "keywords": ["수선", "기장"],
}


@pytest.fixture
def ctx(make_ctx: Any, env: dict[str, str]) -> Any:
    env["ADMIN_TOKEN"] = TOKEN
    return make_ctx()


def test_an_faq_added_through_the_api_answers_at_once_and_restoring_removes_it(client: Any, shopper: Any, ctx: Any) -> None:
    before = shopper.say("kakao", "바지 수선 되나요?")
    assert "무료로 해 드려요" not in before[0]
    faqs = client.get("/staff/api/faqs", headers=AUTH).get_json()["faqs"]
    assert "shipping" in [f["id"] for f in faqs] and "gift" not in [f["id"] for f in faqs]

    created = client.put("/staff/api/faqs/gift", json=GIFT, headers=AUTH)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["faq"]["answer"] == GIFT["answer"]
    assert shopper.say("kakao", "바지 수선 되나요?", user="shopper-2")[0].startswith("바지 기장 수선은")
    assert [f["id"] for f in client.get("/staff/api/faqs", headers=AUTH).get_json()["faqs"]][-1] == "gift"

    # Invalid: 400 with the shop file's field names, and nothing changes.
    version = ctx.store.settings_version()
    bad = client.put("/staff/api/faqs/bad", json={"title": "x", "questions": []}, headers=AUTH)
    assert bad.status_code == 400
    fields = {e["field"] for e in bad.get_json()["errors"]}
    assert any(f.endswith(".answer") for f in fields) and any(f.endswith(".questions") for f in fields), fields
    assert all(f.startswith("faqs.") for f in fields)
    assert client.put("/staff/api/faqs/Bad%20Id", json=GIFT, headers=AUTH).status_code == 400
    assert ctx.store.settings_version() == version

    versions = client.get("/staff/api/settings/versions", headers=AUTH).get_json()
    assert versions["in_force"] == version and versions["versions"][0]["note"] == "added FAQ gift"
    assert versions["versions"][0]["by"] == "api"

    # Version 1 is the shop file as it was before the first change: restoring it removes the FAQ.
    assert versions["versions"][-1]["note"] == "the shop file"
    assert client.post("/staff/api/settings/versions/1/restore", headers=AUTH).status_code == 200
    assert "gift" not in [f["id"] for f in client.get("/staff/api/faqs", headers=AUTH).get_json()["faqs"]]
    assert "무료로 해 드려요" not in shopper.say("kakao", "바지 수선 되나요?", user="shopper-3")[0]
    assert client.delete("/staff/api/faqs/gift", headers=AUTH).status_code == 404
    assert client.post("/staff/api/settings/versions/2/restore", headers=AUTH).status_code == 200
    assert shopper.say("kakao", "바지 수선 되나요?", user="shopper-4")[0].startswith("바지 기장 수선은")
    assert client.post("/staff/api/settings/versions/99/restore", headers=AUTH).status_code == 404


def test_other_processes_pick_a_change_up_within_a_second_or_two(client: Any, make_ctx: Any) -> None:
    other = make_ctx()  # another web or worker process on the same Redis
    _ = other.router
    other.refresh()
    assert other.settings.shop.faq("gift") is None
    assert client.put("/staff/api/faqs/gift", json=GIFT, headers=AUTH).status_code == 201
    deadline = time.monotonic() + 5
    while other.settings.shop.faq("gift") is None and time.monotonic() < deadline:
        time.sleep(0.2)
        other.refresh()
    assert other.settings.shop.faq("gift") is not None
    assert other.router.route("바지 수선 되나요?").faq_id == "gift"


def test_sections_are_validated_like_the_shop_file_and_export_as_one(client: Any, ctx: Any, tmp_path: Any) -> None:
    bad = client.put("/staff/api/settings/hours", json={"mon": ["25:00-26:00"]}, headers=AUTH)
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "hours.mon"
    bad = client.put("/staff/api/settings/days_off", json=["크리스마스"], headers=AUTH)
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "days_off"
    assert client.put("/staff/api/settings/days_off", json=["2026-11-17"], headers=AUTH).status_code == 200
    assert not ctx.hours.is_open(ctx.now())  # the test clock is Tuesday 2026-11-17 11:00: now a day off
    ok = client.put("/staff/api/settings/messages", json={"csat_thanks": "고마워요!"}, headers=AUTH)
    assert ok.get_json()["messages"] == {"csat_thanks": "고마워요!"}
    assert client.put("/staff/api/faqs/gift", json=GIFT, headers=AUTH).status_code == 201
    exported = client.get("/staff/api/settings/export", headers=AUTH).get_data(as_text=True)
    path = tmp_path / "exported.yaml"
    path.write_text(exported, encoding="utf-8")
    shop = load_shop(path)
    assert shop.faq("gift") is not None and shop.days_off == ("2026-11-17",)
    assert shop.messages.csat_thanks == "고마워요!"


def test_the_shop_file_wins_when_its_content_changes(client: Any, ctx: Any) -> None:
    assert client.put("/staff/api/faqs/gift", json=GIFT, headers=AUTH).status_code == 201
    assert LiveSettings(ctx.store, ctx.file_shop).current().faq("gift") is not None
    edited_file = ctx.file_shop.model_copy(update={"public_holidays": False})  # the operator edits shop.yaml
    on_new_file = LiveSettings(ctx.store, edited_file)
    assert on_new_file.in_force() is None and on_new_file.current().faq("gift") is None
    on_new_file.restore(2, by="owner")  # the owner brings the live version back, on top of the new file
    assert on_new_file.current().faq("gift") is not None and on_new_file.current().public_holidays is False


def test_the_api_needs_the_owner_token(client: Any) -> None:
    assert client.get("/staff/api/faqs").status_code == 401
    assert client.put("/staff/api/faqs/gift", json=GIFT).status_code == 401
    assert client.post("/staff/api/try", json={"text": "배송 언제 와요?"}).status_code == 401


def test_try_shows_the_live_decision_and_counts_nothing(client: Any, ctx: Any) -> None:
    faq = client.post("/staff/api/try", json={"text": "배송 언제 와요?"}, headers=AUTH).get_json()
    assert faq["decision"] == "faq" and faq["faq"]["id"] == "shipping" and faq["faq"]["score"] >= faq["threshold"]
    assert faq["runner_up"] is None or faq["runner_up"]["score"] <= faq["faq"]["score"]
    assert faq == client.post("/staff/api/try", json={"text": "배송 언제 와요?"}, headers=AUTH).get_json()
    person = client.post("/staff/api/try", json={"text": "상담원 연결해주세요"}, headers=AUTH).get_json()
    assert person["decision"] == "human" and person["reason"] == "asked_for_person" and person["faq"] is None
    unknown = client.post("/staff/api/try", json={"text": "매장 주차 되나요?"}, headers=AUTH).get_json()
    assert unknown["decision"] == "human" and unknown["reason"] == "unsure" and unknown["llm"] is None  # no LLM configured
    for text in ("배송 언제 와요?", "상담원 연결해주세요", "매장 주차 되나요?"):  # the same as the live router
        assert ctx.router.route(text).route in ("faq", "human", "llm")
    assert ctx.redis.keys("test:stats:*") == [] and ctx.store.open_tickets() == [] and ctx.store.misses() == []
    assert client.post("/staff/api/try", json={"text": ""}, headers=AUTH).status_code == 400


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    fake.answer("매장 앞 공영주차장을 이용하실 수 있어요.")
    yield fake
    fake.close()


def test_try_asks_the_llm_when_one_is_configured(make_ctx: Any, env: dict[str, str], llm: FakeLLM) -> None:
    from bot.web.app import create_app

    env.update(ADMIN_TOKEN=TOKEN, OPENAI_API_KEY="k", OPENAI_BASE_URL=llm.base_url, OPENAI_MODEL="stub")
    ctx = make_ctx()
    client = create_app(ctx=ctx).test_client()
    out = client.post("/staff/api/try", json={"text": "매장 주차 되나요?"}, headers=AUTH).get_json()
    assert out["decision"] == "llm" and out["llm"]["answer"].startswith("매장 앞 공영주차장")
    assert isinstance(out["llm"]["sent"], bool) and len(llm.calls) == 1
    assert ctx.redis.keys("test:stats:*") == [] and ctx.store.open_tickets() == []
