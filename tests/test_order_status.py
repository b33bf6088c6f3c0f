""""제 주문 어디쯤 왔어요?" end to end: a shop file with ``orders: {source: csv}`` written the
way an owner writes one, the shipping list imported with ``python -m bot orders import``,
tracker.delivery stood in for by a local HTTP server, Kakao's callback by another; the real
webhook path, Redis, RQ worker and pipeline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

from bot.conversation.safety_rules import UPSET_RULES
from bot.dev import samples
from tests.stubs import FakeKakaoCallback, StubServer
from tests.test_every_messenger_end_to_end import CHANNEL_ENV as EVERY_CHANNEL
from tests.test_every_messenger_end_to_end import PLATFORMS, SUCCESS, sent_texts
from tests.test_llm import ask, callback_texts, kakao_cb

__all__ = ["kakao_cb"]

CHANNEL_ENV = {**EVERY_CHANNEL, "KAKAO_SKILL_SECRET": ""}  # the Kakao asks (tests/test_llm.py's) come without the optional header

# The clock is Tuesday 2026-11-17 11:00 in Seoul (tests/conftest.py).
SHOP = """\
shop:
  name: 달빛상점
hours:
  mon: ["10:00-18:00"]
  tue: ["10:00-18:00"]
  wed: ["10:00-18:00"]
  thu: ["10:00-18:00"]
  fri: ["10:00-18:00"]
channels: [kakao, naver]
faqs:
  - id: shipping
    answer: 결제 후 1~3영업일 안에 보내 드려요.
    questions:
      - 배송 언제 와요?
      - 배송 얼마나 걸려요?
    keywords: [배송]
orders:
  source: csv
