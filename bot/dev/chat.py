"""Talking to the bridge as a messenger would: ``chat`` (a shopper in the terminal) and
``channels`` (what to register, what is missing, and a signed self-test per channel).

Both call :func:`bot.bridge.handle_webhook` in-process (``chat --local``, the self-test), or
post to a running bridge over HTTP (``chat``).
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

from bot.bridge import handle_webhook
from bot.dev.local import local_request, with_redis

# -- chat -----------------------------------------------------------------------------------


def cmd_chat(args: argparse.Namespace) -> int:
    from adapters import REGISTRY
    from bot.dev import samples
    from bot.settings import Settings

    if args.channel not in REGISTRY:
        print(f"error: no messenger called {args.channel!r}", file=sys.stderr)
        return 2
    settings = Settings.load()
    user = args.user or REGISTRY[args.channel].sample_user or f"shopper-{uuid.uuid4().hex[:12]}"
    platforms = None
    if args.local:
        platforms = samples.LocalPlatforms()
        settings = settings.model_copy(update={"env": platforms.env(settings.env)})
        post = _local_poster(settings)
    else:
        post = _http_poster(args.url or settings.base_url)
    print(f"{settings.shop.shop.name} 채팅 ({args.channel}, {user}). 빈 줄이나 Ctrl-D로 끝내요.", flush=True)
    for line in _lines(sys.stdin):
        if not line:
            break
        body, headers = samples.sample(args.channel, line, user, settings.env)
        status, answer = post(args.channel, body, headers)
        texts = samples.reply_texts(args.channel, answer) + (platforms.take() if platforms else [])
        if status >= 400:
            print(f"봇 ⚠ HTTP {status}: {answer}", flush=True)
        elif not texts and not args.local and not REGISTRY[args.channel].needs_sync_reply:
            texts = ["(답변은 메신저의 보내기 API로 따로 전달돼요)"]
        for text in texts:
            print(f"봇> {text}", flush=True)
    return 0


def _lines(stream: Any) -> Any:
    interactive = stream.isatty()
    while True:
        if interactive:
            print("나> ", end="", flush=True)
        line = stream.readline()
        if not line:
            return
        yield line.strip()


def _http_poster(base: str) -> Any:
    import requests

    def post(channel: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
        resp = requests.post(f"{base}/webhooks/{channel}", data=body, headers=headers, timeout=10)
        try:
            return resp.status_code, resp.json()
        except ValueError:
            return resp.status_code, resp.text

    return post


def _local_poster(settings: Any) -> Any:
    from bot.context import Context, set_current
    from bot.dev.local import run_queued
    from bot.web.app import warm_up

    ctx = Context.build(with_redis(settings))
    set_current(ctx)
    warm_up(ctx)

    def post(channel: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
        resp = handle_webhook(ctx, channel, local_request(body, headers))
        run_queued(ctx)
        return resp.status, resp.body

    return post


# -- channels -------------------------------------------------------------------------------


def cmd_channels(args: argparse.Namespace) -> int:
    """For each messenger: enabled?, the URL to register, missing settings, and a self-test."""
    from adapters import REGISTRY
    from bot.settings import Settings

    settings = Settings.load()
    rows = []
    for name, cls in REGISTRY.items():
        listed = name in settings.shop.channels
        missing = [k for k in cls.required_env if not settings.env.get(k)]
        row: dict[str, Any] = {
            "channel": name,
            "enabled": listed and not missing,
            "in_shop_file": listed,
            "webhook_url": f"{settings.base_url}/webhooks/{name}",
            "missing": missing,
            "optional_unset": [k for k in cls.env if k not in cls.required_env and not settings.env.get(k)],
            "why": _why(cls, settings.env),
        }
        row["self_test"] = _self_test(settings, name) if row["enabled"] else "skipped"
        rows.append(row)
    if not settings.public_url:
        print("note: PUBLIC_URL is not set; the URLs below use HOST:PORT. Messengers need a public https URL.",
              file=sys.stderr)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        state = "enabled" if row["enabled"] else ("not in shop.yaml" if not row["in_shop_file"] else "disabled")
        print(f"{row['channel']:9s} {state:17s} {row['webhook_url']}")
        if row["missing"]:
            print(f"          missing: {', '.join(row['missing'])}")
        for why in row["why"]:
            print(f"          {why}")
        if row["optional_unset"]:
            print(f"          optional, unset: {', '.join(row['optional_unset'])}")
        print(f"          self-test: {row['self_test']}")
    return 0 if all(r["self_test"] == "skipped" or r["self_test"].startswith("ok") for r in rows) else 1


def _why(cls: Any, env: dict[str, str]) -> list[str]:
    """What a missing or optional webhook secret means for this channel, in words."""
    secret = cls.secret_env
    if not secret or env.get(secret):
        return []
    if cls.secret_optional:
        return [f"{secret} is optional on this platform; set it so forged requests are refused"]
    return [f"{secret} is required: the platform offers a webhook secret, so the channel stays off without it"]


def _self_test(settings: Any, channel: str) -> str:
    """Post a signed sample to an in-process app on a private key prefix; nothing is sent out."""
    from adapters import REGISTRY
    from bot.context import Context, set_current

    class DryRun(Context):
        def enqueue(self, queue: str, func: Any, **kwargs: Any) -> None:
            pass  # a self-test must not push to a real shopper or open a real ticket

    prefix = f"{settings.redis_prefix}-selftest"
    ctx = DryRun.build(with_redis(settings).model_copy(update={"redis_prefix": prefix}))
    set_current(ctx)
    try:
        adapter = REGISTRY[channel]
        body, headers = adapter.sample("배송 언제 와요?", adapter.sample_user or "selftest", settings.env)
        try:
            resp = handle_webhook(ctx, channel, local_request(body, headers))
            forged = handle_webhook(ctx, channel, local_request(body, {"Content-Type": "application/json"}))
        except Exception as exc:  # noqa: BLE001 - the web app answers 503 here; the self-test says why
            return f"FAILED: {type(exc).__name__}: {exc}"[:160]
        if resp.status != 200:
            return f"FAILED: HTTP {resp.status} {json.dumps(resp.body, ensure_ascii=False)[:120]}"
        secret = adapter.secret_env
        if secret and settings.env.get(secret):
            if forged.status == 200:
                return "FAILED: a request without the secret was accepted"
            return f"ok (a request without {secret} gets HTTP {forged.status})"
        return "ok" + (f" (set {secret} so forged requests are refused)" if secret else "")
    finally:
        for key in ctx.redis.scan_iter(f"{prefix}:*"):
            ctx.redis.delete(key)
        set_current(None)
