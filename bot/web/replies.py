"""Quick replies on the staff pages: saved replies (create, edit, delete, insert), an FAQ answer
inserted as a reply, and the ticket actions 'assign to me' and 'escalate to a manager'. Routes on
the inbox blueprint (same login, CSRF check and headers)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from bot.conversation.kinds import TICKET_ACTIONS
from bot.conversation.staff import TicketError
from bot.web import auth
from bot.web.inbox import _ctx, _desk, _local, inbox

MAX_TITLE, MAX_TEXT = 60, 2000


def _by() -> str:
    return auth.name()


@inbox.app_template_global()
def reply_prefill(ticket: dict[str, Any]) -> str:
    """What the reply box starts with: an inserted saved reply or FAQ answer (``?insert=saved:ID`` /
    ``faq:ID``, no script needed), else the bot's draft (an LLM answer that failed a check, or the
    apology for a wrong answer), for staff to edit."""
    kind, _, key = request.args.get("insert", "").partition(":")
    if kind == "saved":
        saved = _ctx().store.people.saved_reply(key)
        if saved:
            return saved["text"]
    if kind == "faq":
        entry = _ctx().settings.shop.faq(key)
        if entry is not None:
            return entry.answer
    return str(ticket.get("draft") or "")


@inbox.app_template_global()
def reply_choices() -> dict[str, list[tuple[str, str]]]:
    """Saved replies and FAQ answers staff can insert into the reply box."""
    ctx = _ctx()
    return {
        "saved": [(f"saved:{r['id']}", r.get("title", "")) for r in ctx.store.people.saved_replies()],
        "faq": [(f"faq:{e.id}", e.title or e.questions[0]) for e in ctx.settings.shop.faqs],
    }


@inbox.app_template_global()
def ticket_log(number: str) -> list[dict[str, str]]:
    out = []
    for x in _ctx().store.people.ticket_log(number):
        moment = _local(x.get("at"))
        out.append({"when": moment.strftime("%m-%d %H:%M") if moment else "", "by": str(x.get("by", "")),
                    "action": TICKET_ACTIONS.get(str(x.get("action", "")), str(x.get("action", ""))),
                    "note": str(x.get("note", ""))})
    return out


# -- saved replies --------------------------------------------------------------------------------


@inbox.get("/replies")
def saved_replies() -> Any:
    editing = _ctx().store.people.saved_reply(request.args.get("edit", "")) or {}
    return render_template("staff/replies.html", replies=_ctx().store.people.saved_replies(), editing=editing,
                           max_title=MAX_TITLE, max_text=MAX_TEXT)


@inbox.post("/replies")
def save_reply() -> Any:
    title, text = request.form.get("title", "").strip(), request.form.get("text", "").strip()
    if not title or not text or len(title) > MAX_TITLE or len(text) > MAX_TEXT:
        flash(f"제목(~{MAX_TITLE}자)과 내용(~{MAX_TEXT}자)을 모두 입력해 주세요.", "error")
        return redirect(url_for("inbox.saved_replies"))
    people = _ctx().store.people
    reply_id = request.form.get("id", "")
    if reply_id and people.saved_reply(reply_id) is None:
        abort(404, "그런 저장된 답변이 없어요.")
    people.save_reply(title, text, by=_by(), reply_id=reply_id)
    flash("저장했어요.", "ok")
    return redirect(url_for("inbox.saved_replies"))


@inbox.post("/replies/<reply_id>/delete")
def delete_reply(reply_id: str) -> Any:
    if _ctx().store.people.remove_reply(reply_id):
        flash("삭제했어요.", "ok")
    return redirect(url_for("inbox.saved_replies"))


# -- assign and escalate --------------------------------------------------------------------------


@inbox.post("/tickets/<int:number>/assign")
def assign(number: int) -> Any:
    try:
        _desk().assign(str(number), to=_by(), by=_by())
    except TicketError as exc:
        flash(f"맡지 못했어요: {exc}", "error")
    else:
        flash(f"#{number} 상담을 {_by()} 님이 맡았어요.", "ok")
    return redirect(url_for("inbox.ticket", number=number))


@inbox.post("/tickets/<int:number>/escalate")
def escalate(number: int) -> Any:
    reason = request.form.get("reason", "")[:500]
    try:
        _desk().escalate(str(number), reason=reason, by=_by())
    except TicketError as exc:
        flash(f"넘기지 못했어요: {exc}", "error")
    else:
        flash(f"#{number} 상담을 매니저에게 넘겼어요. 매니저에게 알림을 보냈어요.", "ok")
    return redirect(url_for("inbox.ticket", number=number))
