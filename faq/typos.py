"""Misspellings read as the word meant: 배숑 -> 배송, 쌤플 -> 샘플, but never 바로 -> 발송.

:class:`Typos` holds the words a shop's matcher knows (its FAQ terms and whole off-topic words)
and finds the one an unknown word misspells, compared letter by letter (jamo), so that a wrong
vowel or final consonant is one letter. A word of the analyzer's dictionary is a word the shopper
meant (바로, 같이, 영하, 간격 are one letter from 발송, 가입, 영화, 가격): it is read as a known word
only when it is that word with a tensed consonant (쌤플, 싸이즈), a common way of spelling it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from faq.normalize import in_dictionary, jamo, squash

# Everyday words one letter away from a topic word: never read as its typo (하루 is not 할부)
NO_TYPO = frozenset({"하루", "이틀", "사흘", "나흘", "내일", "모레", "낼모레", "오늘", "주말", "평일", "공휴일", "요일", "가다", "오다"})
_LENIS = str.maketrans("ㄲㄸㅃㅆㅉ", "ㄱㄷㅂㅅㅈ")  # 쌤플 is 샘플 said with a tensed consonant
_HANGUL_FIRST, _HANGUL_LAST = "\uac00", "\ud7a3"


def is_hangul_word(term: str) -> bool:
    """Two or more Hangul syllables (a verb's 다 aside)."""
    return len(term) >= 2 and all(_HANGUL_FIRST <= ch <= _HANGUL_LAST for ch in term.removesuffix("다"))


def cut_short(word: str, terms: Sequence[str]) -> bool:
    """The analyzer read a one-word noun as less than it is (식물등 -> 식물, 새김 -> 김, 제조일 -> 제조)."""
    flat = squash(word)
    return is_hangul_word(flat) and not any(t.endswith("다") for t in terms) and "".join(terms) != flat


class Typos:
    """The known word an unknown Hangul word misspells, if any."""

    def __init__(self, words: Iterable[str], cutoff: float) -> None:
        # Bucketed by syllable count: a typo (배숑, 교황) rarely adds or drops a syllable,
        # and a smaller bucket keeps the rare slow path short as the FAQ grows.
        self._cutoff = cutoff
        self._words: dict[int, list[str]] = {}
        self._jamo: dict[int, list[str]] = {}
        self._plain: dict[tuple[int, str], str] = {}  # (syllables, jamo without tensed consonants) -> first word so
        for t in sorted({t for t in words if is_hangul_word(t)}):
            letters = jamo(t)
            self._words.setdefault(len(t), []).append(t)
            self._jamo.setdefault(len(t), []).append(letters)
            self._plain.setdefault((len(t), letters.translate(_LENIS)), t)

    def correct(self, term: str) -> str | None:
        if not is_hangul_word(term) or term.endswith("다") or term in NO_TYPO:
            return None
        bucket = self._jamo.get(len(term))
        if not bucket:
            return None
        letters = jamo(term)
        if in_dictionary(term):
            return self._plain.get((len(term), letters.translate(_LENIS)))
        hit = process.extractOne(letters, bucket, scorer=fuzz.ratio, score_cutoff=self._cutoff)
        return self._words[len(term)][hit[2]] if hit else None
