"""Is this a question about the shopper's *own* parcel, and which order number did they give?

Built-in vocabulary: it ships with the product, not in the shop file. It is conservative on
purpose. "배송 언제 와요?" or "며칠 걸려요?" ask about the shop's shipping policy and keep the
FAQ answer; only a sign that the message is about one order already placed (송장번호, 배송
조회, 제 주문, 어디쯤) turns it into an order question, and any sign of a policy question,
a return or a cancellation vetoes it. Anger ("아직도 안 왔어요 도대체") is triage's: the
step asks triage before it takes a message.

Words are compared with spaces removed, so "배송 조회" and "배송조회" are one.
"""

from __future__ import annotations

import re
import unicodedata

# Alone enough: these only make sense about one order.
TRACKING_WORDS = (
    "송장번호", "운송장", "송장", "배송조회", "택배조회", "배송추적", "주문조회", "배송현황", "배송상태",
    "주문상태", "배송상황", "배송진행", "택배위치", "tracking", "트래킹",
)
# "어디쯤 왔어요", "아직 안 왔는데": where a parcel is, or that it has not come yet ...
WHERE_WORDS = ("어디쯤", "어디까지", "어디에있", "어디있", "어디예요", "어디에요", "아직안왔", "아직안와", "아직도착안",
               "아직못받", "안왔는데", "안와요", "안오네")
# ... said of a parcel or an order.
PARCEL_WORDS = ("주문", "택배", "배송", "상품", "물건", "소포", "박스", "시킨")
# "제 주문", "주문한 거", "시킨 거": the shopper's own order ...
MINE_WORDS = ("제주문", "내주문", "저의주문", "주문한거", "주문한것", "주문했는데", "주문한상품", "주문한옷", "시킨거",
              "시킨것", "시켰는데", "결제한거", "결제했는데")
# ... and a question about its progress.
PROGRESS_WORDS = ("언제", "어디", "왔", "와요", "오나", "도착", "발송", "출고", "배송", "보냈", "받을")
# A question about the policy, or about something other than where the parcel is: not ours.
POLICY_WORDS = (
    "보통", "평균", "며칠걸", "얼마나걸", "주문하면", "배송비", "택배비", "무료배송", "배송기간", "당일출고", "당일발송",
    "해외배송", "도서산간", "제주도", "택배사", "어디택배", "무슨택배", "어느택배", "합배송", "묶음배송", "배송지",
    "주소변경", "주소를바", "주소바꾸", "반품", "교환", "취소", "환불", "회수", "예약", "재입고", "품절",
)

# An order number: letters, digits and hyphens with at least four digits (2026112712345678,
# 20261127-0000123, A-1001) ...
_ORDER_NO = re.compile(r"(?<![A-Za-z0-9-])([A-Za-z0-9][A-Za-z0-9-]{3,39})(?![A-Za-z0-9-])")
# ... that is not a phone number or a date.
_PHONE = re.compile(r"^(01[016789]-?\d{3,4}-?\d{4}|0\d{1,2}-\d{3,4}-\d{4})$")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def asks_delivery_status(text: str) -> bool:
    """Whether ``text`` asks where the shopper's own order or parcel is."""
    key = _squash(text)
    if not key or len(key) > 120 or any(w in key for w in POLICY_WORDS):
        return False
    if any(w in key for w in TRACKING_WORDS):
        return True
    if any(w in key for w in WHERE_WORDS) and any(w in key for w in PARCEL_WORDS):
        return True
    return any(w in key for w in MINE_WORDS) and any(w in key for w in PROGRESS_WORDS)


def find_order_no(text: str) -> str:
    """The order number in ``text`` ("주문번호 20261127-0000123이요" → ``20261127-0000123``), or ``""``."""
    for match in _ORDER_NO.finditer(unicodedata.normalize("NFKC", text or "")):
        token = match.group(1).strip("-")
        digits = sum(ch.isdigit() for ch in token)
        if digits < 4 or len(token) < 5 or _PHONE.match(token) or _DATE.match(token):
            continue
        return token
    return ""


def looks_like_check(text: str) -> bool:
    """Whether ``text`` can be an answer to "the orderer's name or the phone's last 4 digits"
    (a short name, or digits), rather than a new question."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text or len(text) > 20 or "?" in text:
        return False
    digits = re.sub(r"[\s\-.]", "", text)
    if digits.isdigit():
        return len(digits) in (4, 10, 11)
    return not any(ch.isdigit() for ch in text) and len(_squash(text)) >= 2