"""
ORDERS = """\ufeff주문번호,주문자,전화 뒷자리,택배사,송장번호,발송일
20261116-0000001,김민지,6789,CJ대한통운,640100000001,2026-11-16
20261112-0000002,박서준,4321,한진택배,512300000002,2026-11-12
20261117-0000003,이서연,,,,
"""
EVENTS = {
    "640100000001": ("2026-11-17T08:12:00+09:00", "IN_TRANSIT", "옥천HUB", "간선상차"),
    "512300000002": ("2026-11-13T18:40:00+09:00", "IN_TRANSIT", "대전HUB", "간선하차"),  # stuck since Friday
}


class FakeTracker:
    """tracker.delivery's GraphQL endpoint (the self-hosted core: no key)."""

    def __init__(self) -> None:
        self.server = StubServer(self._track)

    @property
    def url(self) -> str:
        return f"{self.server.url}/graphql"

    def _track(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        number = body.get("variables", {}).get("trackingNumber", "")
        if number not in EVENTS:
            return 200, {"data": {"track": None}, "errors": [{"message": "not found", "extensions": {"code": "NOT_FOUND"}}]}
        time, code, where, what = EVENTS[number]
        event = {"time": time, "status": {"code": code, "name": "이동중"}, "description": what, "location": {"name": where}}
        return 200, {"data": {"track": {"lastEvent": event}}}

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def tracker() -> Iterator[FakeTracker]:
    fake = FakeTracker()
    yield fake
    fake.close()


@pytest.fixture
def env(env: dict[str, str], tmp_path: Path, tracker: FakeTracker, kakao_cb: FakeKakaoCallback) -> dict[str, str]:
    shop = tmp_path / "shop.yaml"
    shop.write_text(SHOP, encoding="utf-8")
    return {**env, **CHANNEL_ENV, "SHOP_CONFIG": str(shop), "TRACKER_URL": tracker.url,
            "KAKAO_CALLBACK_HOSTS": kakao_cb.server.hostport}


@pytest.fixture
def ctx(make_ctx: Any, env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> Any:
    from bot.dev import cli

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    listing = tmp_path / "발송목록.csv"
    listing.write_text(ORDERS, encoding="utf-8")
    assert cli.main(["orders", "import", str(listing)]) == 0
    assert "3건을 불러왔어요" in capsys.readouterr().out
    return make_ctx()


class KakaoShopper:
    """A Kakao shopper whose skill requests carry a fresh callback URL each time."""

    def __init__(self, client: Any, cb: FakeKakaoCallback, run_jobs: Any, user: str = "kakao-user") -> None:
        self.client, self.cb, self.run_jobs, self.user = client, cb, run_jobs, user
        self.turns = 0

    def say(self, text: str) -> list[str]:
        """What the shopper reads: the webhook's answer, then anything the callback delivered."""
        self.turns += 1
        before = len(self.cb.posts)
        resp = ask(self.client, text, user=self.user, callback=self.cb.url(f"t{self.turns}"))
        assert resp.status_code == 200
        self.run_jobs()
        return samples.reply_texts("kakao", resp.get_json()) + callback_texts(self.cb)[before:]


@pytest.fixture
def kakao(client: Any, kakao_cb: FakeKakaoCallback, run_jobs: Any) -> KakaoShopper:
    return KakaoShopper(client, kakao_cb, run_jobs)


def joined(texts: list[str]) -> str:
    return "\n".join(texts)


def test_the_orderer_gets_the_carrier_the_tracking_number_and_the_last_event(kakao: KakaoShopper, ctx: Any) -> None:
    m = ctx.settings.shop.messages
    assert m.order_ask_number in joined(kakao.say("제 주문 어디쯤 왔어요?"))
    assert m.order_ask_check in joined(kakao.say("20261116-0000001 이에요"))
    answer = joined(kakao.say("김민지"))
    assert "CJ대한통운" in answer and "640100000001" in answer
    assert "11월 17일 08:12 옥천HUB 간선상차" in answer
    assert not ctx.store.open_tickets()
    day = ctx.hours.local(ctx.now()).strftime("%Y-%m-%d")
    assert ctx.store.stats(day)["tracking"] == 1
    # The next question is a new one: the check is not asked for again without an order number.
    assert m.order_ask_number in joined(kakao.say("송장번호 알려주세요"))
    assert m.order_ask_check in joined(kakao.say("20261116-0000001"))
    assert "640100000001" in joined(kakao.say("6789"))


def test_a_wrong_check_gets_nothing_about_the_order(kakao: KakaoShopper, ctx: Any) -> None:
    m = ctx.settings.shop.messages
    kakao.say("택배 조회 하고 싶어요")
    kakao.say("20261116-0000001")
    answer = joined(kakao.say("이영희"))
    assert m.order_check_failed in answer
    for secret in ("640100000001", "CJ", "김민지", "6789", "옥천", "배송 중"):
        assert secret not in answer
    # An order number that does not exist reads exactly the same (no guessing numbers).
    kakao.say("20261116-9999999")
    assert joined(kakao.say("김민지")).count(m.order_check_failed) == 1
    assert not ctx.store.open_tickets()


def test_three_wrong_checks_go_to_a_person_with_the_order_on_the_ticket(kakao: KakaoShopper, ctx: Any) -> None:
    m = ctx.settings.shop.messages
    kakao.say("제 주문 어디쯤 왔어요?")
    kakao.say("20261116-0000001")
    assert m.order_check_failed in joined(kakao.say("1111"))
    assert m.order_check_failed in joined(kakao.say("홍길동"))
    last = joined(kakao.say("2222"))
    assert "담당자" in last and "640100000001" not in last
    (ticket,) = ctx.store.open_tickets()
    assert ticket["reason"] == "order_check_failed"
    attached = json.loads(ticket["order"])
    assert attached["order"]["order_no"] == "20261116-0000001" and attached["checks_failed"] == 3


def test_a_late_parcel_goes_to_a_person_with_the_order_and_its_tracking(kakao: KakaoShopper, ctx: Any) -> None:
    m = ctx.settings.shop.messages
    kakao.say("주문한 거 아직 안 왔는데 어디쯤 있어요?")
    kakao.say("20261112-0000002")
    answer = joined(kakao.say("4321"))
    assert "512300000002" in answer and "대전HUB" in answer  # the orderer still hears where it is
    assert "도착할 예정" not in answer  # but no arrival day is promised for a stalled parcel
    assert m.order_late in answer and "담당자" in answer
    (ticket,) = ctx.store.open_tickets()
    assert ticket["reason"] == "order_late"
    attached = json.loads(ticket["order"])
    assert attached["order"]["tracking_no"] == "512300000002"
    assert attached["tracking"]["where"] == "대전HUB"


def test_an_order_not_shipped_yet_says_so(kakao: KakaoShopper, ctx: Any) -> None:
    kakao.say("주문번호 20261117-0000003 배송 조회해 주세요")  # the number in the question: straight to the check
    answer = joined(kakao.say("이서연 입니다"))
    assert ctx.settings.shop.messages.order_preparing.format(order_no="20261117-0000003") in answer


def test_policy_questions_keep_the_faq_answer(kakao: KakaoShopper, ctx: Any) -> None:
    answer = joined(kakao.say("배송 언제 와요?"))
    assert ctx.settings.shop.faq("shipping").answer in answer
    assert ctx.settings.shop.messages.order_ask_number not in answer


@pytest.fixture
def platforms(tracker: FakeTracker) -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru(tracker.server.url)
        mock.post(re.compile(re.escape(PLATFORMS) + "/naver/.*"), json=SUCCESS)
        yield mock


def test_a_naver_shopper_gets_the_answer_pushed(client: Any, ctx: Any, run_jobs: Any,
                                               platforms: responses.RequestsMock) -> None:
    def say(text: str) -> str:
        body, headers = samples.sample("naver", text, "al-NaverUser01", CHANNEL_ENV)
        before = len(platforms.calls)
        resp = client.post("/webhooks/naver", data=body, headers=headers)
        assert resp.status_code == 200
        run_jobs()
        return joined(samples.reply_texts("naver", resp.get_json(silent=True)) + sent_texts(platforms, before))

    m = ctx.settings.shop.messages
    assert m.order_ask_number in say("택배 어디쯤 왔나요?")
    assert m.order_ask_check in say("20261116-0000001")
    answer = say("010-1234-6789")
    assert "CJ대한통운" in answer and "640100000001" in answer and "옥천HUB" in answer


def test_anger_about_a_late_parcel_still_goes_to_triage(kakao: KakaoShopper, ctx: Any) -> None:
    answer = joined(kakao.say("아직도 택배 안 왔어요 도대체 어디쯤이에요???"))
    assert ctx.settings.shop.messages.order_ask_number not in answer
    (ticket,) = ctx.store.open_tickets()
    assert ticket["reason"] in UPSET_RULES  # the built-in rules name it a delay complaint (an upset reason)


def test_an_order_answer_after_hours_waits_for_the_morning_review(
    kakao: KakaoShopper, ctx: Any, clock: dict[str, Any]
) -> None:
    from datetime import UTC, timedelta

    from bot.conversation.review import ReviewDesk
    from tests.conftest import OPEN_TIME

    kakao.say("제 주문 어디쯤 왔어요?")  # in business hours: recorded, not waiting
    kakao.say("20261116-0000001")
    kakao.say("김민지")
    assert ctx.store.reviews.waiting() == []
    clock["now"] = (OPEN_TIME + timedelta(hours=10)).astimezone(UTC)  # 9 pm, the same day: after hours
    kakao.say("송장번호 알려주세요")
    kakao.say("20261116-0000001")
    answer = joined(kakao.say("6789"))
    assert "640100000001" in answer and not ctx.store.open_tickets()
    (waiting,) = ctx.store.reviews.waiting()
    assert waiting["source"] == "order" and waiting["thread"] == "kakao:kakao-user"
    assert waiting["answer"] in answer and "640100000001" in waiting["answer"]
    assert waiting["question"] == "배송 조회 (주문자 확인 후 답변)"  # never the orderer's name or phone digits
    repair = ReviewDesk(ctx).mark_wrong(waiting["id"], by="민지", note="송장번호가 바뀌었어요")
    assert ctx.store.ticket(repair.ticket)["thread"] == "kakao:kakao-user"
    assert ctx.store.reviews.waiting() == []
