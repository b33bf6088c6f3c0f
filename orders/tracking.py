"""Where the parcel is: tracker.delivery's GraphQL API, in one polite Korean line.

``track(carrierId, trackingNumber)`` on the cloud API (``https://apis.tracker.delivery/graphql``,
``Authorization: TRACKQL-API-KEY client_id:client_secret``) or on its open-source core run
by the shop (no key); the endpoint is ``TRACKER_URL``. A result is cached a few minutes, as
shoppers ask again and couriers update a few times a day. A tracking outage (timeout, 5xx,
a GraphQL error) is not the shopper's problem: the answer then gives the courier, the
송장번호 and the courier's own tracking page, and nothing here raises.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import holidays
import requests

from orders.base import NOT_SHIPPED, Order, Status
from orders.carriers import display_name, tracking_link
from orders.store import OrderStore

log = logging.getLogger(__name__)

CLOUD_URL = "https://apis.tracker.delivery/graphql"
SEOUL = ZoneInfo("Asia/Seoul")
CACHE_SECONDS = 300
QUERY = """query Track($carrierId: ID!, $trackingNumber: String!) {
  track(carrierId: $carrierId, trackingNumber: $trackingNumber) {
    lastEvent { time status { code name } description location { name } }
  }
}"""
CODES = ("INFORMATION_RECEIVED", "AT_PICKUP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "ATTEMPT_FAIL",
         "AVAILABLE_FOR_PICKUP", "DELIVERED", "EXCEPTION", "UNKNOWN")


@dataclass(frozen=True)
class Tracking:
    """The courier's last word on a parcel. ``ok`` is False when the tracker could not be
    asked (then the rest is empty); ``time`` is None when the courier has no event yet."""

    ok: bool
    code: str = ""
    time: datetime | None = None
    where: str = ""
    what: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "code": self.code, "time": self.time.isoformat() if self.time else "",
                "where": self.where, "what": self.what}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tracking:
        return cls(bool(data["ok"]), str(data.get("code", "")),
                   datetime.fromisoformat(data["time"]) if data.get("time") else None,
                   str(data.get("where", "")), str(data.get("what", "")))


OUTAGE = Tracking(ok=False)


class Tracker:
    env: ClassVar[dict[str, str]] = {
        "TRACKER_URL": f"tracker.delivery GraphQL endpoint (default {CLOUD_URL}, or a self-hosted core)",
        "TRACKER_CLIENT_ID": "tracker.delivery cloud client id (not needed for a self-hosted core)",
        "TRACKER_CLIENT_SECRET": "tracker.delivery cloud client secret",
    }

    def __init__(self, store: OrderStore, session: requests.Session, url: str = CLOUD_URL, client_id: str = "",
                 client_secret: str = "", timeout: float = 5.0, cache_seconds: int = CACHE_SECONDS) -> None:
        self.store = store
        self.session = session
        self.url = url or CLOUD_URL
        self.auth = f"TRACKQL-API-KEY {client_id}:{client_secret}" if client_id and client_secret else ""
        self.timeout = timeout
        self.cache_seconds = cache_seconds

    def track(self, carrier: str, tracking_no: str) -> Tracking:
        """The last event of a parcel, from the cache or the API; :data:`OUTAGE` on any failure."""
        if not carrier or not tracking_no:
            return OUTAGE
        key = f"track:{carrier}:{tracking_no}"
        try:
            cached = self.store.cache_get(key)
            if cached:
                return Tracking.from_json(json.loads(cached))
        except Exception:  # noqa: BLE001 - a cache that fails is a cache miss, never an error
            log.warning("tracking cache unavailable")
        result = self._ask(carrier, tracking_no)
        if result.ok:
            try:
                self.store.cache_set(key, json.dumps(result.to_json()), self.cache_seconds)
            except Exception:  # noqa: BLE001
                log.warning("tracking cache unavailable")
        return result

    def _ask(self, carrier: str, tracking_no: str) -> Tracking:
        headers = {"Content-Type": "application/json"}
        if self.auth:
            headers["Authorization"] = self.auth
        body = {"query": QUERY, "variables": {"carrierId": carrier, "trackingNumber": tracking_no}}
        try:
            resp = self.session.post(self.url, json=body, headers=headers, timeout=self.timeout)
            data = resp.json()
        except (requests.RequestException, ValueError) as exc:
            log.warning("tracker unavailable: %s", type(exc).__name__)
            return OUTAGE
        if not isinstance(data, dict):
            return OUTAGE
        errors = data.get("errors") or []
        codes = {str((e.get("extensions") or {}).get("code", "")) for e in errors if isinstance(e, dict)}
        if "NOT_FOUND" in codes:
            return Tracking(ok=True)  # the courier has no record of it yet: normal on the day it ships
        track = (data.get("data") or {}).get("track") if isinstance(data.get("data"), dict) else None
        if resp.status_code >= 400 or errors or not isinstance(track, dict):
            log.warning("tracker error: HTTP %s %s", resp.status_code, ",".join(sorted(codes))[:60])
            return OUTAGE
        return _event(track.get("lastEvent"))


def _event(event: Any) -> Tracking:
    if not isinstance(event, dict):
        return Tracking(ok=True)
    status = event.get("status") or {}
    code = str(status.get("code") or "UNKNOWN")
    try:
        moment = datetime.fromisoformat(str(event.get("time"))) if event.get("time") else None
    except ValueError:
        moment = None
    location = event.get("location") or {}
    return Tracking(ok=True, code=code if code in CODES else "UNKNOWN", time=moment,
                    where=str(location.get("name") or "").strip(),
                    what=str(event.get("description") or status.get("name") or "").strip())


# The lines :func:`status_line` fills in: one per event code, and four for the cases without
# an event. The bot keeps the sentences (bot/messages.yaml, ``track_`` + the key in lower case).
LINE_KEYS = (*CODES, "no_events", "outage", "outage_no_link", "not_shipped")


def status_line(order: Order, tracking: Tracking | None, lines: Mapping[str, str]) -> str:
    """One line for the shopper about ``order``, given its tracking (``None``: not asked),
    from ``lines`` (a template per :data:`LINE_KEYS`)."""
    carrier = display_name(order.carrier, order.carrier_name)
    if order.status in NOT_SHIPPED or not order.tracking_no:
        return lines["not_shipped"]
    if tracking is None or not tracking.ok:
        link = tracking_link(order.carrier, order.tracking_no)
        template = lines["outage"] if link else lines["outage_no_link"]
        return template.format(carrier=carrier, no=order.tracking_no, link=link)
    if tracking.time is None:
        return lines["no_events"].format(carrier=carrier, no=order.tracking_no)
    local = tracking.time.astimezone(SEOUL)
    line = lines.get(tracking.code, lines["UNKNOWN"]).format(
        when=f"{local.month}월 {local.day}일 {local:%H:%M}", where=tracking.where, what=tracking.what,
        carrier=carrier, no=order.tracking_no)
    return " ".join(line.split())


def _business_days(start: date, end: date) -> int:
    """Business days after ``start`` up to and including ``end`` (weekends and Korean holidays off)."""
    off = holidays.country_holidays("KR", years=range(start.year, end.year + 1))
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            days += 1
    return days


def is_late(order: Order, tracking: Tracking | None, today: date, business_days: int = 2,
            promise_days: int | None = None) -> bool:
    """Whether a person should look: a shipped parcel with no movement for ``business_days``
    business days, or not delivered ``promise_days`` business days after it shipped."""
    if order.status not in (Status.SHIPPED,) or not order.tracking_no:
        return False
    if tracking is not None and tracking.code == "DELIVERED":
        return False
    moved = tracking.time.astimezone(SEOUL).date() if tracking is not None and tracking.time else order.shipped_on
    if moved is not None and _business_days(moved, today) >= business_days:
        return True
    return bool(promise_days is not None and order.shipped_on
                and _business_days(order.shipped_on, today) > promise_days)
