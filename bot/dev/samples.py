"""The platforms' side of a conversation, for ``chat``, the self-test and the tests, read from the
adapter registry: each adapter builds its own sample deliveries and reads its own answers
(:meth:`adapters.base.Adapter.sample`, ``shown_texts``, ``pushed_texts``, ``local_env``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from adapters import REGISTRY
from adapters.base import Sample


def sample(channel: str, text: str, user_id: str, env: Mapping[str, str], code: str = "") -> Sample:
    """A delivery of ``text`` on ``channel`` as the platform sends it, signed with ``env``'s secret."""
    return REGISTRY[channel].sample(text, user_id, env, code)


# ``samples.BUILDERS[channel](...)`` and ``samples.kakao(...)`` (any registered name) are ``sample``
# by another spelling, kept for code written before the adapters built their own samples.
BUILDERS: dict[str, Callable[..., Sample]] = {name: adapter.sample for name, adapter in REGISTRY.items()}


def __getattr__(name: str) -> Callable[..., Sample]:
    if name in REGISTRY:
        return REGISTRY[name].sample
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def reply_texts(channel: str, body: Any) -> list[str]:
    """The text a shopper would see in a synchronous webhook answer, for the terminal chat."""
    return REGISTRY[channel].shown_texts(body)


def pushed_texts(body: Any) -> list[str]:
    """The text of a message the bridge pushed to a platform API (Naver, LINE, Telegram, Kakao callback)."""
    for adapter in REGISTRY.values():
        texts = adapter.pushed_texts(body)
        if texts:
            return texts
    return []


class LocalPlatforms:
    """A loopback stand-in for the platforms' send APIs, for ``chat --local``: whatever the
    bridge pushes is recorded here instead of reaching a real messenger."""

    def __init__(self) -> None:
        from bot.dev.stub_server import StubServer

        self.bodies: list[Any] = []
        self.server = StubServer(self._record)

    def _record(self, path: str, body: Any) -> tuple[int, bytes]:
        if not (isinstance(body, dict) and "_raw" in body):  # a body that is not JSON is not kept
            self.bodies.append(body)
        # One answer every platform's client reads as success.
        return 200, b'{"success": true, "resultCode": "00", "ok": true, "result": {}, "status": "SUCCESS"}'

    def env(self, env: Mapping[str, str]) -> dict[str, str]:
        """``env`` with every channel enabled on made-up credentials and every send API pointed here
        (over the operator's settings: nothing may reach a real messenger)."""
        return {**env, **local_env(self.server.url)}

    def take(self) -> list[str]:
        """Texts pushed since the last call."""
        bodies, self.bodies = self.bodies, []
        return [text for body in bodies for text in pushed_texts(body)]

    def close(self) -> None:
        self.server.close()


def local_env(api_base: str) -> dict[str, str]:
    """Every channel enabled on made-up credentials, with its send API pointed at ``api_base``."""
    return {key: value for adapter in REGISTRY.values() for key, value in adapter.local_env(api_base).items()}
