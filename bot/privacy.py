"""Personal data masking: what a shopper typed, with phone numbers, resident registration
numbers, card and account numbers, emails and street addresses replaced by placeholders.

Masked text is what goes to the LLM, the stored transcript and the logs; staff see the
original on the ticket where they need it.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("[이메일]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # 주민등록번호 / 외국인등록번호: YYMMDD-[1-8]XXXXXX
    ("[주민번호]", re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?-?\s?[1-8]\d{6}(?!\d)")),
    # card numbers: 13–19 digits in groups
    ("[카드번호]", re.compile(r"(?<!\d)(?:\d{4}[\s-]?){3}\d{1,7}(?!\d)")),
    # mobile and landline numbers, with or without separators, +82 too
    (
        "[전화번호]",
        re.compile(r"(?<!\d)(?:\+82[\s-]?1\d|01[016789]|0(?:2|[3-6][1-5]|70|50\d?))[\s.-]?\d{3,4}[\s.-]?\d{4}(?!\d)"),
    ),
    # bank account numbers: 10–16 digits, usually in hyphenated groups
    ("[계좌번호]", re.compile(r"(?<!\d)\d{2,6}-\d{2,6}-\d{2,8}(?:-\d{1,4})?(?!\d)")),
    # any other long digit run could be an account or card number typed without separators
    ("[번호]", re.compile(r"(?<!\d)\d{11,19}(?!\d)")),
    # street addresses: "...로 12", "...길 3-4", "...동 123-45", "... 아파트 101동 1202호"
    (
        "[주소]",
        re.compile(
            r"(?:[가-힣]+(?:시|도)\s)?(?:[가-힣]+(?:시|군|구)\s)?[가-힣\d]+(?:로|길|동|읍|면|리)\s?\d+(?:-\d+)?(?:번길)?"
            r"(?:\s?[가-힣\d]*(?:아파트|빌라|오피스텔|빌딩))?(?:\s?\d+동)?(?:\s?\d+호)?"
        ),
    ),
)


# Every pattern above needs a digit, or an @ (the e-mail): text without either is returned as it is,
# the common case ("배송 언제 와요?"), without running the seven patterns (issue #14).
_MAYBE = re.compile(r"[\d@]")


def mask(text: str) -> str:
    """``text`` with personal data replaced by placeholders such as ``[전화번호]``."""
    if not _MAYBE.search(text):
        return text
    for placeholder, pattern in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


def has_personal_data(text: str) -> bool:
    return mask(text) != text
