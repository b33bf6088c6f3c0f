"""Cafe24 source, at its HTTP boundary with payloads shaped like the Admin API docs."""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest

from orders.base import SourceError, Status, verify
from orders.cafe24 import Cafe24Source
from tests.orders.conftest import payload

API = "https://jamshop.cafe24api.com/api/v2"
TOKEN_URL = f"{API}/oauth/token"
ORDER = "20261127-0000123"
ORDER_URL = f"{API}/admin/orders/{ORDER}"
NOW = datetime(2026, 11, 27, 14, 5, 11, tzinfo=ZoneInfo("Asia/Seoul")).timestamp()
KEY = "token:cafe24:jamshop"


@pytest.fixture
def cafe24(store, session, naps):
    return Cafe24Source("jamshop", "cafe24-client", "cafe24-secret", "cafe24-refresh-1", store=store,
                        session=session, api_version="2025-12-01", sleep=naps, clock=lambda: NOW)


def test_a_shipped_order_gives_carrier_tracking_number_and_send_date(cafe24, http):
    http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    get = http.get(ORDER_URL, json=payload("cafe24/order_shipped.json"), headers={"X-Api-Call-Limit": "1/40"})

    order = cafe24.lookup(ORDER)

    assert order is not None
    assert (order.status, order.carrier, order.tracking_no) == (Status.SHIPPED, "kr.cjlogistics", "640123456789")
    assert order.shipped_on == date(2026, 11, 27)
    assert (order.orderer_name, order.phone_last4) == ("김민지", "6789")
    request = get.calls[0].request
    assert "embed=items%2Cbuyer" in request.url and "receivers" not in request.url
    assert request.headers["Authorization"] == "Bearer cafe24-access-2"
    assert request.headers["X-Cafe24-Api-Version"] == "2025-12-01"
    assert verify(order, "김민지") and verify(order, "6789") and not verify(order, "4567")


def test_the_first_refresh_uses_the_install_token_and_keeps_the_new_pair(cafe24, http, store):
    token = http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    http.get(ORDER_URL, json=payload("cafe24/order_shipped.json"))

    cafe24.lookup(ORDER)
    cafe24.lookup(ORDER)

    assert len(token.calls) == 1
    form = parse_qs(token.calls[0].request.body)
    assert form == {"grant_type": ["refresh_token"], "refresh_token": ["cafe24-refresh-1"]}
    assert token.calls[0].request.headers["Authorization"].startswith("Basic ")
    kept = json.loads(store.cache_get(KEY))
    assert kept["refresh_token"] == "cafe24-refresh-2" and kept["access_token"] == "cafe24-access-2"


def test_an_expired_access_token_is_refreshed_with_the_stored_refresh_token(cafe24, http, store):
    store.cache_set(KEY, json.dumps({"access_token": "old", "expires_at": NOW + 30,
                                     "refresh_token": "cafe24-refresh-7"}), 3600)
    token = http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    http.get(ORDER_URL, json=payload("cafe24/order_shipped.json"))

    assert cafe24.lookup(ORDER) is not None
    assert parse_qs(token.calls[0].request.body)["refresh_token"] == ["cafe24-refresh-7"]


def test_401_refreshes_once_and_retries(cafe24, http, store):
    store.cache_set(KEY, json.dumps({"access_token": "revoked", "expires_at": NOW + 3600,
                                     "refresh_token": "cafe24-refresh-7"}), 3600)
    token = http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    http.get(ORDER_URL, status=401, json=payload("cafe24/invalid_token.json"))
    http.get(ORDER_URL, json=payload("cafe24/order_shipped.json"))

    order = cafe24.lookup(ORDER)

    assert order is not None and order.tracking_no == "640123456789"
    assert len(token.calls) == 1
    assert [c.request.headers["Authorization"] for c in http.calls if c.request.url.startswith(ORDER_URL)] == [
        "Bearer revoked", "Bearer cafe24-access-2"]


def test_a_dead_refresh_token_is_a_clear_error(cafe24, http):
    http.post(TOKEN_URL, status=400, json=payload("cafe24/invalid_grant.json"))
    with pytest.raises(SourceError, match="reinstall") as caught:
        cafe24.lookup(ORDER)
    assert caught.value.retryable is False


def test_429_waits_for_the_bucket_then_answers(cafe24, http, naps):
    http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    http.get(ORDER_URL, status=429, json=payload("cafe24/rate_limit.json"),
             headers={"X-Api-Call-Limit": "40/40", "Retry-After": "1"})
    http.get(ORDER_URL, json=payload("cafe24/order_shipped.json"), headers={"X-Api-Call-Limit": "39/40"})

    assert cafe24.lookup(ORDER) is not None
    assert naps.waits == [1.0]


def test_429_that_does_not_clear_is_a_retryable_error(cafe24, http, naps):
    http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    http.get(ORDER_URL, status=429, json=payload("cafe24/rate_limit.json"), headers={"X-Api-Call-Limit": "40/40"})

    with pytest.raises(SourceError, match="rate limited") as caught:
        cafe24.lookup(ORDER)
    assert caught.value.retryable is True


def test_an_order_not_shipped_yet_has_no_tracking(cafe24, http):
    other = "20261127-0000124"
    http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    http.get(f"{API}/admin/orders/{other}", json=payload("cafe24/order_not_shipped.json"))

    order = cafe24.lookup(other)

    assert order is not None
    assert order.status == Status.PREPARING and not order.shipped
    assert (order.carrier, order.tracking_no, order.shipped_on) == ("", "", None)
    assert verify(order, "1234")


def test_an_unknown_order_is_none_and_a_non_cafe24_number_costs_no_call(cafe24, http):
    http.post(TOKEN_URL, json=payload("cafe24/token.json"))
    http.get(ORDER_URL, status=404, json=payload("cafe24/not_found.json"))

    assert cafe24.lookup(ORDER) is None
    assert cafe24.lookup("2026112612345678") is None
    assert len([c for c in http.calls if "/admin/orders/" in c.request.url]) == 1
