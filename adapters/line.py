"""LINE Messaging API.

LINE POSTs ``{"destination", "events": [...]}`` signed with ``x-line-signature`` =
base64(HMAC-SHA256(channel secret, raw body)); an empty ``events`` list is the console's
connectivity check. The webhook answer carries no message: answers go through the
reply API (single-use token, valid about a minute) or, later, the push API with an
``X-Line-Retry-Key`` so a retried job is delivered once. Each event carries a
``webhookEventId`` that stays the same when LINE redelivers it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import requests

from adapters.base import (
    Adapter,
    BadRequest,
    Inbound,
    Kind,
    PushError,
    Reply,
    Sample,
    Unauthorized,
    WebhookRequest,
    WebhookResponse,
    clip,
    hmac_sha256,
    require_secret,
    split_text,
)

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.line.me"
SIGNATURE_HEADER = "x-line-signature"

# Limits from the Messaging API reference.
MAX_TEXT = 5000
MAX_MESSAGES = 5
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_ACTION_TEXT = 300
MAX_ID = 100
MAX_INBOUND_TEXT = 2 * MAX_TEXT  # longer than LINE can send: not from LINE
# The reply token lives about a minute; past this age a push is the safer path.
REPLY_TOKEN_AGE = timedelta(seconds=50)

# Fixed namespace so a retry key depends only on the event and the answer.
_RETRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://api.line.me/v2/bot/message/push")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LineAdapter(Adapter):
    name = "line"
    needs_sync_reply = False
    dedupe_seconds = 86_400  # redelivery may come much later with the same webhookEventId
    synthetic_event_ids = False
    env: ClassVar[Mapping[str, str]] = {
        "LINE_CHANNEL_SECRET": "channel secret: key of the x-line-signature HMAC",
        "LINE_CHANNEL_ACCESS_TOKEN": "long-lived channel access token for the reply and push APIs",
        "LINE_API_URL": f"Messaging API base URL (default {DEFAULT_API_URL})",
    }
    required_env: tuple[str, ...] = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN")
    label = "LINE"  # what staff read
    secret_env = "LINE_CHANNEL_SECRET"
    secret_optional = False
    sample_user = "U" + "0" * 32

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LineAdapter:
        return cls(
            secret=env.get("LINE_CHANNEL_SECRET", ""),
            token=env.get("LINE_CHANNEL_ACCESS_TOKEN", ""),
            api_url=env.get("LINE_API_URL", "") or DEFAULT_API_URL,
        )

    def __init__(
        self,
        secret: str = "",
        token: str = "",
        api_url: str = DEFAULT_API_URL,
        timeout: float = 10.0,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.secret = secret
        self.token = token
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.clock = clock

    # -- inbound -------------------------------------------------------------------

    def verify(self, request: WebhookRequest) -> None:
        if not self.secret:
            # Without a secret nothing can be authentic: fail closed.
            log.warning("line webhook refused: channel secret not configured")
            raise Unauthorized("signature cannot be checked")
        expected = base64.b64encode(hmac_sha256(self.secret, request.body)).decode("ascii")
        require_secret(self.name, request.header(SIGNATURE_HEADER), expected)

    def parse(self, request: WebhookRequest) -> list[Inbound]:
        data = request.json_object("webhook body")
        events = data.get("events")
        if not isinstance(events, list):
            raise BadRequest("events must be a list")
        destination = data.get("destination", "")
        if not isinstance(destination, str):
            raise BadRequest("destination must be a string")
        inbounds: list[Inbound] = []
        for event in events:
            inbound = self._event(event)
            if inbound is not None:
                inbounds.append(inbound)
        return inbounds

    def _event(self, event: Any) -> Inbound | None:
        if not isinstance(event, dict):
            raise BadRequest("event must be an object")
        kind_name = event.get("type")
        if not isinstance(kind_name, str):
            raise BadRequest("event.type is missing")
        if kind_name not in ("message", "postback", "follow"):
            # unfollow, join, leave, unsend, delivery, future types: nothing to answer.
            log.info("line event ignored: %s", clip(kind_name, 40))
            return None
        source = event.get("source")
        if not isinstance(source, dict) or not isinstance(source.get("type"), str):
            raise BadRequest("event.source is missing")
        if source["type"] != "user":
            # Groups and rooms: a shop's inquiries are one-to-one; answering there would talk
            # over a group's chatter and mix its thread with the member's private one.
            log.info("line event ignored: source %s", clip(source["type"], 20))
            return None
        user_id = _id(source.get("userId"), "source.userId")
        event_id = _id(event.get("webhookEventId"), "webhookEventId")
        timestamp = _timestamp(event.get("timestamp"))
        mode = event.get("mode", "active")
        if not isinstance(mode, str):
            raise BadRequest("event.mode must be a string")
        reply_token = event.get("replyToken")
        if reply_token is not None and (not isinstance(reply_token, str) or len(reply_token) > 200):
            raise BadRequest("event.replyToken must be a string")
        delivery = event.get("deliveryContext", {})
        if not isinstance(delivery, dict) or not isinstance(delivery.get("isRedelivery", False), bool):
            raise BadRequest("event.deliveryContext must be an object")

        if kind_name == "message":
            kind, text, code = _message(event.get("message"))
        elif kind_name == "postback":
            postback = event.get("postback")
            data = postback.get("data") if isinstance(postback, dict) else None
            if not isinstance(data, str) or len(data) > MAX_INBOUND_TEXT:
                raise BadRequest("postback.data is missing")
            kind, text, code = Kind.BUTTON, data.strip(), data
        else:
            kind, text, code = Kind.OPEN, "", ""

        handle = {"user_id": user_id}
        if reply_token:
            handle["reply_token"] = reply_token
        return Inbound(
            channel=self.name,
            user_id=user_id,
            text=text,
            event_id=event_id,
            kind=kind,
            timestamp=timestamp,
            reply_handle=handle,
            staff_owned=mode == "standby",  # another module (a staff tool) owns the chat
            code=code,
            payload=event,
        )

    # -- outbound ------------------------------------------------------------------

    def render(self, reply: Reply | None, inbound: Inbound | None) -> WebhookResponse:
        """LINE reads no message from the webhook answer: always an empty 200."""
        return WebhookResponse(body=None)

    def messages(self, reply: Reply) -> list[dict[str, Any]]:
        """Text messages within LINE's limits; quick replies ride on the last one."""
        messages: list[dict[str, Any]] = [
            {"type": "text", "text": part} for part in split_text(reply.text, MAX_TEXT, MAX_MESSAGES)
        ]
        # No staff button on LINE: it becomes a quick reply that says the label, which
        # the triage reads as an ask for a person. It keeps its place when the list is cut.
        room = MAX_QUICK_REPLIES - (1 if reply.staff_button else 0)
        pairs = [(q.label, q.message) for q in reply.quick_replies[:room]]
        if reply.staff_button:
            pairs.append((reply.staff_button, reply.staff_button))
        if pairs:
            actions = [
                {"type": "message", "label": clip(label, MAX_LABEL), "text": clip(text, MAX_ACTION_TEXT)}
                for label, text in pairs
            ]
            messages[-1]["quickReply"] = {"items": [{"type": "action", "action": a} for a in actions]}
        return messages

    def retry_key(self, reply: Reply, inbound: Inbound) -> str:
        """The same answer to the same event always gets the same X-Line-Retry-Key."""
        digest = hashlib.sha256(reply.text.encode("utf-8")).hexdigest()
        return str(uuid.uuid5(_RETRY_NAMESPACE, f"{inbound.event_id}\x1f{digest}"))

    def can_push(self, inbound: Inbound) -> bool:
        return bool(self.token)

    def push(self, reply: Reply, inbound: Inbound, session: requests.Session) -> None:
        if not self.token:
            raise PushError("LINE_CHANNEL_ACCESS_TOKEN is not configured", retryable=False)
        messages = self.messages(reply)
        token = inbound.reply_handle.get("reply_token", "")
        if token and self.clock() - inbound.timestamp <= REPLY_TOKEN_AGE:
            resp = self._post("/v2/bot/message/reply", {"replyToken": token, "messages": messages}, {}, session)
            if resp.status_code == 200:
                log.info("line reply delivered")
                return
            if resp.status_code != 400:
                raise _failure("reply", resp.status_code)
            # 400: the token expired or was used; the push API still reaches the shopper.
            log.info("line reply token refused, pushing instead")
        user_id = inbound.reply_handle.get("user_id", "") or inbound.user_id
        headers = {"X-Line-Retry-Key": self.retry_key(reply, inbound)}
        resp = self._post("/v2/bot/message/push", {"to": user_id, "messages": messages}, headers, session)
        if resp.status_code == 200:
            log.info("line push delivered")
            return
        if resp.status_code == 409:
            # Same retry key already accepted: an earlier attempt got through.
            log.info("line push already accepted")
            return
        raise _failure("push", resp.status_code)

    def _post(
        self, path: str, body: dict[str, Any], headers: Mapping[str, str], session: requests.Session
    ) -> requests.Response:
        all_headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json", **headers}
        try:
            return session.post(self.api_url + path, json=body, headers=all_headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise PushError(f"line {path} request failed: {type(exc).__name__}", retryable=True) from None

    # handover: the default (False). LINE's module-channel handover is not open to a plain Messaging API bot.

    # -- the platform's side -------------------------------------------------------

    @classmethod
    def sample(cls, text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
        now_ms = int(time.time() * 1000)
        event: dict[str, Any] = {
            "mode": "active",
            "timestamp": now_ms,
            "source": {"type": "user", "userId": user_id},
            "webhookEventId": uuid.uuid4().hex.upper()[:26],
            "deliveryContext": {"isRedelivery": False},
            "replyToken": uuid.uuid4().hex,
        }
        if code:
            event.update(type="postback", postback={"data": code})
        else:
            event.update(type="message", message={"id": str(now_ms), "type": "text", "text": text, "quoteToken": "q"})
        body = json.dumps({"destination": "Ubot", "events": [event]}, ensure_ascii=False).encode("utf-8")
        return body, cls.sign(body, env)

    @classmethod
    def sign(cls, body: bytes, env: Mapping[str, str]) -> dict[str, str]:
        signature = base64.b64encode(hmac_sha256(env.get(cls.secret_env, ""), body)).decode()
        return {"Content-Type": "application/json", "X-Line-Signature": signature}

    @classmethod
    def pushed_texts(cls, body: Any) -> list[str]:
        if isinstance(body, dict) and isinstance(body.get("messages"), list):
            return [str(m.get("text", "")) for m in body["messages"] if isinstance(m, dict)]
        return []

    @classmethod
    def local_env(cls, api_base: str) -> dict[str, str]:
        return {"LINE_CHANNEL_SECRET": "local-chat", "LINE_CHANNEL_ACCESS_TOKEN": "local-chat", "LINE_API_URL": f"{api_base}/line"}


def _failure(what: str, status: int) -> PushError:
    retryable = status == 429 or status >= 500
    log.warning("line %s failed: HTTP %s", what, status)
    return PushError(f"line {what} answered HTTP {status}", retryable=retryable)


def _id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID:
        raise BadRequest(f"{what} is missing")
    return value.strip()


def _timestamp(value: Any) -> datetime:
    """An event's epoch milliseconds as an aware UTC datetime."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest("event.timestamp must be an integer")
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise BadRequest("event.timestamp is out of range") from exc


def _message(message: Any) -> tuple[Kind, str, str]:
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise BadRequest("event.message is missing")
    if message["type"] != "text":
        return Kind.MEDIA, "", ""  # sticker, image, video, audio, file, location
    text = message.get("text")
    if not isinstance(text, str) or len(text) > MAX_INBOUND_TEXT:
        raise BadRequest("message.text must be a string")
    return Kind.MESSAGE, text.strip(), ""
