"""``python -m bot staff``: the first people with a staff login, from a terminal.

    python -m bot staff add 민지 --role staff          # prints a one-time password
    echo 'a-long-password' | python -m bot staff add 민지 --password-stdin
    python -m bot staff list                            # JSON lines, never a hash
    python -m bot staff password 민지                   # a new one-time password
    python -m bot staff disable 민지 / enable 민지
"""

from __future__ import annotations

import argparse
import json
import sys

ROLES = ("staff", "manager", "owner")


def add_parser(sub: argparse._SubParsersAction) -> None:  # the supervisor's parser: standard library only
    p = sub.add_parser("staff", help="people with their own staff login: add, list, password, disable, enable")
    p.add_argument("action", choices=["add", "list", "password", "disable", "enable"])
    p.add_argument("name", nargs="?", default="")
    p.add_argument("--role", default="staff", choices=ROLES, help="with add (default staff)")
    p.add_argument("--notify", default="", help="with add: an email address or Slack webhook URL for escalations")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin instead of making one")
    p.set_defaults(func=cmd_staff)


def cmd_staff(args: argparse.Namespace) -> int:
    from bot import accounts
    from bot.context import Context
    from bot.dev.local import with_redis
    from bot.settings import Settings

    people = Context.build(with_redis(Settings.load())).store.people  # REDIS_URL, or make run's embedded one
    if args.action == "list":
        for person in people.everyone():
            print(json.dumps(accounts.public(person), ensure_ascii=False))
        return 0
    if not args.name:
        print(f"error: staff {args.action} needs a NAME", file=sys.stderr)
        return 2
    given = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else ""
    try:
        if args.action == "add":
            password = accounts.add(people, args.name, args.role, by="cli", password=given, notify=args.notify)
        elif args.action == "password":
            password = accounts.set_password(people, args.name, given, one_time=True)
        else:
            accounts.change(people, args.name, disabled=args.action == "disable")
            print(json.dumps({"name": args.name, "disabled": args.action == "disable"}, ensure_ascii=False))
            return 0
    except accounts.AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if given:
        print(f"{args.name}: saved; they choose their own password at the first login", file=sys.stderr)
    else:
        print(f"{args.name}'s one-time password (shown once; they choose their own at the first login):",
              file=sys.stderr)
        print(password)
    return 0
