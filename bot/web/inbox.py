"""The staff inbox: a small server-rendered page at ``/staff`` and a JSON API at ``/staff/api/``.

Every action goes through :class:`bot.conversation.staff.StaffDesk`; these views only check who is asking,
read the form or the JSON body, and render the answer. Both stay closed until ``ADMIN_TOKEN``
is set: there is no open mode.

- pages: log in with ``ADMIN_TOKEN`` for a signed, HttpOnly session cookie; every form carries a
  per-session CSRF token that every POST must return;
- API: ``Authorization: Bearer <ADMIN_TOKEN>`` on every call and no cookie, hence no CSRF.

Customer text is only ever rendered by Jinja with autoescape on, and the pages send a CSP
that allows no script at all, so a message that slips past escaping still cannot run.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException

from bot.context import Context
from bot.conversation.kinds import CHANNELS, REASONS, TICKET_STATES
from bot.conversation.staff import StaffDesk, TicketError, TicketView
from bot.settings import Settings
from bot.web import order_view

log = logging.getLogger(__name__)

inbox = Blueprint("inbox", __name__, url_prefix="/staff", template_folder="templates", static_folder="static")

MAX_REPLY = 2000  # characters; a chat reply longer than this is a letter, not a reply
LOGIN_FAILURES = 10  # wrong tokens per client address within LOGIN_WINDOW, then 429
LOGIN_WINDOW = 600
SESSION_LIFETIME = timedelta(hours=12)
PUBLIC_ENDPOINTS = frozenset({"inbox.login", "inbox.static"})
_SESSION_KEY_LABEL = b"shop-messenger-bridge/staff-session-key/v1"
_LOGIN_MARK_LABEL = b"shop-messenger-bridge/staff-login/v1"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

ROLES = {"shopper": "고객", "bot": "챗봇", "staff": "직원"}
DELIVERY_NOTES = {
    "sent": ("ok", "답변을 보냈어요."),
    "next_turn": ("warn", "답변을 저장했어요. 카카오톡은 고객이 다음 메시지를 보낼 때 함께 전달돼요."),
    "undeliverable": ("error", "이 채널은 지금 메시지를 보낼 수 없어요. 답변은 기록만 되었어요."),
}
KAKAO_ADMIN_URL = "https://center-pf.kakao.com/"


# -- app wiring -------------------------------------------------------------------------------


def session_config(settings: Settings) -> dict[str, Any]:
    """Flask config for the staff session cookie.

    The signing key is ``SECRET_KEY`` when set, else derived from ``ADMIN_TOKEN``, so every
    gunicorn worker agrees without one more secret, and a new token logs everybody out.
    """
    key: str | None = settings.secret_key or None
    if key is None and settings.admin_token:
        key = hmac.new(settings.admin_token.encode(), _SESSION_KEY_LABEL, hashlib.sha256).hexdigest()
    return {
        "SECRET_KEY": key,
        "SESSION_COOKIE_NAME": "staff_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.public_url.startswith("https://"),
        "PERMANENT_SESSION_LIFETIME": SESSION_LIFETIME,
    }


def _ctx() -> Context:
    return current_app.extensions["bridge"]


def _desk() -> StaffDesk:
    return StaffDesk(_ctx())


def _is_api() -> bool:
    return request.path.startswith(f"{inbox.url_prefix}/api/")


# -- who is asking ------------------------------------------------------------------------------


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets (bytes, so non-ASCII input cannot raise)."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _login_mark(token: str) -> str:
    """What a logged-in session holds: tied to the token, so a new token ends old sessions."""
    return hmac.new(token.encode(), _LOGIN_MARK_LABEL, hashlib.sha256).hexdigest()


def _logged_in(token: str) -> bool:
    return _same(str(session.get("staff", "")), _login_mark(token))


def _bearer_ok(token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and _same(given.strip(), token)


def csrf_token() -> str:
    """This session's CSRF token, created on first use; every form sends it back."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def _check_csrf() -> None:
    if not _same(request.form.get("csrf_token", ""), str(session.get("csrf", ""))):
        log.warning("staff POST %s rejected: CSRF token missing or wrong", request.path)
        abort(400, "보안 토큰이 없거나 맞지 않아요. 페이지를 새로 고친 뒤 다시 시도해 주세요. (CSRF)")


@inbox.before_request
def _guard() -> Any:
    """Fail closed: every view needs a login (pages) or the bearer token (API) unless listed public."""
    token = _ctx().settings.admin_token
    if not token:
        message = "The staff inbox is off: set ADMIN_TOKEN to turn it on. (ADMIN_TOKEN을 설정하세요)"
        if _is_api():
            return jsonify({"error": "not_configured", "message": message}), 503
        return render_template("staff/error.html", code=503, message=message), 503
    if _is_api():
        if not _bearer_ok(token):
            response = jsonify({"error": "unauthorized", "message": "send Authorization: Bearer <ADMIN_TOKEN>"})
            response.headers["WWW-Authenticate"] = 'Bearer realm="staff"'
            return response, 401
        return None
    if request.method == "POST":
        _check_csrf()
    if request.endpoint not in PUBLIC_ENDPOINTS and not _logged_in(token):
        return redirect(url_for("inbox.login"))
    return None


