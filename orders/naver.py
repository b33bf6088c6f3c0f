"""Naver Commerce API (스마트스토어): an order and its delivery by order number.

Auth is OAuth2 client credentials, with the secret never sent: ``client_secret_sign`` is
base64(bcrypt(``{client_id}_{timestamp_ms}``, salt = the client secret, itself a bcrypt
salt like ``$2a$04$…``)), valid five minutes. A token lives three hours; we keep it in the
store until a minute before it ends, and fetch a new one when the API answers 401.

An order (``orderId``) holds product orders; delivery is per product order. The lookup is
two calls: the product order ids of the order, then their details (``order`` for the
orderer, ``productOrder`` for the status, ``delivery`` for 택배사, 송장번호, 발송일).
The shipping address in the details is never read.
"""

from __future__ import annotations

import base64
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import bcrypt
import requests

from orders.base import Order, SourceError, Status, day, furthest, last4
from orders.carriers import carrier_id
from orders.remote import call, json_body
from orders.store import OrderStore

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.commerce.naver.com/external"
TOKEN_MARGIN = 60  # seconds before expiry when a cached token is no longer used

# productOrderStatus → ours; PAYED becomes PREPARING once the seller confirmed the order.
_STATUS = {
    "PAYMENT_WAITING": Status.UNPAID,
    "PAYED": Status.PAID,
    "DELIVERING": Status.SHIPPED,
    "DELIVERED": Status.DELIVERED,
    "PURCHASE_DECIDED": Status.DELIVERED,
    "EXCHANGED": Status.DELIVERED,
    "CANCELED": Status.CANCELLED,
    "CANCELED_BY_NOPAYMENT": Status.CANCELLED,
    "RETURNED": Status.RETURNED,
}


def client_secret_sign(client_id: str, client_secret: str, timestamp_ms: int) -> str:
    """Naver's electronic signature of the token request."""
    password = f"{client_id}_{timestamp_ms}".encode()
    hashed = bcrypt.hashpw(password, client_secret.encode())
    return base64.standard_b64encode(hashed).decode()


