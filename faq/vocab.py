"""Korean commerce vocabulary every shop gets, so an owner's three to five example questions suffice.

:data:`GROUPS` are words shoppers use for one thing, most specific first. For each group the
matcher picks the first word the shop's FAQ uses (in a keyword or an example question) and
reads every other word of the group as that one: a shop that wrote 반품 understands 리턴 and
돌려보내다; a shoe shop that wrote only 사이즈 understands 발볼 and 발길이 as 사이즈. A word the
shop uses itself is never rewritten. :data:`ENGLISH` turns English words and loanword phrases
into their Korean topic word before analysis ("when will my order ship" -> 언제 주문 배송).
"""

from __future__ import annotations

import re

GROUPS: tuple[tuple[str, ...], ...] = (
    ("취소", "캔슬", "철회", "취쇼", "츼소", "주문취소"),
    ("반품", "리턴", "반송", "돌려보내다", "되돌려보내다", "반풍", "빤품", "반춤"),
    ("환불", "리펀드", "리펀", "환뷸", "환볼", "돈 돌려받다"),
    ("교환", "교체", "체인지", "교한", "굑환", "교황", "바꾸다", "바꿔주다"),
    ("배송", "택배", "배달", "딜리버리", "배숑", "뱃송", "배송받다"),
    ("출고", "발송", "출하", "출발", "배송"),
    ("도착", "도착하다", "배송"),
    ("송장", "운송장", "송장번호", "운송장번호", "배송조회", "조회", "배송"),
    ("묶음배송", "묶음", "합배송", "합포장", "한꺼번에", "한 박스", "한박스", "같이 보내다", "따로따로"),
    ("사이즈", "치수", "싸이즈", "사이쥬", "사이즈표", "실측", "호수"),
    ("핏", "타이트", "넉넉하다", "오버핏", "슬림핏", "정사이즈", "사이즈"),
    ("기장", "총장", "길이", "어깨너비", "단면", "가슴단면", "허리단면", "소매길이", "밑위", "둘레", "사이즈"),
    ("발볼", "볼", "발등", "발길이", "발 길이", "발폭", "사이즈"),
    # When will it come: delivery-time phrasing read as the shop's shipping word (머칠: a common typo)
    ("배송", "출고", "도착", "며칠이면 와", "며칠이면 오", "머칠이면 와", "머칠이면 오", "일이면 와", "일이면 오",
     "하루면 와", "언제 받아", "언제 받을", "언제 받나", "언제 받는", "언제쯤 와", "언제쯤 오", "언제쯤 올", "오늘 나가",
     "오늘 나갈", "오늘 출발", "마감 시간", "마감시간", "배송기간", "배송 기간"),
    ("인덕션", "전기레인지", "전기 레인지", "라디언트", "하이라이트", "인덕션레인지"),
    ("식기세척기", "식세기", "식기 세척기", "식세척기"),
    ("재입고", "솔드아웃", "다시 들어오다", "재고", "입고", "품절", "단종"),
)

# What a return or an exchange costs to send: read as one term, answered by the FAQ whose
# answer states a price and names returns or exchanges (see Matcher), never the shipping FAQ.
RETURN_COST_TERM = "반품비"
RETURN_COST: tuple[str, ...] = (
    "반품비", "반품 배송비", "반품 택배비", "반송비", "왕복배송비", "왕복 배송비", "왕복 택배비", "왕복택배비",
    "교환 배송비", "교환 택배비", "반품 비용", "교환 비용", "편도 배송비", "편도배송비",
)

# Shipping words that are only the context of a cancel, return or exchange ("출고 전에 취소"),
# and the cost of a return (RETURN_COST_TERM): an FAQ anchored only by them yields to one anchored by an action word.
SHIPPING_CONTEXT: tuple[str, ...] = ("배송", "출고", "발송", "도착", "택배", "배달")
ACTION_WORDS: tuple[str, ...] = ("취소", "반품", "환불", "교환")

# English words and phrases -> the Korean word a shop's FAQ uses (then grouped as above).
ENGLISH: dict[str, str] = {
    "how much is shipping": "배송비", "how much is delivery": "배송비", "shipping fee": "배송비",
    "shipping cost": "배송비", "shipping charge": "배송비", "delivery fee": "배송비", "delivery charge": "배송비",
    "free shipping": "무료배송", "how much": "얼마", "how long": "며칠 걸리다", "how many days": "며칠 걸리다", "sold out": "품절",
    "back in stock": "재입고", "one shipment": "묶음배송", "one box": "묶음배송",
    "when": "언제", "ship": "배송", "shipping": "배송", "shipped": "배송", "deliver": "배송", "delivery": "배송",
    "delivered": "배송", "arrive": "도착", "arrival": "도착", "order": "주문", "return": "반품", "returns": "반품",
    "refund": "환불", "exchange": "교환", "swap": "교환", "cancel": "취소", "cancellation": "취소", "size": "사이즈",
    "sizing": "사이즈", "fit": "핏", "restock": "재입고", "tracking": "송장", "combine": "묶음배송",
    "bundle": "묶음배송", "price": "가격", "cost": "얼마", "fee": "얼마", "overseas": "해외", "abroad": "해외",
    "international": "해외", "japan": "해외", "usa": "해외", "us": "해외", "china": "해외", "canada": "해외",
    "coupon": "쿠폰", "point": "적립금", "points": "적립금", "induction": "인덕션", "dishwasher": "식기세척기",
}
_ENGLISH = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ENGLISH), key=len, reverse=True)) + r")\b")
_CONTRACTION = re.compile(r"'(?:s|re|ll|ve|d|m|t)\b")  # what's -> what (the 's is not size S)


def english_to_korean(lowered: str) -> str:
    """Known English words and phrases replaced by their Korean topic word (text is lower-case)."""
    if not lowered.isascii() and not any("a" <= ch <= "z" for ch in lowered):
        return lowered
    lowered = _CONTRACTION.sub("", lowered)
    return _ENGLISH.sub(lambda m: f" {ENGLISH[m.group(1)]} ", lowered)


# English function words: no evidence for or against any FAQ.
NEUTRAL_ENGLISH: tuple[str, ...] = (
    "i", "my", "me", "you", "your", "we", "our", "the", "a", "an", "is", "are", "am", "be", "can", "could",
    "will", "would", "do", "does", "did", "to", "for", "of", "in", "on", "it", "this", "these", "that", "please",
    "what", "how", "many", "get", "there", "any", "with", "one", "two", "into", "just", "ok", "hi", "hello",
    "thanks", "thank", "item", "items", "product", "want", "need", "like", "if", "possible", "bigger", "smaller",
)

# Topics a shop rarely has an FAQ for, beyond matcher.DEFAULT_OFF_TOPIC: a message about them
# is not answered with a near FAQ ("제주도 추가 배송비", "택배사 어디", "해외 배송").
OFF_TOPIC_EXTRA: tuple[str, ...] = (
    "제주", "제주도", "도서산간", "산간", "추가요금", "추가금", "택배사", "우체국", "편의점", "퀵", "일본", "미국",
    "중국", "외국", "무상", "각인", "가격표", "쇼핑백", "수선", "보증", "점심시간", "상담시간", "영업시간",
    "운영시간", "상담", "답장", "답변", "톡",
)
