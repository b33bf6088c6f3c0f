"""``python -m orders import FILE.csv`` (later ``python -m bot orders import``).

Prints how many rows it took and, for each refused row, the line and why, in the Korean
the owner reads. Exit status 0 when something was taken, 1 when nothing was, 2 for usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from orders.csvfile import CsvError, import_csv
from orders.store import OrderStore


def main(argv: Sequence[str] | None = None, *, store: OrderStore | None = None,
         env: Mapping[str, str] | None = None, out: TextIO | None = None) -> int:
    """Run the command; the bot passes its own ``store``, standalone use builds one from
    ``REDIS_URL`` / ``REDIS_PREFIX``."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m bot orders", description="주문 목록 관리")
    commands = parser.add_subparsers(dest="command", required=True)
    imports = commands.add_parser("import", help="발송 목록 CSV를 불러와 이전 목록을 바꿔요")
    imports.add_argument("file", help="주문번호,주문자,전화 뒷자리,택배사,송장번호,발송일")
    args = parser.parse_args(argv)

    if store is None:
        store = _store(os.environ if env is None else env)
    try:
        taken, refused = import_csv(args.file, store)
    except (CsvError, OSError) as exc:
        print(f"불러오지 못했어요: {exc}", file=out)
        return 1
    print(f"{taken}건을 불러왔어요.", file=out)
    for line, why in refused:
        print(f"  {line}번째 줄: {why}", file=out)
    if not taken:
        print("불러온 주문이 없어서 이전 목록을 그대로 두었어요.", file=out)
    return 0 if taken else 1


def _store(env: Mapping[str, str]) -> OrderStore:
    from redis import Redis

    url = env.get("REDIS_URL", "")
    if not url:
        raise SystemExit("REDIS_URL을 설정해 주세요 (python -m bot orders import는 내장 Redis도 써요)")
    return OrderStore(Redis.from_url(url, decode_responses=True), env.get("REDIS_PREFIX") or "bridge", "csv")
