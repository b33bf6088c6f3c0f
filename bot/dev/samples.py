"""Sample webhook deliveries, shaped like the platforms' own, for ``chat`` and self-tests.

Each builder returns ``(body, headers)`` signed or authenticated the way the
platform would, using the same settings the adapter checks.
"""

from __future__ import annotations

import base64
import itertools
import json
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from adapters.base import hmac_sha256

Sample = tuple[bytes, dict[str, str]]


def kakao(text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
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
    headers = {"Content-Type": "application/json"}
    if env.get("KAKAO_SKILL_SECRET"):
        headers["X-Skill-Secret"] = env["KAKAO_SKILL_SECRET"]
    return json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers


def naver(text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
    content: dict[str, Any] = {"text": text, "inputType": "button" if code else "typing"}
    if code:
        content["code"] = code
    payload = {"event": "send", "user": user_id, "textContent": content}
    return _json(payload), {"Content-Type": "application/json;charset=UTF-8"}


def line(text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
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
    body = _json({"destination": "Ubot", "events": [event]})
    signature = base64.b64encode(hmac_sha256(env.get("LINE_CHANNEL_SECRET", ""), body)).decode()
    return body, {"Content-Type": "application/json", "X-Line-Signature": signature}


# Telegram numbers updates one after another; a clock reading alone repeats when shoppers write at once.
_UPDATE_IDS = itertools.count(time.time_ns() // 1000 % 1_000_000_000)


def telegram(text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
    update_id = next(_UPDATE_IDS)
    user = {"id": int(user_id) if user_id.isdigit() else abs(hash(user_id)) % 10**9, "is_bot": False, "first_name": "손님"}
    message = {"message_id": update_id % 100000, "from": user, "chat": {"id": user["id"], "type": "private"},
               "date": int(time.time()), "text": text}
    payload: dict[str, Any] = {"update_id": update_id, "message": message}
    headers = {"Content-Type": "application/json"}
    if env.get("TELEGRAM_SECRET_TOKEN"):
        headers["X-Telegram-Bot-Api-Secret-Token"] = env["TELEGRAM_SECRET_TOKEN"]
    return _json(payload), headers


def _json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


BUILDERS: dict[str, Callable[..., Sample]] = {
    "kakao": kakao,
    "naver": naver,
    "line": line,
    "telegram": telegram,
}


def reply_texts(channel: str, body: Any) -> list[str]:
    """The text a shopper would see in a synchronous webhook answer, for the terminal chat."""
    if channel == "kakao" and isinstance(body, dict):
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
    if channel == "naver" and isinstance(body, dict):
        content = body.get("textContent") or {}
        texts = [str(content.get("text", ""))]
        buttons = [b.get("data", {}).get("title", "") for b in (content.get("quickReply") or {}).get("buttonList", [])]
        if buttons:
            texts.append("[" + "] [".join(buttons) + "]")
        return texts
    return []


def pushed_texts(body: Any) -> list[str]:
    """The text of a message the bridge pushed to a platform API (Naver, LINE, Telegram, Kakao callback)."""
    if not isinstance(body, dict):
        return []
    if "textContent" in body:
        return [str(body["textContent"].get("text", ""))]
    if "messages" in body:
        return [str(m.get("text", "")) for m in body["messages"] if isinstance(m, dict)]
    if "template" in body:
        return reply_texts("kakao", body)
    if "text" in body and "chat_id" in body:
        return [str(body["text"])]
    return []


class LocalPlatforms:
    """A loopback stand-in for the platforms' send APIs, for ``chat --local``: whatever the
    bridge pushes is recorded here instead of reaching a real messenger."""

    CREDENTIALS: ClassVar[dict[str, str]] = {
        "NAVER_TALK_TOKEN": "local-chat",
        "LINE_CHANNEL_SECRET": "local-chat",
        "LINE_CHANNEL_ACCESS_TOKEN": "local-chat",
        "TELEGRAM_BOT_TOKEN": "local-chat",
        "TELEGRAM_SECRET_TOKEN": "local-chat",
    }

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.bodies: list[Any] = []
        platforms = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    platforms.bodies.append(json.loads(raw or b"{}"))
                except ValueError:
                    pass
                # One answer every platform's client reads as success.
                answer = b'{"success": true, "resultCode": "00", "ok": true, "result": {}, "status": "SUCCESS"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def env(self, env: Mapping[str, str]) -> dict[str, str]:
        """``env`` with credentials filled in and every send API pointed here."""
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        return {
            **self.CREDENTIALS,
            **env,
            "NAVER_TALK_API_URL": f"{base}/naver/chatbot/v1/event",
            "LINE_API_URL": f"{base}/line",
            "TELEGRAM_API_URL": f"{base}/telegram",
            "KAKAO_CALLBACK_HOSTS": f"127.0.0.1:{self.server.server_address[1]}",
        }

    def take(self) -> list[str]:
        """Texts pushed since the last call."""
        bodies, self.bodies = self.bodies, []
        return [text for body in bodies for text in pushed_texts(body)]
