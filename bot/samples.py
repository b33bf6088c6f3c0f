"""Sample webhook deliveries, shaped like the platforms' own, for ``chat`` and self-tests.

Each builder returns ``(body, headers)`` signed or authenticated the way the
platform would, using the same settings the adapter checks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

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


BUILDERS: dict[str, Callable[..., Sample]] = {
    "kakao": kakao,
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
    return []