@inbox.after_request
def _headers(response: Response) -> Response:
    # Shopper conversations: never cached, never framed, and no script may run on these pages.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = CSP
    return response


@inbox.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Any:
    code = exc.code or 500
    if _is_api():
        return jsonify({"error": (exc.name or "error").lower().replace(" ", "_"), "message": exc.description}), code
    return render_template("staff/error.html", code=code, message=exc.description), code


@inbox.context_processor
def _template_globals() -> dict[str, Any]:
    return {"csrf_token": csrf_token, "shop_name": _ctx().settings.shop.shop.name, "staff_name": session.get("by", "")}


# -- login ------------------------------------------------------------------------------------


def _failures_key() -> str:
    return _ctx().store.key("staff", "login_failures", request.remote_addr or "-")


@inbox.route("/login", methods=["GET", "POST"])
def login() -> Any:
    token = _ctx().settings.admin_token
    if request.method == "GET":
        if _logged_in(token):
            return redirect(url_for("inbox.tickets"))
        return render_template("staff/login.html")
    redis = _ctx().redis
    if int(redis.get(_failures_key()) or 0) >= LOGIN_FAILURES:
        return render_template("staff/login.html", error="잘못된 시도가 많아요. 10분 뒤 다시 시도해 주세요."), 429
    if not _same(request.form.get("token", ""), token):
        pipe = redis.pipeline()
        pipe.incr(_failures_key())
        pipe.expire(_failures_key(), LOGIN_WINDOW)
        pipe.execute()
        log.warning("staff login failed from %s", request.remote_addr)
        return render_template("staff/login.html", error="토큰이 맞지 않아요."), 401
    name = " ".join(request.form.get("name", "").split())[:40]
    session.clear()  # a fresh session (and CSRF token) for the logged-in person
    session.permanent = True
    session["staff"] = _login_mark(token)
    session["by"] = name or "staff"
    csrf_token()
    log.info("staff login from %s", request.remote_addr)
    return redirect(url_for("inbox.tickets"))


@inbox.post("/logout")
def logout() -> Any:
    session.clear()
    flash("로그아웃했어요.", "ok")
    return redirect(url_for("inbox.login"))


# -- pages ------------------------------------------------------------------------------------


@inbox.get("/")
def tickets() -> Any:
    desk = _desk()
    rows = [_row(t) for t in desk.open_tickets()]
    resolved = [_row(t) for t in desk.recently_resolved(limit=5)]
    return render_template("staff/tickets.html", tickets=rows, resolved=resolved)


@inbox.get("/tickets/<int:number>")
def ticket(number: int) -> Any:
    desk = _desk()
    view = _view(desk, number)
    return render_template(
        "staff/ticket.html",
        t=_row(view.ticket),
        view=view,
        turns=[_turn(x) for x in view.transcript],
        undelivered=desk.undelivered(view.ticket["thread"]),
        kakao_admin_url=KAKAO_ADMIN_URL,
        max_reply=MAX_REPLY,
    )


@inbox.post("/tickets/<int:number>/reply")
def reply(number: int) -> Any:
    desk = _desk()
    view = _view(desk, number)
    here = redirect(url_for("inbox.ticket", number=number))
    text = request.form.get("text", "")
    if view.ticket.get("state") == "resolved":
        flash("이미 완료된 상담이에요. 답변을 보내지 않았어요.", "error")
        return here
    if not text.strip():
        flash("보낼 내용을 입력해 주세요.", "error")
        return here
    if len(text) > MAX_REPLY:
        flash(f"답변이 너무 길어요 ({MAX_REPLY}자까지).", "error")
        return here
    try:
        delivery = desk.reply(str(number), text, by=str(session.get("by") or "staff"))
    except TicketError as exc:  # resolved between the page load and the click
        flash(f"답변을 보내지 못했어요: {exc}", "error")
        return here
    category, message = DELIVERY_NOTES[delivery]
    flash(message, category)
    return here


@inbox.post("/tickets/<int:number>/resolve")
def resolve(number: int) -> Any:
    desk = _desk()
    view = _view(desk, number)
    if view.ticket.get("state") == "resolved":
        flash(f"#{number}은 이미 완료된 상담이에요.", "warn")
    else:
        desk.resolve(str(number), by=str(session.get("by") or "staff"))
        flash(f"#{number} 상담을 완료했어요. 고객에게 알리고 챗봇이 다시 답변해요.", "ok")
    return redirect(url_for("inbox.tickets"))


# -- JSON API -----------------------------------------------------------------------------------


@inbox.get("/api/tickets")
def api_tickets() -> Any:
    return jsonify({"tickets": [_ticket_json(t) for t in _desk().open_tickets()]})


