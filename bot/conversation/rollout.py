"""Staged rollout: which shoppers get the bot, and which go straight to a person.

A shopper's side is a stable hash of the shop, the channel and the user id, so the same
shopper is always on the same side while the share stays the same; raising the share only
moves shoppers from the people side to the bot side.
"""

from __future__ import annotations

import hashlib

from bot.settings import Rollout

BOT_GROUP, PEOPLE_GROUP = "bot", "people"
GROUPS = (BOT_GROUP, PEOPLE_GROUP)
GROUP_LABELS = {BOT_GROUP: "챗봇", PEOPLE_GROUP: "사람만"}


def bucket(salt: str, channel: str, user_id: str) -> float:
    """A number in [0, 100) that depends only on the shop, the channel and the user."""
    digest = hashlib.sha256(f"{salt}\0{channel}\0{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 * 100


def group_of(rollout: Rollout, salt: str, channel: str, user_id: str) -> str:
    """``bot`` or ``people`` for one shopper."""
    if rollout.mode == "all" or user_id in rollout.testers.get(channel, ()):
        return BOT_GROUP
    if rollout.mode == "percent" and bucket(salt, channel, user_id) < rollout.percent:
        return BOT_GROUP
    return PEOPLE_GROUP
