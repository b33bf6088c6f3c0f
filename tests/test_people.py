"""Per-person staff logins (issue #18, 6): the owner adds people with roles, each logs in with a
password of their own (stored hashed), their name goes on what they do, a staff login cannot do an
owner's actions, an escalated ticket is a manager's, and managers hear of it on their own target.
Through the HTTP app, real Redis and real RQ workers; Slack is stubbed at its HTTP boundary and
email goes to a local SMTP server."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
import responses

from tests.conftest import Shopper
from tests.test_handoff import smtp

__all__ = ["smtp"]  # a fixture used here
TOKEN = "people-admin-token-93be"
XSS = "<script>alert(1)</script>"


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "ADMIN_TOKEN": TOKEN, "PUBLIC_URL": "https://bot.shop.test"}


def csrf(client: Any, path: str = "/staff/login") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, f"{path} has no CSRF token"
    return match.group(1)


def login(client: Any, name: str, password: str) -> Any:
    return client.post("/staff/login", data={"name": name, "token": password, "csrf_token": csrf(client)})


def post(client: Any, path: str, **form: str) -> Any:
    return client.post(path, data={**form, "csrf_token": csrf(client, "/staff/password")})


def owner_adds(app: Any, name: str, role: str, notify: str = "") -> str:
    """The owner adds a person through the API; their one-time password."""
    resp = app.test_client().post("/staff/api/people", json={"name": name, "role": role, "notify": notify},
                                  headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201, resp.get_json()
    assert "hash" not in json.dumps(resp.get_json()) and "scrypt" not in json.dumps(resp.get_json())
    return str(resp.get_json()["password"])


def choose_password(client: Any, one_time: str, new: str = "my-own-password-1") -> Any:
    return client.post("/staff/password", data={"current": one_time, "new": new, "again": new,
                                                "csrf_token": csrf(client, "/staff/password")})


def settled_in(app: Any, name: str, one_time: str) -> Any:
    """A client logged in as ``name``, who has chosen their own password."""
    client = app.test_client()
    assert login(client, name, one_time).status_code == 302
    assert choose_password(client, one_time).status_code == 302
    assert login(client, name, "my-own-password-1").status_code == 302
    return client


def ticket(client: Any, ctx: Any, run_jobs: Any, user: str = "k1") -> str:
    Shopper(client, {}).say("kakao", f"상담원 연결해주세요 {XSS}", user)
    run_jobs()
    return str(ctx.store.thread(f"kakao:{user}")["ticket"])


def test_the_owner_adds_a_person_who_logs_in_chooses_a_password_and_signs_what_they_do(
    app: Any, ctx: Any, run_jobs: Any
) -> None:
    number = ticket(app.test_client(), ctx, run_jobs)
    owner = app.test_client()
    assert login(owner, "", TOKEN).status_code == 302  # the ADMIN_TOKEN is the owner's login
    page = owner.post("/staff/people", data={"name": "민지", "role": "staff", "csrf_token": csrf(owner, "/staff/people")})
    html = page.get_data(as_text=True)
    one_time = re.search(r'id="one-time-password">([^<]+)<', html).group(1)  # shown once, on this page
    assert page.status_code == 200 and "민지" in html
    stored = ctx.store.people.person("민지")
    assert stored["role"] == "staff" and one_time not in json.dumps(stored) and stored["password"].startswith("scrypt:")
    assert one_time not in owner.get("/staff/people").get_data(as_text=True)

    minji = app.test_client()
    assert login(minji, "민지", "wrong-password").status_code == 401
    assert login(minji, "민지", one_time).status_code == 302
    assert minji.get("/staff/").headers["Location"].endswith("/staff/password")  # choose one's own first
    assert choose_password(minji, one_time).status_code == 302
    assert login(minji, "민지", one_time).status_code == 401  # one time only
    assert login(minji, "민지", "my-own-password-1").status_code == 302
    html = minji.get(f"/staff/tickets/{number}").get_data(as_text=True)
    assert XSS not in html and "&lt;script&gt;" in html
    assert post(minji, f"/staff/tickets/{number}/assign").status_code == 302
    assert post(minji, f"/staff/tickets/{number}/reply", text="확인해 드릴게요.").status_code == 302
    log = [(x["action"], x["by"]) for x in ctx.store.people.ticket_log(number)]
    assert ("assigned", "민지") in log and ("replied", "민지") in log
    assert ctx.store.ticket(number)["assignee"] == "민지"


def test_a_staff_login_cannot_do_an_owners_actions(app: Any, ctx: Any) -> None:
    client = settled_in(app, "준호", owner_adds(app, "준호", "staff"))
    assert client.get("/staff/").status_code == 200
    nav = client.get("/staff/").get_data(as_text=True)
    assert 'id="nav-people"' not in nav and 'id="nav-settings"' not in nav
    for path in ("/staff/people", "/staff/settings", "/staff/suggestions"):
        assert client.get(path).status_code == 403, path
    assert post(client, "/staff/people", name="몰래", role="owner").status_code == 403
    assert post(client, "/staff/people/준호", role="owner").status_code == 403
    assert post(client, "/staff/people/준호/password").status_code == 403
    assert ctx.store.people.person("몰래") is None and ctx.store.people.person("준호")["role"] == "staff"
    assert client.get("/staff/api/people").status_code == 401  # the API is the owner's token only


def test_an_escalated_ticket_is_a_managers_and_managers_are_told_on_their_own_target(
    run_jobs: Any, smtp: Any, env: dict[str, str], make_ctx: Any
) -> None:
    from bot.web.app import create_app

    env["SMTP_URL"] = smtp.url
    ctx = make_ctx()
    app = create_app(ctx=ctx)
    number = ticket(app.test_client(), ctx, run_jobs)
    slack_url = "https://hooks.slack.test/services/manager-1"
    owner_adds(app, "서연", "manager", notify=slack_url)
    owner_adds(app, "대표님", "owner", notify="boss@shop.test")
    owner_adds(app, "하나", "staff", notify="hana@shop.test")  # staff are not told of escalations

    staff = settled_in(app, "하나", owner_password(app, "하나"))
    with responses.RequestsMock() as slack:
        slack.post(slack_url, body="ok")
        resp = post(staff, f"/staff/tickets/{number}/escalate", reason="환불 금액은 매니저가 정해야 해요")
        assert resp.status_code == 302
        run_jobs()
        (call,) = slack.calls
        assert f"상담 #{number}을 매니저에게 넘겼어요 (하나)" in json.loads(call.request.body)["text"]
        assert "https://bot.shop.test/staff/tickets/" in json.loads(call.request.body)["text"]
    (mail,) = smtp.messages
    assert mail.rcpt_tos == ["boss@shop.test"]
    assert ("escalated", "하나") in [(x["action"], x["by"]) for x in ctx.store.people.ticket_log(number)]

    # Now it is a manager's: staff may read it, not act on it.
    assert staff.get(f"/staff/tickets/{number}").status_code == 200
    assert post(staff, f"/staff/tickets/{number}/reply", text="제가 할게요").status_code == 403
    assert post(staff, f"/staff/tickets/{number}/resolve").status_code == 403
    manager = settled_in(app, "서연", owner_password(app, "서연"))
    assert post(manager, f"/staff/tickets/{number}/reply", text="환불해 드릴게요.").status_code == 302
    assert ("replied", "서연") in [(x["action"], x["by"]) for x in ctx.store.people.ticket_log(number)]


def owner_password(app: Any, name: str) -> str:
    """A new one-time password for ``name``, from the owner's API."""
    resp = app.test_client().post(f"/staff/api/people/{name}/password", headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 200
    return str(resp.get_json()["password"])


def test_disabling_a_person_or_a_new_role_ends_their_session(app: Any, ctx: Any) -> None:
    client = settled_in(app, "민지", owner_adds(app, "민지", "staff"))
    assert client.get("/staff/").status_code == 200
    api = app.test_client()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert api.patch("/staff/api/people/민지", json={"role": "manager"}, headers=bearer).get_json()["role"] == "manager"
    assert client.get("/staff/").status_code == 302  # logged out by the change
    login(client, "민지", "my-own-password-1")
    assert client.get("/staff/").status_code == 200
    assert api.patch("/staff/api/people/민지", json={"disabled": True}, headers=bearer).status_code == 200
    assert client.get("/staff/").status_code == 302
    assert login(client, "민지", "my-own-password-1").status_code == 401
    assert api.patch("/staff/api/people/민지", json={"role": "boss"}, headers=bearer).status_code == 400
    assert api.patch("/staff/api/people/nobody", json={"role": "staff"}, headers=bearer).status_code == 404
    assert api.post("/staff/api/people", json={"name": "민지", "role": "staff"}, headers=bearer).status_code == 400
    assert api.post("/staff/api/people", json={"name": "", "role": "staff"}, headers=bearer).status_code == 400
    people = api.get("/staff/api/people", headers=bearer).get_json()["people"]
    assert people == [{"name": "민지", "role": "manager", "role_label": "매니저", "disabled": True, "notify": "",
                       "must_change": False, "added_by": "api"}]


def test_the_cli_adds_the_first_people(
    ctx: Any, app: Any, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from bot.dev.cli import main

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["staff", "add", "민지", "--role", "manager"]) == 0
    one_time = capsys.readouterr().out.strip()
    assert len(one_time) >= 12 and login(app.test_client(), "민지", one_time).status_code == 302
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password-9\n"))
    assert main(["staff", "add", "준호", "--password-stdin"]) == 0
    assert login(app.test_client(), "준호", "a-long-password-9").status_code == 302
    assert main(["staff", "add", "준호"]) == 1  # already there
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["staff", "add", "하나", "--password-stdin"]) == 1
    capsys.readouterr()
    assert main(["staff", "list"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["name"], r["role"]) for r in rows] == [("민지", "manager"), ("준호", "staff")]
    assert "password" not in rows[0]
    assert main(["staff", "disable", "준호"]) == 0
    assert login(app.test_client(), "준호", "a-long-password-9").status_code == 401
