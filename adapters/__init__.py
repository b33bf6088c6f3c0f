"""Messenger adapters: one module per platform, listed in one explicit registry."""

from __future__ import annotations

from adapters.base import Adapter, Inbound, Kind, QuickReply, Reply, WebhookRequest, WebhookResponse
from adapters.kakao import KakaoAdapter
from adapters.line import LineAdapter
from adapters.naver import NaverAdapter
from adapters.telegram import TelegramAdapter

# Adding a messenger: one module, its fixtures under tests/fixtures/<name>/, one line here.
REGISTRY: dict[str, type[Adapter]] = {
    "kakao": KakaoAdapter,
    "naver": NaverAdapter,
    "line": LineAdapter,
    "telegram": TelegramAdapter,
}

__all__ = [
    "REGISTRY",
    "Adapter",
    "Inbound",
    "Kind",
    "QuickReply",
    "Reply",
    "WebhookRequest",
    "WebhookResponse",
]
