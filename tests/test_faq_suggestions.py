"""FAQ suggestions: what the FAQ missed, grouped; one click makes the FAQ answer it."""

from __future__ import annotations

from typing import Any

import pytest

from bot import learn

TOKEN = "owner-token-456"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# Three kinds of question the test shop has no FAQ for, ten ways each (written apart from the grouping).
PARKING = ["매장에 주차 되나요?", "주차장 있어요?", "차 가지고 가도 주차 가능한가요", "주차 어디에 해요?",
           "주차 공간 있나요?", "근처에 주차할 곳 있나요", "주차비 있어요?", "방문할 때 주차 돼요?",
           "주차 되는지 궁금해요", "주차장 이용 가능해요?"]
WRAP = ["선물 포장 되나요?", "포장 해주실 수 있어요?", "선물용으로 포장 가능한가요", "선물 포장 부탁드려요",
        "포장지 따로 있나요?", "선물 포장 비용 있어요?", "포장 박스 따로 주시나요", "선물할 건데 포장 돼요?",
        "포장 예쁘게 해주세요", "선물 포장 가능해요?"]
GIFT_CARD = ["상품권 사용 되나요?", "상품권으로 결제할 수 있어요?", "문화상품권 써도 돼요?", "상품권도 사용 가능한가요",
             "백화점 상품권 사용 가능해요?", "상품권 결제 되나요", "상품권으로 살 수 있나요?", "온라인 상품권 쓸 수 있어요?",
             "상품권 쓰고 싶어요", "상품권 있는데 사용돼요?"]


@pytest.fixture
def ctx(make_ctx: Any, env: dict[str, str]) -> Any:
    env["ADMIN_TOKEN"] = TOKEN
    return make_ctx()


def test_thirty_misses_of_three_kinds_make_three_groups(client: Any, shopper: Any, ctx: Any, run_jobs: Any) -> None:
    for i, (a, b, c) in enumerate(zip(PARKING, WRAP, GIFT_CARD, strict=True)):
        for kind, text in (("p", a), ("r", b), ("g", c)):
            shopper.say("kakao", text, user=f"{kind}{i}")  # no LLM: each goes to a person as 'unsure'
    run_jobs()
    misses = ctx.store.misses()
    assert len(misses) == 30 and {m["kind"] for m in misses} == {"unsure"}
    groups = learn.groups(ctx.store, ctx.router)
    assert [g.size for g in groups] == [10, 10, 10], [(g.words, g.size) for g in groups]
    assert [sorted(g.examples) for g in groups if "주차장 있어요?" in g.examples] == [sorted(PARKING)]
    api = client.get("/staff/api/suggestions", headers=AUTH).get_json()["groups"]
    assert [g["size"] for g in api] == [10, 10, 10]

    # A person answered one of the wrapping questions: the draft of a new FAQ takes that answer.
    from bot.conversation.staff import StaffDesk

    ticket = ctx.store.thread("kakao:r3")["ticket"]
    StaffDesk(ctx).reply(ticket, "선물 포장은 무료예요. 요청사항에 적어 주세요.")
    wrap = next(g for g in learn.groups(ctx.store, ctx.router) if "선물 포장 부탁드려요" in g.examples)
    drafted = learn.draft(ctx.store, wrap)
    assert drafted["answer"] == "선물 포장은 무료예요. 요청사항에 적어 주세요."
    assert "선물 포장 부탁드려요" in drafted["questions"]

    # Adding a parking question as an example of an existing FAQ makes the FAQ answer it.
    added = client.post("/staff/api/suggestions/example", json={"question": "주차장 있어요?", "faq_id": "shipping"},
                        headers=AUTH)
    assert added.status_code == 200, added.get_json()
    shipping = ctx.settings.shop.faq("shipping")
    assert shipping is not None and "주차장 있어요?" in shipping.questions
    assert shopper.say("kakao", "주차장 있어요?", user="new-1")[0].startswith(shipping.answer[:20])
    # That question no longer shows as a miss.
    assert all("주차장 있어요?" not in g.examples for g in learn.groups(ctx.store, ctx.router))


def test_an_answer_marked_wrong_is_collected(shopper: Any, ctx: Any) -> None:
    from bot.conversation.kinds import Code

    shopper.say("kakao", "배송 언제 와요?", user="w1")
    shopper.say("kakao", ctx.settings.shop.messages.quick_csat_down, user="w1", code=Code.CSAT_DOWN)
    assert [(m["text"], m["kind"]) for m in ctx.store.misses()] == [("배송 언제 와요?", "wrong")]


def test_missed_questions_are_masked(shopper: Any, ctx: Any) -> None:
    shopper.say("kakao", "010-1234-5678 로 연락 주시면 주차 되는지 알려주세요", user="m1")
    assert "1234-5678" not in ctx.store.misses()[0]["text"]
