"""The order a ticket is about, as the staff page shows it (stored on the ticket as JSON by
``bot.conversation.order_talk``). Only what the order source gave: no address, no items."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.conversation.kinds import ORDER_STATUSES
from orders.carriers import display_name, tracking_link

SEOUL = ZoneInfo("Asia/Seoul")


def present(raw: str) -> dict[str, Any] | None:
    """The ticket's order for the template, ``None`` when the ticket has none (or it is unreadable)."""
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    order: dict[str, Any] = data["order"] if isinstance(data.get("order"), dict) else {}
    tracking: dict[str, Any] = data["tracking"] if isinstance(data.get("tracking"), dict) else {}
    carrier = str(order.get("carrier", ""))
    tracking_no = str(order.get("tracking_no", ""))
    when = ""
    if tracking.get("time"):
        try:
            when = datetime.fromisoformat(str(tracking["time"])).astimezone(SEOUL).strftime("%m-%d %H:%M")
        except ValueError:
            when = ""
    status = str(order.get("status", ""))
    return {
        "order_no": str(order.get("order_no") or data.get("order_no") or ""),
        "found": bool(order) or data.get("found", True) is not False,
        "lookup_failed": data.get("error") == "source",
        "status": ORDER_STATUSES.get(status, status),
        "orderer": str(order.get("orderer_name", "")),
        "phone_last4": str(order.get("phone_last4", "")),
        "carrier": display_name(carrier, str(order.get("carrier_name", ""))) if tracking_no else "",
        "tracking_no": tracking_no,
        "link": tracking_link(carrier, tracking_no) if tracking_no else "",
        "shipped_on": str(order.get("shipped_on", "")),
        "event": " ".join(x for x in (when, str(tracking.get("where", "")), str(tracking.get("what", ""))) if x),
        "tracking_down": bool(tracking_no) and tracking.get("ok") is False,
        "answer": str(data.get("answer", "")),
        "checks_failed": int(data.get("checks_failed") or 0),
    }
