"""The morning review and the conversation list on the staff pages (``/staff/review``,
``/staff/conversations``) and their JSON API; routes on the inbox blueprint, so the same login,
CSRF check and headers guard them. Every decision goes through
:class:`bot.conversation.review.ReviewDesk`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from bot.conversation.kinds import ANSWER_SOURCES, CHANNELS, REVIEW_STATES
from bot.conversation.review import ReviewDesk, ReviewError, answer_json
from bot.conversation.threads import FILTERS, ThreadRow, answers_in, conversations
from bot.web import auth
from bot.web.inbox import _ctx, _turn, inbox

MAX_NOTE = 500


def _by() -> str:
    return auth.name()


def _api_by(body: dict[str, Any]) -> str:
    by = body.get("by")
    return by.strip()[:40] if isinstance(by, str) and by.strip() else "api"


def _when(ts: str | float | None) -> str:
    if not ts:
        return ""
    return _ctx().hours.local(datetime.fromtimestamp(float(ts), UTC)).strftime("%m-%d %H:%M")


def _answer_row(a: dict[str, str]) -> dict[str, Any]:
    return {
        **a,
        "when": _when(a.get("at")),
        "source_label": ANSWER_SOURCES.get(a.get("source", ""), a.get("source", "")),
        "channel_label": CHANNELS.get(a.get("channel", ""), a.get("channel", "")),
        "state_label": REVIEW_STATES.get(a.get("state", ""), a.get("state", "")),
        "after_hours": a.get("after_hours") == "1",
    }


# -- review pages ---------------------------------------------------------------------------------


@inbox.get("/review")
def review() -> Any:
    answers = [_answer_row(a) for a in ReviewDesk(_ctx()).waiting()]
    return render_template("staff/review.html", answers=answers, max_note=MAX_NOTE)


@inbox.post("/review/<int:number>/ok")
def review_ok(number: int) -> Any:
    try:
        ReviewDesk(_ctx()).mark_ok(str(number), by=_by(), note=request.form.get("note", "")[:MAX_NOTE])
    except ReviewError as exc:
        flash(f"처리하지 못했어요: {exc}", "warn")
    else:
        flash(f"답변 #{number}을 맞는 답변으로 표시했어요.", "ok")
    back = _thread_url(number) if request.form.get("back") == "thread" else ""
    return redirect(back or url_for("inbox.review"))


@inbox.post("/review/<int:number>/wrong")
def review_wrong(number: int) -> Any:
    try:
        repair = ReviewDesk(_ctx()).mark_wrong(str(number), by=_by(), note=request.form.get("note", "")[:MAX_NOTE])
    except ReviewError as exc:
        flash(f"처리하지 못했어요: {exc}", "warn")
        return redirect(url_for("inbox.review"))
    flash("틀린 답변으로 표시했어요. 아래 사과 초안을 바른 내용으로 고쳐서 보내 주세요.", "warn")
    return redirect(url_for("inbox.ticket", number=int(repair.ticket)))


def _thread_url(number: int) -> str:
    answer = _ctx().store.reviews.answer(str(number)) or {}
    return url_for("inbox.thread", thread_id=answer.get("thread", "")) if answer.get("thread") else ""


# -- conversations -------------------------------------------------------------------------------


def _flags() -> set[str]:
    return {f for f in request.args.getlist("filter") if f in FILTERS}


def _thread_row(row: ThreadRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "when": _when(row.at),
        "channel_label": CHANNELS.get(row.thread.get("channel", ""), row.thread.get("channel", "")),
        "state": row.thread.get("state", ""),
        "flags": [FILTERS[f] for f in row.flags],
        "last": str(row.last.get("text", "")),
        "hit": row.hit,
        "ticket": row.thread.get("ticket", ""),
    }


@inbox.get("/conversations")
def conversation_list() -> Any:
    flags, query = _flags(), request.args.get("q", "")[:100]
    rows = [_thread_row(r) for r in conversations(_ctx(), flags, query)]
    return render_template("staff/conversations.html", rows=rows, filters=FILTERS, chosen=flags, query=query)


@inbox.get("/conversations/<path:thread_id>")
def thread(thread_id: str) -> Any:
    store = _ctx().store
    data = store.redis.exists(store.key("thread", thread_id))
    if not data:
        abort(404, "그런 대화가 없어요.")
    info = store.thread(thread_id)
    return render_template(
        "staff/thread.html",
        thread_id=thread_id,
        info=info,
        channel_label=CHANNELS.get(info.get("channel", ""), info.get("channel", "")),
        turns=[_turn(x) for x in store.transcript(thread_id)],
        answers=[_answer_row(a) for a in answers_in(_ctx(), thread_id)],
        max_note=MAX_NOTE,
    )


# -- JSON API -----------------------------------------------------------------------------------


@inbox.get("/api/review")
def api_review() -> Any:
    zone = _ctx().hours.zone
    return jsonify({"answers": [answer_json(a, zone) for a in ReviewDesk(_ctx()).waiting()]})


@inbox.post("/api/review/<int:number>/<verdict>")
def api_review_decide(number: int, verdict: str) -> Any:
    if verdict not in ("ok", "wrong"):
        abort(404, "use /ok or /wrong")
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    note, reply = body.get("note", ""), body.get("reply", "")
    if not isinstance(note, str) or not isinstance(reply, str):
        abort(400, 'send a JSON object like {"note": "...", "reply": "..."}')
    desk = ReviewDesk(_ctx())
    try:
        desk.answer(str(number))
    except ReviewError as exc:
        abort(404, str(exc))
    try:
        if verdict == "ok":
            desk.mark_ok(str(number), by=_api_by(body), note=note[:MAX_NOTE])
            return jsonify({"id": str(number), "state": "ok"})
        repair = desk.mark_wrong(str(number), by=_api_by(body), note=note[:MAX_NOTE], reply=reply[:2000])
    except ReviewError as exc:
        abort(409, str(exc))
    return jsonify({"id": str(number), "state": "wrong", "ticket": repair.ticket, "delivery": repair.delivery})


@inbox.get("/api/conversations")
def api_conversations() -> Any:
    rows = conversations(_ctx(), _flags(), request.args.get("q", "")[:100])
    return jsonify({"conversations": [
        {"thread": r.id, "at": datetime.fromtimestamp(r.at, UTC).isoformat(timespec="seconds"),
         "channel": r.thread.get("channel", ""), "state": r.thread.get("state", ""), "flags": r.flags,
         "ticket": r.thread.get("ticket", ""), "last": r.last.get("text", ""), "hit": r.hit}
        for r in rows]})


