"""``GET /metrics``: today's numbers for Prometheus, read from Redis on every scrape.

Every gunicorn worker answers the same, because nothing is counted in the process: a
custom collector turns the shop-local day's counters (the ones the digest reads) into
gauges. They reset at the shop's midnight, so they are gauges, not counters.
``shopbot_spooled`` and ``shopbot_redis_up`` need no Redis, so the page still answers during an
outage. Set ``METRICS_TOKEN`` to require ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis.exceptions import RedisError

from bot.context import Context
from bot.digest import gather, quantile

metrics = Blueprint("metrics", __name__)

_HOURLY = re.compile(r"^h\d\d:")


class TodayCollector(Collector):
    """Today's counters (shop-local day) and the shares the digest shows, from Redis."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def collect(self) -> Iterator[Metric]:
        ctx = self.ctx
        # These two come first and need no Redis: they matter most while Redis is down.
        yield GaugeMetricFamily("shopbot_spooled", "Escalations and replies in this host's outage spool, "
                                "not yet handed to Redis", value=ctx.spool.pending())
        try:
            ctx.redis.ping()
        except RedisError:
            yield GaugeMetricFamily("shopbot_redis_up", "1 if Redis answers", value=0)
            return
        yield GaugeMetricFamily("shopbot_redis_up", "1 if Redis answers", value=1)
        yield from self.today(ctx)

    def today(self, ctx: Context) -> Iterator[Metric]:
        day = ctx.hours.local(ctx.now()).date().isoformat()
        raw = ctx.store.stats(day)
        n = gather(ctx.store, [day])

        events = GaugeMetricFamily("shopbot_events_today", "Events counted today (shop-local day), by name",
                                   labels=["event"])
        for name, value in sorted(raw.items()):
            if not _HOURLY.match(name):
                events.add_metric([name], value)
        yield events

        yield GaugeMetricFamily("shopbot_threads_today", "Distinct conversations that wrote today", value=n.threads)

        shares = GaugeMetricFamily("shopbot_share_today", "Shares today: faq, llm, bot (of messages), "
                                   "escalation (of conversations), after_hours (of messages)", labels=["kind"])
        for kind, value in (("faq", n.faq_share), ("llm", n.llm_share), ("bot", n.bot_share),
                            ("escalation", n.escalation), ("after_hours", n.after_hours_share)):
            if value is not None:
                shares.add_metric([kind], value)
        yield shares

        if n.csat is not None:
            yield GaugeMetricFamily("shopbot_csat_today", "Share of thumbs-up among today's ratings", value=n.csat)

        for name, samples, what in (
            ("shopbot_first_response_seconds_today", n.first_response_ms, "bot's first answer"),
            ("shopbot_staff_response_seconds_today", n.staff_response_ms, "staff's first reply to a ticket"),
        ):
            family = GaugeMetricFamily(name, f"Time to the {what} today, by quantile", labels=["quantile"])
            for q in (0.5, 0.9):
                if samples:
                    family.add_metric([str(q)], quantile(samples, q) / 1000)
            yield family

        tokens = GaugeMetricFamily("shopbot_llm_tokens_today", "LLM tokens used today", labels=["direction"])
        tokens.add_metric(["in"], n.tokens_in)
        tokens.add_metric(["out"], n.tokens_out)
        yield tokens
        yield GaugeMetricFamily("shopbot_llm_cost_usd_today", "Estimated LLM cost today (USD, shop file prices)",
                                value=n.cost_usd(ctx.settings.shop))
        yield GaugeMetricFamily("shopbot_open_tickets", "Handoff tickets waiting for a person now",
                                value=int(ctx.redis.zcard(ctx.store.key("handoffs"))))


@metrics.get("/metrics")
def scrape() -> Any:
    ctx: Context = current_app.extensions["bridge"]
    token = ctx.settings.env.get("METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return Response("unauthorized\n", status=401, mimetype="text/plain",
                            headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    registry = CollectorRegistry(auto_describe=False)
    registry.register(TodayCollector(ctx))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})
