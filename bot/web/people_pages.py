"""People on the staff pages: the owner adds people, sets their role, disables them and gives
them a new one-time password (``/staff/people``, ``/staff/api/people``); everyone with a login of
their own changes their password (``/staff/password``). Routes on the inbox blueprint (same
login, CSRF check and headers); the rules live in :mod:`bot.accounts`.

Also here: an escalated ticket is a manager's. Staff may read it; replying, resolving or taking
it needs the ``manager`` role or above.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, session, url_for

from bot import accounts
from bot.conversation.kinds import STAFF_ROLES
from bot.storage.people import People
from bot.web import auth
from bot.web.auth import requires
from bot.web.inbox import _ctx, inbox
from bot.web.owner import json_body


def _people() -> People:
    return _ctx().store.people


@inbox.before_request
def _escalated_is_a_managers() -> None:
    """Any POST on ``/staff/tickets/<n>/…`` (page or API) of an escalated ticket needs a manager."""
    number = (request.view_args or {}).get("number")
    if request.method != "POST" or number is None or "/tickets/" not in request.path:
        return
    ticket = _ctx().store.ticket(str(number)) or {}
    if ticket.get("escalated") == "1" and not auth.allowed("manager"):
        abort(403, "매니저에게 넘긴 상담이에요. 매니저나 대표가 처리해요.")


# -- pages ------------------------------------------------------------------------------------


def _page(new_password: tuple[str, str] | None = None, status: int = 200) -> Any:
    people = [accounts.public(p) for p in _people().everyone()]
    return render_template("staff/people.html", people=people, roles=STAFF_ROLES, new_password=new_password,
                           max_name=accounts.MAX_NAME), status


@inbox.get("/people")
@requires("owner")
def people_page() -> Any:
    return _page()


@inbox.post("/people")
@requires("owner")
def add_person() -> Any:
    form = request.form
    try:
        password = accounts.add(_people(), form.get("name"), form.get("role"), by=auth.name(),
                                password=form.get("password", ""), notify=form.get("notify", ""))
    except accounts.AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("inbox.people_page"))
    name = accounts.clean_name(form.get("name"))
    return _page((name, password))  # shown once, in this response only: not in a redirect's session cookie


@inbox.post("/people/<name>")
@requires("owner")
def change_person(name: str) -> Any:
    form = request.form
    try:
        accounts.change(_people(), name, role=form.get("role"), disabled=form.get("disabled") == "1",
                        notify=form.get("notify"))
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{name} 님 정보를 바꿨어요.", "ok")
    return redirect(url_for("inbox.people_page"))


@inbox.post("/people/<name>/password")
@requires("owner")
def reset_password(name: str) -> Any:
    return _page((name, _new_one_time(name)))


def _new_one_time(name: str) -> str:
    """A new one-time password for ``name`` (their open sessions end); 404 for nobody."""
    try:
        return accounts.set_password(_people(), name, one_time=True)
    except accounts.AccountError as exc:
        abort(404, str(exc))


@inbox.route("/password", methods=["GET", "POST"])
def password() -> Any:
    """A person chooses their own password (at once after logging in with a one-time one)."""
    name = session.get("person")
    if name is None:
        abort(400, "대표 로그인(ADMIN_TOKEN)은 여기서 바꾸지 않아요. ADMIN_TOKEN 설정을 바꿔 주세요.")
    if request.method == "POST":
        new, again = request.form.get("new", ""), request.form.get("again", "")
        if accounts.authenticate(_people(), str(name), request.form.get("current", "")) is None:
            flash("지금 비밀번호가 맞지 않아요.", "error")
        elif new != again:
            flash("새 비밀번호 두 칸이 달라요.", "error")
        else:
            try:
                accounts.set_password(_people(), str(name), new, one_time=False)
            except accounts.AccountError as exc:
                flash(str(exc), "error")
            else:
                session.clear()
                flash("비밀번호를 바꿨어요. 새 비밀번호로 다시 로그인해 주세요.", "ok")
                return redirect(url_for("inbox.login"))
    return render_template("staff/password.html", min_password=accounts.MIN_PASSWORD)


# -- JSON API -----------------------------------------------------------------------------------


@inbox.get("/api/people")
@requires("owner")
def api_people() -> Any:
    return jsonify({"people": [accounts.public(p) for p in _people().everyone()]})


@inbox.post("/api/people")
@requires("owner")
def api_add_person() -> Any:
    body = json_body()
    try:
        password = accounts.add(_people(), body.get("name"), body.get("role", "staff"), by=auth.name(),
                                password=str(body.get("password") or ""), notify=str(body.get("notify") or ""))
    except accounts.AccountError as exc:
        abort(400, str(exc))
    person = _people().person(accounts.clean_name(body.get("name")))
    assert person is not None
    return jsonify({**accounts.public(person), "password": password}), 201


@inbox.patch("/api/people/<name>")
@requires("owner")
def api_change_person(name: str) -> Any:
    body = json_body()
    if _people().person(name) is None:
        abort(404, f"no person {name!r}")
    disabled = body.get("disabled")
    try:
        person = accounts.change(_people(), name, role=body.get("role"), notify=body.get("notify"),
                                 disabled=None if disabled is None else bool(disabled))
    except accounts.AccountError as exc:
        abort(400, str(exc))
    return jsonify(accounts.public(person))


@inbox.post("/api/people/<name>/password")
@requires("owner")
def api_reset_password(name: str) -> Any:
    return jsonify({"name": name, "password": _new_one_time(name), "must_change": True})
