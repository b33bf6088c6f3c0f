"""KakaoTalk channel chatbot: a Kakao i Open Builder skill server.

Kakao POSTs a SkillPayload and shows the HTTP response (a SkillResponse v2.0) as
the bot's bubble; the skill times out after 5 s. Slow answers use the AI-chatbot
callback: answer ``useCallback: true`` at once and POST the real SkillResponse to
the one-shot ``callbackUrl`` within a minute. Kakao signs nothing, so an optional
shared header (set in the skill's "헤더값 입력") is the only origin check.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

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
    synthetic_event_id,
)

log = logging.getLogger(__name__)

# Limits from the SkillResponse format page.
MAX_OUTPUTS = 3
MAX_SIMPLE_TEXT = 1000
MAX_QUICK_REPLIES = 10
MAX_LABEL = 14
MAX_TEXTCARD = 400

_BUTTON_TRIGGERS = ("BUTTON", "QUICKREPLY", "LIST_ITEM", "LISTMENU")


class KakaoAdapter(Adapter):
    name = "kakao"
    needs_sync_reply = True
    dedupe_seconds = 10  # no event id: a synthetic key only folds quick retries
    synthetic_event_ids = True
    env: ClassVar[Mapping[str, str]] = {
        "KAKAO_SKILL_SECRET": "shared secret Kakao sends in the X-Skill-Secret header (skill 헤더값 입력)",
        "KAKAO_CALLBACK_HOSTS": "comma-separated hosts allowed as callbackUrl (default .kakao.com)",
    }
    required_env: tuple[str, ...] = ()
    label = "카카오톡"  # what staff read
    secret_env = "KAKAO_SKILL_SECRET"
    secret_header = "X-Skill-Secret"
    secret_optional = True

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> KakaoAdapter:
        hosts = env.get("KAKAO_CALLBACK_HOSTS", "") or ".kakao.com"
        return cls(secret=env.get("KAKAO_SKILL_SECRET", ""), callback_hosts=hosts.split(","))

    def __init__(
        self,
        secret: str = "",
        callback_hosts: Sequence[str] = (".kakao.com",),
        timeout: float = 10.0,
    ) -> None:
        self.secret = secret
        self.callback_hosts = tuple(h.strip().lower() for h in callback_hosts if h.strip())
        self.timeout = timeout

    # -- inbound -------------------------------------------------------------------

    def verify(self, request: WebhookRequest) -> None:
        if self.secret:  # Kakao's X-Skill-Secret header is optional: checked only when the owner set one
            require_secret(self.name, request.header(self.secret_header), self.secret)

    def parse(self, request: WebhookRequest) -> list[Inbound]:
        data = request.json_object("skill payload")
        user_request = data.get("userRequest")
        if not isinstance(user_request, dict):
            raise BadRequest("userRequest is missing")
        utterance = user_request.get("utterance")
        if not isinstance(utterance, str):
            raise BadRequest("userRequest.utterance is missing")
        user = user_request.get("user")
        user_id = user.get("id") if isinstance(user, dict) else None
        if not isinstance(user_id, str) or not user_id.strip() or len(user_id) > 200:
            raise BadRequest("userRequest.user.id is missing")
        bot_id = _str_at(data, "bot", "id")
        block_id = _str_at(user_request, "block", "id")
        trigger = _str_at(data, "flow", "trigger", "type")
        extra = _dict_at(data, "action", "clientExtra")
        code = extra.get("code") if isinstance(extra.get("code"), str) else ""
        is_button = code or any(t in trigger for t in _BUTTON_TRIGGERS)
        handle: dict[str, str] = {}
        callback = user_request.get("callbackUrl")
        if isinstance(callback, str) and callback:
            handle["callback_url"] = callback
        if bot_id:
            handle["bot_id"] = bot_id
        props = user.get("properties") if isinstance(user.get("properties"), dict) else {}
        plusfriend = props.get("plusfriendUserKey")
        if isinstance(plusfriend, str):
            handle["plusfriend_user_key"] = plusfriend
        return [
            Inbound(
                channel=self.name,
                user_id=user_id.strip(),
                text=utterance.strip(),
                event_id=synthetic_event_id(bot_id, user_id, utterance, block_id),
                kind=Kind.BUTTON if is_button else Kind.MESSAGE,
                reply_handle=handle,
                code=code,
                payload=data,
            )
        ]

    # -- outbound ------------------------------------------------------------------

    def render(self, reply: Reply | None, inbound: Inbound | None) -> WebhookResponse:
        if reply is not None and reply.wait and inbound is not None and self.can_push(inbound):
            return WebhookResponse(body={"version": "2.0", "useCallback": True, "data": {"text": reply.text}})
        return WebhookResponse(body=self.skill_response(reply or Reply(text="…")), delivered=reply is not None)

    def skill_response(self, reply: Reply) -> dict[str, Any]:
        """A SkillResponse v2.0 within Kakao's limits."""
        outputs: list[dict[str, Any]] = []
        if reply.staff_button:
            button = {"action": "operator", "label": clip(reply.staff_button, MAX_LABEL)}
            if len(reply.text) <= MAX_TEXTCARD:
                outputs.append({"textCard": {"description": reply.text, "buttons": [button]}})
            else:
                for part in split_text(reply.text, MAX_SIMPLE_TEXT, MAX_OUTPUTS - 1):
                    outputs.append({"simpleText": {"text": part}})
                outputs.append({"textCard": {"title": clip(reply.staff_button, 50), "buttons": [button]}})
        else:
            for part in split_text(reply.text, MAX_SIMPLE_TEXT, MAX_OUTPUTS):
                outputs.append({"simpleText": {"text": part}})
        template: dict[str, Any] = {"outputs": outputs}
        quick = [
            {
                "label": clip(q.label, MAX_LABEL),
                "action": "message",
                "messageText": q.message,
                **({"extra": {"code": q.code}} if q.code else {}),
            }
            for q in reply.quick_replies[:MAX_QUICK_REPLIES]
        ]
        if quick:
            template["quickReplies"] = quick
        return {"version": "2.0", "template": template}

    def can_push(self, inbound: Inbound) -> bool:
        url = inbound.reply_handle.get("callback_url", "")
        return bool(url) and self.callback_allowed(url)

    def callback_allowed(self, url: str) -> bool:
        """SSRF guard: only https URLs on an allowed host (loopback may use http when listed)."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port
        except ValueError:
            return False
        if not host:
            return False
        hostport = f"{host}:{port}" if port else host
        allowed = any(
            (entry.startswith(".") and host.endswith(entry)) or entry in (host, hostport)
            for entry in self.callback_hosts
        )
        if not allowed:
            return False
        if parts.scheme == "https":
            return True
        return parts.scheme == "http" and host in ("127.0.0.1", "localhost", "::1")

    def push(self, reply: Reply, inbound: Inbound, session: requests.Session) -> None:
        url = inbound.reply_handle.get("callback_url", "")
        if not url or not self.callback_allowed(url):
            log.warning("kakao callback refused: host not allowed (%s)", _hostname(url))
            raise PushError("callback URL missing or host not allowed", retryable=False)
        try:
            resp = session.post(url, json=self.skill_response(reply), timeout=self.timeout)
        except requests.RequestException as exc:
            # A read timeout: Kakao may have taken the one-shot token and shown the answer.
            raise PushError(f"callback request failed: {type(exc).__name__}", retryable=True,
                            maybe_delivered=isinstance(exc, requests.ReadTimeout)) from exc
        if resp.status_code >= 500:
            raise PushError(f"callback answered HTTP {resp.status_code}", retryable=True)
        try:
            body = resp.json()
        except ValueError:
            body = {}
        status = body.get("status") if isinstance(body, dict) else None
        if resp.status_code >= 400 or status not in (None, "SUCCESS"):
            message = body.get("message", "") if isinstance(body, dict) else ""
            # An expired or used token will never work again; Kakao's 5xx-class errors may.
            retryable = status == "ERROR"
            raise PushError(f"callback refused: HTTP {resp.status_code} {status} {message}", retryable=retryable)
        log.info("kakao callback delivered task=%s", body.get("taskId") if isinstance(body, dict) else None)

    # handover: the default (False). Kakao's 상담직원 연결 happens outside the skill API.

    # -- the platform's side -------------------------------------------------------

    @classmethod
    def sample(cls, text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
        payload: dict[str, Any] = {
            "intent": {"id": "fallback", "name": "폴백 블록"},
            "userRequest": {
                "timezone": "Asia/Seoul",
                "params": {"surface": "Kakaotalk.plusfriend"},
                "block": {"id": "fallback", "name": "폴백 블록"},
                "utterance": text,
                "lang": "ko",
                "user": {"id": user_id, "type": "botUserKey", "properties": {"plusfriendUserKey": f"pf-{user_id}"}},
            },
            "bot": {"id": "sample-bot", "name": "샘플봇"},
            "action": {"id": "bridge", "name": "bridge-skill", "params": {}, "detailParams": {}, "clientExtra": {}},
            "contexts": [],
        }
        if code:
            payload["action"]["clientExtra"] = {"code": code}
            payload["flow"] = {"trigger": {"type": "QUICKREPLY_BUTTON_MESSAGE"}}
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return body, cls.sign(body, env)

    @classmethod
    def shown_texts(cls, body: Any) -> list[str]:
        if not isinstance(body, dict):
            return []
        if body.get("useCallback"):
            return [str((body.get("data") or {}).get("text", "")), "(답변은 콜백으로 이어서 전달돼요)"]
        template = body.get("template") or {}
        texts = []
        for output in template.get("outputs", []):
            for kind in ("simpleText", "textCard"):
                if kind in output:
                    part = output[kind]
                    texts.append(part.get("text") or part.get("description") or part.get("title") or "")
        quick = [q.get("label", "") for q in template.get("quickReplies", [])]
        if quick:
            texts.append("[" + "] [".join(quick) + "]")
        return texts

    @classmethod
    def pushed_texts(cls, body: Any) -> list[str]:
        return cls.shown_texts(body) if isinstance(body, dict) and "template" in body else []

    @classmethod
    def local_env(cls, api_base: str) -> dict[str, str]:
        return {"KAKAO_SKILL_SECRET": "local-chat", "KAKAO_CALLBACK_HOSTS": urlsplit(api_base).netloc}


def _dict_at(data: Any, *path: str) -> dict[str, Any]:
    for key in path:
        if not isinstance(data, dict):
            return {}
        data = data.get(key)
    return data if isinstance(data, dict) else {}


def _str_at(data: Any, *path: str) -> str:
    for key in path:
        if not isinstance(data, dict):
            return ""
        data = data.get(key)
    return data if isinstance(data, str) else ""


def _hostname(url: str) -> str | None:
    """The URL's host for a log line; a malformed URL must not turn a refusal into a crash."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
