"""A second way to answer: one FAQ's own words hold the whole question.

The score (:meth:`faq.matcher.Matcher.scores`) weighs a message's words against each FAQ's keywords
and example questions; an owner's four examples seldom word a question the way a shopper does, so a
plain question can score under the line ("메세지카드는 추가금 따로 있나요?" against the card FAQ). Such a
message is often one whose every word the FAQ already speaks of, in its examples or in its answer
("메시지 카드는 무료로 넣어드려요"). When one FAQ holds at least ``floor`` of the message's topic words and
every other FAQ at least ``margin`` fewer, that FAQ answers: nothing in the message is about anything
else, and no other FAQ is a near choice. Two topic words at least; a verb no FAQ speaks of (사다, 예쁘다) says
little and is left out; what is held must include a word other than a verb or a scene word (오늘, 언제).
Measured on round 12, sealed until its one run: FAQ recall 0.736 -> 0.762 at equal precision (README).

A third: words only one FAQ's answer says. The owner's answer is the richest text an FAQ has ("켜기 전마다 심지를
5mm 정도로 잘라 주시면"), and shoppers often ask in its words, not the examples' ("심지 길이 얼마로 잘라야돼요?",
"수하물로 부치는 캐리어에 보조배터리 넣어도 되나요" against an answer on 수하물). Two such words of one answer, none of
them a keyword or example word of any FAQ, a built-in off-topic word or an everyday word (:data:`EVERYDAY`), are as
good as a keyword of that FAQ (:func:`answer_own_words`). Measured on rounds 1-25 (all spent): 94 routes mended,
2 made wrong (FAQ recall 0.823 -> 0.832, precision 0.957 -> 0.958), before the sealed round 26.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

# Words any answer may say that say nothing of its topic ("같이 들어있어요", "바로 보내드려요", "지역에 따라"), and
# the exception any answer may state ("단순변심 반품은 어려워요")
EVERYDAY = frozenset(
    "같이 바로 조금 오다 들다 가다 되다 하다 있다 없다 주다 받다 보내다 드리다 지역 정도 경우 먼저 다시 보통 함께 그대로 "
    "많이 모두 전부 하나 직접 미리 가장 제일 따로 단순 변심".split()
)


def answer_own_words(answers: Sequence[Collection[str]], known: Collection[str], off_topic: Collection[str]) -> list[frozenset[str]]:
    """Per FAQ, the words its answer alone says: in no other answer, no FAQ's keywords or examples (``known``),
    not off-topic, not :data:`EVERYDAY`, not one syllable."""
    seen: dict[str, int] = {}
    for covered in answers:
        for t in covered:
            seen[t] = seen.get(t, 0) + 1
    return [
        frozenset(t for t in covered if seen[t] == 1 and len(t) > 1 and t not in known and t not in off_topic and t not in EVERYDAY)
        for covered in answers
    ]


def holder_index(vocab: Sequence[Collection[str]], answers: Sequence[Collection[str]]) -> dict[str, list[int]]:
    """Term -> the FAQs that hold it, in an example, a keyword or the answer."""
    index: dict[str, list[int]] = {}
    for i, (own, covered) in enumerate(zip(vocab, answers, strict=True)):
        for t in {*own, *covered}:
            index.setdefault(t, []).append(i)
    return index


def covering(terms: Collection[str], holders: Mapping[str, Sequence[int]], scene: Collection[str],
             floor: float, margin: float) -> int | None:
    """The one FAQ (index) that holds the message's terms, or None."""
    terms = {t for t in terms if t in holders or not t.endswith("다")}  # a verb no FAQ speaks of says little
    if len(terms) < 2:
        return None
    held: dict[int, list[str]] = {}
    for t in terms:
        for i in holders.get(t, ()):
            held.setdefault(i, []).append(t)
    shares = sorted(((len(ts) / len(terms), i) for i, ts in held.items() if any(t not in scene and not t.endswith("다") for t in ts)), reverse=True)
    if not shares or shares[0][0] < floor:
        return None
    if len(shares) > 1 and shares[0][0] - shares[1][0] < margin:
        return None
    return shares[0][1]
