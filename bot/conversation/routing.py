"""Where a shopper's message goes: a person, an FAQ answer, or the LLM.

The one place that combines triage and the FAQ matcher, used by the live pipeline,
``python -m bot route`` and ``python -m bot.dev.faq_eval`` alike, so that what is measured
is what runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.conversation.faq_first import CARE_TOPICS, NATURAL_ANSWER, NORMAL_ASKED, REPAIR_TOPICS
from bot.conversation.report_phrases import SENT_THEN_CHANGE
from bot.conversation.triage import Triage, assess, damage_topics
from bot.settings import Shop
from faq import Candidate, Match, Matcher
from faq.answerer import Answerer, Evidence
from faq.normalize import analyze
from faq.phrases import REFUND_WHEN, asks_what_you_know, is_remark

_NATURAL = re.compile(NATURAL_ANSWER)
# A request about one order, by its number or to be processed ("주문번호 … 바꿔주세요", "반송 처리 해주세요"): staff's
_SENT_THEN_CHANGE = re.compile(SENT_THEN_CHANGE)  # told it was sent, and a change wanted anyway: staff's, whatever the FAQ says
_THIS_ORDER = re.compile(r"(?=.*(?:이미|벌써)\s*(?:출고|발송|배송|나간|나갔))(?=.*(?:주소|배송지|수령지)).*|주문\S{0,2}\s*(?:어제|오늘|아까|방금|그저께)\s*했|주문\s*번호\s*[:#]?\s*[a-z]{0,3}-?\d|\d{6,}|처리\s*(?:좀\s*)?(?:해\s*(?:주|줘)|부탁)", re.I)
# Money or a remedy owed for the damage ("수리비 배상해주세요"): not a repair asked about
_OWED = re.compile(r"배상|보상|변상|물어\s*(?:내|줘|주)|책임|환불|반품|교환|새\s*(?:걸로|거로|제품)")
_NORMAL_LINE = 0.3  # the best candidate's score that answers "is this normal?" with the FAQ saying it is
_CLEAR_LEAD = (0.5, 0.3)  # a request's best candidate this sure and this far ahead answers it when it alone names it
# A repair asked for in so many words, and the FAQ that speaks of repairs (not of one part's replacement)
_REPAIR_WORD = re.compile(r"수선|수리|고쳐|고칠|고치|꿰매|꿰맬|교체|a/s|\bas\b|에이에스")
_REPAIRS: tuple[str, ...] = ("수선", "수리", "수선비", "수리비")
# The generic end of a shop's name ("종이한장문구" is also called "종이한장"): the rest still names the shop.
_NAME_ENDS = ("문구", "마켓", "슈즈", "스킨", "샵", "스토어", "상점", "가게", "공방", "몰", "플라워", "가든", "리빙", "하우스", "스튜디오",
              "상회", "키친", "베이커리")
# Small talk with the owner about their pet: "사장님 고양이 너무 귀여워요 이름 뭐예요?" asks no FAQ.
_OWNER_PET = re.compile(
    r"(?:사장님|대표님|작가님|주인장|주인님)\S{0,2}\s*(?:\S{1,20}+\s+)?(?:고양이|강아지|냥이|고냥이|댕댕이|멍멍이|반려견|반려묘|반려동물|냥|멍)"
    r"\S{0,3}\s*(?:\S{1,20}+\s+){0,3}?(?:귀여|귀엽|예뻐|이뻐|예쁘|이쁘|잘\s*지내|이름\S{0,2}\s*(?:뭐|머|뭔|알려)|몇\s*살|사랑스|보고\s*싶|안부|건강|키우(?:세요|시나요|시죠|셔요|시는))"
)

# Whether the shop sells a thing: the word before the verb names it ("타프도 파세요?"; not "낱개로 파나요?")
_ANY_THING = frozenset({"낱개", "개", "거", "것", "하나", "여분", "추가", "따로", "혹시", "이거", "그거", "이것", "그것"})
_SELLS = re.compile(r"(\S+?)(?:도|는|만|을|를)?\s*(?:따로\s*|낱개로?도?\s*|혹시\s*)?"
                    r"(?:팔아요|파세요|파시나요|파나요|판매\s*(?:하세요|하시나요|하나요|해요|되나요)|취급\s*(?:하세요|하시나요|하나요|해요))")

# Talk of a name: who chose it, what it means, how cute it is
_NAME_TALK = re.compile(r"이름\S{0,2}\s*(?:\S{1,10}\s+)?(?:누가\s*(?:지|짓)|무슨\s*뜻|뜻이?\s*뭐|귀엽|귀여|예쁘다|이쁘다|예뻐요|이뻐요|특이|독특|센스)")
_SHOP_WORD_NAME = re.compile(r"(?:가게|상점|샵|스토어|공방|브랜드|쇼핑몰)\s*(?:이름|명)")


# decides a match from its evidence (faq/answerer.py): the learned model, or the matcher's own decision
Judge = Callable[[Match, Sequence[float], bool], Match]


def _as_matched(match: Match, values: Sequence[float], exact: bool) -> Match:
    return match


def _answer_with(faq_id: str, match: Match) -> Match:
    """An answer with ``faq_id``, chosen by a rule rather than by score (its score kept when the matcher ranked it first)."""
    return Match(Candidate(faq_id, match.score if match.faq_id == faq_id else 0.0), None, "answer")


def _shop_names(name: str) -> re.Pattern[str] | None:
    """The shop's own name in a message ("여기 종이한장 맞죠?"): it says which shop, not which FAQ."""
    flat = re.sub(r"\s+", "", name)
    names = {flat}
    for end in _NAME_ENDS:
        if flat.endswith(end) and len(flat) - len(end) >= 3:
            names.add(flat[: -len(end)])
    names = {n for n in names if len(n) >= 3}
    if not names:
        return None
    return re.compile("|".join(r"\s?".join(map(re.escape, n)) for n in sorted(names, key=len, reverse=True)))


