"""Loopback HTTP servers standing in for the outside world (an OpenAI-compatible LLM, the
platforms' send APIs, Kakao's callback endpoint): real HTTP on 127.0.0.1, so the real clients
are exercised. Used by ``chat --local`` (:class:`bot.dev.samples.LocalPlatforms`), the tests
(``tests/stubs.py``) and the benchmarks (``bench/``)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[str, dict[str, Any]], tuple[Any, ...]]


class StubServer:
    """Records every POST (path, JSON body, lower-cased headers) and answers with
    ``handler(path, body) -> (status, body)``, or ``(status, body, content_type)`` for something
    other than JSON. A body that is not JSON reaches the handler as ``{"_raw": text}``."""

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


def chat_completion(
    content: str, request: dict[str, Any], *, completion_id: str = "chatcmpl-stub", tokens: tuple[int, int] = (1, 1)
) -> dict[str, Any]:
    """An OpenAI ``chat.completion`` answer to ``request`` (its model echoed): one choice whose
    message is ``content``, and ``tokens`` (prompt, completion) as its usage."""
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "stub"),
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": tokens[0], "completion_tokens": tokens[1], "total_tokens": sum(tokens)},
    }
