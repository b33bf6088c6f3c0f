"""Staff logins: each person has a name, a role (staff / manager / owner) and a password stored
only as a salted hash (werkzeug.security, scrypt). ``ADMIN_TOKEN`` stays the owner's own login.

A person is added with a one-time password (generated, or given by whoever adds them); at their
first login they choose their own. Disabling a person, a new password or a new role bumps their
``gen``, which ends their open sessions at once (:func:`bot.web.inbox._guard` compares it).
Stored through :class:`bot.storage.people.People`; used by the staff pages and ``python -m bot staff``.
"""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from bot.conversation.kinds import STAFF_ROLES
from bot.storage.people import People

MAX_NAME = 40
MIN_PASSWORD = 8


@cache
def _dummy_hash() -> str:
    """Checked against when a name is unknown, so a wrong name costs as long as a wrong password."""
    return generate_password_hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """Bad input for a person: the message says what to fix (Korean, shown on the pages)."""


def clean_name(raw: Any) -> str:
    name = " ".join(str(raw or "").split())
    if not name or len(name) > MAX_NAME or any(not ch.isprintable() or ch in "/\\" for ch in name):
        raise AccountError(f"이름은 1~{MAX_NAME}자로, '/' 없이 입력해 주세요.")
    return name


def check_role(raw: Any) -> str:
    if raw not in STAFF_ROLES:
        raise AccountError(f"역할은 {', '.join(STAFF_ROLES)} 중 하나예요.")
    return str(raw)


def check_password(raw: Any) -> str:
    if not isinstance(raw, str) or len(raw) < MIN_PASSWORD or len(raw) > 200:
        raise AccountError(f"비밀번호는 {MIN_PASSWORD}자 이상이어야 해요.")
    return raw


def one_time_password() -> str:
    return secrets.token_urlsafe(9)  # 12 characters


def add(people: People, name: Any, role: Any, *, by: str, password: str = "", notify: str = "") -> str:
    """Add a person; returns the one-time password (the given one, or a new one)."""
    name, role = clean_name(name), check_role(role)
    if people.person(name) is not None:
        raise AccountError(f"'{name}' 님은 이미 있어요.")
    password = check_password(password) if password else one_time_password()
    people.save_person(name, role=role, password=generate_password_hash(password), must_change=True,
                       disabled=False, notify=notify.strip()[:300], gen=1, added_by=by, at=round(people.store.now_ts()))
    return password


def change(people: People, name: str, *, role: Any = None, disabled: Any = None, notify: Any = None) -> dict[str, Any]:
    person = people.person(name)
    if person is None:
        raise AccountError(f"'{name}' 님이 없어요.")
    fields = {k: v for k, v in person.items() if k != "name"}
    if role is not None and check_role(role) != person.get("role"):
        fields.update(role=role, gen=int(person.get("gen", 0)) + 1)
    if disabled is not None and bool(disabled) != bool(person.get("disabled")):
        fields.update(disabled=bool(disabled), gen=int(person.get("gen", 0)) + 1)
    if notify is not None:
        fields["notify"] = str(notify).strip()[:300]
    people.save_person(name, **fields)
    return {**fields, "name": name}


def set_password(people: People, name: str, password: str = "", *, one_time: bool) -> str:
    """A new password (a one-time one when ``one_time``); ends the person's open sessions."""
    person = people.person(name)
    if person is None:
        raise AccountError(f"'{name}' 님이 없어요.")
    password = check_password(password) if password else one_time_password()
    fields = {k: v for k, v in person.items() if k != "name"}
    fields.update(password=generate_password_hash(password), must_change=one_time, gen=int(person.get("gen", 0)) + 1)
    people.save_person(name, **fields)
    return password


def authenticate(people: People, name: str, password: str) -> dict[str, Any] | None:
    """The person, if the name and password match and they are not disabled."""
    person = people.person(" ".join(name.split())) if name.strip() else None
    if person is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(str(person.get("password", "")), password) or person.get("disabled"):
        return None
    return person


def public(person: dict[str, Any]) -> dict[str, Any]:
    """A person as the pages and the API show them: never the hash."""
    return {"name": person["name"], "role": person.get("role", ""), "role_label": STAFF_ROLES.get(person.get("role", ""), ""),
            "disabled": bool(person.get("disabled")), "notify": person.get("notify", ""),
            "must_change": bool(person.get("must_change")), "added_by": person.get("added_by", "")}