# An answer that speaks of money coming back: "2~3일 안에 환불해 드려요", "카드 결제 취소는 3~5영업일 걸려요"
_MONEY_BACK = re.compile(r"환불|환급|(?:결제|카드|승인)\s*취소|돌려\s*드려")


@dataclass(frozen=True)
class Route:
    route: Literal["human", "faq", "ask", "llm"]
    triage: Triage
    match: Match | None

    @property
    def faq_id(self) -> str | None:
        return self.match.faq_id if self.match and self.route in ("faq", "ask") else None

    @property
    def score(self) -> float:
        return self.match.score if self.match else 0.0

    def as_json(self, text: str) -> dict[str, object]:
        """The ``route`` command's line: ask (two close FAQs) counts as an FAQ route."""
        return {
            "text": text,
            "route": "faq" if self.route == "ask" else self.route,
            "faq_id": self.faq_id,
            "score": round(self.score, 4),
            "reason": self.triage.reason or None,
        }


class Router:
    """Triage, then the FAQ matcher. Build once per process: the analyzer is slow to load."""

    def __init__(self, shop: Shop, judge: Judge | None = None) -> None:
        self.shop = shop
        self.matcher = Matcher(shop.faqs, shop.faq_settings)
        # whether the best FAQ answers: the learned model (faq/answerer.py) unless the shop file turns it off
        self._evidence = Evidence(self.matcher)
        self.judge: Judge | None = judge or (Answerer.builtin().judge if shop.faq_settings.learned else None)
        # What each FAQ is about: the nouns of its title, questions and keywords (not its answer).
        # (and, for an answer that says a change with use is natural and no defect, "is this normal?")
        self._about = {
            e.id: frozenset(m.form for part in (e.title, *e.questions, *e.keywords) for m in analyze(part) if m.tag in ("NNG", "NNP"))
            | ({NORMAL_ASKED} if _NATURAL.search(e.answer) else set())
            for e in shop.faqs
        }
        self._answer_nouns = {e.id: frozenset(m.form for m in analyze(e.answer) if m.tag in ("NNG", "NNP", "SL")) for e in shop.faqs}
        self._own_name = _shop_names(shop.shop.name)
        # FAQs whose answer says when money comes back: only they answer "환불 며칠 걸려요?"
        self._money_back = {e.id for e in shop.faqs if _MONEY_BACK.search(e.answer)}

    def _names(self, faq_id: str, topics: tuple[str, ...]) -> bool:
        """The FAQ's title, questions or keywords name one of the request's topics."""
        return bool(self._about[faq_id] & set(topics))

    def _faq_answers(self, match: Match, topics: tuple[str, ...], text: str) -> bool:
        """A request or a question about damage the shop's FAQ may answer (주소 변경, 수선): does its best candidate?"""
        if match.faq_id is None or not self._names(match.faq_id, topics):
            return False
        if topics == (NORMAL_ASKED,) and match.score >= _NORMAL_LINE:
            return True  # "is this normal?" and the best candidate is the FAQ that says such a change is natural
        if _THIS_ORDER.search(text) or _SENT_THEN_CHANGE.search(text):
            return False
        # an FAQ about the same thing; of two close ones, the one that alone names it
        if match.decision == "none":  # unsure, but far ahead of every other FAQ and the only one naming it
            runner = match.runner_up.score if match.runner_up else 0.0
            return match.score >= _CLEAR_LEAD[0] and match.score - runner >= _CLEAR_LEAD[1] and not (
                match.runner_up and self._names(match.runner_up.faq_id, topics))
        return match.decision == "answer" or (
            match.decision == "ask" and not (match.runner_up and self._names(match.runner_up.faq_id, topics))
        )

    def _sells_other(self, text: str, faq_id: str | None) -> bool:
        """Asked whether the shop sells something ("타프도 파세요?") that the best FAQ's words and answer never name."""
        found = _SELLS.search(text)
        if found is None or faq_id is None:
            return False
        wanted = {m.form for m in analyze(found.group(1)) if m.tag in ("NNG", "NNP", "SL")} - _ANY_THING
        return bool(wanted) and not wanted & (self._about[faq_id] | self._answer_nouns[faq_id])

    def _about_the_name(self, text: str) -> bool:
        """Small talk about the shop's own name ("폰꾸미기상점 이름 귀엽다ㅋㅋ 누가 지었어요?"): no FAQ answers it."""
        if not _NAME_TALK.search(text):
            return False
        return bool(_SHOP_WORD_NAME.search(text) or (self._own_name and self._own_name.search(text)))

    def _only_one_names(self, topics: tuple[str, ...], text: str) -> str | None:
        """A repair or self-care asked about that only one of the shop's FAQs speaks of: that FAQ, whatever the score."""
        if topics not in (REPAIR_TOPICS, CARE_TOPICS, _REPAIRS) or _THIS_ORDER.search(text) or _OWED.search(text):
            return None
        named = [faq_id for faq_id in self._about if self._names(faq_id, topics)]
        return named[0] if len(named) == 1 else None

    def route(self, text: str, misses: int = 0) -> Route:
        triage = assess(text, self.shop.triage, misses)
        if triage.needs_human and not triage.topics:
            return Route("human", triage, None)
        if not triage.needs_human and (_OWNER_PET.search(text) or self._about_the_name(text)):
            return Route("llm", triage, None)
        said = self._own_name.sub(" ", text) if self._own_name else text
        match, scores, terms = self.matcher.weighed(said)
        if triage.needs_human:
            if self._faq_answers(match, triage.topics, text):
                return Route("faq", Triage(False), Match(match.best, match.runner_up, "answer"))
            if (only := self._only_one_names(triage.topics, text)) is not None:
                return Route("faq", Triage(False), _answer_with(only, match))
            return Route("human", triage, None)
        if is_remark(text) or asks_what_you_know(text):  # a remark, or "근처 맛집 아세요?": for the LLM
            return Route("llm", triage, match)
        if self.judge is not None:  # the evidence is read only when something judges by it
            match = self.judge(match, self._evidence.values(said, match, scores, terms), self._evidence.exact(said))
        if match.decision == "answer" and self._sells_other(text, match.faq_id):
            return Route("llm", triage, match)  # "드립백도 팔아요?": whether the shop sells a thing its FAQ never names
        if match.decision == "answer" and match.faq_id not in self._money_back and REFUND_WHEN.search(text.lower()):
            return Route("llm", triage, match)  # asked when the money comes back; this answer never says
        if match.decision == "answer":
            return Route("faq", triage, match)
        spaced = " ".join(text.lower().split())
        if (damage_topics(spaced) == REPAIR_TOPICS and _REPAIR_WORD.search(spaced)
                and (only := self._only_one_names(_REPAIRS, text)) is not None):
            # a repair or a part asked for, with nothing reported broken ("단추 교체 되나요"): the one FAQ on repairs
            return Route("faq", triage, _answer_with(only, match))
        if match.decision == "ask":
            return Route("ask", triage, match)
        return Route("llm", triage, match)
