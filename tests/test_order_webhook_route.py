"""POST /webhooks/orders: the shop's own system signs each order; bad or forged input gets a
4xx saying why, never a 500, and a shop without the webhook source has no such endpoint."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from orders.webhook import sign
from tests.orders.conftest import FIXTURES

SECRET = "shop-webhook-secret-7f3a"
SHOP = "shop:\n  name: 달빛상점\norders:\n  source: webhook\n"


@pytest.fixture
def env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    shop = tmp_path / "shop.yaml"
    shop.write_text(SHOP, encoding="utf-8")
    return {**env, "SHOP_CONFIG": str(shop), "ORDERS_WEBHOOK_SECRET": SECRET}


def post(client: Any, body: bytes, secret: str = SECRET, stamp: int | None = None) -> Any:
    stamp = int(time.time()) if stamp is None else stamp
    headers = {"X-Shop-Timestamp": str(stamp), "X-Shop-Signature": sign(secret, stamp, body),
               "Content-Type": "application/json"}
    return client.post("/webhooks/orders", data=body, headers=headers)


def test_a_signed_order_is_stored_and_answers_lookups(client: Any, ctx: Any) -> None:
    body = (FIXTURES / "webhook" / "shipped.json").read_bytes()
    resp = post(client, body)
    assert resp.status_code == 200, resp.get_json()
    order_no = resp.get_json()["order_no"]
    assert ctx.orders.source.lookup(order_no).tracking_no


@pytest.mark.parametrize(
    ("body", "secret", "age", "status"),
    [
        (b'{"order_no": "A-1", "orderer_name": "\xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80", "status": "shipped"}', "forged", 0, 401),
        (b'{"order_no": "A-1", "status": "shipped"}', SECRET, 3600, 401),  # replayed an hour later
        (b"not json", SECRET, 0, 400),
        (b'{"order_no": "A-1", "status": "flying"}', SECRET, 0, 400),
        (b'{"order_no": "A-1", "status": "shipped"}', SECRET, 0, 400),  # no orderer name nor phone
        (b'[1, 2]', SECRET, 0, 400),
    ],
)
def test_bad_or_forged_input_gets_a_4xx(client: Any, ctx: Any, body: bytes, secret: str, age: int, status: int) -> None:
    resp = post(client, body, secret, int(time.time()) - age)
    assert resp.status_code == status
    assert ctx.orders.source.lookup("A-1") is None


def test_unsigned_gets_401(client: Any) -> None:
    assert client.post("/webhooks/orders", data=b"{}").status_code == 401


def test_without_the_webhook_source_there_is_no_endpoint(make_ctx: Any, env: dict[str, str]) -> None:
    from bot.web.app import create_app
    from tests.conftest import SHOP_FILE

    env["SHOP_CONFIG"] = str(SHOP_FILE)
    client = create_app(ctx=make_ctx()).test_client()
    assert post(client, b'{"order_no": "A-1"}').status_code == 404
