"""Triage before matching: which messages a person must answer.

The rules ship with the product (:mod:`bot.conversation.safety_rules`: asks for a person,
anger, profanity, threats, legal, defects, wrong or missing items, refund disputes,
compensation, delay complaints, prompt injection), so a shop file without a ``triage:``
section is fully protected. The shop file's ``triage.keywords`` adds words per rule (or a
rule of its own); ``triage.disable`` switches a built-in rule off by naming it.

Keywords are matched on Kiwi morphemes, so spacing and particles do not matter ("사람이랑
연결" matches "사람 연결") while a keyword inside another word does not fire ("사기" is not
in "사기 전에": there 사 is a verb). Keywords of three or more letters also match the
squashed text, for words the analyzer splits in unexpected ways. A negation right after
the keyword ("불량은 아니고") or a condition or worry ("벗겨지면", "물빠짐 있을까 봐") cancels
it for the reasons listed in ``negatable``; "상담원 연결 안 해도 돼요" still goes to a person,
which is the safe side. Patterns are regular expressions on the lower-cased text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.conversation.asked_before import ASKED_BEFORE, NEGATABLE
from bot.conversation.delivery_words import find_order_no
from bot.conversation.faq_first import (
    CARE_ASKED,
    CARE_TOPICS,
    IS_IT_NORMAL,
    NEW_ITEM,
    NORMAL_ASKED,
    REPAIR_ASKED,
    REPAIR_TOPICS,
)
from bot.conversation.learned_reports import RULE as LEARNED_RULE
from bot.conversation.learned_reports import ReportModel
from bot.conversation.safety_rules import ADDRESS_WORDS, ANGER_SIGNALS, BUILTIN_RULES, FAQ_FIRST, TOPIC_HINTS
from faq.normalize import Morph, analyze, compose_jamo, squash
from faq.vocab import ACTION_WORDS, SHIPPING_CONTEXT


class TriageConfig(BaseModel):
    """What a shop adds to the built-in rules, which it switches off, and the miss limit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # rule name -> words added to that built-in rule (a new name is a rule of the shop's own)
    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # built-in rules switched off, by name (see bot/conversation/safety_rules.py)
    disable: tuple[str, ...] = ()
    max_misses: int = Field(default=2, ge=1)
    # Weak signs of anger (아직도, 도대체, ???, ㅡㅡ), added to the built-in ones: one alone is
    # not anger, ``anger_min_signals`` together are.
    anger_signals: tuple[str, ...] = ()
    anger_min_signals: int = Field(default=2, ge=1)
    # Reasons a negation right after the keyword cancels ("불량은 아니고 사이즈가 커요").
    negatable: tuple[str, ...] = NEGATABLE

    @field_validator("disable")
    @classmethod
    def _known_rules(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(BUILTIN_RULES) - {LEARNED_RULE})
        if unknown:
            raise ValueError(f"unknown built-in rule(s) {unknown}; the rules are {sorted([*BUILTIN_RULES, LEARNED_RULE])}")
        return value

    def rules(self) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """(name, keywords, patterns) in check order: the built-in rules, then the shop's own."""
        out = [
            (name, words + tuple(self.keywords.get(name, ())), patterns)
            for name, (words, patterns) in BUILTIN_RULES.items()
            if name not in self.disable
        ]
        out += [(name, words, ()) for name, words in self.keywords.items() if name not in BUILTIN_RULES]
        return out


@dataclass(frozen=True)
class Triage:
    needs_human: bool
    reason: str = ""  # a rule's name (asked_for_person, angry, damaged, ...) or repeated_misses
    # For a request the shop's own FAQ may answer (FAQ_FIRST): the nouns it is about (주소, 세금계산서).
    # The router sends it to a person unless an FAQ about one of them answers.
    topics: tuple[str, ...] = ()


# Nouns every request has: they say nothing of what the request is about.
# Where an order should go to and what is changed (회사, 사이즈 …) are a change's content, not its topic: the FAQ on
# changes answers it, not one that happens to mention 회사 or 사이즈.
_GENERIC = frozenset({"주문", "확인", "부탁", "처리", "신청", "접수", "변경", "수정", "요청", "상품", "제품", "물건", "이름",
                      "회사", "집", "사무실", "직장", "학교", "본가", "친정",
                      "사이즈", "색상", "옵션", "수량", "색깔", "컬러"})


def _topics(span: str) -> tuple[str, ...]:
    """What a request is about: the nouns of the words that made it one, and the hinted topics."""
    nouns = [m.form for m in analyze(span) if m.tag in ("NNG", "NNP") and len(m.form) >= 2 and m.form not in _GENERIC]
    if any(n in ACTION_WORDS for n in nouns):  # "이미 출고됐는데 취소 되나요": the shipping words set the scene
        nouns = [n for n in nouns if n not in SHIPPING_CONTEXT]
    if where := [n for n in nouns if n in ADDRESS_WORDS]:  # "주소 이번에만 본가로 바꿔주세요" is about the address alone
        return tuple(dict.fromkeys(where))
    hinted = [w for pattern, words in TOPIC_HINTS if re.search(pattern, span) for w in words]
    return tuple(dict.fromkeys(nouns + hinted)) or ("-",)


