"""Replaying the outage spool into the pipeline once Redis answers again.

The spool (:mod:`bot.storage.spool`) only stores what could not reach Redis; this module
feeds it back: an escalation becomes the ticket it would have been, a reply that could not
be queued is queued. Each item is claimed by one process, and the paths it feeds are
idempotent, so each item takes effect once.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError

from adapters.base import Inbound
from bot.context import Context
from bot.conversation.kinds import Reason
from bot.conversation.pipeline import Conversation
from bot.jobs import tasks

log = logging.getLogger(__name__)


def maybe_drain(ctx: Context) -> int:
    """Drain if there is something to drain and this process has not tried in the last moments."""
    if not ctx.spool.due_for_drain():
        return 0
    try:
        ctx.redis.ping()
    except RedisError:
        return 0
    return drain(ctx)


def drain(ctx: Context) -> int:
    """Feed spooled items into the pipeline; returns how many took effect."""
    spool = ctx.spool
    done = 0
    for key, kind, item in spool.waiting():
        if not spool.claim(key):
            continue  # another process took it
        try:
            replay(ctx, kind, item)
        except RedisError:
            spool.release(key)
            log.warning("spool drain stopped: Redis failed again")
            break
        except Exception:
            log.exception("spool item %s could not be replayed; kept for a person to look at", key)
            spool.release(key)
            continue
        spool.done(key)
        done += 1
    if done:
        log.info("spool drained %d item(s) into Redis", done)
    return done


def replay(ctx: Context, kind: str, item: dict[str, Any]) -> None:
    inbound = Inbound.from_json(item["inbound"])
    if kind == "escalation":
        adapter = ctx.adapters.get(inbound.channel)
        if adapter is None:
            raise ValueError(f"channel {inbound.channel} is not enabled")
        store = ctx.store
        store.begin_turn(inbound.channel, inbound.event_id, inbound.thread_id, inbound.user_id,
                         dedupe_seconds=adapter.dedupe_seconds, synthetic_ids=False, handle=dict(inbound.reply_handle))
        store.append_turn(inbound.thread_id, "shopper", inbound.text or f"[{inbound.kind.value}]")
        if item.get("told"):
            store.append_turn(inbound.thread_id, "bot", item["told"])
        Conversation(ctx).handoff(inbound, adapter, item.get("reason") or Reason.UNSURE, spooled=True)
    elif kind == "deliver":
        ctx.enqueue("replies", tasks.deliver, inbound=item["inbound"], reply=item["reply"], key=item["key"])
    else:
        raise ValueError(f"unknown spool item kind {kind!r}")
