"""The web app: a thin webhook view over :mod:`bot.bridge`, the staff inbox, /metrics and /healthz."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from redis.exceptions import RedisError
from werkzeug.exceptions import HTTPException

from adapters.base import WebhookError, WebhookRequest, WebhookResponse
from bot import outage
from bot.bridge import handle_webhook
from bot.context import Context, set_current
from bot.order_desk import WEBHOOK_SECRET, order_store
from bot.settings import Settings
from bot.web import people_pages as _people_pages  # noqa: F401  # people, roles, passwords
from bot.web import replies as _reply_pages  # noqa: F401  # saved replies, assign, escalate
from bot.web import review as _review_pages  # noqa: F401  # adds the review and conversation pages to the inbox
from bot.web.inbox import inbox, session_config
from bot.web.metrics import metrics
from bot.web.owner_pages import owner  # noqa: F401  # nests the owner's pages (try, settings, suggestions) in the inbox
from orders.webhook import handle as order_webhook_handle

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # the biggest real webhook body is a few KB

webhooks = Blueprint("webhooks", __name__)


def create_app(settings: Settings | None = None, ctx: Context | None = None) -> Flask:
    """The Flask app. Without arguments, settings come from the environment (gunicorn)."""
    if ctx is None:
        ctx = Context.build(settings or Settings.load())
    set_current(ctx)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Korean stays readable in logs and curl
    app.extensions["bridge"] = ctx
    warm_up(ctx)
    app.register_blueprint(webhooks)
    app.config.update(session_config(ctx.settings))  # the staff inbox's signed session cookie
    app.register_blueprint(inbox)
    app.register_blueprint(metrics)  # /metrics for Prometheus, read from Redis on each scrape
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def warm_up(ctx: Context) -> None:
    """Load the Korean analyzer and this year's public holidays now (about half a second), not on
    a shopper's first message."""
    _ = ctx.router
    ctx.hours.is_open(ctx.now())


def _ctx() -> Context:
    return current_app.extensions["bridge"]


def _error(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify({"error": code, "message": message}), status


@webhooks.post("/webhooks/<channel>")
def webhook(channel: str) -> Any:
    """Translate the Flask request, hand it to :func:`bot.bridge.handle_webhook`, translate back."""
    req = WebhookRequest(
        body=request.get_data(cache=False),
        headers={k.lower(): v for k, v in request.headers.items()},
        remote_addr=request.remote_addr or "",
        query=request.args.to_dict(),
        method=request.method,
    )
    return _to_flask(handle_webhook(_ctx(), channel, req))


def _to_flask(rendered: WebhookResponse) -> Response:
    if rendered.body is None:
        return Response(status=rendered.status)
    response = jsonify(rendered.body)
    response.status_code = rendered.status
    response.content_type = rendered.content_type
    return response


@webhooks.post("/webhooks/orders")
def order_webhook() -> Any:
    """The shop's own system reports an order (signed JSON; see orders/webhook.py). Bad or
    forged input gets a 4xx saying why; a shop without the webhook source gets 404."""
    ctx = _ctx()
    config = ctx.settings.shop.orders
    if config is None or config.source != "webhook":
        return _error(404, "not_enabled", "the order webhook is not the order source of this shop")
    req = WebhookRequest(body=request.get_data(cache=False), headers={k.lower(): v for k, v in request.headers.items()},
                         remote_addr=request.remote_addr or "", method=request.method)
    store = order_store(ctx.redis, ctx.settings.redis_prefix, "webhook")
    try:
        order = order_webhook_handle(req, ctx.settings.env.get(WEBHOOK_SECRET, ""), store, time.time())
    except WebhookError as exc:
        return _error(exc.status, exc.code, exc.message)
    return jsonify({"ok": True, "order_no": order.order_no, "status": order.status.value})


@webhooks.get("/healthz")
def healthz() -> Any:
    ctx = _ctx()
    try:
        redis_ok = bool(ctx.redis.ping())
    except RedisError:
        redis_ok = False
    if redis_ok:
        outage.maybe_drain(ctx)
    spooled = ctx.spool.pending()
    return jsonify(
        {
            "status": "ok" if redis_ok and not spooled else "degraded",
            "redis": redis_ok,
            "spooled": spooled,
            "channels": sorted(ctx.adapters),
            "llm": bool(ctx.settings.openai_api_key),
        }
    )


def _http_error(exc: HTTPException) -> Any:
    return _error(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"), exc.description or "")


def _unexpected_error(exc: Exception) -> Any:
    log.exception("unhandled error in %s %s", request.method, request.path)
    return _error(503, "temporarily_unavailable", "please retry shortly")
