"""FAQ suggestions in ``/staff/suggestions`` (owner) and ``/staff/api/suggestions``: the questions the
FAQ missed, grouped (:mod:`bot.learn`); add one as an example of an FAQ, or draft a new FAQ."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, render_template, request

from bot import learn
from bot.web.owner import ctx, json_body, owner
from bot.web.settings_pages import _by, _page, api_change, live, save


def _groups() -> list[learn.Group]:
    context = ctx()
    return learn.groups(context.store, context.router)


@owner.get("/api/suggestions")
def api_suggestions() -> Any:
    live()  # the owner's
    return jsonify({"groups": [{"key": g.key, "size": g.size, "words": g.words, "examples": g.examples[:10],
                                "kinds": g.kinds} for g in _groups()]})


@owner.post("/api/suggestions/example")
def api_add_example() -> Any:
    body = json_body()
    question, faq_id = body.get("question"), body.get("faq_id")
    if not isinstance(question, str) or not question.strip() or not isinstance(faq_id, str):
        abort(400, 'send {"question": "...", "faq_id": "..."}')
    return api_change(lambda: live().add_example(faq_id, question.strip(), by=_by("api")),
                      lambda v: {"faq_id": faq_id, "question": question.strip(), "version": v}, f"no FAQ {faq_id!r}")


@owner.get("/suggestions")
def suggestions_page() -> Any:
    settings = live()
    return render_template("staff/suggestions.html", groups=_groups()[:30], faqs=settings.faqs(), kinds=learn.KINDS)


@owner.post("/suggestions/example")
def suggestions_add_example() -> Any:
    question, faq_id = request.form.get("question", "").strip(), request.form.get("faq_id", "")
    if not question:
        abort(400, "질문을 골라 주세요.")
    return save(lambda: live().add_example(faq_id, question, by=_by("owner")),
                f"'{question}'을(를) FAQ '{faq_id}'의 예시 질문으로 넣었어요.", f"FAQ '{faq_id}'이(가) 없어요.",
                back="inbox.owner.suggestions_page")


@owner.post("/suggestions/<key>/draft")
def suggestions_draft(key: str) -> Any:
    group = next((g for g in _groups() if g.key == key), None)
    if group is None:
        abort(404, "이 묶음은 이제 없어요 (이미 답하고 있거나 오래된 질문이에요).")
    flash("묶음에서 새 FAQ 초안을 만들었어요. ID와 답변을 확인한 뒤 저장해 주세요.", "ok")
    return _page(form=learn.draft(ctx().store, group))
