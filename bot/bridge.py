"""One webhook call, whoever makes it: the Flask view, ``chat --local`` and ``bot channels``.

``handle_webhook`` is the whole request path in one place, free of any web framework:
verify and parse with the channel's adapter, replay the outage spool if it waits, run the
pipeline for each inbound event (from memory when Redis fails), render the synchronous
answer, and queue what must be pushed (or spool it when Redis is gone).
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError

from adapters.base import Adapter, Inbound, Reply, WebhookError, WebhookRequest, WebhookResponse
from bot import outage
from bot.context import Context
from bot.conversation.pipeline import Conversation
from bot.jobs import tasks

log = logging.getLogger(__name__)


def error(status: int, code: str, message: str) -> WebhookResponse:
    return WebhookResponse(status=status, body={"error": code, "message": message})


def handle_webhook(ctx: Context, channel: str, request: WebhookRequest) -> WebhookResponse:
    ctx.refresh()  # live shop settings: at most one Redis LLEN a second
    adapter = ctx.adapters.get(channel)
    if adapter is None:
        return error(404, "unknown_channel", f"channel {channel!r} is not enabled")
    try:
        adapter.verify(request)
        inbounds = adapter.parse(request)
    except WebhookError as exc:
        return error(exc.status, exc.code, exc.message)
    conversation = Conversation(ctx)
    outage.maybe_drain(ctx)
    answered = []
    for inbound in inbounds:
        try:
            reply, inbound = conversation.handle_delivery(inbound, adapter)
        except RedisError:
            log.warning("Redis unavailable: answering %s from memory", channel)
            reply = conversation.degraded(inbound, adapter)
        answered.append((inbound, reply))
    return _respond(ctx, adapter, answered)


def _respond(ctx: Context, adapter: Adapter, answered: list[tuple[Inbound, Reply | None]]) -> WebhookResponse:
    if len(answered) == 1:
        inbound, reply = answered[0]
        rendered = adapter.render(reply, inbound)
        pending = [] if rendered.delivered else [(inbound, reply)]
    else:
        rendered = adapter.render(None, None)
        pending = answered
    for inbound, reply in pending:
        if reply is not None and not reply.wait:
            job: dict[str, Any] = {"inbound": inbound.to_json(), "reply": reply.to_json(), "key": f"{inbound.channel}:{inbound.event_id}"}
            try:
                ctx.enqueue("replies", tasks.deliver, **job)
            except RedisError:
                ctx.spool.put("deliver", f"deliver:{job['key']}", job)
    return rendered
