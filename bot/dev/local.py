"""Running the bridge inside this process: on the embedded Redis when REDIS_URL is unset, with
webhook calls that skip HTTP and queued jobs run at once (``chat --local``, the self-test)."""

from __future__ import annotations

from typing import Any

from adapters.base import WebhookRequest
from bot.jobs import QUEUE_ORDER


def with_redis(settings: Any) -> Any:
    """``settings`` on REDIS_URL, or on the embedded Redis that ``make run`` uses (started if needed)."""
    from bot.storage.redis_conn import EmbeddedRedis

    if settings.redis_url:
        return settings
    return settings.model_copy(update={"redis_url": EmbeddedRedis(settings.data_dir).url})


def local_request(body: bytes, headers: dict[str, str]) -> WebhookRequest:
    """A webhook call as the web view would pass it on, from this machine."""
    return WebhookRequest(body=body, headers={k.lower(): v for k, v in headers.items()}, remote_addr="127.0.0.1")


def run_queued(ctx: Any) -> None:
    """Run every queued job now, in this process, in queue order."""
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    queues = [ctx.queue(q) for q in QUEUE_ORDER]
    SimpleWorker(queues, connection=ctx.rq_redis, serializer=JSONSerializer).work(burst=True)
