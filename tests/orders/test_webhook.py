"""The shop's own order webhook: signed with the production helper; valid → stored,
tampered / stale / missing / unconfigured → 401, malformed → 400."""

from __future__ import annotations

import json

import pytest

from adapters.base import BadRequest, Unauthorized, WebhookRequest
from orders.base import Status, verify
from orders.webhook import handle, sign
from tests.orders.conftest import FIXTURES

SECRET = "shop-webhook-secret"
NOW = 1_795_761_000


def signed(body: bytes, *, secret: str = SECRET, at: int = NOW) -> WebhookRequest:
    return WebhookRequest(body=body, headers={"x-shop-timestamp": str(at), "x-shop-signature": sign(secret, at, body)})


def body(name: str) -> bytes:
    return (FIXTURES / "webhook" / name).read_bytes()


def test_a_signed_order_is_stored_and_updated(store):
    order = handle(signed(body("shipped.json")), SECRET, store, NOW + 30)

    assert store.lookup("A-1001") == order
    assert (order.status, order.carrier, order.tracking_no) == (Status.SHIPPED, "kr.cjlogistics", "640123456789")
    assert verify(order, "김민지")

    delivered = json.loads(body("shipped.json"))
    delivered["status"] = "delivered"
    handle(signed(json.dumps(delivered).encode()), SECRET, store, NOW)
    assert store.lookup("A-1001").status == Status.DELIVERED


def test_a_full_phone_is_kept_as_its_last_four(store):
    order = handle(signed(body("preparing.json")), SECRET, store, NOW)
    assert (order.phone_last4, order.status, order.shipped) == ("1234", Status.PREPARING, False)


@pytest.mark.parametrize("request_", [
    pytest.param(WebhookRequest(body=b"{}"), id="unsigned"),
    pytest.param(signed(b'{"order_no": "A-1"}', secret="guess"), id="wrong secret"),
    pytest.param(signed(body("shipped.json"), at=NOW - 3600), id="replayed an hour later"),
    pytest.param(WebhookRequest(body=body("shipped.json").replace(b"6789", b"0000"),
                                headers=dict(signed(body("shipped.json")).headers)), id="tampered"),
])
def test_unauthentic_calls_are_refused_and_store_nothing(store, request_):
    with pytest.raises(Unauthorized):
        handle(request_, SECRET, store, NOW)
    assert store.count() == 0


def test_without_a_secret_everything_is_refused(store):
    with pytest.raises(Unauthorized, match="not configured"):
        handle(signed(body("shipped.json"), secret=""), "", store, NOW)


@pytest.mark.parametrize("payload", [
    b"not json", b"[]", b'{"status": "shipped"}', b'{"order_no": "A-1", "status": "lost"}',
    b'{"order_no": "A-1", "status": "paid"}', b'{"order_no": {"x": 1}, "phone_last4": "1234"}',
    b'{"order_no": "A-1", "phone_last4": "12a4"}', b'{"order_no": "A-1", "phone_last4": "1234", "shipped_on": "yesterday"}',
])
def test_malformed_orders_are_a_clear_400(store, payload):
    with pytest.raises(BadRequest):
        handle(signed(payload), SECRET, store, NOW)
    assert store.count() == 0
