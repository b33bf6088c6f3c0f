"""The shop's own system tells us about an order: a signed JSON webhook.

For shops on neither Naver nor Cafe24. Their system POSTs one order per call whenever it
changes, signed with a secret shared with us:

    X-Shop-Timestamp: 1795761000                       (Unix seconds)
    X-Shop-Signature: sha256=<hex HMAC-SHA256(secret, "{timestamp}." + body)>

    {"order_no": "A-1001", "orderer_name": "김민지", "phone_last4": "6789",
     "status": "shipped", "carrier": "CJ대한통운", "tracking_no": "640123456789",
     "shipped_on": "2026-11-27"}

The timestamp inside the signature stops a recorded call being replayed later; a replay
inside the window only writes the same order again. Without a secret the webhook refuses
everything: an unsigned order feed would let anyone answer our shoppers. Pure functions:
the Flask route (later) hands over the raw bytes and headers.
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import Any

from adapters.base import BadRequest, Unauthorized, WebhookRequest, hmac_sha256
from orders.base import Order, Status, last4
from orders.carriers import carrier_id
from orders.csvfile import read_date, read_phone
from orders.store import OrderStore

log = logging.getLogger(__name__)

TIMESTAMP_HEADER = "x-shop-timestamp"
SIGNATURE_HEADER = "x-shop-signature"
TOLERANCE = 300  # seconds either way between the shop's clock and ours
MAX_BODY = 16 * 1024


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for ``body`` (the shop's side; tests sign with it too)."""
    return "sha256=" + hmac_sha256(secret, f"{timestamp}.".encode() + body).hex()


def verify(request: WebhookRequest, secret: str, now: float) -> None:
    """Raise :class:`Unauthorized` unless the request is signed with ``secret`` within
    :data:`TOLERANCE` of ``now``. Fails closed when no secret is configured."""
    if not secret:
        log.warning("order webhook refused: no ORDERS_WEBHOOK_SECRET configured")
        raise Unauthorized("order webhook is not configured")
    stamp = (request.header(TIMESTAMP_HEADER) or "").strip()
    given = (request.header(SIGNATURE_HEADER) or "").strip()
    if not stamp or not given:
        log.warning("order webhook refused: signature missing")
        raise Unauthorized("missing signature")
    if not re.fullmatch(r"[0-9]{1,12}", stamp) or abs(now - int(stamp)) > TOLERANCE:
        log.warning("order webhook refused: timestamp outside the window")
        raise Unauthorized("stale or invalid timestamp")
    if not hmac.compare_digest(given.encode(), sign(secret, int(stamp), request.body).encode()):
        log.warning("order webhook refused: signature mismatch")
        raise Unauthorized("invalid signature")


def parse(request: WebhookRequest) -> Order:
    """The order in a verified request, or :class:`BadRequest` saying what is wrong."""
    if len(request.body) > MAX_BODY:
        raise BadRequest("body too large")
    data = request.json_object("order")
    order_no = _text(data, "order_no", 40)
    if not order_no:
        raise BadRequest("order_no is required")
    try:
        status = Status(_text(data, "status", 20) or "unknown")
    except ValueError:
        raise BadRequest(f"status must be one of {', '.join(s.value for s in Status)}") from None
    name = _text(data, "orderer_name", 60)
    try:
        phone = read_phone(_text(data, "phone_last4", 20)) or last4(_text(data, "phone", 20))
        shipped_on = read_date(_text(data, "shipped_on", 20))
    except ValueError as why:
        raise BadRequest(str(why)) from None
    if not name and not phone:
        raise BadRequest("orderer_name or phone_last4 is required")
    company = _text(data, "carrier", 40)
    tracking_no = re.sub(r"[\s\-]", "", _text(data, "tracking_no", 40))
    carrier = carrier_id(company)
    if tracking_no and company and not carrier:
        log.info("order webhook: unknown carrier %r, kept by name", company[:20])
    return Order(order_no, status, name, phone, carrier, company, tracking_no, shipped_on, source="webhook")


def handle(request: WebhookRequest, secret: str, store: OrderStore, now: float) -> Order:
    """Verify, parse and upsert; what the route calls. Raises the adapters' 4xx errors."""
    verify(request, secret, now)
    order = parse(request)
    store.upsert(order)
    return order


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRequest(f"{key} must be a string")
    text = str(value).strip()
    if len(text) > limit:
        raise BadRequest(f"{key} is too long")
    return text
