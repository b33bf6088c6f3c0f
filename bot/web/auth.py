"""Who may do what on the staff pages: roles ``staff`` < ``manager`` < ``owner``.

The inbox's guard (:func:`bot.web.inbox._guard`) puts the logged-in person's name and role on
``flask.g`` for every request (the ``ADMIN_TOKEN`` login and the API's bearer token are the owner).
A view that needs more than a login says so::

    from bot.web.auth import requires

    @owner.get("/settings")
    @requires("owner")
    def settings_page(): ...

or calls ``need("owner")`` inside the view; either answers 403 to anyone below that role.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, g, session

from bot.conversation.kinds import STAFF_ROLES

_LOGIN_MARK_LABEL = b"shop-messenger-bridge/staff-login/v1"
OWNER_NAME = "대표"  # the ADMIN_TOKEN login's name when none is given
RANK = {role: n for n, role in enumerate(STAFF_ROLES)}  # staff 0, manager 1, owner 2
F = TypeVar("F", bound=Callable[..., Any])


def role() -> str:
    """The role of whoever makes this request ('' outside a logged-in staff request)."""
    return str(g.get("staff_role", ""))


def name() -> str:
    """The logged-in person's name, recorded on everything they do."""
    return str(g.get("staff_by", "")) or "staff"


def allowed(needed: str, have: str | None = None) -> bool:
    return RANK.get(role() if have is None else have, -1) >= RANK[needed]


def need(needed: str) -> None:
    """403 unless the person's role is ``needed`` or above."""
    if needed not in RANK:
        raise ValueError(f"unknown role {needed!r}; one of {', '.join(STAFF_ROLES)}")
    if not allowed(needed):
        abort(403, f"{STAFF_ROLES[needed]} 권한이 있어야 할 수 있어요. ({needed} role required)")


def requires(needed: str) -> Callable[[F], F]:
    """A view decorator: ``@requires("owner")`` under the route decorator."""
    if needed not in RANK:
        raise ValueError(f"unknown role {needed!r}; one of {', '.join(STAFF_ROLES)}")

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            need(needed)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


# -- who is logged in ---------------------------------------------------------------------------


def same(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets (bytes, so non-ASCII input cannot raise)."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def login_mark(token: str) -> str:
    """What a logged-in session holds: tied to the token, so a new token ends old sessions."""
    return hmac.new(token.encode(), _LOGIN_MARK_LABEL, hashlib.sha256).hexdigest()


def _logged_in(token: str) -> bool:
    return same(str(session.get("staff", "")), login_mark(token))


def person_mark(token: str, person: dict[str, Any]) -> str:
    """A person's session mark: a new ADMIN_TOKEN, password, role or disabling ends it."""
    label = b"|".join((_LOGIN_MARK_LABEL, person["name"].encode(), str(person.get("gen", 0)).encode()))
    return hmac.new(token.encode(), label, hashlib.sha256).hexdigest()


def who(token: str) -> tuple[str, str, bool] | None:
    """(name, role, must change password) of the session's person, or None."""
    name = session.get("person")
    if name is None:
        return (str(session.get("by") or OWNER_NAME), "owner", False) if _logged_in(token) else None
    person = current_app.extensions["bridge"].store.people.person(str(name))
    if person is None or person.get("disabled") or not same(str(session.get("staff", "")), person_mark(token, person)):
        return None
    return person["name"], str(person.get("role", "staff")), bool(person.get("must_change"))
