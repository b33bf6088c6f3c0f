"""Korean text normalization shared by the FAQ matcher and triage.

One Kiwi analyzer per process, created lazily (loading takes about a second and the
first analysis another second or so: call :func:`warm_up` at start-up). Text goes
through three steps:

1. :func:`clean`: messenger habits undone (ㄱㄴ → 가능, 와여 → 와요, ㅋㅋ/ㅠㅠ dropped,
   lengthening squeezed), so the analyzer sees ordinary Korean;
2. :func:`analyze`: Kiwi morphemes (spacing-insensitive: Kiwi segments 띄어쓰기 없이
   typed text itself), cached because triage and the matcher read the same message;
3. :func:`content_terms`: the words that carry the topic (nouns, verb and adjective
   stems, loanwords, some adverbs) with particles and endings stripped, so
   배송은/배송이/배송되나요 all become 배송. A contrast such as "배송 말고 결제" drops what
   comes before 말고, so the message is about 결제, not 배송.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kiwipiepy is imported lazily: importing it is slow
    from kiwipiepy import Kiwi


@dataclass(frozen=True, slots=True)
class Morph:
    """One morpheme: its surface form and its part-of-speech tag (Sejong tags, suffix dropped)."""

    form: str
    tag: str
    word: int = field(default=0, compare=False)  # which space-separated word of the cleaned text it is in


@lru_cache(maxsize=1)
def analyzer() -> Kiwi:
    """The process-wide Kiwi instance (created on first use).

    Without Kiwi's multi-word dictionary (WikiData proper nouns such as film titles): it takes
    180 of the analyzer's 510 MB and 1.5 s of its 2.6 s start, and changes no morpheme of the
    687 FAQ questions, keywords and labeled messages (bench/footprint.py, issue #14).

    No thread pool (``num_workers=0``): one message is analyzed on the calling thread anyway, and
    gunicorn's ``--preload`` forks the web workers from the process that created the analyzer;
    a forked worker that inherits a pool without its threads hangs on exit until gunicorn kills it."""
    from kiwipiepy import Kiwi

    with warnings.catch_warnings():  # 0 meant "all cores" before kiwipiepy 0.21; it warns about that
        warnings.simplefilter("ignore", DeprecationWarning)
        return Kiwi(num_workers=0, load_multi_dict=False)


def warm_up() -> None:
    """Load the analyzer and run its slow first analysis now, not on a shopper's message."""
    analyzer().tokenize("배송 언제 와요?")


# Messenger spellings and abbreviations -> plain Korean. Order matters (longer first).
_SLANG: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"[ㅋㅎ]{2,}", " "),  # laughing
        (r"[ㅠㅜ]{1,}", " "),  # crying
        (r"ㄱㄴ", " 가능 "),  # 가능?
        (r"ㄱㄱ|ㄲㄲ", " "),  # "go go": intent only, no topic
        (r"ㅂㅍ", " 반품 "),
        (r"ㄱㅎ", " 교환 "),
        (r"ㅊㅅ", " 취소 "),
        (r"ㅇㅇ", " 네 "),
        (r"ㄴㄴ", " 아니요 "),
        (r"ㅈㅅ", " 죄송 "),
        (r"ㄳ|ㄱㅅ", " 감사 "),
        (r"ㅇㄷ", " 어디 "),
        # word-final 여/염/용/욤 used for 요 in chat ("언제와여", "되나염", "해주세용")
        (r"(?<=[나와해돼되세데까어아네죠줘봐가])(?:여|염|용|욤|엽)(?=[\s?!.~,]|$)", "요"),
        (r"(?<=[가-힣])요{2,}", "요"),  # 요요요
        # spoken shortenings: 금욜 -> 금요일, 담주 -> 다음 주, 주문하믄 -> 주문하면, 울집 -> 우리 집
        (r"([월화수목금토일])욜", r"\1요일"),
        (r"담(주|날|달|번)", r"다음 \1"),
        (r"(?<=[가-힣])믄(?=[\s?!.~,]|$)", "면"),
        (r"울\s?집", "우리 집"),
        (r"몇\s?일(?=\s|정도|이나|이면|만에|쯤|동안|까지|가|은|[?!.~,]|$)", "며칠"),  # the common misspelling of 며칠
        (r"([?!.~])\1+", r"\1"),  # ??? -> ? (anger is read from the raw text by triage)
    )
)
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+")