class NaverCommerceSource:
    name = "naver"
    env: ClassVar[dict[str, str]] = {
        "NAVER_COMMERCE_CLIENT_ID": "application id from apicenter.commerce.naver.com",
        "NAVER_COMMERCE_CLIENT_SECRET": "application secret (a bcrypt salt, $2a$04$…)",
        "NAVER_COMMERCE_ACCOUNT_ID": "seller account id, for a solution provider's SELLER token (else SELF)",
        "NAVER_COMMERCE_API_URL": f"API base URL (default {DEFAULT_API_URL})",
    }
    required_env: tuple[str, ...] = ("NAVER_COMMERCE_CLIENT_ID", "NAVER_COMMERCE_CLIENT_SECRET")

    @classmethod
    def from_env(cls, env: Mapping[str, str], store: OrderStore, session: requests.Session) -> NaverCommerceSource:
        return cls(
            client_id=env.get("NAVER_COMMERCE_CLIENT_ID", ""),
            client_secret=env.get("NAVER_COMMERCE_CLIENT_SECRET", ""),
            account_id=env.get("NAVER_COMMERCE_ACCOUNT_ID", ""),
            api_url=env.get("NAVER_COMMERCE_API_URL", "") or DEFAULT_API_URL,
            store=store,
            session=session,
        )

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        store: OrderStore,
        session: requests.Session,
        account_id: str = "",
        api_url: str = DEFAULT_API_URL,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.account_id = account_id
        self.api_url = api_url.rstrip("/")
        self.store = store
        self.session = session
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep

    # -- the lookup ------------------------------------------------------------------

    def lookup(self, order_no: str) -> Order | None:
        order_no = order_no.strip()
        if not re.fullmatch(r"[0-9]{1,20}", order_no):
            return None  # Naver order numbers are digits; anything else cannot be one
        ids = self._get(f"/v1/pay-order/seller/orders/{order_no}/product-order-ids", "product order ids")
        if not isinstance(ids, list) or not ids:
            return None
        details = self._post("/v1/pay-order/seller/product-orders/query", {"productOrderIds": ids[:300]})
        if not isinstance(details, list) or not details:
            return None
        return _order(order_no, [d for d in details if isinstance(d, dict)])

    def _get(self, path: str, what: str) -> Any:
        return self._authorized("GET", path, what, None)

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        return self._authorized("POST", path, "product order details", body)

    def _authorized(self, method: str, path: str, what: str, body: dict[str, Any] | None) -> Any:
        what = f"naver {what}"
        for fresh in (False, True):
            token = self._token(fresh)
            resp = call(
                self.session, method, self.api_url + path, what=what, timeout=self.timeout, sleep=self.sleep,
                headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                json=body,
            )
            if resp.status_code == 401 and not fresh:
                log.info("%s: token refused (401), fetching a new one", what)
                continue
            if resp.status_code in (400, 404):
                # An order number Naver does not know: no such order, not an outage.
                log.info("%s: HTTP %s %s", what, resp.status_code, _code(resp))
                return None
            if resp.status_code >= 400:
                raise SourceError(f"{what}: HTTP {resp.status_code} {_code(resp)}", retryable=resp.status_code >= 500)
            data = json_body(resp, what)
            return data.get("data") if isinstance(data, dict) else None
        raise SourceError(f"{what}: HTTP 401 with a new token (check the application's permissions)", retryable=False)

    # -- the token -------------------------------------------------------------------

    @property
    def _cache_key(self) -> str:
        return f"token:naver:{self.client_id}:{self.account_id}"

    def _token(self, fresh: bool) -> str:
        if not fresh:
            cached = self.store.cache_get(self._cache_key)
            if cached:
                return cached
        self.store.cache_delete(self._cache_key)
        timestamp = int(self.clock() * 1000)
        form = {
            "client_id": self.client_id,
            "timestamp": str(timestamp),
            "grant_type": "client_credentials",
            "client_secret_sign": self._sign(timestamp),
            "type": "SELLER" if self.account_id else "SELF",
        }
        if self.account_id:
            form["account_id"] = self.account_id
        what = "naver token"
        resp = call(self.session, "POST", f"{self.api_url}/v1/oauth2/token", what=what, timeout=self.timeout,
                    sleep=self.sleep, data=form, headers={"Accept": "application/json"})
        data = json_body(resp, what)
        token = data.get("access_token") if isinstance(data, dict) else None
        if resp.status_code != 200 or not isinstance(token, str) or not token:
            # 400/403: a wrong id or secret, or a clock off by minutes; retrying will not help.
            raise SourceError(f"{what}: HTTP {resp.status_code} {_code(resp)}", retryable=resp.status_code >= 500)
        expires_in = data.get("expires_in")
        ttl = int(expires_in) - TOKEN_MARGIN if isinstance(expires_in, int) else 600
        if ttl > 0:
            self.store.cache_set(self._cache_key, token, ttl)
        return token

    def _sign(self, timestamp_ms: int) -> str:
        try:
            return client_secret_sign(self.client_id, self.client_secret, timestamp_ms)
        except ValueError:
            raise SourceError("naver token: the client secret is not a bcrypt salt ($2a$…)", retryable=False) from None


def _code(resp: requests.Response) -> str:
    """Naver's error code (``GW.AUTHN``, ``GW.RATE_LIMIT``…) for the log; never the message."""
    try:
        data = resp.json()
    except ValueError:
        return ""
    code = data.get("code") if isinstance(data, dict) else None
    return str(code)[:40] if code else ""


def _order(order_no: str, details: list[dict[str, Any]]) -> Order:
    """One :class:`Order` from an order's product orders (see :func:`~orders.base.furthest`)."""
    parts = []
    for detail in details:
        product_order = detail.get("productOrder") or {}
        status = _STATUS.get(str(product_order.get("productOrderStatus")), Status.UNKNOWN)
        if status == Status.PAID and product_order.get("placeOrderStatus") == "OK":
            status = Status.PREPARING
        parts.append((status, detail))
    status, detail = furthest(parts) or (Status.UNKNOWN, {})
    orderer = detail.get("order") or {}
    delivery = detail.get("delivery") or {}
    company = str(delivery.get("deliveryCompany") or "")
    tracking_no = str(delivery.get("trackingNumber") or "").strip()
    return Order(
        order_no=order_no,
        status=status,
        orderer_name=str(orderer.get("ordererName") or "").strip(),
        phone_last4=last4(str(orderer.get("ordererTel") or "")),
        carrier=carrier_id(company) if tracking_no else "",
        carrier_name=company if tracking_no else "",
        tracking_no=tracking_no,
        shipped_on=day(delivery.get("sendDate")) if tracking_no else None,
        source="naver",
    )
