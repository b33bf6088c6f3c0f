"""Cafe24 Admin API: an order and its shipping by order id (``20261127-0000123``).

Auth is OAuth 2.0 with a refresh token: an access token lives two hours, a refresh token two
weeks, and every refresh returns a new refresh token and retires the old one. So the
current pair is kept in the store (not only in the environment, which holds the first
refresh token from the app's install), and a refresh runs under a lock: two workers
refreshing with the same token at once would leave one of them with a dead token.

``GET /api/v2/admin/orders/{order_id}?embed=items,buyer``: the order carries the orderer's
name (``billing_name``), ``buyer`` the orderer's phone, and each item its status code
(``N10`` 상품준비중 … ``N40`` 배송완료), courier and tracking number. Receivers (names,
addresses) are never asked for. Calls are limited by a leaky bucket (``X-Api-Call-Limit:
used/40``); a full bucket answers 429.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import requests

from orders.base import Order, SourceError, Status, day, furthest, last4
from orders.carriers import carrier_id
from orders.remote import call, json_body
from orders.store import OrderStore

log = logging.getLogger(__name__)

ORDER_ID = re.compile(r"[0-9]{8}-[0-9]{7}")
TOKEN_MARGIN = 120  # seconds before expiry when an access token is refreshed instead of used

# Item status codes (order_status) → ours, by prefix: C cancel, R return, E exchange.
_STATUS = {
    "N00": Status.UNPAID,
    "N10": Status.PAID,
    "N20": Status.PREPARING,
    "N21": Status.PREPARING,
    "N22": Status.PREPARING,
    "N30": Status.SHIPPED,
    "N40": Status.DELIVERED,
}


class Cafe24Source:
    name = "cafe24"
    env: ClassVar[dict[str, str]] = {
        "CAFE24_MALL_ID": "the shop's mall id ({mall_id}.cafe24api.com)",
        "CAFE24_CLIENT_ID": "app client id from the Cafe24 developer center",
        "CAFE24_CLIENT_SECRET": "app client secret",
        "CAFE24_REFRESH_TOKEN": "refresh token from the app's install; later ones are kept in Redis",
        "CAFE24_API_VERSION": "X-Cafe24-Api-Version to send (default: the app's version)",
    }
    required_env: tuple[str, ...] = ("CAFE24_MALL_ID", "CAFE24_CLIENT_ID", "CAFE24_CLIENT_SECRET",
                                     "CAFE24_REFRESH_TOKEN")

    @classmethod
    def from_env(cls, env: Mapping[str, str], store: OrderStore, session: requests.Session) -> Cafe24Source:
        return cls(
            mall_id=env.get("CAFE24_MALL_ID", ""),
            client_id=env.get("CAFE24_CLIENT_ID", ""),
            client_secret=env.get("CAFE24_CLIENT_SECRET", ""),
            refresh_token=env.get("CAFE24_REFRESH_TOKEN", ""),
            api_version=env.get("CAFE24_API_VERSION", ""),
            store=store,
            session=session,
        )

    def __init__(
        self,
        mall_id: str,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        store: OrderStore,
        session: requests.Session,
        api_version: str = "",
        api_url: str = "",
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.mall_id = mall_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.api_version = api_version
        self.api_url = (api_url or f"https://{mall_id}.cafe24api.com/api/v2").rstrip("/")
        self.store = store
        self.session = session
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep

    # -- the lookup ------------------------------------------------------------------

    def lookup(self, order_no: str) -> Order | None:
        order_no = order_no.strip()
        if not ORDER_ID.fullmatch(order_no):
            return None  # not a Cafe24 order id: no call
        what = "cafe24 order"
        url = f"{self.api_url}/admin/orders/{order_no}"
        for fresh in (False, True):
            headers = {"Authorization": f"Bearer {self._token(fresh)}", "Content-Type": "application/json"}
            if self.api_version:
                headers["X-Cafe24-Api-Version"] = self.api_version
            resp = call(self.session, "GET", url, what=what, timeout=self.timeout, sleep=self.sleep,
                        params={"embed": "items,buyer"}, headers=headers)
            log.debug("cafe24 call limit %s", resp.headers.get("X-Api-Call-Limit", "?"))
            if resp.status_code == 401 and not fresh:
                log.info("%s: access token refused (401), refreshing", what)
                continue
            if resp.status_code == 404:
                return None
            if resp.status_code >= 400:
                raise SourceError(f"{what}: HTTP {resp.status_code}", retryable=resp.status_code >= 500)
            data = json_body(resp, what)
            order = data.get("order") if isinstance(data, dict) else None
            return _order(order_no, order) if isinstance(order, dict) else None
        raise SourceError(f"{what}: HTTP 401 after a refresh (check the app's mall.read_order scope)",
                          retryable=False)

    # -- the tokens ------------------------------------------------------------------

    @property
    def _cache_key(self) -> str:
        return f"token:cafe24:{self.mall_id}"

    def _stored(self) -> dict[str, Any]:
        raw = self.store.cache_get(self._cache_key)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def _token(self, fresh: bool) -> str:
        stored = self._stored()
        if not fresh and stored.get("access_token") and stored.get("expires_at", 0) > self.clock() + TOKEN_MARGIN:
            return str(stored["access_token"])
        with self.store.lock(self._cache_key):
            again = self._stored()
            if again.get("access_token") and again.get("access_token") != stored.get("access_token") and \
                    again.get("expires_at", 0) > self.clock() + TOKEN_MARGIN:
                return str(again["access_token"])  # another worker refreshed while we waited
            return self._refresh(str(again.get("refresh_token") or self.refresh_token))

    def _refresh(self, refresh_token: str) -> str:
        what = "cafe24 token refresh"
        if not refresh_token:
            raise SourceError(f"{what}: no refresh token (CAFE24_REFRESH_TOKEN)", retryable=False)
        resp = call(
            self.session, "POST", f"{self.api_url}/oauth/token", what=what, timeout=self.timeout, sleep=self.sleep,
            auth=(self.client_id, self.client_secret),
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        )
        data = json_body(resp, what)
        token = data.get("access_token") if isinstance(data, dict) else None
        if resp.status_code != 200 or not isinstance(token, str) or not token:
            # invalid_grant: the refresh token expired (two weeks unused) or was used elsewhere;
            # the owner must reinstall the app. Retrying cannot help.
            raise SourceError(f"{what}: HTTP {resp.status_code} (the refresh token may have expired: reinstall "
                              "the app and set CAFE24_REFRESH_TOKEN)", retryable=resp.status_code >= 500)
        expires_at = _epoch(data.get("expires_at")) or self.clock() + 3600
        pair = {"access_token": token, "expires_at": expires_at,
                "refresh_token": str(data.get("refresh_token") or refresh_token)}
        # Kept as long as the refresh token lives (two weeks); the access token's own expiry is inside.
        self.store.cache_set(self._cache_key, json.dumps(pair), 14 * 86_400)
        return token


def _epoch(value: Any) -> float | None:
    """Cafe24's ``2026-11-27T16:05:11.000`` (Korean time, no offset) as a Unix time."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("Asia/Seoul"))
    return moment.timestamp()