@inbox.get("/api/tickets/<int:number>")
def api_ticket(number: int) -> Any:
    desk = _desk()
    view = _view(desk, number)
    return jsonify(
        {
            "ticket": _ticket_json(view.ticket),
            "thread_state": view.thread.get("state", ""),
            "delivery": view.delivery,
            "draft": view.ticket.get("draft", ""),
            "undelivered": desk.undelivered(view.ticket["thread"]),
            "transcript": [
                {"at": _iso(x.get("at")), "role": x.get("role", ""), "text": x.get("text", ""), "by": x.get("by", "")}
                for x in view.transcript
            ],
        }
    )


@inbox.post("/api/tickets/<int:number>/reply")
def api_reply(number: int) -> Any:
    desk = _desk()
    view = _view(desk, number)
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        abort(400, 'send a JSON object like {"text": "..."} with a non-empty text')
    if len(text) > MAX_REPLY:
        abort(400, f"text is longer than {MAX_REPLY} characters")
    by = body.get("by") if isinstance(body.get("by"), str) and body["by"].strip() else "api"
    if view.ticket.get("state") == "resolved":
        abort(409, f"ticket {number} is resolved")
    try:
        delivery = desk.reply(str(number), text, by=by[:40])
    except TicketError as exc:
        abort(409, str(exc))
    return jsonify({"number": str(number), "delivery": delivery})


@inbox.post("/api/tickets/<int:number>/resolve")
def api_resolve(number: int) -> Any:
    desk = _desk()
    view = _view(desk, number)
    if view.ticket.get("state") == "resolved":
        # StaffDesk.resolve would move the thread even if it has a newer ticket: refuse here.
        abort(409, f"ticket {number} is already resolved")
    body = request.get_json(silent=True)
    by = body.get("by") if isinstance(body, dict) and isinstance(body.get("by"), str) and body["by"].strip() else "api"
    desk.resolve(str(number), by=by[:40])
    return jsonify({"number": str(number), "resolved": True})


# -- shaping --------------------------------------------------------------------------------------


def _view(desk: StaffDesk, number: int) -> TicketView:
    try:
        return desk.view(str(number))
    except TicketError:
        abort(404, f"ticket {number} not found")


def _local(ts: str | float | None) -> datetime | None:
    if ts is None or ts == "":
        return None
    return _ctx().hours.local(datetime.fromtimestamp(float(ts), UTC))


def _iso(ts: str | float | None) -> str | None:
    moment = _local(ts)
    return moment.isoformat(timespec="seconds") if moment else None


def _age(ts: str | None) -> tuple[int, str]:
    """Seconds since ``ts`` (wall clock, like the store's timestamps) and a short Korean label."""
    now = _ctx().store.now_ts()
    seconds = max(int(now - float(ts or now)), 0)
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 1:
        label = "방금"
    elif hours < 1:
        label = f"{minutes}분"
    elif days < 1:
        label = f"{hours}시간 {minutes % 60}분"
    else:
        label = f"{days}일 {hours % 24}시간"
    return seconds, label


def _row(t: dict[str, str]) -> dict[str, Any]:
    """A ticket as the pages show it."""
    seconds, age = _age(t.get("created_at"))
    created = _local(t.get("created_at"))
    resolved = _local(t.get("resolved_at"))
    return {
        "number": t.get("id", ""),
        "state": t.get("state", ""),
        "state_label": TICKET_STATES.get(t.get("state", ""), t.get("state", "")),
        "age": age,
        "age_seconds": seconds,
        "created": created.strftime("%m-%d %H:%M") if created else "",
        "resolved": resolved.strftime("%m-%d %H:%M") if resolved else "",
        "resolved_by": t.get("resolved_by", ""),
        "channel": t.get("channel", ""),
        "channel_label": CHANNELS.get(t.get("channel", ""), t.get("channel", "")),
        "reason": t.get("reason", ""),
        "reason_label": REASONS.get(t.get("reason", ""), t.get("reason", "") or "-"),
        "message": t.get("message", ""),
        "unread": int(t.get("unread") or 0),
        "after_hours": t.get("after_hours") == "1",
        "staff": t.get("staff", ""),
        "assignee": t.get("assignee", ""),
        "escalated": t.get("escalated") == "1",
        "draft": t.get("draft", ""),
        "order": order_view.present(t.get("order", "")),
    }


def _turn(x: dict[str, Any]) -> dict[str, Any]:
    moment = _local(x.get("at"))
    role = str(x.get("role", ""))
    return {
        "role": role if role in ROLES else "other",
        "label": ROLES.get(role, role) + (f" ({x['by']})" if role == "staff" and x.get("by") else ""),
        "time": moment.strftime("%m-%d %H:%M") if moment else "",
        "text": str(x.get("text", "")),
    }


def _ticket_json(t: dict[str, str]) -> dict[str, Any]:
    row = _row(t)
    return {
        "number": row["number"],
        "state": row["state"],
        "channel": row["channel"],
        "reason": row["reason"],
        "reason_label": row["reason_label"],
        "message": row["message"],
        "unread": row["unread"],
        "after_hours": row["after_hours"],
        "staff": row["staff"],
        "created_at": _iso(t.get("created_at")),
        "age_seconds": row["age_seconds"],
        "resolved_at": _iso(t.get("resolved_at")),
    }
