"""Local HTTP servers standing in for the outside world: an OpenAI-compatible LLM and
Kakao's callback endpoint, on the loopback server of :mod:`bot.dev.stub_server`. Real HTTP on
127.0.0.1, so the real clients are exercised."""

from __future__ import annotations

import json
import time
from typing import Any

from bot.dev.stub_server import StubServer, chat_completion

__all__ = ["FakeKakaoCallback", "FakeLLM", "StubServer"]


class FakeLLM:
    """An OpenAI-compatible chat server whose behaviour a test sets: good, slow, garbage,
    error, or a canned content string."""

    def __init__(self) -> None:
        self.content: str = json.dumps({"answer": "네, 가능해요.", "needs_human": False, "reason": "policy"})
        self.status = 200
        self.delay = 0.0
        self.reject_json_mode = False
        self.server = StubServer(self._answer)

    @property
    def base_url(self) -> str:
        return self.server.url + "/v1"

    @property
    def calls(self) -> list[dict[str, Any]]:
        return [body for path, body, _ in self.server.requests if path.endswith("/chat/completions")]

    def answer(self, answer: str, needs_human: bool = False, reason: str = "policy") -> None:
        self.content = json.dumps({"answer": answer, "needs_human": needs_human, "reason": reason}, ensure_ascii=False)

    def _answer(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        if self.delay:
            time.sleep(self.delay)
        if self.reject_json_mode and "response_format" in body:
            return 400, {"error": {"message": "response_format not supported", "type": "invalid_request_error"}}
        if self.status != 200:
            return self.status, {"error": {"message": "boom", "type": "server_error"}}
        return 200, chat_completion(self.content, body, completion_id="chatcmpl-test", tokens=(321, 45))

    def close(self) -> None:
        self.server.close()


class FakeKakaoCallback:
    """Kakao's callback endpoint: accepts a SkillResponse once per token path."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.server = StubServer(self._callback)

    def url(self, token: str) -> str:
        return f"{self.server.url}/callback/{token}"

    @property
    def posts(self) -> list[tuple[str, dict[str, Any]]]:
        return [(path, body) for path, body, _ in self.server.requests]

    def _callback(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        if path in self.used:
            return 200, {"taskId": "t", "status": "FAIL", "message": "Invalid callback token. Check your callback token."}
        self.used.add(path)
        return 200, {"taskId": "task-1", "status": "SUCCESS", "message": "OK", "timestamp": int(time.time() * 1000)}

    def close(self) -> None:
        self.server.close()