def clean(text: str) -> str:
    """Undo messenger spellings; NFC so decomposed jamo from some keyboards compare equal. A lone surrogate
    (undecodable bytes read from a pipe) becomes "?": the analyzer cannot take it."""
    if _SURROGATE.search(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    out = unicodedata.normalize("NFC", text).lower()
    for pattern, repl in _SLANG:
        out = pattern.sub(repl, out)
    return _SPACES.sub(" ", out).strip()


_SURROGATE = re.compile("[\ud800-\udfff]")


def squash(text: str) -> str:
    """Lower-case text without spaces or punctuation: the spacing-insensitive form."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=2048)
def analyze(text: str) -> tuple[Morph, ...]:
    """Kiwi morphemes of the cleaned text (cached: triage and matcher analyze the same message)."""
    cleaned = clean(text)
    if not cleaned:
        return ()
    return tuple(
        Morph(t.form, t.tag.split("-", 1)[0], cleaned.count(" ", 0, t.start)) for t in analyzer().tokenize(cleaned)
    )


# Tags whose morphemes carry topic. Verbs and adjectives are suffixed with 다 so that
# 바꾸(다) never collides with a noun of the same spelling.
_NOUNS = {"NNG", "NNP", "NR", "NP", "XR", "SL", "SH", "SN"}
_PREDICATES = {"VV", "VA"}
_ADVERBS = {"MAG"}
_COUNTED = {"개월"}  # a counter that names a topic ("8개월 아기": age in months), unlike 개, 번, 일
# Noun-forming suffixes glued back onto their noun: 배송비 is not 배송, 사장님 is 사장님.
_GLUE_SUFFIX = {"XSN"}
_GLUE_PREFIX = {"XPN"}


def _contrast_at(morphs: tuple[Morph, ...], i: int) -> bool:
    """True at "X 말고 / 아니고 / 빼고 / 대신": what came before is not the question."""
    m = morphs[i]
    nxt = morphs[i + 1] if i + 1 < len(morphs) else None
    if m.form in ("말", "아니", "빼") and m.tag in ("VV", "VX", "VCN") and nxt is not None:
        return nxt.tag == "EC" and nxt.form in ("고", "구", "구요", "고요")
    return m.form == "대신" and m.tag in ("NNG", "MAG")


def content_terms(text: str) -> tuple[str, ...]:
    """Topic-bearing terms of a text, in order (duplicates kept)."""
    morphs = analyze(text)
    terms: list[str] = []
    words: list[int] = []  # the word each term came from
    prefix = ""
    for i, m in enumerate(morphs):
        if _contrast_at(morphs, i):
            # "배송 말고 결제 질문이요": the word set aside is not the question; what came before it
            # still is ("각인 글씨 금색 말고 은색도 돼요?" asks about 각인)
            if i > 0:
                contrasted = morphs[i - 1].word
                while words and words[-1] == contrasted:
                    terms.pop()
                    words.pop()
            prefix = ""
            continue
        tag = m.tag
        if tag in _GLUE_PREFIX:
            prefix = m.form
            continue
        if tag in _GLUE_SUFFIX and terms and i > 0 and morphs[i - 1].tag in _NOUNS:
            terms[-1] = terms[-1] + m.form
            continue
        if tag in _NOUNS:
            form = m.form.lower() if tag == "SL" else m.form
            terms.append(prefix + form)
            words.append(m.word)
        elif tag in _PREDICATES:
            terms.append(m.form + "다")
            words.append(m.word)
        elif tag in _ADVERBS or (tag == "NNB" and m.form in _COUNTED):
            terms.append(m.form)
            words.append(m.word)
        prefix = ""
    return tuple(terms)


@lru_cache(maxsize=4096)
def in_dictionary(word: str) -> bool:
    """The analyzer knows ``word`` as one word of its dictionary (바로, 같이, 영하, 간격): a word the
    shopper meant, not a misspelling (배숑, 취쇼 are not in it). Typo correction leaves it alone."""
    tokens = analyzer().tokenize(word)
    return len(tokens) == 1 and tokens[0].form == word and not tokens[0].oov


# Hangul syllables decomposed into jamo, so typos (배숑 vs 배송) are one letter apart.
_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = ("", *tuple("ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"))


def jamo(text: str) -> str:
    """Decompose Hangul syllables into their letters (other characters pass through)."""
    out: list[str] = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_CHO[code // 588])
            out.append(_JUNG[(code % 588) // 28])
            out.append(_JONG[code % 28])
        else:
            out.append(ch)
    return "".join(out)


# Letters typed one by one ("ㅈㅣㄱㅇㅝㄴ 연결요", "ㅅㅏ람"): a consonant, a vowel and a final consonant not starting the next
# syllable; consonants alone (ㅋㅋ, ㅅㄹ) are left as they are
_SPELLED = re.compile(f"([{_CHO}])([{_JUNG}])(?:([{''.join(_JONG)}])(?![{_JUNG}]))?")


def compose_jamo(text: str) -> str:
    """Letters typed one by one put back into syllables: "ㅈㅣㄱㅇㅝㄴ" -> "직원"."""

    def syllable(m: re.Match[str]) -> str:
        jong = _JONG.index(m.group(3)) if m.group(3) else 0
        return chr(0xAC00 + (_CHO.index(m.group(1)) * 21 + _JUNG.index(m.group(2))) * 28 + jong)

    return _SPELLED.sub(syllable, text)


_COORDINATORS = {"또는", "혹은", "아니면", "및"}


def coordinated(text: str) -> bool:
    """True when the message joins two things as equals ("교환이나 반품", "교환 또는 반품"):
    then its last word is not its focus, and the shopper may need to pick."""
    morphs = analyze(text)
    for i, m in enumerate(morphs):
        if m.tag == "JC" or m.form in _COORDINATORS:
            return True
        if m.form == "아니" and i + 1 < len(morphs) and morphs[i + 1].form == "면":
            return True
    return False

