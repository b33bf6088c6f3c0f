"""What each of the shop's texts is about, so that a figure in an answer is taken from a text about
what was asked: "배송비 얼마예요?" must not be answered with the return fee ("단순 변심은 왕복 배송비
6,000원"), although both sentences say 배송비 (see :func:`bot.conversation.checks.figure_off_topic`).

Built-in topics, each with the words shoppers and shops use for it. A policy key or FAQ id names a
topic in English or Korean (``shipping``, ``배송``); an FAQ's keywords add words to its topic; a
Korean key the vocabulary does not know is a topic of its own, its one word the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words that say the topic itself ('보내', '받' are said of every topic).
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "shipping": ("배송", "배달", "택배", "출고", "발송", "무배", "도착", "shipping", "delivery"),
    "returns": ("반품", "환불", "반송", "회수", "돌려보내", "돌려받", "refund", "return"),
    "exchange": ("교환", "바꾸", "바꿔", "교체", "exchange"),
    "sizing": ("사이즈", "치수", "실측", "기장", "총장", "sizing", "size"),
    "payment": ("결제", "입금", "무통장", "카드", "페이", "payment"),
    "contact": ("상담", "문의", "영업시간", "운영시간", "contact"),
    "cancel": ("취소", "cancel"),
}
# Other names of a built-in topic a shop file may use as a policy key or FAQ id.
_ALIASES = {
    "delivery": "shipping", "return": "returns", "refund": "returns", "refunds": "returns",
    "exchanges": "exchange", "size": "sizing", "sizes": "sizing", "payments": "payment",
    "hours": "contact", "cs": "contact", "cancellation": "cancel", "cancellations": "cancel",
}


def topic_of(key: str) -> str:
    """The topic a policy key or FAQ id names ('' when it names none the bridge knows)."""
    key = key.strip().lower()
    if key in TOPIC_WORDS:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    for topic, words in TOPIC_WORDS.items():
        if key in words:
            return topic
    return key if re.search(r"[가-힣]", key) else ""


def vocabulary(policy_keys: Iterable[str], faqs: Iterable[tuple[str, Iterable[str]]]) -> dict[str, tuple[str, ...]]:
    """The built-in words per topic, a Korean policy key the vocabulary does not know as a topic of
    its own, and each FAQ's keywords added to its topic (``(faq id, keywords)`` pairs)."""
    words = {topic: list(ws) for topic, ws in TOPIC_WORDS.items()}
    for key in policy_keys:
        topic = topic_of(key)
        if topic and topic not in words:
            words[topic] = [_flat(key)]
    for faq_id, keywords in faqs:
        topic = topic_of(faq_id) or faq_id
        for keyword in keywords:
            word = _flat(keyword)
            if word.endswith("다") and len(word) > 2:
                word = word[:-1]  # '바꾸다' -> '바꾸'
            if len(word) >= 2 and word not in words.setdefault(topic, []):
                words[topic].append(word)
    return {topic: tuple(ws) for topic, ws in words.items()}


def named(text: str, vocab: dict[str, tuple[str, ...]]) -> set[str]:
    """The topics whose words ``text`` says."""
    flat = _flat(text)
    return {topic for topic, words in vocab.items() if any(w in flat for w in words)}


def _flat(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z가-힣]", "", text).lower()
