"""Figures in Korean text, normalised so the same amount compares equal however it is written.

``5만 원`` = ``50,000원`` = ``5만원`` = ``오만 원``; ``3천원`` = ``3,000원``; ``1~3영업일`` gives the
days 1 and 3; ``오후 6시`` and ``18시`` are the same hour. Each figure is a ``(kind, value)`` pair:
``won``, ``pct``, ``day``, ``week``, ``month``, ``hour``, ``minute``, ``date``, ``cm``, ``kg``,
``times`` (한 번, 2회) and ``number`` (a bare number: a size such as 55, an order count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}

# A number: digits (with thousands commas or a decimal point) and/or Korean numerals with 만/천/백/십.
_NUM = r"(?:\d[\d,]*(?:\.\d+)?\s?(?:만|천|백)?\s?(?:\d[\d,]*\s?(?:천|백)?)?|[일이삼사오육칠팔구십백천만]{2,})"
_UNIT = (
    r"(?P<unit>원|%|퍼센트|프로|영업일|일간|일|주일|주|개월|달|시간|시|분|월|cm|센치|센티|kg|킬로|키로|번|회|년|살|벌|개|가지)?"
)
_FIGURE = re.compile(
    r"(?P<ampm>오전|오후|아침|저녁|밤)?\s?(?P<num>" + _NUM + r")\s?" + _UNIT
    + r"(?P<range>\s?[~∼〜\-–]\s?(?P<num2>" + _NUM + r")\s?" + _UNIT.replace("unit", "unit2") + r")?"
)
_NATIVE_COUNT = re.compile(r"(?<![가-힣])(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?(번|회|벌|개|가지|달)")
_DATE = re.compile(r"(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_KINDS = {
    "원": "won", "%": "pct", "퍼센트": "pct", "프로": "pct", "영업일": "day", "일간": "day", "일": "day",
    "주일": "week", "주": "week", "개월": "month", "달": "month", "시간": "hours", "시": "hour", "분": "minute",
    "cm": "cm", "센치": "cm", "센티": "cm", "kg": "kg", "킬로": "kg", "키로": "kg", "번": "times", "회": "times",
    "년": "year", "살": "age", "벌": "count", "개": "count", "가지": "count", "월": "month_name",
}


@dataclass(frozen=True)
class Figure:
    kind: str
    value: float
    text: str
    qualifier: str = ""  # what follows: 이상, 이하, 안에 / 이내 / 까지 ('within'), or ''


def _korean_numeral(word: str) -> float | None:
    total, section, digit = 0, 0, 0
    for ch in word:
        if ch in _SINO:
            digit = _SINO[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        elif ch == "만":
            total += (section + digit or 1) * 10_000
            section, digit = 0, 0
        else:
            return None
    return float(total + section + digit)


def parse_number(text: str) -> float | None:
    """``'4만5천'`` → 45000, ``'50,000'`` → 50000, ``'오만'`` → 50000, ``'3천'`` → 3000."""
    text = text.replace(" ", "").replace(",", "")
    if not text:
        return None
    if not re.search(r"\d", text):
        return _korean_numeral(text)
    value, current = 0.0, ""
    for ch in text:
        if ch.isdigit() or ch == ".":
            current += ch
        elif ch in ("만", "천", "백"):
            scale = {"만": 10_000, "천": 1000, "백": 100}[ch]
            value += float(current or 1) * scale
            current = ""
        else:
            return None
    return value + (float(current) if current else 0.0)


def _value(kind: str, value: float, ampm: str) -> float:
    if kind == "hour":
        if ampm in ("오후", "저녁", "밤") and value < 12:
            value += 12
        return value % 12 or 12  # '오후 6시' = '6시' = '18시': compared on a 12-hour dial
    return value


def _qualifier(rest: str) -> str:
    rest = rest.lstrip()
    for word, meaning in (("이상", "이상"), ("넘", "이상"), ("부터", "이상"), ("이하", "이하"), ("미만", "이하"),
                          ("안에", "안에"), ("이내", "안에"), ("까지", "안에")):
        if rest.startswith(word):
            return meaning
    return ""


def figures(text: str) -> list[Figure]:
    """Every figure in ``text``, with a range giving both ends."""
    found: list[Figure] = []
    masked = text
    for m in _DATE.finditer(text):
        found.append(Figure("date", float(int(m.group(1)) * 100 + int(m.group(2))), m.group(0), _qualifier(text[m.end():])))
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    for m in _NATIVE_COUNT.finditer(masked):
        kind = "month" if m.group(2) == "달" else _KINDS[m.group(2)]
        found.append(Figure(kind, float(_NATIVE[m.group(1)]), m.group(0), _qualifier(masked[m.end():])))
    for m in _FIGURE.finditer(masked):
        raw = m.group("num").strip()
        if not re.search(r"\d", raw) and not (m.group("unit") == "원" or raw.endswith(("만", "천"))):
            continue  # '이', '사', '오' alone are words, not numbers
        first = parse_number(raw)
        if first is None:
            continue
        unit2 = m.group("unit2") or ""
        unit = m.group("unit") or unit2
        kind = _KINDS.get(unit, "number")
        ampm = m.group("ampm") or ""
        qualifier = _qualifier(masked[m.end():])
        found.append(Figure(kind, _value(kind, first, ampm), m.group(0).strip(), qualifier))
        if m.group("num2"):
            second = parse_number(m.group("num2"))
            if second is not None:
                kind2 = _KINDS.get(unit2 or unit, "number")
                # '오전 10시~오후 6시': the second end has its own 오전/오후 only when written
                ampm2 = "오후" if kind2 == "hour" and ("오후" in m.group("range") or (ampm == "오전" and second < first)) else ""
                found.append(Figure(kind2, _value(kind2, second, ampm2), m.group(0).strip(), qualifier))
    return found


def unknown_figures(answer: str, sources: list[str]) -> list[Figure]:
    """Figures in ``answer`` that appear in none of ``sources`` (same kind and value).

    A bare number passes when the value appears anywhere in the sources with any unit
    (a size such as 55); a figure with a unit must match the unit's kind."""
    known: set[tuple[str, float]] = set()
    values: set[float] = set()
    for source in sources:
        for f in figures(source):
            known.add((f.kind, f.value))
            values.add(f.value)
    out = []
    for f in figures(answer):
        if f.kind == "number":
            if f.value not in values:
                out.append(f)
        elif (f.kind, f.value) not in known:
            out.append(f)
    return out


def changed_limits(answer: str, sources: list[str]) -> list[Figure]:
    """A limit the sources state with one figure and the answer with another: '3만 원 이상 무료'
    where the policy says '5만 원 이상'. Only limits the sources qualify the same way are compared."""
    limits: dict[tuple[str, str], set[float]] = {}
    for source in sources:
        for f in figures(source):
            if f.qualifier:
                limits.setdefault((f.kind, f.qualifier), set()).add(f.value)
    out = []
    for f in figures(answer):
        allowed = limits.get((f.kind, f.qualifier)) if f.qualifier else None
        if allowed is not None and f.value not in allowed:
            out.append(f)
    return out
