"""Live shop settings: the parts of the shop file the owner edits in ``/staff`` without a restart.

Every change is a new version in Redis (``{p}:settings:versions``, with who, when and what), holding
the whole of the editable sections, so any earlier one can be restored (as a new version). Which
wins: the live settings, as long as the shop file's content is the one they were made on (its hash
is kept in each version); when the file's content changes (an operator edits ``shop.yaml``), the
file wins and the live versions are set aside until the owner restores one, which then applies on
top of the new file. Every process checks the version count at most once a second
(:meth:`bot.context.Context.refresh`) and rebuilds its router when it changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import yaml
from pydantic import ValidationError

from bot.settings import Shop, default_messages, field_errors
from bot.storage.store import Store

SECTIONS = ("faqs", "hours", "days_off", "policies", "messages", "rollout")


class Invalid(Exception):
    """The change does not make a valid shop; ``errors`` are ``(field, message)`` as for the file."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))
        self.errors = errors


def shop_hash(shop: Shop) -> str:
    """The content of a shop file (comments and layout aside)."""
    return hashlib.sha256(json.dumps(shop.model_dump(mode="json"), sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def sections_of(shop: Shop) -> dict[str, Any]:
    dumped = shop.model_dump(mode="json")
    return {name: dumped[name] for name in SECTIONS}


def applies(file_shop: Shop, record: dict[str, Any] | None) -> bool:
    """Whether a live version is in force over this shop file (made on the same file content)."""
    return record is not None and record.get("base") == shop_hash(file_shop)


def merged(file_shop: Shop, sections: dict[str, Any]) -> Shop:
    """The shop file with these sections replaced, validated like the file; :class:`Invalid` if not."""
    raw = file_shop.model_dump(mode="json")
    raw.update({k: v for k, v in sections.items() if k in SECTIONS})
    try:
        return Shop.model_validate(raw)
    except ValidationError as exc:
        raise Invalid(field_errors(exc)) from exc


def effective(file_shop: Shop, record: dict[str, Any] | None) -> Shop:
    """What the bot runs on: the live version when it applies, else the file."""
    if not applies(file_shop, record):
        return file_shop
    assert record is not None
    try:
        return merged(file_shop, record["sections"])
    except Invalid:  # a version that no longer fits the file: the file wins
        return file_shop


class LiveSettings:
    """Read and change the live settings of one shop file (the file as this process loaded it)."""

    def __init__(self, store: Store, file_shop: Shop) -> None:
        self.store = store
        self.file_shop = file_shop

    def current(self) -> Shop:
        return effective(self.file_shop, self.store.settings_record())

    def in_force(self) -> dict[str, Any] | None:
        """The version in force, or None when the file is (no version, or the file changed since)."""
        record = self.store.settings_record()
        return record if applies(self.file_shop, record) else None

    def change(self, edit: Callable[[dict[str, Any]], str], by: str) -> int:
        """Apply ``edit`` (changes the sections in place, returns a note) on the latest settings and
        store the result as a new version; :class:`Invalid` and nothing stored when it is not valid."""
        base = shop_hash(self.file_shop)

        def build(latest: dict[str, Any] | None, count: int) -> list[dict[str, Any]]:
            records = []
            if not applies(self.file_shop, latest):
                # The first change on this shop file: the file itself becomes a version to return to.
                note = "the shop file" if latest is None else "the shop file (changed since the last version)"
                records.append({"number": count + 1, "by": "shop.yaml", "at": round(self.store.now_ts(), 3), "note": note,
                                "base": base, "sections": sections_of(self.file_shop)})
            sections = sections_of(effective(self.file_shop, latest))
            note = edit(sections)
            merged(self.file_shop, sections)  # raises Invalid: nothing is stored
            records.append({"number": count + len(records) + 1, "by": by, "at": round(self.store.now_ts(), 3), "note": note,
                            "base": base, "sections": sections})
            return records

        return self.store.append_settings(build)

    def restore(self, number: int, by: str) -> int:
        old = self.store.settings_record(number)
        if old is None:
            raise KeyError(number)

        def edit(sections: dict[str, Any]) -> str:
            sections.update(old["sections"])
            return f"restored version {number}"

        return self.change(edit, by)

    def versions(self, last: int = 30) -> list[dict[str, Any]]:
        """Newest first, without the settings themselves."""
        live = self.in_force()
        out = []
        for r in reversed(self.store.settings_records(last)):
            out.append({"number": r["number"], "by": r["by"], "at": r["at"], "note": r["note"],
                        "in_force": bool(live and live["number"] == r["number"]),
                        "same_file": r.get("base") == shop_hash(self.file_shop)})
        return out

    # -- the FAQ list -------------------------------------------------------------------------

    def faqs(self) -> list[dict[str, Any]]:
        """The FAQ entries in the shop file's schema (defaults left out)."""
        return [entry.model_dump(mode="json", exclude_defaults=True) for entry in self.current().faqs]

    def put_faq(self, faq_id: str, body: dict[str, Any], by: str) -> tuple[int, bool]:
        """Create or replace one FAQ; ``(version, created)``."""
        entry = {**body, "id": faq_id}
        created = False

        def edit(sections: dict[str, Any]) -> str:
            nonlocal created
            faqs = sections["faqs"]
            at = next((i for i, f in enumerate(faqs) if f["id"] == faq_id), None)
            created = at is None
            if at is None:
                faqs.append(entry)
            else:
                faqs[at] = entry
            return f"{'added' if created else 'changed'} FAQ {faq_id}"

        return self.change(edit, by), created

    def delete_faq(self, faq_id: str, by: str) -> int:
        def edit(sections: dict[str, Any]) -> str:
            before = len(sections["faqs"])
            sections["faqs"] = [f for f in sections["faqs"] if f["id"] != faq_id]
            if len(sections["faqs"]) == before:
                raise KeyError(faq_id)
            return f"deleted FAQ {faq_id}"

        return self.change(edit, by)

    def add_example(self, faq_id: str, question: str, by: str) -> int:
        """One more example question for an FAQ (from a suggestion group)."""

        def edit(sections: dict[str, Any]) -> str:
            entry = next((f for f in sections["faqs"] if f["id"] == faq_id), None)
            if entry is None:
                raise KeyError(faq_id)
            if question not in entry["questions"]:
                entry["questions"] = [*entry["questions"], question]
            return f"added an example to FAQ {faq_id}"

        return self.change(edit, by)

    # -- other sections ---------------------------------------------------------------------------

    def section(self, name: str) -> Any:
        value = sections_of(self.current())[name]
        if name == "messages":  # only what differs from the shipped sentences, as in a shop file
            defaults = default_messages()
            return {k: v for k, v in value.items() if defaults.get(k) != v}
        return value

    def put_section(self, name: str, value: Any, by: str) -> int:
        def edit(sections: dict[str, Any]) -> str:
            if name == "messages":
                if not isinstance(value, dict):
                    raise Invalid([("messages", "must be a mapping of message keys to text")])
                sections["messages"] = {**default_messages(), **value}
            else:
                sections[name] = value
            return f"changed {name}"

        return self.change(edit, by)

    def export_yaml(self) -> str:
        """The settings in force as a shop file (messages: only those that differ from the defaults)."""
        shop = self.current()
        data = shop.model_dump(mode="json", exclude_defaults=True)
        data["messages"] = self.section("messages")
        if not data["messages"]:
            del data["messages"]
        header = "# exported from the live settings; use it as shop.yaml\n"
        return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
