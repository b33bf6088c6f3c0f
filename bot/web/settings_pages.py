"""Live shop settings in ``/staff/settings`` (owner) and ``/staff/api/faqs``, ``/staff/api/settings/…``.

Validated by the shop file's own models (:mod:`bot.settings`), with its field names
(``faqs.3.answer``); an invalid change is answered with those errors and stores nothing. Each
change is a version in Redis; see :mod:`bot.live` for which wins when the shop file changes too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for

from bot.live import Invalid, LiveSettings
from bot.web import auth
from bot.web.owner import ctx, json_body, owner, require_owner

EDITABLE = ("hours", "days_off", "policies", "messages", "rollout")  # besides the FAQ list
SECTION_LABELS = {"hours": "영업시간", "days_off": "휴무일", "policies": "정책 (AI가 답할 때 참고)",
                  "messages": "챗봇 문장 (바꾼 것만)", "rollout": "단계적 도입"}


def live() -> LiveSettings:
    require_owner()
    context = ctx()
    return LiveSettings(context.store, context.file_shop)


def _by(default: str) -> str:
    return auth.name()


def _invalid(exc: Invalid) -> Any:
    return jsonify({"error": "invalid", "message": "nothing was changed",
                    "errors": [{"field": f, "message": m} for f, m in exc.errors]}), 400


def _applied() -> None:
    """This process uses the new version at once; the others within a second or two."""
    ctx().refresh(force=True)


# -- JSON API ---------------------------------------------------------------------------------


@owner.get("/api/faqs")
def api_faqs() -> Any:
    settings = live()
    return jsonify({"faqs": settings.faqs(), "version": ctx().store.settings_version()})


@owner.put("/api/faqs/<faq_id>")
def api_put_faq(faq_id: str) -> Any:
    body = json_body()
    if "id" in body and body["id"] != faq_id:
        return _invalid(Invalid([("id", f"the body's id {body['id']!r} is not the URL's {faq_id!r}")]))
    try:
        version, created = live().put_faq(faq_id, body, by=_by("api"))
    except Invalid as exc:
        return _invalid(exc)
    _applied()
    faq = next(f for f in live().faqs() if f["id"] == faq_id)
    return jsonify({"faq": faq, "version": version, "created": created}), 201 if created else 200


def api_change(change: Callable[[], int], answer: Callable[[int], dict[str, Any]], missing: str = "") -> Any:
    """Run an API change: 404 when what it names is gone, 400 with the field errors when invalid
    (nothing stored), else applied here at once and ``answer(version)`` as JSON."""
    try:
        version = change()
    except KeyError:
        abort(404, missing or "not found")
    except Invalid as exc:
        return _invalid(exc)
    _applied()
    return jsonify(answer(version))


@owner.delete("/api/faqs/<faq_id>")
def api_delete_faq(faq_id: str) -> Any:
    return api_change(lambda: live().delete_faq(faq_id, by=_by("api")),
                      lambda v: {"deleted": faq_id, "version": v}, f"no FAQ {faq_id!r}")


@owner.get("/api/settings/<name>")
def api_section(name: str) -> Any:
    if name not in EDITABLE:
        abort(404, f"editable sections: faqs (/staff/api/faqs), {', '.join(EDITABLE)}")
    return jsonify({name: live().section(name)})


@owner.put("/api/settings/<name>")
def api_put_section(name: str) -> Any:
    if name not in EDITABLE:
        abort(404, f"editable sections: {', '.join(EDITABLE)}")
    value = request.get_json(silent=True)
    if value is None:
        abort(400, "send the section's value as JSON, as it would be in the shop file")
    return api_change(lambda: live().put_section(name, value, by=_by("api")),
                      lambda v: {name: live().section(name), "version": v})


@owner.get("/api/settings/versions")
def api_versions() -> Any:
    settings = live()
    in_force = settings.in_force()
    return jsonify({"versions": settings.versions(), "in_force": in_force["number"] if in_force else None})


@owner.post("/api/settings/versions/<int:number>/restore")
def api_restore(number: int) -> Any:
    return api_change(lambda: live().restore(number, by=_by("api")),
                      lambda v: {"restored": number, "version": v}, f"no version {number}")


@owner.get("/api/settings/export")
def api_export() -> Any:
    return Response(live().export_yaml(), mimetype="application/yaml")


# -- pages ------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[\n,]", text or "") if x.strip()]


def _page(errors: list[tuple[str, str]] | None = None, status: int = 200, form: dict[str, str] | None = None) -> Any:
    settings = live()
    sections = {name: yaml.safe_dump(settings.section(name), allow_unicode=True, sort_keys=False).strip()
                for name in EDITABLE}
    in_force = settings.in_force()
    return render_template(
        "staff/settings.html", faqs=settings.faqs(), versions=settings.versions(), in_force=in_force,
        sections=sections, labels=SECTION_LABELS, errors=errors or [], form=form or {},
        file_changed=bool(ctx().store.settings_version()) and in_force is None,
    ), status


@owner.get("/settings")
def settings_page() -> Any:
    return _page()


def save(change: Callable[[], int], done: str, missing: str = "", back: str = "inbox.owner.settings_page") -> Any:
    """Run a page's change: 404 when what it names is gone, the form again with the field errors
    when invalid (nothing stored), else applied here at once and a note with the new version."""
    try:
        version = change()
    except KeyError:
        abort(404, missing or "찾을 수 없어요.")
    except Invalid as exc:
        return _page(exc.errors, 400, dict(request.form))
    _applied()
    flash(f"{done} (버전 {version})", "ok")
    return redirect(url_for(back))


@owner.post("/settings/faqs")
def settings_save_faq() -> Any:
    form = {k: request.form.get(k, "") for k in ("id", "title", "answer", "questions", "keywords")}
    faq_id = form["id"].strip()
    body: dict[str, Any] = {"title": form["title"].strip(), "answer": form["answer"].strip(),
                            "questions": [x.strip() for x in form["questions"].splitlines() if x.strip()],
                            "keywords": _lines(form["keywords"])}
    old = next((f for f in live().faqs() if f["id"] == faq_id), None)
    if old is not None:  # keep what the form does not show (synonyms, quick replies…)
        body = {**old, **body}
        body.pop("id", None)
    verb = "저장" if old is not None else "추가"
    return save(lambda: live().put_faq(faq_id, body, by=_by("owner"))[0], f"FAQ '{faq_id}'을(를) {verb}했어요.")


@owner.post("/settings/faqs/<faq_id>/delete")
def settings_delete_faq(faq_id: str) -> Any:
    return save(lambda: live().delete_faq(faq_id, by=_by("owner")), f"FAQ '{faq_id}'을(를) 지웠어요.",
                f"FAQ '{faq_id}'이(가) 없어요.")


@owner.post("/settings/sections/<name>")
def settings_save_section(name: str) -> Any:
    if name not in EDITABLE:
        abort(404, "바꿀 수 없는 항목이에요.")
    try:
        value = yaml.safe_load(request.form.get("value", "")) or ([] if name == "days_off" else {})
    except yaml.YAMLError as exc:
        return _page([(name, f"YAML 형식이 아니에요: {exc}")], 400)
    return save(lambda: live().put_section(name, value, by=_by("owner")), f"{SECTION_LABELS[name]}을(를) 저장했어요.")


@owner.post("/settings/versions/<int:number>/restore")
def settings_restore(number: int) -> Any:
    return save(lambda: live().restore(number, by=_by("owner")), f"버전 {number}으로 되돌렸어요.",
                f"버전 {number}이(가) 없어요.")


@owner.get("/settings/export.yaml")
def settings_export() -> Any:
    response = Response(live().export_yaml(), mimetype="application/yaml")
    response.headers["Content-Disposition"] = "attachment; filename=shop.yaml"
    return response
