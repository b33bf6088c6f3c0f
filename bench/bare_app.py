"""The baseline for bench/webhook_load.py: a bare Flask skill server with no bridge in it.

It reads the body, parses the Kakao SkillPayload, checks the two fields the bridge needs,
and answers a fixed SkillResponse (the same shape and size as an FAQ answer). Served by
gunicorn with the same flags as ``python -m bot run``, it is the most a Flask app on this
machine can do, so the bridge's numbers are read as a fraction of it.

    python -m gunicorn 'bench.bare_app:create_app()' --bind 127.0.0.1:8001
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, jsonify, request

ANSWER = (
    "주문하신 상품은 결제 완료 후 1~3영업일 안에 출고되고, 출고 다음 날부터 1~2일 안에 받아보실 수 있어요. "
    "오후 2시 이전 결제 건은 당일 출고돼요. 출고되면 카카오톡 알림으로 송장번호를 보내드려요."
)
SKILL_RESPONSE = {
    "version": "2.0",
    "template": {
        "outputs": [{"simpleText": {"text": ANSWER}}],
        "quickReplies": [
            {"label": "배송 안내", "action": "message", "messageText": "배송 안내", "extra": {"code": "faq:shipping"}},
            {"label": "상담원 연결", "action": "message", "messageText": "상담원 연결", "extra": {"code": "staff"}},
        ],
    },
}


def create_app() -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # as the bridge does

    @app.post("/webhooks/kakao")
    def kakao() -> Any:
        try:
            payload = json.loads(request.get_data(cache=False).decode("utf-8"))
            utterance = payload["userRequest"]["utterance"]
            user_id = payload["userRequest"]["user"]["id"]
        except (ValueError, KeyError, TypeError):
            return jsonify({"error": "bad_request"}), 400
        if not isinstance(utterance, str) or not isinstance(user_id, str):
            return jsonify({"error": "bad_request"}), 400
        return jsonify(SKILL_RESPONSE)

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify({"status": "ok"})

    return app
