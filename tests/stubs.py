"""Local HTTP servers standing in for the outside world: an OpenAI-compatible LLM and
Kakao's callback endpoint. Real HTTP on 127.0.0.1, so the real clients are exercised."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[str, dict[str, Any]], tuple[Any, ...]]


class StubServer:
    """Records every request body and answers with ``handler(path, body) -> (status, body)``,
    or ``(status, body, content_type)`` for something other than JSON."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        stub = self

        class _Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                stub.requests.append((self.path, body, {k.lower(): v for k, v in self.headers.items()}))
                status, answer, *content_type = stub.handler(self.path, body)
                data = answer if isinstance(answer, bytes) else json.dumps(answer, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type[0] if content_type else "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        # A short poll interval: close() waits for the loop to notice, and every test closes its stubs.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def hostport(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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
        return 200, {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": self.content}}],
            "usage": {"prompt_tokens": 321, "completion_tokens": 45, "total_tokens": 366},
        }

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
