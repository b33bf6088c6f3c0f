"""Naver Commerce source, at its HTTP boundary with payloads shaped like the API center's docs."""

from __future__ import annotations

import base64
from datetime import date
from urllib.parse import parse_qs

import bcrypt
import pytest
import requests
import responses

from orders.base import SourceError, Status, verify
from orders.naver import NaverCommerceSource
from tests.orders.conftest import payload

API = "https://api.commerce.naver.com/external"
TOKEN_URL = f"{API}/v1/oauth2/token"
ORDER = "2026112612345678"
IDS_URL = f"{API}/v1/pay-order/seller/orders/{ORDER}/product-order-ids"
QUERY_URL = f"{API}/v1/pay-order/seller/product-orders/query"
SECRET = "$2a$04$NaverTestSecretSalt00u"


@pytest.fixture
def naver(store, session, naps):
    return NaverCommerceSource("naver-app-1", SECRET, store=store, session=session, sleep=naps,
                               clock=lambda: 1795761000.123)


def test_a_shipped_order_gives_carrier_tracking_number_and_send_date(naver, http):
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, json=payload("naver/product_order_ids.json"))
    query = http.post(QUERY_URL, json=payload("naver/product_orders_shipped.json"))

    order = naver.lookup(ORDER)

    assert order is not None
    assert (order.status, order.carrier, order.tracking_no) == (Status.SHIPPED, "kr.cjlogistics", "640123456789")
    assert order.shipped_on == date(2026, 11, 27)
    assert (order.orderer_name, order.phone_last4) == ("김민지", "6789")
    assert query.calls[0].request.headers["Authorization"] == "Bearer naver-token-1"
    assert b"2026112712345602" in query.calls[0].request.body
    # Nothing of the address survives into the order.
    assert "마포구" not in repr(order) and "1001" not in repr(order)
    assert verify(order, "김 민지") and verify(order, "6789") and not verify(order, "1234")


def test_the_token_request_is_signed_with_bcrypt_and_never_carries_the_secret(naver, http):
    token = http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, json=payload("naver/product_order_ids.json"))
    http.post(QUERY_URL, json=payload("naver/product_orders_shipped.json"))

    naver.lookup(ORDER)

    form = {k: v[0] for k, v in parse_qs(token.calls[0].request.body).items()}
    assert form["grant_type"] == "client_credentials" and form["type"] == "SELF"
    assert form["timestamp"] == "1795761000123"
    hashed = base64.standard_b64decode(form["client_secret_sign"])
    assert hashed.startswith(SECRET[:29].encode())
    assert bcrypt.checkpw(b"naver-app-1_1795761000123", hashed)
    assert SECRET not in token.calls[0].request.body


def test_the_token_is_cached_until_it_expires(naver, http, store):
    token = http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, json=payload("naver/product_order_ids.json"))
    http.post(QUERY_URL, json=payload("naver/product_orders_shipped.json"))

    naver.lookup(ORDER)
    naver.lookup(ORDER)

    assert len(token.calls) == 1
    ttl = store.redis.ttl("test:orders:cache:token:naver:naver-app-1:")
    assert 10_000 < ttl <= 10_800 - 60


def test_a_refused_token_is_replaced_once(naver, http, store):
    store.cache_set("token:naver:naver-app-1:", "stale-token", 600)
    token = http.post(TOKEN_URL, json=payload("naver/token.json"))
    ids = http.get(IDS_URL, status=401, json=payload("naver/unauthorized.json"))
    http.get(IDS_URL, json=payload("naver/product_order_ids.json"))
    http.post(QUERY_URL, json=payload("naver/product_orders_shipped.json"))

    order = naver.lookup(ORDER)

    assert order is not None and order.tracking_no == "640123456789"
    assert len(token.calls) == 1
    assert [c.request.headers["Authorization"] for c in http.calls if c.request.url == IDS_URL] == [
        "Bearer stale-token", "Bearer naver-token-1"]
    assert ids.call_count >= 1
    assert store.cache_get("token:naver:naver-app-1:") == "naver-token-1"


def test_401_with_a_new_token_is_a_clear_error_not_a_loop(naver, http):
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, status=401, json=payload("naver/unauthorized.json"))

    with pytest.raises(SourceError, match="401") as caught:
        naver.lookup(ORDER)
    assert caught.value.retryable is False


def test_429_is_retried_after_the_servers_retry_after(naver, http, naps):
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, status=429, json=payload("naver/rate_limit.json"), headers={"Retry-After": "1"})
    http.get(IDS_URL, json=payload("naver/product_order_ids.json"))
    http.post(QUERY_URL, json=payload("naver/product_orders_shipped.json"))

    assert naver.lookup(ORDER) is not None
    assert naps.waits == [1.0]


def test_429_that_does_not_clear_is_a_retryable_error(naver, http, naps):
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, status=429, json=payload("naver/rate_limit.json"))

    with pytest.raises(SourceError, match="rate limited") as caught:
        naver.lookup(ORDER)
    assert caught.value.retryable is True
    assert len(naps.waits) == 2 and naps.waits[1] > naps.waits[0]  # backs off


def test_a_long_retry_after_is_not_slept_out(naver, http, naps):
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, status=429, json=payload("naver/rate_limit.json"), headers={"Retry-After": "60"})

    with pytest.raises(SourceError, match="rate limited"):
        naver.lookup(ORDER)
    assert naps.waits == []


def test_an_order_not_shipped_yet_has_no_tracking(naver, http):
    other = "2026112612345679"
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(f"{API}/v1/pay-order/seller/orders/{other}/product-order-ids",
             json={"timestamp": "2026-11-27T14:05:11.201+09:00", "traceId": "x", "data": ["2026112712349901"]})
    http.post(QUERY_URL, json=payload("naver/product_orders_not_shipped.json"))

    order = naver.lookup(other)

    assert order is not None
    assert order.status == Status.PREPARING and not order.shipped
    assert (order.carrier, order.tracking_no, order.shipped_on) == ("", "", None)
    assert verify(order, "박서준") and verify(order, "1234")


def test_an_unknown_order_number_is_none(naver, http):
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, status=400, json=payload("naver/no_such_order.json"))

    assert naver.lookup(ORDER) is None
    assert naver.lookup("주문번호 몰라요") is None  # not a Naver number: no call at all
    assert len([c for c in http.calls if "product-order-ids" in c.request.url]) == 1


def test_a_server_error_or_outage_is_a_retryable_error(naver, http):
    http.post(TOKEN_URL, json=payload("naver/token.json"))
    http.get(IDS_URL, status=503, body="<html>busy</html>")
    with pytest.raises(SourceError) as caught:
        naver.lookup(ORDER)
    assert caught.value.retryable is True

    http.replace(responses.GET, IDS_URL, body=requests.ConnectionError("reset"))
    with pytest.raises(SourceError, match="ConnectionError"):
        naver.lookup(ORDER)


def test_a_wrong_secret_is_a_clear_error(store, session, http):
    http.post(TOKEN_URL, status=403, json={"code": "GW.AUTHN", "message": "인증 실패", "traceId": "x"})
    source = NaverCommerceSource("naver-app-1", SECRET, store=store, session=session)
    with pytest.raises(SourceError, match="403") as caught:
        source.lookup(ORDER)
    assert caught.value.retryable is False

    broken = NaverCommerceSource("naver-app-1", "not-a-salt", store=store, session=session)
    with pytest.raises(SourceError, match="bcrypt"):
        broken.lookup(ORDER)
