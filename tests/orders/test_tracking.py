"""Courier tracking: tracker.delivery at its HTTP boundary, the Korean line, the cache, the
outage fallback and lateness."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from orders.base import Order, Status
from orders.tracking import CLOUD_URL, Tracker, Tracking, is_late, status_line
from tests.orders.conftest import LINES, payload

SELF_HOSTED = "http://127.0.0.1:4000/graphql"
SHIPPED = Order("20261127-0000123", Status.SHIPPED, "김민지", "6789", "kr.cjlogistics", "CJ대한통운",
                "640123456789", date(2026, 11, 27), "csv")
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def tracker(store, session):
    return Tracker(store, session, url=CLOUD_URL, client_id="trk-id", client_secret="trk-secret")


def line(tracker: Tracker, order: Order = SHIPPED) -> str:
    return status_line(order, tracker.track(order.carrier, order.tracking_no), LINES)


def test_the_last_event_in_one_polite_line(tracker, http):
    call = http.post(CLOUD_URL, json=payload("tracker/in_transit.json"))

    assert line(tracker) == "11월 28일 14:02 옥천HUB 간선상차 · 내일쯤 도착할 예정이에요"
    request = call.calls[0].request
    assert request.headers["Authorization"] == "TRACKQL-API-KEY trk-id:trk-secret"
    sent = json.loads(request.body)
    assert sent["variables"] == {"carrierId": "kr.cjlogistics", "trackingNumber": "640123456789"}
    assert "lastEvent" in sent["query"]


@pytest.mark.parametrize(("fixture", "expected"), [
    ("tracker/out_for_delivery.json", "11월 29일 07:41 서울마포상암 배송출발 (배달예정시간 :14∼16시) · 오늘 도착할 예정이에요"),
    ("tracker/delivered.json", "11월 29일 15:10 서울마포상암 배송이 완료됐어요"),
    ("tracker/not_found.json", "CJ대한통운 송장번호 640123456789로 발송됐어요 · 택배사 조회는 보통 발송 다음 날부터 돼요"),
])
def test_each_kind_of_event(tracker, http, fixture, expected):
    http.post(CLOUD_URL, json=payload(fixture))
    assert line(tracker) == expected


def test_a_self_hosted_core_gets_no_key(store, session, http):
    call = http.post(SELF_HOSTED, json=payload("tracker/in_transit.json"))
    assert Tracker(store, session, url=SELF_HOSTED).track("kr.cjlogistics", "640123456789").code == "IN_TRANSIT"
    assert "Authorization" not in call.calls[0].request.headers


def test_a_second_question_within_minutes_is_answered_from_the_cache(tracker, http, store):
    call = http.post(CLOUD_URL, json=payload("tracker/in_transit.json"))

    first, second = line(tracker), line(tracker)

    assert first == second and call.call_count == 1
    assert 0 < store.redis.ttl("test:orders:cache:track:kr.cjlogistics:640123456789") <= 300


@pytest.mark.parametrize("outage", [
    {"status": 502, "body": "<html>Bad Gateway</html>"},
    {"status": 200, "json": payload("tracker/internal_error.json")},
    {"body": requests.ReadTimeout("timed out")},
    {"body": requests.ConnectionError("refused")},
])
def test_an_outage_answers_with_the_carrier_number_and_link_and_is_not_cached(tracker, http, store, outage):
    call = http.post(CLOUD_URL, **outage)

    assert line(tracker) == ("CJ대한통운 송장번호 640123456789로 발송됐어요 · 지금은 배송 조회가 안 돼서 여기서 "
                             "확인해 주세요: https://trace.cjlogistics.com/next/tracking.html?wblNo=640123456789")
    line(tracker)
    assert call.call_count == 2  # an outage is asked again next time
    assert store.cache_get("track:kr.cjlogistics:640123456789") is None


def test_an_outage_with_a_courier_we_do_not_link_still_names_it(tracker, http):
    http.post(CLOUD_URL, status=500)
    unknown = Order("A-1", Status.SHIPPED, "김민지", carrier="", carrier_name="번개택배", tracking_no="123456789")
    assert line(tracker, unknown) == ("번개택배 송장번호 123456789로 발송됐어요 · 지금은 배송 조회가 안 돼서 택배사에 "
                                      "송장번호로 문의해 주세요")


def test_an_order_not_shipped_says_so_without_asking_the_tracker(tracker, http):
    call = http.post(CLOUD_URL, json=payload("tracker/in_transit.json"))
    preparing = Order("A-2", Status.PREPARING, "김민지")
    assert status_line(preparing, tracker.track(preparing.carrier, preparing.tracking_no), LINES) == (
        "아직 발송 전이에요 · 상품을 준비하고 있어요")
    assert call.call_count == 0


def at(day: int, hour: int = 14) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=SEOUL)


def test_late_after_two_business_days_without_movement():
    moving = Tracking(ok=True, code="IN_TRANSIT", time=at(27))  # a Friday
    assert not is_late(SHIPPED, moving, date(2026, 11, 30))  # Monday: one business day
    assert is_late(SHIPPED, moving, date(2026, 12, 1))  # Tuesday: two
    assert not is_late(SHIPPED, Tracking(ok=True, code="DELIVERED", time=at(27)), date(2026, 12, 10))


def test_late_counts_korean_holidays_off():
    before_chuseok = Tracking(ok=True, code="IN_TRANSIT", time=datetime(2026, 9, 23, 10, tzinfo=SEOUL))
    # 2026-09-24..26 is Chuseok (Thu-Sat): the 28th (Mon) is the first business day after the 23rd.
    assert not is_late(SHIPPED, before_chuseok, date(2026, 9, 28))
    assert is_late(SHIPPED, before_chuseok, date(2026, 9, 29))


def test_late_past_the_shops_promise_even_while_moving():
    moving = Tracking(ok=True, code="IN_TRANSIT", time=at(30))
    assert not is_late(SHIPPED, moving, date(2026, 12, 1), promise_days=3)
    assert is_late(SHIPPED, moving, date(2026, 12, 3), promise_days=3)


def test_late_without_tracking_counts_from_the_shipping_day():
    assert is_late(SHIPPED, None, date(2026, 12, 1))
    assert not is_late(Order("A-3", Status.PREPARING, "김민지"), None, date(2026, 12, 31))
