"""The contract every messenger adapter follows, and the neutral types it speaks.

An adapter knows one messenger's dialect and nothing of the bot: it never imports
Flask or ``bot``. The web layer hands it a :class:`WebhookRequest` (raw bytes and
lower-cased headers), and it

1. ``verify``-s the request (fails closed, before parsing),
2. ``parse``-s it into zero or more :class:`Inbound` messages,
3. ``render``-s our :class:`Reply` (or ``None``: nothing to say now) as the
   platform's synchronous HTTP answer,
4. ``push``-es a :class:`Reply` later, from a worker, when the answer was not ready
   in time (Kakao callback URL, Naver send API, LINE push, Telegram sendMessage),
5. ``handover``-s a thread to staff or back to the bot where the platform has a
   protocol for it (Naver TalkTalk); elsewhere the default returns ``False``.

It also speaks the platform's side for ``chat``, the self-test and the tests: ``sample``
deliveries signed as the platform signs them, and the texts a shopper would read in our answers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from types import MappingProxyType
from typing import Any, ClassVar

import requests

log = logging.getLogger(__name__)


class Kind(str, Enum):
    """What an inbound event is, in the shop's world."""

    MESSAGE = "message"  # the shopper typed text
    BUTTON = "button"  # the shopper tapped one of our buttons / quick replies
    MEDIA = "media"  # sticker, image, file: no text to answer
    OPEN = "open"  # the shopper opened the chat window / followed the channel
    RETURNED = "returned"  # the platform says staff handed the thread back to the bot