# Particles, endings and punctuation carry no keyword meaning; they may sit anywhere.
_SKIP_TAG = re.compile(r"^(J|E|S[FPSEO]$|SW$)")
_MAX_GAP = 2  # other morphemes allowed between a keyword's parts ("전화 좀 주세요")
_GLUED = frozenset({"하", "되"})  # ...but 하/되 ends a word: "너무하" is not 너무 친절해, "반품된" is not 반품 안 되는
_PUNCT_ANGER = (
    re.compile(r"[?!]{3,}"),  # ???, !!!, ?!?
    re.compile(r"ㅡㅡ|-_-|;;|ㅗ"),
)
_RHETORICAL = ("가", "까", "냐", "지", "죠")  # "불량 아닌가요?" asks, it does not deny


_ASKING = ("나요", "나", "는지", "는지요", "을까요", "을까", "습니까", "어요?")
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
        if m.form == "안" and m.tag == "NNG":  # 며칠 안에 (within), not 안 (not)
            out.append(Morph("안(內)", "NNG"))
            continue
        out.append(Morph("다르", "VA") if m.form == "다른" else m)
    return tuple(out)


@dataclass(frozen=True)
class _Keyword:
    parts: tuple[str, ...]  # morpheme forms to find in order
    flat: str  # the squashed keyword, for the substring fallback
    ascii: bool
    word_start: re.Pattern[str] | None = None  # one English word: found only where a word starts ("wash it" has no "shit")


def _compile(word: str) -> _Keyword | None:
    flat = squash(word)
    if not flat:
        return None
    is_ascii = flat.isascii()
    parts = tuple(m.form for m in _keep(analyze(word))) if not is_ascii and not _JAMO_ONLY.match(flat) else ()
    word = word.strip().lower()
    start = re.compile(r"(?<![a-z])" + re.escape(word)) if is_ascii and word.isalpha() else None
    return _Keyword(parts, flat, is_ascii, start)


def _find(parts: tuple[str, ...], forms: list[str]) -> int:
    """End index (exclusive) of the first occurrence of parts in forms, gaps allowed; -1 if none."""
    if not parts:
        return -1
    for start, form in enumerate(forms):
        if form != parts[0]:
            continue
        pos, ok = start, True
        for part in parts[1:]:
            window = forms[pos + 1 : pos + 2 + (0 if part in _GLUED else _MAX_GAP)]
            if "|" in window:
                window = window[: window.index("|")]
            if part not in window:
                ok = False
                break
            pos = pos + 1 + window.index(part)
        if ok:
            return pos + 1
    return -1


_ASK_ENDING = re.compile(r"^(?:나요?|니|냐|는지요?|(?:습|ᆸ)니까|[는은ᆫ]?가요?|.*[까면])$")
_PAST = ("었", "았", "였", "ᆻ")
# Reasons a shopper also asks about before buying ("잘 깨지나요?"); anger asks rhetorically ("장난해요?").
_ASKED_IN_ADVANCE = frozenset({"damaged", "wrong_item"})
_ENGLISH_ASKS = re.compile(r"\b(?:if|in case|whether|what happens)\b|^\s*(?:do|does|can|could|will|would|is|are|should)\b[^.!]*\?")
_CHAIN_TAG = re.compile(r"^(?:J|XS|VX|EP)")


def _asks_right_after(all_morphs: tuple[Morph, ...], idx: int) -> bool:
    """The endings right after a keyword ask or describe rather than report: 부서지나요, 깨지지 않나요,
    파손되면, 잘 깨지는 (재질), 잘 깨져요? ; but 깨졌어요, 깨져서 왔어요, 불량인가요 report."""
    past = False
    window = all_morphs[idx + 1 : idx + 7]
    for i, m in enumerate(window):
        if m.tag == "SF":
            return m.form == "?" and not past
        if m.tag == "EP":
            past = past or m.form in _PAST
        elif m.tag == "ETM":
            if i + 1 < len(window) and window[i + 1].form == "데" and window[i + 1].tag == "NNB":
                return False  # 설사하는데: the analyzer's 는 + 데 is the clause ending 는데, a report
            return m.form in ("는", "ᆯ", "을")  # a property (잘 깨지는) or what might be (깨질 수)
        elif m.tag == "ETN" and m.form == "기":
            return True  # 깨지기 쉬운, 뒤집어지기 쉬운 피부: a property, not a report
        elif m.tag.startswith("E"):
            if _ASK_ENDING.match(m.form):
                return True
            if m.tag == "EC" and m.form not in ("지", "게", "어", "아"):
                return False  # 깨져서 왔어요: a clause about what happened
        elif not (_CHAIN_TAG.match(m.tag) or (m.tag == "MAG" and m.form in ("안", "잘", "좀"))):
            return False
    return False


