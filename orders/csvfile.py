"""The smallest shops' source: the daily shipping list as a CSV file.

``주문번호,주문자,전화 뒷자리,택배사,송장번호,발송일``, UTF-8 (Excel's "CSV UTF-8" adds a BOM,
which is fine). Shops fill it by hand or paste it from their courier's site, so the parser
forgives what Excel does to such a file (a BOM, CRLF, a dropped leading zero in 0123,
``2026/11/27`` for a date) and refuses, with the line and the reason, what it cannot read
without guessing: an unknown courier, a number Excel turned into ``6.4E+11``, a row that
names neither the orderer nor the phone. A refused row never stops the others.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from orders.base import Order, Status, last4
from orders.carriers import carrier_id
from orders.store import OrderStore

HEADER = ("주문번호", "주문자", "전화 뒷자리", "택배사", "송장번호", "발송일")
MAX_BYTES = 20 * 1024 * 1024

Refusal = tuple[int, str]  # (line number in the file, why)


class CsvError(Exception):
    """The file as a whole cannot be read (encoding, header); nothing was imported."""


def _key(cell: str) -> str:
    return re.sub(r"\s", "", cell or "").lstrip("\ufeff")


_COLUMNS = {_key(name): name for name in HEADER}
_EXCEL_NUMBER = re.compile(r"\d+(\.\d+)?[eE]\+\d+")
_DATE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\.?")


def parse(text: str) -> tuple[list[Order], list[Refusal]]:
    """The orders in ``text`` and the refused rows. Raises :class:`CsvError` for a file
    without the header."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = next(reader, None)
    if header is None:
        raise CsvError("파일이 비어 있어요")
    names = [_COLUMNS.get(_key(cell), "") for cell in header]
    missing = [name for name in HEADER if name not in names]
    if missing:
        raise CsvError(f"첫 줄에 {', '.join(missing)} 칸이 없어요 (첫 줄: {','.join(HEADER)})")
    orders: list[Order] = []
    refused: list[Refusal] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names) if name}
        try:
            order = _row(cells)
        except ValueError as why:
            refused.append((line, str(why)))
            continue
        if order.order_no in seen:
            refused.append((line, f"같은 주문번호가 {seen[order.order_no]}번째 줄에 이미 있어요 ({order.order_no})"))
            continue
        seen[order.order_no] = line
        orders.append(order)
    return orders, refused


def _row(cells: dict[str, str]) -> Order:
    order_no = cells["주문번호"]
    if not order_no:
        raise ValueError("주문번호가 비어 있어요")
    if _EXCEL_NUMBER.fullmatch(order_no):
        raise ValueError(f"주문번호가 {order_no}로 바뀌었어요 (엑셀에서 그 열을 '텍스트'로 바꿔 저장해 주세요)")
    if len(order_no) > 40:
        raise ValueError("주문번호가 너무 길어요")
    name = cells["주문자"]
    phone = read_phone(cells["전화 뒷자리"])
    if not name and not phone:
        raise ValueError("주문자와 전화 뒷자리가 모두 비어 있어요 (둘 중 하나는 있어야 본인 확인을 할 수 있어요)")
    company, tracking_no = cells["택배사"], _tracking(cells["송장번호"])
    shipped_on = read_date(cells["발송일"])
    if not tracking_no:
        if company or shipped_on:
            raise ValueError("택배사나 발송일은 있는데 송장번호가 비어 있어요")
        return Order(order_no, Status.PREPARING, name, phone, source="csv")
    carrier = carrier_id(company)
    if not carrier:
        raise ValueError(f"택배사를 알 수 없어요: {company or '(빈 칸)'}")
    return Order(order_no, Status.SHIPPED, name, phone, carrier, company, tracking_no, shipped_on, source="csv")


def read_phone(cell: str) -> str:
    if not cell:
        return ""
    digits = re.sub(r"[\s\-.]", "", cell)
    if not re.fullmatch(r"[0-9]+", digits):
        raise ValueError(f"전화 뒷자리는 숫자 4개여야 해요: {cell}")
    if len(digits) <= 4:
        return digits.zfill(4)  # Excel drops the leading zero of 0123
    if len(digits) in (10, 11):
        return last4(digits)  # a whole phone number: keep only the last 4
    raise ValueError(f"전화 뒷자리는 숫자 4개여야 해요: {cell}")


def _tracking(cell: str) -> str:
    if _EXCEL_NUMBER.fullmatch(cell):
        raise ValueError(f"송장번호가 {cell}로 바뀌었어요 (엑셀에서 그 열을 '텍스트'로 바꿔 저장해 주세요)")
    number = re.sub(r"[\s\-]", "", cell)
    if number and not re.fullmatch(r"[0-9A-Za-z]{6,30}", number):
        raise ValueError(f"송장번호를 읽을 수 없어요: {cell}")
    return number


def read_date(cell: str) -> date | None:
    if not cell:
        return None
    match = _DATE.fullmatch(cell)
    try:
        if not match:
            raise ValueError
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"발송일은 2026-11-27처럼 적어 주세요: {cell}") from None


def import_csv(path: str | Path, store: OrderStore) -> tuple[int, list[Refusal]]:
    """Replace the store's orders with the file's; returns (rows taken, refused rows).

    A file with no row to take leaves the previous list in place (an empty or wrong file
    must not wipe yesterday's parcels); a file that cannot be read raises :class:`CsvError`.
    """
    raw = Path(path).read_bytes()
    if len(raw) > MAX_BYTES:
        raise CsvError("파일이 너무 커요 (20MB까지)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("UTF-8 파일이 아니에요 (엑셀에서 'CSV UTF-8(쉼표로 분리)'로 저장해 주세요)") from None
    orders, refused = parse(text)
    if not orders:
        return 0, refused
    return store.replace(orders), refused
