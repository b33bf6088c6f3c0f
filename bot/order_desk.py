"""The shop's order source and the courier tracker, built once from the settings.

``shop.yaml`` names the source (``orders: {source: csv|webhook|naver|cafe24}``); secrets and
endpoints come from the environment. A source whose settings are missing is left off with a
log line, so delivery questions keep today's FAQ answer rather than failing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import requests
from redis import Redis

from bot.settings import Orders, Settings
from orders.base import OrderSource
from orders.cafe24 import Cafe24Source
from orders.naver import NaverCommerceSource
from orders.store import OrderStore
from orders.tracking import Tracker

log = logging.getLogger(__name__)

API_SOURCES: dict[str, type[NaverCommerceSource] | type[Cafe24Source]] = {
    "naver": NaverCommerceSource,
    "cafe24": Cafe24Source,
}
WEBHOOK_SECRET = "ORDERS_WEBHOOK_SECRET"


@dataclass(frozen=True)
class OrderDesk:
    """What the conversation asks about orders: where they are, and where the parcel is."""

    config: Orders
    source: OrderSource
    tracker: Tracker


def order_store(redis: Redis, prefix: str, name: str) -> OrderStore:
    """The order set a CSV import (``csv``) or the shop's webhook (``webhook``) fills; the API
    sources keep their tokens in its cache (``api``)."""
    return OrderStore(redis, prefix, name)


def missing_env(config: Orders, env: Mapping[str, str]) -> list[str]:
    """Settings the configured source needs and does not have."""
    if config.source in API_SOURCES:
        return [k for k in API_SOURCES[config.source].required_env if not env.get(k)]
    if config.source == "webhook":
        return [] if env.get(WEBHOOK_SECRET) else [WEBHOOK_SECRET]
    return []


def build(settings: Settings, redis: Redis, session: requests.Session) -> OrderDesk | None:
    """The desk for ``settings``, or ``None`` when the shop has no order source (or it is not set up)."""
    config = settings.shop.orders
    if config is None:
        return None
    env = settings.env
    missing = missing_env(config, env)
    if missing and config.source != "webhook":  # webhook orders already stored still answer
        log.warning("orders: source %s disabled: missing %s", config.source, ", ".join(missing))
        return None
    prefix = settings.redis_prefix
    source: OrderSource
    if config.source in API_SOURCES:
        source = API_SOURCES[config.source].from_env(env, order_store(redis, prefix, "api"), session)
    else:
        source = order_store(redis, prefix, config.source)
    tracker = Tracker(order_store(redis, prefix, "api"), session, url=env.get("TRACKER_URL", ""),
                      client_id=env.get("TRACKER_CLIENT_ID", ""), client_secret=env.get("TRACKER_CLIENT_SECRET", ""))
    return OrderDesk(config, source, tracker)
