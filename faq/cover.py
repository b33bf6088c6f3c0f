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

A third: words only one FAQ says. The owner's answer is the richest text an FAQ has ("켜기 전마다 심지를 5mm
정도로 잘라 주시면"), and shoppers often ask in its words, not the examples' ("심지 길이 얼마로 잘라야돼요?",
"수하물로 부치는 캐리어에 보조배터리 넣어도 되나요" against an answer on 수하물). A word only one FAQ's answer says
(in no other answer, none of the FAQs' keywords or examples, not off-topic, not :data:`EVERYDAY`) beside another
such word, or beside a noun only that FAQ's examples say, anchors that FAQ as a keyword would
(:func:`own_words`). Measured on rounds 1-25 (all spent): 161 routes mended, 7 made wrong (4 wrong answers, 3
answers turned into "which one?"), FAQ recall 0.823 -> 0.838, precision 0.957 -> 0.958; before the sealed round 26.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

# Words any answer may say that say nothing of its topic ("같이 들어있어요", "바로 보내드려요", "지역에 따라"), and
# the exception any answer may state ("단순변심 반품은 어려워요")
EVERYDAY = frozenset(
    "같이 바로 조금 오다 들다 가다 되다 하다 있다 없다 주다 받다 보내다 드리다 지역 정도 경우 먼저 다시 보통 함께 그대로 "
    "많이 모두 전부 하나 직접 미리 가장 제일 따로 단순 변심 주문 구매 상품 제품 얼마나 사용".split()
)


def own_words(answers: Sequence[Collection[str]], examples: Sequence[Collection[str]], off_topic: Collection[str],
              ignored: Collection[str]) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Per FAQ, the words its answer alone says (in no other answer nor any FAQ's ``examples``, the words of its
    keywords and questions), and the nouns its examples alone say; neither off-topic, :data:`EVERYDAY`,
    ``ignored`` (question and scene words, prices) nor one syllable."""
    answered: dict[str, int] = {}
    asked: dict[str, int] = {}
    for words, seen in ((answers, answered), (examples, asked)):
        for covered in words:
            for t in covered:
                seen[t] = seen.get(t, 0) + 1

    def telling(t: str) -> bool:
        return len(t) > 1 and t not in off_topic and t not in EVERYDAY and t not in ignored

    return (
        [frozenset(t for t in covered if answered[t] == 1 and t not in asked and telling(t)) for covered in answers],
        [frozenset(t for t in own if asked[t] == 1 and not t.endswith("다") and telling(t)) for own in examples],
    )


def holder_index(vocab: Sequence[Collection[str]], answers: Sequence[Collection[str]] | None = None) -> dict[str, list[int]]:
    """Term -> the FAQs that hold it, in an example, a keyword or the answer (``answers`` left out: in ``vocab``)."""
    index: dict[str, list[int]] = {}
    for i, (own, covered) in enumerate(zip(vocab, answers if answers is not None else [()] * len(vocab), strict=True)):
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


def held_twice(terms: Collection[str], index: Mapping[str, Sequence[int]]) -> set[int]:
    """The FAQs (indexes) that hold two of the terms or more."""
    return {i for i, n in Counter(i for t in terms for i in index.get(t, ())).items() if n >= 2}
