"""The owner's pages under ``/staff``: try a message, the live shop settings, FAQ suggestions.

A blueprint nested in the staff inbox (:data:`bot.web.inbox.inbox`), so the inbox's guard (login or
bearer token, CSRF on every form), its security headers and its error pages apply unchanged.
Settings and suggestions change what the bot says to every shopper: they need the owner
(the ``owner`` role: the ``ADMIN_TOKEN`` login or bearer token, or a person the owner made an owner).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from bot.context import Context
from bot.conversation.preview import preview
from bot.web.auth import need

owner = Blueprint("owner", __name__)
MAX_TRY = 1000  # characters


def ctx() -> Context:
    """This process's context, with the live shop settings applied (checked at most once a second)."""
    context: Context = current_app.extensions["bridge"]
    context.refresh()
    return context


def require_owner() -> None:
    """Only the owner changes the shop: staff and manager logins get 403 (see :mod:`bot.web.auth`;
    ``@requires("owner")`` is the decorator form)."""
    need("owner")


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "send a JSON object")
    return body


@owner.app_template_filter("staff_time")
def staff_time(ts: float | str | None) -> str:
    """An epoch time as the shop's local ``MM-DD HH:MM``."""
    from datetime import UTC, datetime

    if not ts:
        return ""
    return ctx().hours.local(datetime.fromtimestamp(float(ts), UTC)).strftime("%m-%d %H:%M")


# -- try it -----------------------------------------------------------------------------------


def _text(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        abort(400, 'send {"text": "..."} with a non-empty text')
    if len(raw) > MAX_TRY:
        abort(400, f"text is longer than {MAX_TRY} characters")
    return raw.strip()


@owner.post("/api/try")
def api_try() -> Any:
    """What the bot would do with ``{"text": ...}``: nothing is sent to anyone, nothing is counted."""
    return jsonify(preview(ctx(), _text(json_body().get("text"))))


@owner.route("/try", methods=["GET", "POST"])
def try_page() -> Any:
    result = None
    text = ""
    if request.method == "POST":
        text = _text(request.form.get("text"))
        result = preview(ctx(), text)
    return render_template("staff/try.html", text=text, r=result, max_try=MAX_TRY)
