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
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence


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
