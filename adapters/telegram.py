"""Telegram Bot API.

Telegram POSTs one Update per request with the ``secret_token`` given to setWebhook in
``X-Telegram-Bot-Api-Secret-Token`` (required here: without it anyone could post updates);
it retries failed deliveries, and ``update_id`` tells a retry from a new update. Answers go through ``sendMessage``
(4096 characters a message), whose JSON ``ok`` says whether it worked. The bot token is
part of every API URL, so no URL or request exception text ever reaches a log.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
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
    WebhookRequest,
    WebhookResponse,
    clip,
    require_secret,
    split_text,
)

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"

MAX_TEXT = 4096
MAX_PARTS = 5  # an answer longer than 5 messages is clipped rather than flooding the chat
MAX_QUICK_REPLIES = 10
MAX_INBOUND_TEXT = 2 * MAX_TEXT  # longer than Telegram can send: not from Telegram


class TelegramAdapter(Adapter):
    name = "telegram"
    needs_sync_reply = False
    dedupe_seconds = 86_400  # Telegram keeps retrying undelivered updates for up to a day
    synthetic_event_ids = False
    env: ClassVar[Mapping[str, str]] = {
        "TELEGRAM_BOT_TOKEN": "bot token from @BotFather",
        "TELEGRAM_SECRET_TOKEN": "secret_token given to setWebhook; required, checked on every call",
        "TELEGRAM_API_URL": f"Bot API base URL (default {DEFAULT_API_URL})",
    }
    required_env: tuple[str, ...] = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN")
    label = "텔레그램"  # what staff read
    secret_env = "TELEGRAM_SECRET_TOKEN"
    secret_header = "X-Telegram-Bot-Api-Secret-Token"
    secret_optional = False
    sample_user = "4242"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TelegramAdapter:
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN", ""),
            secret=env.get("TELEGRAM_SECRET_TOKEN", ""),
            api_url=env.get("TELEGRAM_API_URL", "") or DEFAULT_API_URL,
        )

    def __init__(
        self, token: str = "", secret: str = "", api_url: str = DEFAULT_API_URL, timeout: float = 10.0
    ) -> None:
        self.token = token
        self.secret = secret
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    # -- inbound -------------------------------------------------------------------

    def verify(self, request: WebhookRequest) -> None:
        require_secret(self.name, request.header(self.secret_header), self.secret)

    def parse(self, request: WebhookRequest) -> list[Inbound]:
        data = request.json_object("update")
        update_id = _int(data.get("update_id"), "update_id")
        if "message" in data:
            inbound = self._message(data["message"])
        elif "callback_query" in data:
            inbound = self._callback(data["callback_query"])
        else:
            # edited_message, channel_post, my_chat_member, future kinds: nothing to answer.
            log.info("telegram update ignored: %s", clip(",".join(k for k in data if k != "update_id"), 60))
            return []
        if inbound is None:
            return []
        chat_id, user_id, kind, text, code, timestamp, handle = inbound
        return [
            Inbound(
                channel=self.name,
                user_id=user_id,
                text=text,
                event_id=str(update_id),
                kind=kind,
                timestamp=timestamp,
                reply_handle={"chat_id": chat_id, **handle},
                code=code,
                payload=data,
            )
        ]

    def _message(self, message: Any) -> _Parsed | None:
        if not isinstance(message, dict):
            raise BadRequest("message must be an object")
        chat_id, chat_type = _chat(message.get("chat"))
        if chat_type != "private":
            # Groups and channels: shop inquiries are one-to-one (see the LINE adapter).
            log.info("telegram message ignored: chat type %s", clip(chat_type, 20))
            return None
        user_id = _sender(message.get("from"), chat_id)
        timestamp = _timestamp(message.get("date"))
        text = message.get("text")
        if text is not None:
            if not isinstance(text, str) or len(text) > MAX_INBOUND_TEXT:
                raise BadRequest("message.text must be a string")
            command = text.strip().split(maxsplit=1)[0] if text.strip() else ""
            if command == "/start" or command.startswith("/start@"):
                return chat_id, user_id, Kind.OPEN, "", "", timestamp, {}
            return chat_id, user_id, Kind.MESSAGE, text.strip(), "", timestamp, {}
        caption = message.get("caption", "")
        if not isinstance(caption, str) or len(caption) > MAX_INBOUND_TEXT:
            raise BadRequest("message.caption must be a string")
        # Sticker, photo, voice, document...: no text to answer; a photo's caption is kept.
        return chat_id, user_id, Kind.MEDIA, caption.strip(), "", timestamp, {}

    def _callback(self, query: Any) -> _Parsed | None:
        if not isinstance(query, dict):
            raise BadRequest("callback_query must be an object")
        query_id = query.get("id")
        if not isinstance(query_id, str) or not query_id or len(query_id) > 100:
            raise BadRequest("callback_query.id is missing")
        user_id = _sender(query.get("from"), None)
        data = query.get("data")
        if data is None:
            return None  # a game button: nothing we sent
        if not isinstance(data, str) or len(data) > 256:
            raise BadRequest("callback_query.data must be a string")
        message = query.get("message")
        chat_id, chat_type = user_id, "private"
        timestamp = datetime.now(UTC)
        if message is not None:
            if not isinstance(message, dict):
                raise BadRequest("callback_query.message must be an object")
            chat_id, chat_type = _chat(message.get("chat"))
        if chat_type != "private":
            log.info("telegram callback ignored: chat type %s", clip(chat_type, 20))
            return None
        return chat_id, user_id, Kind.BUTTON, data.strip(), data, timestamp, {"callback_query_id": query_id}

    # -- outbound ------------------------------------------------------------------

    def render(self, reply: Reply | None, inbound: Inbound | None) -> WebhookResponse:
        """Answers go through sendMessage, where failures are visible: always an empty 200."""
        return WebhookResponse(body=None)

    def messages(self, reply: Reply, chat_id: str) -> list[dict[str, Any]]:
        """sendMessage bodies within Telegram's limits; the keyboard rides on the last one."""
        bodies: list[dict[str, Any]] = [
            {"chat_id": chat_id, "text": part} for part in split_text(reply.text, MAX_TEXT, MAX_PARTS)
        ]
        # A reply keyboard button sends its own text as the shopper's message, like a Kakao
        # quick reply's messageText, so it carries what the tap should say. The staff
        # button says its label, which the triage reads as an ask for a person.
        room = MAX_QUICK_REPLIES - (1 if reply.staff_button else 0)
        said = [q.message for q in reply.quick_replies[:room]]
        if reply.staff_button:
            said.append(reply.staff_button)
        if said:
            bodies[-1]["reply_markup"] = {
                "keyboard": [[{"text": text}] for text in said],
                "resize_keyboard": True,
                "one_time_keyboard": True,
            }
        else:
            # Suggestions from an earlier answer would no longer fit this one.
            bodies[-1]["reply_markup"] = {"remove_keyboard": True}
        return bodies

    def can_push(self, inbound: Inbound) -> bool:
        return bool(self.token)

    def push(self, reply: Reply, inbound: Inbound, session: requests.Session) -> None:
        if not self.token:
            raise PushError("TELEGRAM_BOT_TOKEN is not configured", retryable=False)
        chat_id = inbound.reply_handle.get("chat_id", "") or inbound.user_id
        url = f"{self.api_url}/bot{self.token}/sendMessage"
        for body in self.messages(reply, chat_id):
            try:
                resp = session.post(url, json=body, timeout=self.timeout)
            except requests.RequestException as exc:
                # ``from None``: the exception text holds the URL, and so the token.
                raise PushError(f"telegram sendMessage failed: {type(exc).__name__}", retryable=True) from None
            _check(resp)
        log.info("telegram message delivered")

    # handover: the default (False); the Bot API has no handover protocol.

    # -- the platform's side -------------------------------------------------------

    @classmethod
    def sample(cls, text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
        update_id = next(_UPDATE_IDS)
        user = {"id": int(user_id) if user_id.isdigit() else abs(hash(user_id)) % 10**9, "is_bot": False, "first_name": "손님"}
        message = {"message_id": update_id % 100000, "from": user, "chat": {"id": user["id"], "type": "private"},
                   "date": int(time.time()), "text": text}
        body = json.dumps({"update_id": update_id, "message": message}, ensure_ascii=False).encode("utf-8")
        return body, cls.sign(body, env)

    @classmethod
    def pushed_texts(cls, body: Any) -> list[str]:
        if isinstance(body, dict) and "text" in body and "chat_id" in body:
            return [str(body["text"])]
        return []

    @classmethod
    def local_env(cls, api_base: str) -> dict[str, str]:
        return {"TELEGRAM_BOT_TOKEN": "local-chat", "TELEGRAM_SECRET_TOKEN": "local-chat", "TELEGRAM_API_URL": f"{api_base}/telegram"}


# Telegram numbers updates one after another; a clock reading alone repeats when shoppers write at once.
_UPDATE_IDS = itertools.count(time.time_ns() // 1000 % 1_000_000_000)


# chat id, user id, kind, text, code, timestamp, extra reply-handle keys
_Parsed = tuple[str, str, Kind, str, str, datetime, dict[str, str]]


def _check(resp: requests.Response) -> None:
    try:
        result = resp.json()
    except ValueError:
        result = None
    if isinstance(result, dict) and result.get("ok") is True and resp.status_code < 400:
        return
    code = result.get("error_code") if isinstance(result, dict) else None
    status = code if isinstance(code, int) and not isinstance(code, bool) else resp.status_code
    description = result.get("description") if isinstance(result, dict) else None
    description = clip(description, 120) if isinstance(description, str) else ""
    # 429 (flood control) and server errors pass; 400 (bad chat), 403 (bot blocked) do not.
    retryable = status == 429 or status >= 500 or status < 400
    log.warning("telegram sendMessage failed: HTTP %s error_code %s", resp.status_code, status)
    raise PushError(f"telegram sendMessage failed: {status} {description}", retryable=retryable)


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest(f"{what} must be an integer")
    return value


def _chat(chat: Any) -> tuple[str, str]:
    if not isinstance(chat, dict):
        raise BadRequest("chat is missing")
    chat_type = chat.get("type")
    if not isinstance(chat_type, str):
        raise BadRequest("chat.type is missing")
    return str(_int(chat.get("id"), "chat.id")), chat_type


def _sender(sender: Any, chat_id: str | None) -> str:
    if sender is None and chat_id is not None:
        return chat_id  # in a private chat the chat is the person
    if not isinstance(sender, dict):
        raise BadRequest("from is missing")
    return str(_int(sender.get("id"), "from.id"))


def _timestamp(value: Any) -> datetime:
    seconds = _int(value, "date")
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise BadRequest("date is out of range") from exc
