"""``python -m bot <command>``: run the bridge, chat as a shopper, route text, list handoffs."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.jobs import QUEUE_ORDER

log = logging.getLogger("bot")



def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Messenger chatbot bridge for small shops.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run web, worker and scheduler (embedded Redis when REDIS_URL is unset)")
    p.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    # Several RQ workers: a slow LLM answer must not make the next shopper's Kakao callback
    # (valid one minute) wait in the queue behind it.
    p.add_argument("--rq-workers", type=int, default=int(os.environ.get("RQ_WORKERS", "3")))
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("chat", help="chat as a shopper in the terminal")
    p.add_argument("--channel", default="kakao")
    p.add_argument("--url", default="", help="base URL of a running bridge (default http://HOST:PORT)")
    p.add_argument("--local", action="store_true", help="use an in-process app and worker instead of a server")
    p.add_argument("--user", default="", help="shopper id (default: a new one)")
    p.set_defaults(func=_dev_chat("cmd_chat"))

    p = sub.add_parser("channels", help="webhook URLs to register, missing settings, and a signed self-test")
    p.add_argument("--json", action="store_true", help="one JSON object per channel")
    p.set_defaults(func=_dev_chat("cmd_channels"))

    p = sub.add_parser("route", help="route lines of stdin: JSON lines of {text, route, faq_id, score}")
    p.add_argument("--faq", default="", help="shop file with faqs/triage (default SHOP_CONFIG or ./shop.yaml)")
    p.set_defaults(func=cmd_route)

    p = sub.add_parser("handoffs", help="open handoff tickets as JSON lines; reply to or resolve one")
    p.add_argument("--resolve", metavar="ID", help="resolve ticket ID: the thread goes back to the bot")
    p.add_argument("--reply", nargs=2, metavar=("ID", "TEXT"), help="send TEXT to the shopper of ticket ID")
    p.add_argument("--by", default="cli", help="staff name recorded on the ticket")
    p.set_defaults(func=cmd_handoffs)

    p = sub.add_parser("review", help="bot answers waiting for review (JSON lines with --json); mark one right or wrong")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--ok", metavar="ID", help="answer ID was right: it leaves the queue")
    mode.add_argument("--wrong", metavar="ID", help="answer ID was wrong: a follow-up ticket with an apology draft")
    p.add_argument("--reply", default="", metavar="TEXT", help="with --wrong: send TEXT to the shopper now (Kakao: with their next message)")
    p.add_argument("--note", default="", help="why (kept with the review)")
    p.add_argument("--by", default="cli", help="who reviewed (recorded)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("digest", help="the owner's morning digest: preview the HTML, or send it now")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help="write the HTML (stdout or --out); sends nothing")
    mode.add_argument("--send", action="store_true", help="send today's digest now (once a day; see --force)")
    p.add_argument("--out", default="", help="with --preview: write the HTML to this file")
    p.add_argument("--text", action="store_true", help="with --preview: the plain-text version instead of HTML")
    p.add_argument("--force", action="store_true", help="with --send: send even if today's digest went out")
    p.set_defaults(func=cmd_digest)

    p = sub.add_parser("stats", help="the bot's numbers as a table: today, yesterday, N-day average, targets")
    p.add_argument("--days", type=int, default=7, help="days in the average (default 7)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("orders", help="the shop's order list: 'orders import FILE.csv' replaces it")
    p.add_argument("rest", nargs=argparse.REMAINDER, help="import FILE.csv (주문번호,주문자,전화 뒷자리,택배사,송장번호,발송일)")
    p.set_defaults(func=cmd_orders)

    from bot.dev import people  # its command imports the store when it runs

    people.add_parser(sub)

    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.func is cmd_run:  # the supervisor imports no settings (issue #14); its helper checks them
        return cmd_run(args)
    from bot.settings import ConfigError

    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _dev_chat(name: str) -> Any:
    """``bot.dev.chat``'s command ``name``, imported when it runs: it loads the whole bridge, which
    ``run``'s supervisor does not need (it only starts processes; issue #14)."""

    def command(args: argparse.Namespace) -> int:
        from bot.dev import chat

        return int(getattr(chat, name)(args) or 0)

    return command


# -- run ------------------------------------------------------------------------------------


