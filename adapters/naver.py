"""Naver TalkTalk chatbot API v1.

Naver POSTs one event per request (``{"event", "user", "options", ...}``) and reads
the HTTP answer as at most one synchronous message; everything slower goes through
the 보내기 API (``POST /chatbot/v1/event`` with the raw key in ``Authorization``),
whose JSON ``success`` / ``resultCode`` tells the outcome whatever the HTTP status.
Naver signs nothing: a configurable source-IP allow-list is the only origin check.
The handover protocol maps onto our thread states: ``passThread`` to staff,
``standby: true`` while staff own the thread, a ``handover`` event from the partner
when staff press 상담 완료하기, ``takeThread`` to take it back.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import requests

from adapters.base import (
    Adapter,
    BadRequest,
    Forbidden,
    Inbound,
    Kind,
    PushError,
    Reply,
    Sample,
    WebhookRequest,
    WebhookResponse,
    clip,
    split_text,
    synthetic_event_id,
)

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://gw.talk.naver.com/chatbot/v1/event"
CONTENT_TYPE = "application/json;charset=UTF-8"

# Limits from the chatbot API README.
MAX_TEXT = 10_000
MAX_QUICK_TITLE = 10
MAX_CODE = 1000
MAX_QUICK_REPLIES = 10  # no maximum is documented; 10 matches every other Naver button list
MAX_USER_ID = 200
MAX_INBOUND_TEXT = 2 * MAX_TEXT  # longer than Naver can send: not from Naver
HANDOFF_CODE = "HANDOFF"

# resultCode values of the send API that no retry can fix: bad key, bad JSON / missing field.
_PERMANENT_CODES = ("01", "02")
_RETRYABLE_CODES = ("99",)

# Content objects of a ``send`` event that carry no text to answer.
_MEDIA_CONTENTS = ("imageContent", "compositeContent")
# textContent.inputType values that are not a question typed or tapped by the shopper.
_MEDIA_INPUTS = ("sticker", "vphone")


class NaverAdapter(Adapter):
    name = "naver"
    needs_sync_reply = False
    dedupe_seconds = 10  # no event id: a synthetic key only folds quick retries
    synthetic_event_ids = True
    env: ClassVar[Mapping[str, str]] = {
        "NAVER_TALK_TOKEN": "보내기 API key (API 설정 > 보내기 API), sent raw as Authorization",
        "NAVER_TALK_API_URL": f"send API URL (default {DEFAULT_API_URL})",
        "NAVER_ALLOWED_CIDRS": "comma-separated source networks allowed to call the webhook (empty: no IP check)",
        "NAVER_PARTNER_ID": "partner id (e.g. wc1a2b3) sent with handover events",
    }
    required_env: tuple[str, ...] = ("NAVER_TALK_TOKEN",)
    label = "네이버 톡톡"  # what staff read
    secret_env = ""
    secret_optional = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> NaverAdapter:
        cidrs = [c for c in env.get("NAVER_ALLOWED_CIDRS", "").split(",") if c.strip()]
        return cls(
            token=env.get("NAVER_TALK_TOKEN", ""),
            api_url=env.get("NAVER_TALK_API_URL", "") or DEFAULT_API_URL,
            allowed_cidrs=cidrs,
            partner_id=env.get("NAVER_PARTNER_ID", ""),
        )

    def __init__(
        self,
        token: str = "",
        api_url: str = DEFAULT_API_URL,
        allowed_cidrs: Sequence[str] = (),
        partner_id: str = "",
        timeout: float = 10.0,
    ) -> None:
        self.token = token
        self.api_url = api_url
        # A typo in the allow-list must stop start-up, not silently open or close the webhook.
        self.allowed_networks = tuple(ipaddress.ip_network(c.strip(), strict=False) for c in allowed_cidrs)
        self.partner_id = partner_id
        self.timeout = timeout

    # -- inbound -------------------------------------------------------------------

    def verify(self, request: WebhookRequest) -> None:
        """Naver sends no signature; when an allow-list is configured the source IP must be in it."""
        if not self.allowed_networks:
            return
        try:
            addr = ipaddress.ip_address(request.remote_addr.strip())
        except ValueError:
            log.warning("naver webhook refused: remote address unreadable")
            raise Forbidden("source address not allowed") from None
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped  # a dual-stack proxy reports ::ffff:211.249.40.1
        if not any(addr in net for net in self.allowed_networks):
            log.warning("naver webhook refused: source %s not in allow-list", addr)
            raise Forbidden("source address not allowed")

    def parse(self, request: WebhookRequest) -> list[Inbound]:
        data = request.json_object("event")
        event = data.get("event")
        if not isinstance(event, str) or not event:
            raise BadRequest("event is missing")
        user = data.get("user")
        if not isinstance(user, str) or not user.strip() or len(user) > MAX_USER_ID:
            raise BadRequest("user is missing")
        options = data.get("options", {})
        if options is None:
            options = {}
        if not isinstance(options, dict):
            raise BadRequest("options must be an object")
        standby = data.get("standby", False)
        if not isinstance(standby, bool):
            raise BadRequest("standby must be a boolean")
        user = user.strip()

        if event == "send":
            kind, text, code = _send_content(data, options)
        elif event == "open":
            kind, text, code = Kind.OPEN, "", ""
        elif event == "handover" and options.get("control") == "passThread":
            # Only the partner (staff pressing 상담 완료하기) sends passThread to the bot.
            kind, text, code = Kind.RETURNED, "", ""
        else:
            # leave, friend, echo, profile, pay_*, action, takeThread, future events:
            # authentic but nothing to answer; the caller still says 200.
            log.info("naver event ignored: %s", clip(event, 40))
            return []

        inbound = Inbound(
            channel=self.name,
            user_id=user,
            text=text,
            # Naver gives no event id; the body's digest also tells two different stickers apart.
            event_id=synthetic_event_id(self.name, user, event, text, code, hashlib.sha256(request.body).hexdigest()),
            kind=kind,
            staff_owned=standby,
            code=code,
            payload=data,
        )
        return [inbound]

    # -- outbound ------------------------------------------------------------------

    def render(self, reply: Reply | None, inbound: Inbound | None) -> WebhookResponse:
        """An empty 200, or one ``send`` event Naver shows at once (``user`` is ignored there)."""
        if reply is None or reply.wait:
            return WebhookResponse(body=None, content_type=CONTENT_TYPE)
        user = inbound.user_id if inbound is not None else ""
        return WebhookResponse(body=self.send_event(reply, user), content_type=CONTENT_TYPE, delivered=True)

    def send_event(self, reply: Reply, user: str) -> dict[str, Any]:
        """One ``send`` event within Naver's limits; rich parts become TEXT quick replies."""
        # One event, one bubble: clipping keeps a retried push a single idempotent call.
        text = split_text(reply.text, MAX_TEXT, 1)[0]
        content: dict[str, Any] = {"text": text}
        # The staff button keeps its place when the list is cut: it is the shopper's way out.
        room = MAX_QUICK_REPLIES - (1 if reply.staff_button else 0)
        buttons = [
            # Titles are cut to 10 characters, so the code carries the full meaning of the tap.
            _text_button(q.label, q.code or q.message)
            for q in reply.quick_replies[:room]
        ]
        if reply.staff_button:
            buttons.append(_text_button(reply.staff_button, HANDOFF_CODE))
        if buttons:
            content["quickReply"] = {"buttonList": buttons}
        return {"event": "send", "user": user, "textContent": content}

    def can_push(self, inbound: Inbound) -> bool:
        return bool(self.token)

    def push(self, reply: Reply, inbound: Inbound, session: requests.Session) -> None:
        self._call(self.send_event(reply, inbound.user_id), session, "send")
        log.info("naver send delivered")

    def handover(self, user_id: str, to_staff: bool, session: requests.Session) -> bool:
        body: dict[str, Any] = {"event": "handover", "user": user_id}
        if to_staff:
            if self.partner_id:
                body["partner"] = self.partner_id
            body["options"] = {"control": "passThread", "targetId": 1}  # 1 = the partner's staff
        else:
            body["options"] = {"control": "takeThread", "metadata": ""}
        self._call(body, session, "handover")
        log.info("naver handover delivered to_staff=%s", to_staff)
        return True

    # -- the platform's side (Naver signs nothing: ``sign`` is the default) ----------

    @classmethod
    def sample(cls, text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
        content: dict[str, Any] = {"text": text, "inputType": "button" if code else "typing"}
        if code:
            content["code"] = code
        body = json.dumps({"event": "send", "user": user_id, "textContent": content}, ensure_ascii=False).encode("utf-8")
        return body, {"Content-Type": CONTENT_TYPE}

    @classmethod
    def shown_texts(cls, body: Any) -> list[str]:
        if not isinstance(body, dict):
            return []
        content = body.get("textContent") or {}
        texts = [str(content.get("text", ""))]
        buttons = [b.get("data", {}).get("title", "") for b in (content.get("quickReply") or {}).get("buttonList", [])]
        if buttons:
            texts.append("[" + "] [".join(buttons) + "]")
        return texts

    @classmethod
    def pushed_texts(cls, body: Any) -> list[str]:
        if isinstance(body, dict) and isinstance(body.get("textContent"), dict):
            return [str(body["textContent"].get("text", ""))]
        return []

    @classmethod
    def local_env(cls, api_base: str) -> dict[str, str]:
        return {
            "NAVER_TALK_TOKEN": "local-chat",
            "NAVER_TALK_API_URL": f"{api_base}/naver/chatbot/v1/event",
            "NAVER_ALLOWED_CIDRS": "127.0.0.0/8,::1/128",  # the local caller
        }

    def _call(self, body: dict[str, Any], session: requests.Session, what: str) -> None:
        """POST one event to the send API; raise :class:`PushError` unless Naver says success."""
        if not self.token:
            raise PushError("NAVER_TALK_TOKEN is not configured", retryable=False)
        headers = {"Content-Type": CONTENT_TYPE, "Authorization": self.token}
        try:
            resp = session.post(self.api_url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise PushError(f"naver {what} request failed: {type(exc).__name__}", retryable=True) from None
        if resp.status_code >= 500 or resp.status_code == 429:
            raise PushError(f"naver {what} answered HTTP {resp.status_code}", retryable=True)
        try:
            result = resp.json()
        except ValueError:
            result = None
        if not isinstance(result, dict):
            # A 200 without Naver's JSON is a proxy or an outage page; a 4xx will not get better.
            raise PushError(
                f"naver {what} answered HTTP {resp.status_code} without a result", retryable=resp.status_code < 400
            )
        code = result.get("resultCode")
        code = code if isinstance(code, str) else ""
        if result.get("success") is True and code in ("", "00"):
            return
        message = result.get("resultMessage")
        message = clip(message, 120) if isinstance(message, str) else ""
        if code in _PERMANENT_CODES:
            log.warning("naver %s refused: resultCode %s", what, code)
            raise PushError(f"naver {what} refused: resultCode {code} {message}", retryable=False)
        # 99 is Naver's "other" error; an unknown code (IMG-*, new ones) is a request problem.
        retryable = code in _RETRYABLE_CODES or (not code and resp.status_code < 400)
        log.warning("naver %s failed: HTTP %s resultCode %s", what, resp.status_code, code or "-")
        raise PushError(
            f"naver {what} failed: HTTP {resp.status_code} resultCode {code or '-'} {message}", retryable=retryable
        )


def _send_content(data: dict[str, Any], options: dict[str, Any]) -> tuple[Kind, str, str]:
    """Kind, text and button code of a shopper's ``send`` event."""
    content = data.get("textContent")
    if content is not None:
        if not isinstance(content, dict):
            raise BadRequest("textContent must be an object")
        text = content.get("text", "")
        code = content.get("code", "")
        input_type = content.get("inputType", "typing")
        if not isinstance(text, str) or len(text) > MAX_INBOUND_TEXT:
            raise BadRequest("textContent.text must be a string")
        if not isinstance(code, str) or len(code) > MAX_CODE:
            raise BadRequest("textContent.code must be a string")
        if not isinstance(input_type, str):
            raise BadRequest("textContent.inputType must be a string")
        if input_type == "product":
            # A Smartstore 톡톡문의: the product stays in the payload (options.product).
            product = options.get("product")
            if product is not None and not isinstance(product, dict):
                raise BadRequest("options.product must be an object")
        if input_type == "button" or code:
            return Kind.BUTTON, text.strip(), code
        if input_type in _MEDIA_INPUTS:
            # A sticker or a 안심번호 is not a question; the raw value stays in the payload.
            return Kind.MEDIA, "", ""
        return Kind.MESSAGE, text.strip(), ""
    for name in _MEDIA_CONTENTS:
        media = data.get(name)
        if media is not None:
            if not isinstance(media, dict):
                raise BadRequest(f"{name} must be an object")
            return Kind.MEDIA, "", ""
    raise BadRequest("send event without content")


def _text_button(title: str, code: str) -> dict[str, Any]:
    return {"type": "TEXT", "data": {"title": clip(title, MAX_QUICK_TITLE), "code": clip(code, MAX_CODE)}}


def product_of(inbound: Inbound) -> Mapping[str, Any]:
    """The Smartstore product a 톡톡문의 is about (``{}`` for other messages)."""
    options = inbound.payload.get("options")
    product = options.get("product") if isinstance(options, dict) else None
    return product if isinstance(product, dict) else {}