@dataclass(frozen=True)
class Inbound:
    """One message from a shopper, the same for every messenger.

    ``reply_handle`` holds what the adapter needs to answer later (a callback URL,
    a reply token, a chat id); ``payload`` is the platform's raw event, read-only.
    """

    channel: str
    user_id: str
    text: str
    event_id: str
    kind: Kind = Kind.MESSAGE
    timestamp: datetime = field(default_factory=lambda: datetime.now(UTC))
    reply_handle: Mapping[str, str] = field(default_factory=dict)
    staff_owned: bool = False  # the platform itself says a person owns the thread (Naver standby)
    code: str = ""  # a button's hidden payload (Naver code, Kakao clientExtra, LINE postback)
    payload: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.timestamp.tzinfo is None:
            raise ValueError("Inbound.timestamp must be timezone-aware")
        object.__setattr__(self, "reply_handle", MappingProxyType(dict(self.reply_handle)))
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))

    @property
    def thread_id(self) -> str:
        return f"{self.channel}:{self.user_id}"

    def to_json(self) -> dict[str, Any]:
        """What a worker needs to answer later (the raw payload stays behind)."""
        return {
            "channel": self.channel,
            "user_id": self.user_id,
            "text": self.text,
            "event_id": self.event_id,
            "kind": self.kind.value,
            "timestamp": self.timestamp.isoformat(),
            "reply_handle": dict(self.reply_handle),
            "staff_owned": self.staff_owned,
            "code": self.code,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Inbound:
        return cls(
            channel=str(data["channel"]),
            user_id=str(data["user_id"]),
            text=str(data.get("text", "")),
            event_id=str(data["event_id"]),
            kind=Kind(data.get("kind", "message")),
            timestamp=datetime.fromisoformat(data["timestamp"]),
            reply_handle={str(k): str(v) for k, v in dict(data.get("reply_handle", {})).items()},
            staff_owned=bool(data.get("staff_owned", False)),
            code=str(data.get("code", "")),
        )


@dataclass(frozen=True)
class QuickReply:
    """A tappable suggestion. ``text`` is what the shopper 'says' by tapping it."""

    label: str
    text: str = ""
    code: str = ""

    @property
    def message(self) -> str:
        return self.text or self.label


@dataclass(frozen=True)
class Reply:
    """What the bot says. Rich parts degrade to plain text where a platform lacks them.

    ``wait`` marks a holding message ("답변을 준비하고 있어요") whose real answer is
    pushed later; ``staff_button`` asks for the platform's own 'talk to a person'
    button where it has one (Kakao ``operator``).
    """

    text: str
    quick_replies: tuple[QuickReply, ...] = ()
    wait: bool = False
    staff_button: str = ""  # label of the platform's staff-connect button, "" for none

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "quick_replies": [[q.label, q.text, q.code] for q in self.quick_replies],
            "wait": self.wait,
            "staff_button": self.staff_button,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reply:
        return cls(
            text=str(data["text"]),
            quick_replies=tuple(QuickReply(*q) for q in data.get("quick_replies", ())),
            wait=bool(data.get("wait", False)),
            staff_button=str(data.get("staff_button", "")),
        )


@dataclass(frozen=True)
class WebhookRequest:
    """The parts of an HTTP request an adapter may look at. Headers are lower-cased."""

    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    remote_addr: str = ""
    query: Mapping[str, str] = field(default_factory=dict)
    method: str = "POST"

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body as JSON, or :class:`BadRequest`."""
        try:
            data = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            # RecursionError: a deeply nested body ("[[[[...") must be a 400, not a 500.
            raise BadRequest("body is not valid UTF-8 JSON") from exc
        if b"\\ud" in self.body.lower():
            # A lone surrogate escape ("\ud83d") decodes to a str no UTF-8 store can hold;
            # replace it rather than fail later (emoji pairs survive the round trip intact).
            data = json.loads(json.dumps(data, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8"))
        return data

    def json_object(self, what: str) -> dict[str, Any]:
        """The body as a JSON object, or :class:`BadRequest` naming ``what`` it should be."""
        data = self.json()
        if not isinstance(data, dict):
            raise BadRequest(f"{what} must be a JSON object")
        return data


@dataclass(frozen=True)
class WebhookResponse:
    """The synchronous HTTP answer to a webhook call."""

    status: int = 200
    body: Any = None  # JSON-able, or None for an empty body
    delivered: bool = False  # the reply itself is in the body; otherwise it must be pushed
    content_type: str = "application/json; charset=utf-8"


class WebhookError(Exception):
    """A request we refuse, with the HTTP status the caller gets."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(WebhookError):
    status = 400
    code = "bad_request"


class Unauthorized(WebhookError):
    status = 401
    code = "unauthorized"


class Forbidden(WebhookError):
    status = 403
    code = "forbidden"


class PushError(Exception):
    """A later delivery failed. ``retryable`` says whether trying again may help;
    ``maybe_delivered`` that the platform may have taken it all the same (the answer timed out)."""

    def __init__(self, message: str, *, retryable: bool, maybe_delivered: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.maybe_delivered = maybe_delivered


Sample = tuple[bytes, dict[str, str]]  # a webhook body and its headers, as the platform sends them


class Adapter:
    """The contract of one messenger. Subclasses set the class attributes and implement
    ``from_env``, ``verify``, ``parse``, ``render``, ``can_push``, ``push`` and ``sample``; the rest
    has a default for what a platform lacks (no handover protocol, no signature, no webhook answer
    a shopper reads)."""

    name: str
    label: str  # the messenger's name as staff and the owner read it
    # True where the webhook answer must carry a message (Kakao): the bot then says
    # a short acknowledgement even when it would otherwise stay quiet.
    needs_sync_reply: bool = False
    # How long a delivery's event id is remembered to fold retries (seconds).
    dedupe_seconds: int
    # True where the platform sends no event id and the adapter builds one from the content
    # (Kakao, Naver): the same words after another message are then a new message, not a retry.
    synthetic_event_ids: bool = False
    # Environment variables this adapter reads, with a short description;
    # ``required_env`` must be set for the channel to be enabled.
    env: ClassVar[Mapping[str, str]]
    required_env: tuple[str, ...] = ()
    # The setting holding the secret the platform offers for its webhooks ('' where it offers none).
    # A required secret is in ``required_env``: the channel stays off without it (fail closed).
    secret_env: str = ""
    secret_optional: bool = False
    # The header that carries that secret as it is, where the platform sends it so ('' for none).
    secret_header: str = ""
    # A user id shaped the way the platform writes one, for samples and self-tests ('' where any will do).
    sample_user: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Adapter:
        """Build the adapter from the given settings mapping (never ``os.environ`` itself)."""
        raise NotImplementedError

    def verify(self, request: WebhookRequest) -> None:
        """Raise :class:`Unauthorized` / :class:`Forbidden` unless the request is authentic."""
        raise NotImplementedError

    def parse(self, request: WebhookRequest) -> list[Inbound]:
        """The shopper messages in the request; ``[]`` for events we do not answer."""
        raise NotImplementedError

    def render(self, reply: Reply | None, inbound: Inbound | None) -> WebhookResponse:
        """Our synchronous answer, in the platform's dialect."""
        raise NotImplementedError

    def can_push(self, inbound: Inbound) -> bool:
        """Whether a later answer to this message can be delivered without a new turn."""
        raise NotImplementedError

    def push(self, reply: Reply, inbound: Inbound, session: requests.Session) -> None:
        """Deliver a later answer; raise :class:`PushError` on failure."""
        raise NotImplementedError

    def handover(self, user_id: str, to_staff: bool, session: requests.Session) -> bool:
        """Tell the platform who owns the thread; ``False`` where it has no such protocol (the default)."""
        return False

    # -- speaking the platform's side, for ``chat``, the self-test and the tests ----------------

    @classmethod
    def sample(cls, text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
        """A delivery of ``text`` (or a tap on the button ``code``) shaped like the platform's own,
        signed with the secret in ``env`` the way the platform signs it."""
        raise NotImplementedError

    @classmethod
    def sign(cls, body: bytes, env: Mapping[str, str]) -> dict[str, str]:
        """The headers the platform sends with ``body``, its credential included when ``env`` has one
        (the default: the secret as it is, in ``secret_header``)."""
        headers = {"Content-Type": "application/json"}
        if cls.secret_header and env.get(cls.secret_env):
            headers[cls.secret_header] = env[cls.secret_env]
        return headers

    @classmethod
    def shown_texts(cls, body: Any) -> list[str]:
        """What a shopper reads in our synchronous webhook answer (none where replies are pushed)."""
        return []

    @classmethod
    def pushed_texts(cls, body: Any) -> list[str]:
        """What a shopper reads in a message we pushed to the platform's API; ``[]`` if not ours."""
        return []

    @classmethod
    def local_env(cls, api_base: str) -> dict[str, str]:
        """Made-up credentials that enable the channel, with its send API pointed at ``api_base``
        (``chat --local`` and the tests run the platform's side there)."""
        return {}


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a shared secret. An empty expectation never matches."""
    if not expected or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def hmac_sha256(key: str, body: bytes) -> bytes:
    return hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()


def require_secret(channel: str, given: str | None, expected: str) -> None:
    """Fail closed: the secret must be configured, presented and matching. A platform whose secret is
    optional (Kakao's skill header) checks ``if secret:`` itself, where a reader sees it."""
    if not expected:
        log.warning("%s webhook refused: no secret configured", channel)
        raise Unauthorized("webhook secret not configured")
    if given is None:
        log.warning("%s webhook refused: secret missing", channel)
        raise Unauthorized("missing credentials")
    if not secret_matches(given, expected):
        log.warning("%s webhook refused: secret mismatch", channel)
        raise Unauthorized("invalid credentials")


def synthetic_event_id(*parts: str) -> str:
    """A dedupe key for platforms whose payload carries no event id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def split_text(text: str, limit: int, max_parts: int) -> list[str]:
    """Split ``text`` into at most ``max_parts`` chunks of at most ``limit`` characters.

    Cuts at a paragraph, line or sentence end where one falls in the second half of
    the chunk; the last chunk is shortened with an ellipsis if the text is longer
    than ``limit * max_parts``.
    """
    text = text.strip()
    parts: list[str] = []
    while text and len(parts) < max_parts:
        if len(text) <= limit:
            parts.append(text)
            text = ""
            break
        if len(parts) == max_parts - 1:
            parts.append(text[: limit - 1].rstrip() + "…")
            text = ""
            break
        cut = _cut_point(text, limit)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts or [""]


_BREAKS: Sequence[str] = ("\n\n", "\n", ". ", "? ", "! ", "요. ", "다. ", ".", " ")


def _cut_point(text: str, limit: int) -> int:
    window = text[:limit]
    for mark in _BREAKS:
        pos = window.rfind(mark)
        if pos >= limit // 2:
            return pos + len(mark)
    return limit


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
