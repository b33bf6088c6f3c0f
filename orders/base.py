"""The order every source returns, the source contract, and the orderer check.

An :class:`Order` holds only what the conversation needs to answer "where is my parcel":
no address, no items, no full phone number. Whatever a source reads beyond that stays in
the source module and is never stored, so a leak of the store or a ticket cannot show it.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Protocol, TypeVar, runtime_checkable


class Status(str, Enum):
    """Where an order is, in the shop's world (each source maps its own codes to these)."""

    UNPAID = "unpaid"  # ordered, payment not received (무통장입금 대기)
    PAID = "paid"  # paid, the shop has not started on it
    PREPARING = "preparing"  # the shop is packing it; no tracking number yet
    SHIPPED = "shipped"  # handed to the courier; has a tracking number
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    UNKNOWN = "unknown"  # a state we do not read (exchange, claim in progress): a person answers


NOT_SHIPPED = frozenset({Status.UNPAID, Status.PAID, Status.PREPARING})
_PROGRESS = (Status.UNPAID, Status.PAID, Status.PREPARING, Status.SHIPPED, Status.DELIVERED)
T = TypeVar("T")


@dataclass(frozen=True)
class Order:
    """One order, as much as the conversation may say about it.

    ``carrier`` is a tracker.delivery carrier id (``kr.cjlogistics``) or ``""`` when the
    courier is not one we know; ``carrier_name`` is the name the source gave, for the
    answer when the id is unknown. ``phone_last4`` is the orderer's, never the recipient's.
    """

    order_no: str
    status: Status
    orderer_name: str = ""
    phone_last4: str = ""
    carrier: str = ""
    carrier_name: str = ""
    tracking_no: str = ""
    shipped_on: date | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not self.order_no:
            raise ValueError("Order.order_no is empty")
        if self.phone_last4 and not re.fullmatch(r"\d{4}", self.phone_last4):
            raise ValueError("Order.phone_last4 must be 4 digits")

    @property
    def shipped(self) -> bool:
        return bool(self.tracking_no) and self.status not in NOT_SHIPPED

    def to_json(self) -> dict[str, Any]:
        return {
            "order_no": self.order_no,
            "status": self.status.value,
            "orderer_name": self.orderer_name,
            "phone_last4": self.phone_last4,
            "carrier": self.carrier,
            "carrier_name": self.carrier_name,
            "tracking_no": self.tracking_no,
            "shipped_on": self.shipped_on.isoformat() if self.shipped_on else "",
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Order:
        shipped_on = data.get("shipped_on") or ""
        return cls(
            order_no=str(data["order_no"]),
            status=Status(data.get("status", "unknown")),
            orderer_name=str(data.get("orderer_name", "")),
            phone_last4=str(data.get("phone_last4", "")),
            carrier=str(data.get("carrier", "")),
            carrier_name=str(data.get("carrier_name", "")),
            tracking_no=str(data.get("tracking_no", "")),
            shipped_on=date.fromisoformat(shipped_on) if shipped_on else None,
            source=str(data.get("source", "")),
        )


class SourceError(Exception):
    """A source could not answer now (outage, rate limit, bad credentials).

    ``retryable`` says whether asking again later may help; the conversation hands the
    question to a person either way rather than guessing.
    """

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


@runtime_checkable
class OrderSource(Protocol):
    """Where a shop's orders come from (Naver Commerce, Cafe24, a CSV file, a webhook)."""

    name: str

    def lookup(self, order_no: str) -> Order | None:
        """The order, ``None`` when there is no such order; :class:`SourceError` when the
        source cannot say now."""


def last4(phone: str) -> str:
    """The last four digits of a phone number, ``""`` when it has fewer."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-4:] if len(digits) >= 4 else ""


# Politeness shoppers add around their name: "홍길동님", "홍길동 입니다".
_NAME_TAILS = ("입니다", "이에요", "예요", "님")


def _name_key(text: str) -> str:
    key = "".join(unicodedata.normalize("NFKC", text).split()).casefold()
    for tail in _NAME_TAILS:
        if len(key) > len(tail) + 1 and key.endswith(tail):
            key = key[: -len(tail)]
            break
    return key


def verify(order: Order, answer: str) -> bool:
    """Whether ``answer`` shows the asker is the orderer: the orderer's name (spaces and
    case ignored) or the phone's last 4 digits, whichever the source has.

    A masked name from the source (Naver gift orders: "홍*동") never matches, nor does a
    name of one character: both would be guessable.
    """
    answer = (answer or "").strip()
    if not answer or len(answer) > 60:
        return False
    digits = re.sub(r"[\s\-.]", "", answer)
    if re.fullmatch(r"[0-9]+", digits):
        if not order.phone_last4 or len(digits) not in (4, 10, 11):
            return False
        return hmac.compare_digest(digits[-4:].encode(), order.phone_last4.encode())
    expected = _name_key(order.orderer_name)
    if len(expected) < 2 or "*" in expected:
        return False
    return hmac.compare_digest(_name_key(answer).encode("utf-8"), expected.encode("utf-8"))


def furthest(parts: Sequence[tuple[Status, T]]) -> tuple[Status, T] | None:
    """Of an order's parts (product orders, items), the one the shopper waits for.

    Parts of one order ship together as a rule; when they differ, the answer is about the
    part furthest along among those not cancelled or returned, and the order is cancelled
    only when every part is.
    """
    going = [p for p in parts if p[0] not in (Status.CANCELLED, Status.RETURNED)]
    if not going:
        return parts[0] if parts else None
    return max(going, key=lambda p: _PROGRESS.index(p[0]) if p[0] in _PROGRESS else -1)


def day(value: Any) -> date | None:
    """The calendar day of a platform's ``2026-11-27T13:40:12+09:00`` (already Korean time)."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