def _asking(form: str) -> bool:
    return form in _ASKING or bool(_ASK_ENDING.match(form))


def _hypothetical(kept: tuple[Morph, ...], all_morphs: tuple[Morph, ...], end: int, strict: bool) -> bool:
    """A condition or a worry right after the keyword: 벗겨지면, 물빠짐 있을까 봐, 불량이면."""
    last = kept[end - 1] if 0 < end <= len(kept) else None
    idx = next((i for i, x in enumerate(all_morphs) if x is last), -1)
    if idx < 0:
        return False
    if strict and _asks_right_after(all_morphs, idx):
        return True
    following = all_morphs[idx + 1 : idx + 5]
    for i, m in enumerate(following):
        if m.tag == "SF":
            return False
        if m.tag in ("VV", "VA") and i + 1 < len(following) and _asking(following[i + 1].form):
            return True  # "물빠짐 있나요?", "보풀 생기나요?" ask before buying; "보풀이 생겼어요" reports
        if m.tag.startswith("E") and (m.form in ("면", "으면") or "을까" in m.form or "ᆯ까" in m.form):
            return True
    return False


def _negated(kept: tuple[Morph, ...], all_morphs: tuple[Morph, ...], end: int, strict: bool = False) -> bool:
    """A denial right after the keyword: 아니(고/에요), 않, 없."""
    if _hypothetical(kept, all_morphs, end, strict):
        return True
    after = kept[end : end + 1]  # only right after: "벨트가 없어요" later in the message is no denial
    for m in after:
        if (m.form in ("아니", "않", "없") and m.tag in ("VCN", "VX", "VA")) or (m.form == "없이" and m.tag == "MAG"):
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
    if keyword.word_start is not None:
        return len(kept) if keyword.word_start.search(spaced) else None
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


_Rule = tuple[str, tuple[_Keyword, ...], tuple[re.Pattern[str], ...]]
_Prepared = tuple[tuple[_Rule, ...], tuple[str, ...], tuple[_Rule, ...]]  # rules, anger signals, rules switched off
_prepared: dict[int, tuple[TriageConfig, _Prepared]] = {}
# rule -> (asks, reports): the rule's words in a question asked in advance (see asked_before.ASKED_BEFORE)
_ASKED_BEFORE = {
    name: tuple((re.compile(asks), re.compile(reports)) for asks, reports in pairs) for name, pairs in ASKED_BEFORE.items()
}


_REPAIR_ASKED, _NEW_ITEM, _IS_IT_NORMAL = re.compile(REPAIR_ASKED), re.compile(NEW_ITEM), re.compile(IS_IT_NORMAL)
_CARE_ASKED = re.compile(CARE_ASKED)
# a remedy demanded, or harm done ("머리가 아파요"): damage a person answers whatever the FAQ says
_DEMANDED = re.compile(r"(?:환불|교환)\S{0,2}\s*해\s*(?:주|줘)|반품\S{0,2}\s*(?:해\s*주|할게|하겠)|보상|배상|머리\s*(?:가\s*)?아파|두통|어지러|토할|따가워")
_FAULT = re.compile(r"불량|하자")  # called a fault: a repair is the shop's to offer, not a paid one to quote


def damage_topics(spaced: str) -> tuple[str, ...]:
    """For damage asked about rather than found on arrival, the FAQ topics that may answer it (bot/conversation/faq_first.py)."""
    if _NEW_ITEM.search(spaced) or _DEMANDED.search(spaced):
        return ()  # found on arrival, or a remedy demanded ("불량 아닌가요 환불해주세요"): a person's
    if _REPAIR_ASKED.search(spaced) and not _FAULT.search(spaced):
        return REPAIR_TOPICS  # worn out, a repair asked for: the repairs FAQ if any
    if _IS_IT_NORMAL.search(spaced):
        return (NORMAL_ASKED,)  # is this normal?: the FAQ that says it is, if any
    if _CARE_ASKED.search(spaced):
        return CARE_TOPICS  # how to remove a mark oneself: the care FAQ if any
    return ()


def _asked_before(reason: str, spaced: str) -> bool:
    return any(asks.search(spaced) and not reports.search(spaced) for asks, reports in _ASKED_BEFORE.get(reason, ()))


