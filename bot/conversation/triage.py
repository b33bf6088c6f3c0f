"""Triage before matching: which messages a person must answer.

An explicit ask for a person, anger or abuse, damaged or wrong goods, refund
disputes, legal threats, prompt-injection attempts, and repeated misses go to a
person, before the FAQ matcher can answer them with a canned text.

Keywords come from the shop file and are matched on Kiwi morphemes, so spacing and
particles do not matter ("사람이랑 연결" matches "사람 연결") while a keyword inside
another word does not fire ("사기" is not in "사기 전에": there 사 is a verb).
Keywords of three or more letters also match the squashed text, for words the
analyzer splits in unexpected ways. A negation right after the keyword ("불량은
아니고") cancels it for the reasons listed in ``negatable``; "상담원 연결 안 해도
돼요" still goes to a person, which is the safe side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from faq.normalize import Morph, analyze, squash

DEFAULT_ANGER_SIGNALS: tuple[str, ...] = (
    "아직도", "도대체", "대체", "며칠째", "일주일째", "열흘째", "한참", "몇 번", "몇번을", "왜 이렇게", "왜이리",
    "언제까지", "너무하", "실망", "답답", "황당", "말이 안", "참나", "어이가", "기가 막",
)


class TriageConfig(BaseModel):
    """Keywords per reason, and how many misses in a row send a thread to a person."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    max_misses: int = Field(default=2, ge=1)
    # Weak signs of anger (아직도, 도대체, ???, ㅡㅡ): one alone is not anger, this many are.
    anger_signals: tuple[str, ...] = DEFAULT_ANGER_SIGNALS
    anger_min_signals: int = Field(default=2, ge=1)
    # Reasons a negation right after the keyword cancels ("불량은 아니고 사이즈가 커요").
    negatable: tuple[str, ...] = ("damaged", "wrong_item", "refund_dispute", "angry")


@dataclass(frozen=True)
class Triage:
    needs_human: bool
    reason: str = ""  # e.g. asked_for_person, angry, damaged, refund_dispute, legal, injection, repeated_misses


# Particles, endings and punctuation carry no keyword meaning; they may sit anywhere.
_SKIP_TAG = re.compile(r"^(J|E|S[FPSEO]$|SW$)")
_MAX_GAP = 2  # other morphemes allowed between a keyword's parts ("전화 좀 주세요")
_PUNCT_ANGER = (
    re.compile(r"[?!]{3,}"),  # ???, !!!, ?!?
    re.compile(r"ㅡㅡ|-_-|;;|ㅗ"),
)
_RHETORICAL = ("가", "까", "냐", "지", "죠")  # "불량 아닌가요?" asks, it does not deny


_BOUNDARY = Morph("|", "SF")
_JAMO_ONLY = re.compile(r"^[\u1100-\u11ff\u3130-\u318f]+$")


def _keep(morphs: tuple[Morph, ...]) -> tuple[Morph, ...]:
    """Morphemes that can carry a keyword; 다른 (determiner) and 다르- (adjective) are one word."""
    out = []
    for m in morphs:
        if m.tag == "SF":
            out.append(_BOUNDARY)  # a keyword's parts never span two sentences
            continue
        if _SKIP_TAG.match(m.tag) or _JAMO_ONLY.match(m.form):
            continue
        out.append(Morph("다르", "VA") if m.form == "다른" else m)
    return tuple(out)


@dataclass(frozen=True)
class _Keyword:
    parts: tuple[str, ...]  # morpheme forms to find in order
    flat: str  # the squashed keyword, for the substring fallback
    ascii: bool


def _compile(word: str) -> _Keyword | None:
    flat = squash(word)
    if not flat:
        return None
    is_ascii = flat.isascii()
    parts = tuple(m.form for m in _keep(analyze(word))) if not is_ascii and not _JAMO_ONLY.match(flat) else ()
    return _Keyword(parts, flat, is_ascii)


def _find(parts: tuple[str, ...], forms: list[str]) -> int:
    """End index (exclusive) of the first occurrence of parts in forms, gaps allowed; -1 if none."""
    if not parts:
        return -1
    for start, form in enumerate(forms):
        if form != parts[0]:
            continue
        pos, ok = start, True
        for part in parts[1:]:
            window = forms[pos + 1 : pos + 2 + _MAX_GAP]
            if "|" in window:
                window = window[: window.index("|")]
            if part not in window:
                ok = False
                break
            pos = pos + 1 + window.index(part)
        if ok:
            return pos + 1
    return -1