def web_command(bind: str, workers: int, app: str = "bot.web.app:create_app()") -> list[str]:
    """gunicorn as ``run`` starts it (the benchmarks start theirs, and the bare baseline, the same way).

    ``--preload``: the master creates the app (and loads the Korean analyzer) once, before it
    forks the workers, so they share the analyzer's memory copy-on-write and start at once."""
    return [sys.executable, "-m", "gunicorn", app, "--bind", bind, "--workers", str(max(workers, 1)), "--preload",
            "--config", "python:bot.web.gunicorn_conf",
            "--access-logfile", "-", "--graceful-timeout", "5", "--timeout", "30"]


def worker_command(redis_url: str, *, scheduler: bool = True) -> list[str]:
    """An RQ worker as ``run`` starts it (tests and benchmarks too).

    Every worker may run RQ's scheduler (retries with backoff, batched updates): one holds its
    lock, the others take over if that one dies. Maintenance every minute (``bot.jobs.worker``).
    ``run`` starts its workers as one ``pool_command``; the Procfile, tests and benchmarks these.
    """
    return [sys.executable, "-m", "rq.cli", "worker", "--url", redis_url, "-S", "json", "-w", "bot.jobs.worker.Worker",
            *(["--with-scheduler"] if scheduler else []), *QUEUE_ORDER]


def cron_command(redis_url: str) -> list[str]:
    """``rq cron`` with the bridge's schedule (bot/jobs/cron.py)."""
    return [sys.executable, "-m", "rq.cli", "cron", "bot.jobs.cron", "--url", redis_url, "-S", "json"]


def pool_command(redis_url: str, workers: int) -> list[str]:
    """``run``'s RQ workers and cron scheduler, forked from one process that imported the jobs once
    (bot/jobs/pool.py)."""
    return [sys.executable, "-m", "bot.jobs.pool", "--url", redis_url, "--num-workers", str(max(workers, 1))]


def cmd_run(args: argparse.Namespace) -> int:
    from bot.dev.run import cmd_run as supervise  # the standard library only: it runs as long as the bridge

    return supervise(lambda bind: web_command(bind, args.web_workers), lambda url: pool_command(url, args.rq_workers))


# -- route / handoffs -----------------------------------------------------------------------


def cmd_route(args: argparse.Namespace) -> int:
    from bot.conversation.routing import Router
    from bot.settings import load_shop

    router = Router(load_shop(args.faq or os.environ.get("SHOP_CONFIG") or "shop.yaml"))
    out = sys.stdout
    for raw in sys.stdin:
        text = raw.rstrip("\n")
        if not text.strip():
            continue
        out.write(json.dumps(router.route(text).as_json(text), ensure_ascii=False) + "\n")
        out.flush()
    return 0


def cmd_handoffs(args: argparse.Namespace) -> int:
    from bot.context import Context
    from bot.conversation.staff import StaffDesk, TicketError
    from bot.dev.local import with_redis
    from bot.settings import Settings

    settings = Settings.load()
    if not settings.redis_url and not (Path(settings.data_dir) / "redis.db.settings").exists():
        if args.resolve or args.reply:
            print("error: no tickets here (no REDIS_URL and no embedded Redis data)", file=sys.stderr)
            return 1
        return 0  # no embedded Redis has ever run here: no tickets
    ctx = Context.build(with_redis(settings))
    desk = StaffDesk(ctx)
    try:
        if args.reply:
            number, text = args.reply
            delivery = desk.reply(number, text, by=args.by)
            print(json.dumps({"ticket": number, "delivery": delivery}, ensure_ascii=False))
            return 0
        if args.resolve:
            done = desk.resolve(args.resolve, by=args.by)
            print(json.dumps({"ticket": args.resolve, "resolved": done}, ensure_ascii=False))
            return 0
    except TicketError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for ticket in desk.open_tickets():
        excerpt = ticket.pop("excerpt", None)
        ticket["excerpt"] = json.loads(excerpt) if excerpt else []
        print(json.dumps(ticket, ensure_ascii=False), flush=True)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from bot.conversation.review import ReviewDesk, ReviewError, answer_json

    if args.reply and not args.wrong:
        print("error: --reply goes with --wrong ID", file=sys.stderr)
        return 2
    ctx = _store_ctx()
    desk = ReviewDesk(ctx)
    try:
        if args.ok:
            desk.mark_ok(args.ok, by=args.by, note=args.note)
            print(json.dumps({"id": args.ok, "state": "ok"}, ensure_ascii=False))
            return 0
        if args.wrong:
            repair = desk.mark_wrong(args.wrong, by=args.by, note=args.note, reply=args.reply)
            print(json.dumps({"id": args.wrong, "state": "wrong", "ticket": repair.ticket, "delivery": repair.delivery},
                             ensure_ascii=False))
            return 0
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for answer in desk.waiting():
        row = answer_json(answer, ctx.hours.zone)
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            print(f"#{row['id']} {row['at'][5:16].replace('T', ' ')} {row['channel']}/{row['source']}: "
                  f"{row['question'][:40]!r} -> {row['answer'][:60]!r}")
    return 0