def _compiled(rules: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> tuple[_Rule, ...]:
    return tuple((name, tuple(k for w in words if (k := _compile(w))), tuple(re.compile(p) for p in patterns)) for name, words, patterns in rules)


def _prepare(config: TriageConfig) -> _Prepared:
    """The config's rules analyzed and its anger signals squashed, once per config object.

    Keyed by identity, not cached on the model: ``model_copy(update=...)`` would carry a cached
    value over to a copy with other keywords."""
    found = _prepared.get(id(config))
    if found is not None and found[0] is config:
        return found[1]
    rules = _compiled(config.rules())
    off = _compiled([(name, words, patterns) for name, (words, patterns) in BUILTIN_RULES.items() if name in config.disable])
    signals = tuple(dict.fromkeys(w for w in (squash(word) for word in (*ANGER_SIGNALS, *config.anger_signals)) if w))
    if len(_prepared) > 64:  # tests build many configs; a process normally has one
        _prepared.clear()
    _prepared[id(config)] = (config, (rules, signals, off))
    return rules, signals, off


_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_STRAY_JAMO = re.compile(r"(?<=[가-힣])([ㄱ-ㅎ])(?=([가-힣]))")


def _drop_stray_jamo(text: str) -> str:
    """A consonant typed twice by mistake, before the syllable it starts: 사람ㅇ이랑 -> 사람이랑."""

    def fix(m: re.Match[str]) -> str:
        return "" if _CHOSEONG[(ord(m.group(2)) - 0xAC00) // 588] == m.group(1) else m.group(1)

    return _STRAY_JAMO.sub(fix, text)


# A past tense typed with ㅅ for ㅆ ("시켯는데", "왓네요", "됫어요"), on vowels no other verb ends on before these endings
_PAST_TYPO = re.compile(r"[가-힣](?=(?:는데|네|어|음|다|고|습|지|던|잖|나요))")
_PAST_VOWELS = frozenset({6, 9, 10, 11, 14, 1, 3})  # ㅕ ㅘ ㅙ ㅚ ㅝ ㅐ ㅒ


def _past_typos(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        code = ord(m.group(0)) - 0xAC00
        if code % 28 == 19 and (code // 28) % 21 in _PAST_VOWELS:  # final ㅅ after one of those vowels
            return chr(0xAC00 + code + 1)  # the same syllable ending in ㅆ
        return m.group(0)

    return _PAST_TYPO.sub(fix, text)


def assess(text: str, config: TriageConfig, misses: int = 0) -> Triage:
    """Does this message need a person, and why? Checks the rules in order; the first that fires wins."""
    text = _past_typos(_drop_stray_jamo(compose_jamo(text)))
    morphs = analyze(text)
    kept = _keep(morphs)
    forms = [m.form for m in kept]
    flat = squash(text)
    spaced = " ".join(unicodedata.normalize("NFC", text).lower().split())
    joined = "\x00".join(forms)
    compiled, signals, off = _prepare(config)
    for reason, keywords, patterns in compiled:
        fired = _fires(reason, keywords, patterns, config, kept, forms, morphs, flat, spaced, joined)
        if fired is not None and not _asked_before(reason, spaced):
            if reason == "damaged" and (topics := damage_topics(spaced)):
                return Triage(True, reason, topics)
            return fired
    if _anger_signals(text, forms, flat, signals) >= config.anger_min_signals:
        return Triage(True, "angry")
    # no rule named it, but it reads like a report (learned_reports.py); what a rule the shop switched off names stays off,
    # and a message with an order number is the order desk's (bot/conversation/order_talk.py) or the rules'
    if (LEARNED_RULE not in config.disable and not find_order_no(text) and ReportModel.builtin().reads_as_report(text)
            and not any(_fires(r, k, p, config, kept, forms, morphs, flat, spaced, joined) for r, k, p in off)):
        return Triage(True, LEARNED_RULE)
    if misses >= config.max_misses:
        return Triage(True, "repeated_misses")
    return Triage(False)


def _fires(
    reason: str,
    keywords: tuple[_Keyword, ...],
    patterns: tuple[re.Pattern[str], ...],
    config: TriageConfig,
    kept: tuple[Morph, ...],
    forms: list[str],
    morphs: tuple[Morph, ...],
    flat: str,
    spaced: str,
    joined: str,
) -> Triage | None:
    """The rule's verdict on the message: a Triage naming it, or None when none of its words or patterns fires."""
    for keyword in keywords:
        end = _hit(keyword, kept, forms, flat, spaced, joined)
        if end is None:
            continue
        if keyword.ascii and reason in config.negatable and _ENGLISH_ASKS.search(spaced):
            continue  # "what if it arrives broken?"
        strict = reason in _ASKED_IN_ADVANCE
        if reason in config.negatable and end < len(kept) and _negated(kept, morphs, end, strict):
            continue
        return Triage(True, reason)
    for p in patterns:
        found = p.search(spaced)
        if found:
            return Triage(True, reason, _topics(found.group(0)) if reason in FAQ_FIRST else ())
    return None
