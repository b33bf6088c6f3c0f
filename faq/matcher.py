"""FAQ entries and the matcher.

``Matcher(entries, settings).match(text)`` returns a :class:`Match`: the best
candidate with its score in [0, 1], the runner-up, and a decision:
``answer`` (confident), ``ask`` (two close candidates: let the shopper pick) or
``none`` (do not answer from the FAQ).

How a score is made (see :meth:`Matcher.match`): the message is reduced to its
topic terms (morphemes, synonyms resolved, typos corrected against the FAQ
vocabulary). Each term weighs its IDF over the FAQs; words of topics the shop has
no FAQ for (쿠폰, 적립금, 배송비...) weigh a lot and words nobody knows weigh a
little; filler (안녕하세요, 혹시, 원피스) weighs nothing. An FAQ's score is the share
of the message's weight it explains, lowered when none of its anchor keywords is
there. So "배송 언제 와요" scores high for shipping, while "배송비 쿠폰 있어요?"
mentions nothing shipping explains well and scores low: the matcher stays quiet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Sequence
from functools import lru_cache

from faq.cover import covering, held_twice, holder_index, own_words
from faq.entries import Candidate, FaqEntry, FaqSettings, Match, derived_keywords
from faq.normalize import content_terms, coordinated, squash, warm_up
from faq.phrases import read_phrases
from faq.typos import NO_TYPO, Typos, cut_short, is_hangul_word
from faq.vocab import (
    ACTION_WORDS,
    ALWAYS_GROUPS,
    COURIER_TERM,
    COURIERS,
    DEFAULT_NEUTRAL,
    DEFAULT_OFF_TOPIC,
    ELSEWHERE,
    GROUPS,
    HERE,
    LOANWORDS,
    NEUTRAL_ENGLISH,
    OFF_TOPIC_EXTRA,
    OTHER_BUSINESSES,
    PAID_WHEN,
    QUESTION_WORDS,
    RECOMMENDATION,
    RETURN_COST,
    RETURN_COST_TERM,
    SCENE_WORDS,
    SERVICE_TOPICS,
    SEVERAL,
    SHIPPING_CONTEXT,
    WHICH_COURIER,
    cost_action,
    courier_key,
    english_to_korean,
    other_businesses,
)

_QUESTION_STRENGTH = 0.8  # a word seen in an example question, vs. 1.0 for a keyword
_VERBS_ONLY_FACTOR = 0.8  # score kept without a keyword when the FAQ shares only verbs with the message
_OTHER_FAQ_DISCOUNT = 0.5  # a word explained by another FAQ counts half against this one
# An answer that states what a return or exchange costs ("왕복 배송비 6,000원")
_STATES_COST = re.compile(r"(?:왕복|편도|반품|교환|반송)\s*(?:배송비|택배비|비용|비)\S{0,3}\s*[\d,]+\s*(?:원|천)")
_PRICE_WORDS = frozenset({"얼마", "가격", "비용", "요금", "금액", "추가금", "추가요금", "유료"})
_STATES_PRICE = re.compile(r"\d[\d,]*\s*(?:원|만\s*원|천\s*원|%|프로)|무료")  # an answer that states a price covers 얼마
_ELSEWHERE_TERM = "타사"  # another business: what the message asks is about it, wherever it stands


class Matcher:
    """Korean-aware FAQ matcher. Build once per shop; ``match`` is fast and thread-safe."""

    def __init__(self, entries: Sequence[FaqEntry], settings: FaqSettings | None = None) -> None:
        warm_up()  # Kiwi's first analysis is slow: pay it here, not on a shopper's message
        self.entries = {e.id: e for e in entries}
        self.settings = s = settings or FaqSettings()
        self._ids: list[str] = [e.id for e in entries]
        self._index = {faq_id: i for i, faq_id in enumerate(self._ids)}
        self._yields = [tuple(j for j in e.yields_to if j in self._index) for e in entries]
        self._neutral = (
            frozenset(DEFAULT_NEUTRAL) | frozenset(NEUTRAL_ENGLISH) | {t for w in s.neutral for t in content_terms(w)}
        )
        # a word the shop made an FAQ keyword is not off-topic for it (a bundle FAQ's 무료배송)
        off = (set(DEFAULT_OFF_TOPIC) | set(OFF_TOPIC_EXTRA) | set(s.off_topic)) - {
            squash(k) for e in entries for k in e.keywords
        }
        # What a return costs is answered by the FAQs whose answer states it; for other shops it is off-topic.
        self._states_cost = [bool(_STATES_COST.search(e.answer)) for e in entries]
        if not any(self._states_cost):
            off.add(RETURN_COST_TERM)
        # a word the analyzer splits (택배사 -> 택배 + 사) is found by merging; a one-syllable piece alone is not it
        # (nor a verb the analyzer reads into a noun: 입고 is not 입다, "wear")
        pieces = {
            t for w in off for ts in [content_terms(w) or (w,)] for t in ts
            if (len(ts) == 1 or len(t) > 1) and not (t.endswith("다") and not w.endswith("다"))
        }
        self._off_topic = frozenset(pieces - self._neutral) | off
        cost = sorted(RETURN_COST, key=len, reverse=True)
        self._loan_re = re.compile("|".join(sorted(map(re.escape, LOANWORDS), key=len, reverse=True)))
        self._cost_re = re.compile("|".join(r"\s*".join(map(re.escape, w.replace(" ", ""))) for w in cost))

        # Synonyms: alias term -> canonical term. An alias that Kiwi splits into
        # pieces (캔슬 -> 캔 + 슬) is looked for in the squashed text instead.
        self._alias: dict[str, str] = {}
        self._surface: dict[str, str] = {}
        for e in entries:
            for canonical, aliases in e.synonyms.items():
                target = self._one_term(canonical)
                if target is not None:
                    for alias in aliases:
                        self._add_alias(alias, canonical, target)
        # The built-in vocabulary: each group read as the first of its words the shop uses.
        used = {t for e in entries for w in (*e.keywords, *e.questions) for t in content_terms(w)}
        used |= {t for e in entries for w in e.synonyms for t in content_terms(w)}
        keyword_flats = {squash(k) for e in entries for k in (*e.keywords, *e.synonyms)}

        def uses(word: str) -> bool:
            """The shop says this word (입고 the noun, not 입- 'wear' + 고)."""
            terms = content_terms(word)
            whole = len(terms) == 1 and (terms[0] == squash(word) or word.endswith("다"))
            return (whole and terms[0] in used) or squash(word) in keyword_flats

        unused: set[str] = set()
        for group in GROUPS:
            canonical = group[0] if group[0] in ALWAYS_GROUPS else next(
                (w for w in group if squash(w) in keyword_flats), None) or next((w for w in group if uses(w)), None)
            if canonical is None:
                # a service the shop has no FAQ for (정기배송 in a bakery): its name is off-topic, so
                # "정기배송 있어요?" is not answered by the shipping FAQ
                if group[0] in SERVICE_TOPICS:
                    unused.add(group[0])
                continue
            target = self._one_term(canonical)
            for alias in group:
                term = self._one_term(alias)
                if target is not None and not uses(alias) and term not in self._alias:
                    self._add_alias(alias, canonical, target)

        # An off-topic word holding an alias stays whole (택배사 is not 배송 + 사)
        for w in off:
            if any(k in squash(w) and k != squash(w) for k in self._surface):
                self._surface.setdefault(squash(w), squash(w))
        # Surface forms replaced before analysis, spacing-insensitive ("한 박스" = "한박스"), longest first.
        alternatives = [r"\s*".join(map(re.escape, k)) for k in sorted(self._surface, key=len, reverse=True)]
        self._surface_re = re.compile("|".join(alternatives)) if alternatives else None

        # Per FAQ: term -> strength, and anchors (a keyword's terms, all needed).
        vocab: list[dict[str, float]] = []
        self._whole_words: set[str] = set()
        partial: list[tuple[int, frozenset[str]]] = []
        self._answer_terms: list[frozenset[str]] = []
        self._anchors: list[list[frozenset[str]]] = []
        for e in entries:
            strengths: dict[str, float] = {}
            anchors: list[frozenset[str]] = []
            for kw in e.keywords or self._derived_keywords(e):
                raw = content_terms(kw)
                terms = [t for t in (self._canon(t) for t in raw) if t not in self._neutral]
                if not terms:
                    continue
                whole = self._canon(squash(kw))
                if cut_short(kw, raw):
                    # a noun the analyzer cut short (식물등 -> 식물, 새김 -> 김): what is left anchors only if
                    # no other FAQ uses it (제조일 -> 제조, below); the whole word found in a message does (see terms)
                    self._whole_words.add(whole)
                    for t in terms:
                        strengths.setdefault(t, _QUESTION_STRENGTH)
                    partial.append((len(vocab), frozenset(terms)))
                    anchors.append(frozenset({whole}))
                    strengths[whole] = 1.0
                    continue
                anchors.append(frozenset(terms))
                for t in terms:
                    strengths[t] = max(strengths.get(t, 0.0), 1.0 if len(terms) == 1 else _QUESTION_STRENGTH)
                # 급여량 said in one piece, as messages often do; 입고 the noun where Kiwi read 입다 + 고
                if (len(terms) > 1 or terms[0] != whole) and is_hangul_word(whole) and not kw.endswith("다"):
                    anchors.append(frozenset({whole}))
                    strengths[whole] = 1.0
            if self._states_cost[len(vocab)]:
                anchors.append(frozenset({RETURN_COST_TERM}))
                strengths[RETURN_COST_TERM] = 1.0
            for q in e.questions:
                for t in content_terms(q):
                    t = self._canon(t)
                    if t not in self._neutral:
                        strengths.setdefault(t, _QUESTION_STRENGTH)
            vocab.append(strengths)
            self._anchors.append(anchors)
            # Words only the answer uses: the answer covers them ("3만 원 이상 무료"), but they are
            # no evidence for this FAQ on their own and change no other FAQ's weights.
            # "왕복 배송비 6,000원" in a returns answer is what a return costs, not the shipping fee
            answer = self._cost_re.sub(lambda m: f" {cost_action(m.group(0))} {RETURN_COST_TERM} ", e.answer)
            answer = COURIERS.sub(f" {COURIER_TERM} ", answer.lower())
            answer_terms = (self._canon(t) for t in self._merged(content_terms(answer), ()))
            covered = {t for t in answer_terms if t not in self._neutral and t not in strengths}
            if _STATES_PRICE.search(e.answer):
                covered |= _PRICE_WORDS - strengths.keys()
            self._answer_terms.append(frozenset(covered))

        n = max(len(entries), 1)
        df = {t: len(fs) for t, fs in holder_index(vocab).items()}  # how many FAQs use a word
        for i, piece in partial:
            if all(df[t] == 1 and len(t) > 1 for t in piece):
                self._anchors[i].append(piece)
        # Normalised IDF in (0, 1]: a word only one FAQ uses weighs 1.
        norm = math.log(1 + n)
        self._idf = {t: math.log(1 + n / d) / norm for t, d in df.items()}
        # Inverted index: term -> [(faq index, idf * strength)]; matching touches only the FAQs that share a word
        # with the message, so it grows with the overlap, not with the number of entries.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for i, strengths in enumerate(vocab):
            for t, st in strengths.items():
                self._postings.setdefault(t, []).append((i, self._idf[t] * st))
        self._vocab = vocab
        self._anchor_terms = {t for anchors in self._anchors for a in anchors for t in a}
        # another FAQ's keyword in an answer ("교환도 같은 기간 안에 돼요") stays that FAQ's evidence
        self._holders = holder_index(vocab, [covered - self._anchor_terms for covered in self._answer_terms])
        # The owner wrote an FAQ about it: a built-in off-topic word (포장, 재입고) that anchors
        # one of the shop's FAQs or names its title is that FAQ's topic, not off-topic.
        titles = {squash(w) for e in entries for w in (e.title, *e.title.split())}
        self._off_topic = (self._off_topic | (unused - self._neutral)) - self._anchor_terms - titles
        # words only one FAQ says anchor it as a keyword would (faq/cover.py); prices, questions and scenes are anyone's
        self._answer_own, self._example_own = own_words(self._answer_terms, vocab, self._off_topic,
                                                        _PRICE_WORDS | QUESTION_WORDS | SCENE_WORDS)
        self._own_index = holder_index(self._answer_own)
        self._context = {self._canon(t) for w in SHIPPING_CONTEXT for t in content_terms(w)} | {RETURN_COST_TERM}
        self._action = {self._canon(t) for w in ACTION_WORDS for t in content_terms(w)}
        self._fee_terms = {self._canon(squash(w)) for w in ("배송비", "택배비", "배달비", "배송료")}
        # Typo correction candidates: the FAQ's words and whole off-topic words, not their pieces
        # (비닐 is no typo of 비밀, the piece of 비밀번호).
        self._typos = Typos({*self._postings, *(off & self._off_topic)}, s.typo_cutoff)
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)
        examples = holder_index([{squash(q) for q in e.questions} for e in entries])
        self._examples = {q: self._ids[ids[0]] for q, ids in examples.items() if len(ids) == 1 and q}
        # Other businesses by name, except those the shop's own FAQ names; the couriers its answers name
        own = squash(" ".join(w for e in entries for w in (e.title, e.answer, *e.questions, *e.keywords)))
        self._elsewhere_re = other_businesses({n for n in (squash(w) for w in OTHER_BUSINESSES) if n in own})
        self._couriers = {courier_key(m.group(0)) for e in entries for m in COURIERS.finditer(e.answer.lower())} - {""}

    # -- text -> terms ---------------------------------------------------------------
    def _add_alias(self, alias: str, canonical: str, target: str) -> None:
        terms = content_terms(alias)
        flat = squash(alias)
        # Trust the analyzer only when it kept the alias whole (리턴 -> 리턴, 돌려주다 -> 돌리다);
        # a split or misread alias (캔슬 -> 캔 + 슬) is replaced in the text before analysis instead.
        whole = len(terms) == 1 and (terms[0] == flat or (flat.endswith("다") and terms[0].endswith("다")))
        if whole and terms[0] != target:
            self._alias[terms[0]] = target
        if squash(canonical) != target:  # 묶음 may read as 묶다 in one place and 묶음 in another
            self._alias.setdefault(squash(canonical), target)
        if (not whole or not flat.isascii()) and len(flat) >= 2 and flat != squash(canonical):
            # the analyzer may read a typo differently inside a sentence: replace it
            self._surface.setdefault(flat.removesuffix("다") if flat.endswith("다") and not whole else flat, canonical)

    def _merged(self, raw: Sequence[str], known: Container[str]) -> list[str]:
        """Two nouns that together name an off-topic or known subject, as one term (해외 배송, 택배 사)."""
        merged: list[str] = []
        for t in raw:
            if merged and (merged[-1] + t in self._off_topic or merged[-1] + t in known):
                merged[-1] = merged[-1] + t
            else:
                merged.append(t)
        return merged

    def _derived_keywords(self, entry: FaqEntry) -> tuple[str, ...]:
        return derived_keywords(entry, lambda q: {self._canon(t) for t in content_terms(q)} - self._neutral,
                                [t for t in content_terms(entry.title) if t not in self._neutral])

    def _one_term(self, word: str) -> str | None:
        terms = content_terms(word)
        return terms[0] if len(terms) == 1 and not cut_short(word, terms) else (squash(word) or None)

    def _canon(self, term: str) -> str:
        return self._alias.get(term, term)

    def _known(self, term: str) -> bool:
        return term in self._postings or term in self._off_topic or term in self._neutral

    def _correct_uncached(self, term: str) -> str | None:
        """A known word for an unknown one: 반품요 -> 반품, 배송조회 -> 배송, 배숑 -> 배송."""
        for suffix in ("요", "용", "여", "욤", "염", "이요"):  # "반품요" glued by the analyzer
            base = self._canon(term[: -len(suffix)])
            if term.endswith(suffix) and self._known(base):  # 식세기용 -> 식기세척기
                return base
        if term in self._alias:
            return self._alias[term]
        if not is_hangul_word(term) or term.endswith("다") or term in NO_TYPO:
            return None
        # A compound whose head or tail is a known word (배송조회 -> 배송), but never
        # when the compound itself is a different topic (배송비 is in the off-topic list).
        for cut in range(len(term) - 1, 1, -1):
            head, tail = term[:cut], term[-cut:]
            if head in self._anchor_terms:
                return head
            if tail in self._anchor_terms:
                return tail
        return self._typos.correct(term)

    def terms(self, text: str) -> list[str]:
        """The message's topic terms as the FAQ vocabulary knows them (for debugging and tests)."""
        out: list[str] = []
        # "무신사 재입고 알림", "쿠팡 배송은 왜 빨라요", "식세기 어느 브랜드가 좋아요": about another business.
        # Its name is cut out and 타사 added as a term (a marker word in the text is misread: 건데 타사 -> 건데타 + 사).
        lowered = english_to_korean(text.lower())
        elsewhere = [p for p in (ELSEWHERE, self._elsewhere_re, RECOMMENDATION) if p is not None and p.search(lowered)]
        # "다른 쇼핑몰에서 시켰다가 2주 걸렸어요 여기는 며칠 걸려요?": told of another business, asked about this one
        last = max((m.end() for p in elsewhere for m in p.finditer(lowered)), default=0)
        if elsewhere and HERE.search(lowered, last):
            elsewhere = []
        for pattern in (ELSEWHERE, self._elsewhere_re, RECOMMENDATION):
            if pattern is not None:
                lowered = pattern.sub(" . ", lowered)
        lowered = read_phrases(lowered)
        # paid at a time sets the scene; paid twice or separately ("두 번 결제했는데 하나로 와요?") is the question
        lowered = PAID_WHEN.sub(lambda m: m.group(0) if SEVERAL.search(lowered, max(m.start() - 6, 0), m.start()) else " ", lowered)
        lowered = self._loan_re.sub(lambda m: f" {LOANWORDS[m.group(0)]} ", lowered)
        named = {courier_key(m.group(0)) for m in COURIERS.finditer(lowered)} - {""}
        if named and not named & self._couriers and not WHICH_COURIER.search(lowered):
            # a courier the shop does not use ("우체국 택배 토요일에도 배달해요?" to a CJ shop) is another business
            elsewhere.append(COURIERS)
            lowered = COURIERS.sub(" . ", lowered)
        lowered = COURIERS.sub(f" {COURIER_TERM} ", lowered)
        # "교환 택배비" -> "교환 반품비": the cost of sending it back, not the shipping fee
        lowered = self._cost_re.sub(lambda m: f" {cost_action(m.group(0))} {RETURN_COST_TERM} ", lowered)
        if self._surface_re is not None:
            lowered = self._surface_re.sub(lambda m: f" {self._surface[squash(m.group(0))]} ", lowered)
        raw = [_ELSEWHERE_TERM] * bool(elsewhere) + list(content_terms(lowered))
        # "해외 배송", "묶음 배송": two nouns that together name an off-topic subject
        for t in self._merged(raw, self._postings):
            t = self._canon(t)
            if not self._known(t):
                t = self._correct(t) or t
            out.append(t)
        flat = squash(lowered)
        for word in self._whole_words:
            if word in flat and word not in out:  # the keyword the analyzer cuts short, said whole
                piece = next((i for i, t in enumerate(out) if t in word), None)
                if piece is None:
                    out.append(word)
                else:
                    out[piece] = word
        if self._fee_terms & set(out) and self._action & set(out) and any(self._states_cost):
            # "교환하려면 배송비 얼마예요": the fee of a return or exchange, wherever the words stand
            out = [RETURN_COST_TERM if t in self._fee_terms else t for t in out]
        if RETURN_COST_TERM in out:  # "반품비 얼마예요": the price words are the question, not another topic
            out = [t for t in out if t not in _PRICE_WORDS]
        return out

    # -- scoring ---------------------------------------------------------------------
    def scores(self, text: str) -> dict[str, float]:  # every FAQ that shares a word with the message, scored in [0, 1]
        return self._scored(text)[0]

    def _scored(self, text: str) -> tuple[dict[str, float], set[str]]:
        """The scores, and the message's topic terms they were made of."""
        s = self.settings
        ordered = [t for t in self.terms(text) if t not in self._neutral]
        terms = set(ordered)
        # Korean puts the point of a sentence last: in "사이즈 재입고 되나요" the focus is
        # 재입고, in "세일 상품도 반품 되나요" it is 반품.
        focus = ordered[-1] if ordered and not coordinated(text) else None
        touched = {i for t in terms for i, _ in self._postings.get(t, ())}
        if COURIER_TERM in terms:  # "한진이에요 CJ에요?": the answer that names the shop's courier answers it
            touched |= {i for i, covered in enumerate(self._answer_terms) if COURIER_TERM in covered}
        touched |= held_twice(terms, self._own_index)  # two words only its answer says
        elsewhere = (_ELSEWHERE_TERM,) if _ELSEWHERE_TERM in terms else ()  # about another business, wherever said
        out: dict[str, float] = {}
        off, idf, anchor_terms = self._off_topic, self._idf, self._anchor_terms
        info = [(t, t in off, idf.get(t), t in anchor_terms) for t in terms]  # what a term is, whichever FAQ
        beside_scene = terms - SCENE_WORDS
        matched_by: dict[int, list[frozenset[str]]] = {}  # FAQ -> its anchors the message holds
        for i in touched:
            strengths = self._vocab[i]
            matched = [a for a in self._anchors[i] if a <= terms]
            if matched:
                matched_by[i] = matched
            # a keyword such as 오늘 anchors only beside another word of this FAQ ("오늘 비 오네요" is no same-day question)
            anchored = any(not a <= SCENE_WORDS or any(t in strengths for t in beside_scene) for a in matched)
            if (own := self._answer_own[i] & terms) and not anchored:
                anchored = len(own) >= 2 or bool(self._example_own[i] & terms)
            explained = weight = 0.0
            covered = self._answer_terms[i]
            for t, off_topic, t_idf, is_anchor in info:
                if t in strengths and (anchored or not off_topic):
                    # an off-topic word in an example ("결제 취소") counts only with an anchor
                    explained += t_idf * strengths[t]
                    weight += t_idf
                elif t in covered and not is_anchor:  # another FAQ's anchor stays its evidence
                    # a word the answer covers weighs what it would weigh unexplained, and is explained
                    w = s.off_topic_weight if off_topic else _OTHER_FAQ_DISCOUNT * (t_idf or 0) or s.unknown_weight
                    weight += w
                    explained += w
                elif off_topic:
                    weight += s.off_topic_weight
                elif t_idf is not None:
                    weight += _OTHER_FAQ_DISCOUNT * t_idf
                else:
                    weight += s.unknown_weight
            coverage = explained / weight if weight > 0 else 0.0
            if anchored:
                # an anchor is strong evidence; coverage says how much else the message is about,
                # and ending on this FAQ's own keyword breaks ties ("작아서 M으로 바꿔주세요")
                on_focus = focus is not None and any(focus in a for a in self._anchors[i])
                score = (1 - s.focus_bonus) * (0.5 + 0.5 * coverage) + (s.focus_bonus if on_focus else 0.0)
            else:
                score = s.no_anchor_factor * coverage
                if not any((t in strengths or t in covered) and not t.endswith("다") for t in terms):
                    score *= _VERBS_ONLY_FACTOR  # only verbs in common ("처음 와봐요", "잘 쓸게요"): a greeting
            if any(t in off and t not in strengths and t not in covered for t in (focus, *elsewhere)):
                score *= s.off_topic_focus_factor
            elif any(t in off and t not in strengths and t not in covered for t in terms):
                # it also names a topic this FAQ does not cover ("다른 쇼핑몰에서 산 패딩 환불")
                score *= s.off_topic_factor
            out[self._ids[i]] = round(min(score, 1.0), 4)
        # "출고 전인데 취소돼요?": shipping words only set the scene for a cancel, return or exchange
        acting = {i for i, matched in matched_by.items() if any(w in t for a in matched for t in a for w in self._action)}
        for i in touched:
            matched = matched_by.get(i, [])
            only_context = bool(matched) and all(a <= self._context for a in matched)
            # an anchor in the message means its FAQ shares a word with it, so was touched
            if any(self._index[j] in matched_by for j in self._yields[i]) or (only_context and acting - {i}):
                out[self._ids[i]] = round(out[self._ids[i]] * s.yield_factor, 4)
        return out, terms

    def match(self, text: str) -> Match:
        """Best FAQ, runner-up and the decision: answer, ask which one, or stay quiet."""
        return self.weighed(text)[0]

    def weighed(self, text: str) -> tuple[Match, dict[str, float], set[str]]:
        """The match, with every touched FAQ's score and the message's topic terms (faq/answerer.py reads them)."""
        scores, terms = self._scored(text)
        exact = self._examples.get(squash(text))
        if exact is not None:  # the owner wrote this very question under one FAQ
            scores[exact] = 1.0
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        best = Candidate(*ranked[0]) if ranked else None
        runner = Candidate(*ranked[1]) if len(ranked) > 1 else None
        s = self.settings
        if best is None:
            return Match(None, None, "none"), scores, terms
        close = runner is not None and best.score - runner.score < s.margin
        if best.score >= s.threshold and not close:
            return Match(best, runner, "answer"), scores, terms
        if close and runner is not None and runner.score >= s.ask_floor:
            return Match(best, runner, "ask"), scores, terms
        held = covering(terms, self._holders, SCENE_WORDS, s.cover_floor, s.cover_margin)
        if held is not None:  # one FAQ holds every word of it, and no other comes near (faq/cover.py)
            chosen = Candidate(self._ids[held], scores.get(self._ids[held], 0.0))
            return Match(chosen, best if best.faq_id != chosen.faq_id else runner, "answer"), scores, terms
        return Match(best, runner, "none"), scores, terms