# -- digest / stats --------------------------------------------------------------------------


def _store_ctx() -> Any:
    """A context on REDIS_URL, or on the embedded Redis that ``make run`` uses."""
    from bot.context import Context
    from bot.dev.local import with_redis
    from bot.settings import Settings

    return Context.build(with_redis(Settings.load()))


def cmd_orders(args: argparse.Namespace) -> int:
    """``python -m bot orders import FILE.csv``: into the project's Redis (or the embedded one)."""
    from bot.order_desk import order_store
    from orders import cli

    ctx = _store_ctx()
    return cli.main(args.rest, store=order_store(ctx.redis, ctx.settings.redis_prefix, "csv"))


def cmd_digest(args: argparse.Namespace) -> int:
    from bot import digest

    ctx = _store_ctx()
    if args.preview:
        built = digest.build(ctx)
        content = built.text() if args.text else built.html()
        if args.out:
            Path(args.out).write_text(content, encoding="utf-8")
            print(f"wrote {args.out} ({built.subject})", file=sys.stderr)
        else:
            sys.stdout.write(content)
        return 0
    try:
        outcome = digest.send(ctx, force=args.force)
    except digest.DeliveryError as exc:
        print(f"error: the digest was not delivered: {exc}", file=sys.stderr)
        return 1
    if outcome.status != "sent":
        print(f"today's digest ({outcome.day}): {outcome.status}; use --force to send again", file=sys.stderr)
        return 0
    print(f"sent the digest for {outcome.day} via {', '.join(outcome.channels)}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from bot import digest

    ctx = _store_ctx()
    days = max(args.days, 1)
    today = ctx.hours.local(ctx.now()).date()
    columns = [
        ("오늘", digest.gather(ctx.store, [today.isoformat()])),
        ("어제", digest.gather(ctx.store, [(today - timedelta(days=1)).isoformat()])),
        (f"{days}일 평균", digest.gather(ctx.store, digest.day_list(today - timedelta(days=days), today - timedelta(days=1)))),
    ]
    rows = digest.rows(ctx.settings.shop, columns)
    header = ["", *(label for label, _ in columns), "목표"]
    table = [header] + [[("  " if r.indent else "") + r.label, *r.values, r.target] for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = [_pad(row[0], widths[0])] + [_pad(c, w, right=True) for c, w in zip(row[1:], widths[1:], strict=False)]
        print("  ".join(cells).rstrip())
    _print_groups(ctx, [today.isoformat(), *digest.day_list(today - timedelta(days=days), today - timedelta(days=1))])
    return 0


def _print_groups(ctx: Any, days: list[str]) -> None:
    """The staged rollout's two sides over today and the last N days (nothing when rollout is ``all``)."""
    from bot.digest.groups import HEADER, gather_groups

    groups = gather_groups(ctx.store, days)
    if not groups:
        return
    table = [["단계적 도입", *HEADER]] + [[g.label, *g.cells()] for g in groups]
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    print()
    for row in table:
        print("  ".join([_pad(row[0], widths[0])] + [_pad(c, w, right=True) for c, w in zip(row[1:], widths[1:], strict=True)]))


def _width(text: str) -> int:
    """Columns on a terminal: Hangul and emoji take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(width - _width(text), 0)
    return space + text if right else text + space