def _negated(kept: tuple[Morph, ...], all_morphs: tuple[Morph, ...], end: int) -> bool:
    """A denial right after the keyword: 아니(고/에요), 않, 없."""
    after = kept[end : end + 1]  # only right after: "벨트가 없어요" later in the message is no denial
    for m in after:
        if m.form in ("아니", "않", "없") and m.tag in ("VCN", "VX", "VA"):
            # look at the ending after the denial in the full morpheme list
            idx = next((i for i, x in enumerate(all_morphs) if x is m), -1)
            nxt = all_morphs[idx + 1] if 0 <= idx + 1 < len(all_morphs) else None
            if nxt is not None and nxt.tag.startswith("E") and any(r in nxt.form for r in _RHETORICAL):
                return False
            later = all_morphs[idx + 1 : idx + 3]
            if any(x.form.startswith("?") for x in later):  # "사기 아니에요?" accuses, it does not deny
                return False
            return True
    return False


def _hit(keyword: _Keyword, kept: tuple[Morph, ...], forms: list[str], flat: str, spaced: str, joined: str) -> int | None:
    """Where the keyword ends in ``kept`` (len(kept) when only the substring matched); None if absent.

    ``spaced`` is the lowered text with single spaces, ``joined`` the forms joined by NUL: every
    way to hit needs the keyword's first part in ``joined`` or the keyword in ``flat``, so most
    of the ~150 keywords are ruled out by two substring tests.
    """
    if keyword.ascii:
        return len(kept) if keyword.flat in flat or keyword.flat in spaced else None
    if not keyword.parts:  # jamo abbreviations such as ㅅㅂ: the analyzer drops them
        return len(kept) if keyword.flat in flat else None
    if keyword.parts[0] not in joined and keyword.flat not in flat:
        return None
    if len(keyword.parts) == 1 and len(keyword.parts[0]) == 1:
        # The analyzer read a noun as a verb plus ending (하자 -> 하 + 자); a lone one-letter
        # stem would match every 하다, so ask for a morpheme that starts with the whole keyword.
        for i, form in enumerate(forms):
            if form.startswith(keyword.flat):
                return i + 1
        return len(kept) if len(keyword.flat) >= 3 and keyword.flat in flat else None
    if len(keyword.parts) == 1:
        part = keyword.parts[0]
        if keyword.flat != part and keyword.flat.startswith(part) and keyword.flat not in flat:
            return None  # the particle is the point: "사람이랑" asks for a person, "사람도" does not
        for i, form in enumerate(forms):
            if form.startswith(part):  # a compound noun: 불량품, 사기꾼
                return i + 1
    end = _find(keyword.parts, forms)
    if end >= 0:
        return end
    if len(keyword.flat) >= 3 and keyword.flat in flat:
        return len(kept)
    return None


def _anger_signals(text: str, forms: list[str], flat: str, signals: tuple[str, ...]) -> int:
    """``signals`` squashed already."""
    count = sum(1 for p in _PUNCT_ANGER if p.search(text))
    for w in signals:
        if w in forms or (len(w) >= 2 and w in flat):
            count += 1
    return count


_Prepared = tuple[tuple[tuple[str, tuple[_Keyword, ...]], ...], tuple[str, ...]]
_prepared: dict[int, tuple[TriageConfig, _Prepared]] = {}


def _prepare(config: TriageConfig) -> _Prepared:
    """The config's keywords analyzed and its anger signals squashed, once per config object.

    Keyed by identity, not cached on the model: ``model_copy(update=...)`` would carry a cached
    value over to a copy with other keywords."""
    found = _prepared.get(id(config))
    if found is not None and found[0] is config:
        return found[1]
    rules = tuple((reason, tuple(k for w in words if (k := _compile(w)))) for reason, words in config.keywords.items())
    signals = tuple(w for w in (squash(word) for word in config.anger_signals) if w)
    if len(_prepared) > 64:  # tests build many configs; a process normally has one
        _prepared.clear()
    _prepared[id(config)] = (config, (rules, signals))
    return rules, signals


def assess(text: str, config: TriageConfig, misses: int = 0) -> Triage:
    """Does this message need a person, and why? Checks the shop's rules in their file order."""
    morphs = analyze(text)
    kept = _keep(morphs)
    forms = [m.form for m in kept]
    flat = squash(text)
    spaced = " ".join(text.lower().split())
    joined = "\x00".join(forms)
    compiled, signals = _prepare(config)
    for reason, keywords in compiled:
        for keyword in keywords:
            end = _hit(keyword, kept, forms, flat, spaced, joined)
            if end is None:
                continue
            if reason in config.negatable and end < len(kept) and _negated(kept, morphs, end):
                continue
            return Triage(True, reason)
    if _anger_signals(text, forms, flat, signals) >= config.anger_min_signals:
        return Triage(True, "angry")
    if misses >= config.max_misses:
        return Triage(True, "repeated_misses")
    return Triage(False)