def _status(code: str) -> Status:
    if code in _STATUS:
        return _STATUS[code]
    if code.startswith("C"):
        return Status.CANCELLED
    if code.startswith("R"):
        return Status.RETURNED
    return Status.UNKNOWN  # exchanges (E…) and codes we do not know: a person answers


def _order(order_no: str, order: dict[str, Any]) -> Order:
    """One :class:`Order` from the order and its items (see :func:`~orders.base.furthest`)."""
    items = [i for i in order.get("items") or [] if isinstance(i, dict)]
    picked = furthest([(_status(str(i.get("order_status") or "")), i) for i in items])
    status, item = picked or ((Status.CANCELLED if order.get("canceled") == "T" else Status.UNKNOWN), {})
    raw_buyer = order.get("buyer")
    buyer: dict[str, Any] = raw_buyer if isinstance(raw_buyer, dict) else {}
    tracking_no = str(item.get("tracking_no") or "").strip()
    company = str(item.get("shipping_company_name") or "")
    return Order(
        order_no=order_no,
        status=status,
        orderer_name=str(order.get("billing_name") or buyer.get("name") or "").strip(),
        phone_last4=last4(str(buyer.get("cellphone") or buyer.get("phone") or "")),
        carrier=carrier_id(company) if tracking_no else "",
        carrier_name=company if tracking_no else "",
        tracking_no=tracking_no,
        shipped_on=day(item.get("shipped_date")) if tracking_no else None,
        source="cafe24",
    )
