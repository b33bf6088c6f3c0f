"""What a model's draft must pass before a shopper reads it.

Each check is a small function ``(answer, grounds) -> reason | None``; the first reason found
holds the draft, the thread goes to a person with the draft on the ticket, and staff read the
reason. They catch what small models do: echo the reply format, the instructions or the
question; invent prices, fees, days or hours; change a limit the policies state ("3만 원 이상
무료" where the policy says 5만 원); say yes where a policy says no; answer another question;
answer in English; say nothing. A check that is unsure holds the draft: a person answering is
never wrong, a confident wrong answer is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from bot.conversation.figures import changed_limits, unknown_figures
from bot.privacy import has_personal_data

MAX_ANSWER = 700  # characters; longer answers wander off the policies
ECHO_WINDOW = 8  # characters (spaces ignored) of the instructions that, repeated, are an echo


@dataclass(frozen=True)
class Grounds:
    """What an answer may stand on: the shopper's question, the shop's own texts (policies,
    FAQ answers, description, contact hours) and the instructions the model was given."""

    question: str
    sources: tuple[str, ...] = ()
    instructions: str = ""

    @cached_property
    def _sentence_bigrams(self) -> list[set[str]]:
        return [bigrams(s) for src in self.sources for s in sentences(src)]

    def key_bigrams(self, asked: set[str]) -> set[str]:
        """The question's most specific words in the shop's texts: those in the fewest sentences."""
        df = {b: n for b in asked if (n := sum(b in s for s in self._sentence_bigrams))}
        if not df:
            return set()
        rarest = min(df.values())
        return {b for b, n in df.items() if n == rarest}

    @cached_property
    def source_bigrams(self) -> set[str]:
        return set().union(*self._sentence_bigrams)


# -- words ----------------------------------------------------------------------------------

_WORD = re.compile(r"[가-힣]+|[A-Za-z]{2,}")
# Particles and endings cut off a word's end, longest first, so '배송비는' and '배송비' compare equal.
_ENDINGS = tuple(sorted(
    "이에요 예요 에요 해요 어요 아요 습니다 합니다 입니다 니다 세요 나요 까요 가요 죠 네요 군요 으로 에서 에게 께서 까지 부터 "
    "처럼 보다 이나 이랑 하고 하면 으면 는데 은데 인데 면 은 는 이 가 을 를 에 도 만 와 과 의 로 요 고".split(), key=len, reverse=True))
# Words any polite answer may use without saying anything about the shop.
_FILLER = (
    "고객님 안녕하세요 문의 주셔서 감사합니다 감사해요 죄송하지만 죄송해요 죄송합니다 확인 드릴게요 도와드릴게요 가능해요 "
    "가능합니다 가능 있어요 없어요 됩니다 돼요 되나요 되요 해요 합니다 드려요 드립니다 알려 궁금 궁금하신 말씀 참고 네 아니요 "
    "맞아요 맞습니다 경우 관련 내용 안내 저희 현재 정확한 답변 하시면 주시면 주세요 부탁 이용 편하게 물어봐 언제든 도움 "
    "그렇습니다 그래요 바로 먼저 다시 좀 혹시 정말 것 수 있는 있습니다 있는지 하실 하시 하신 하시는 궁금하시군요 "
    "궁금하신가요 문의하셨군요 물어보셨군요 질문 어떻게 어떡해 뭐뭐 얼마 어디 하면 으면 않으면"
)


def stem(word: str) -> str:
    for _ in range(2):  # '주소로만': two endings
        cut = next((e for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= 2), "")
        if not cut:
            break
        word = word[: -len(cut)]
    return word


def bigrams(text: str) -> set[str]:
    """Character pairs of each word's stem (Latin words whole, lower-cased)."""
    out: set[str] = set()
    for word in _WORD.findall(text):
        if word.isascii():
            out.add(word.lower())
            continue
        s = stem(word)
        out.update(s[i : i + 2] for i in range(len(s) - 1))
    return out


_FILLER_BIGRAMS = bigrams(_FILLER)


def content(text: str) -> set[str]:
    return bigrams(text) - _FILLER_BIGRAMS


def squash(text: str) -> str:
    """Letters and digits only: spacing and punctuation never hide an echo."""
    return re.sub(r"[^0-9A-Za-z가-힣]", "", text).lower()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?。])\s+|\n+", text) if len(squash(s)) >= 4]


# -- the checks -----------------------------------------------------------------------------

_HANGUL = re.compile(r"[가-힣]")


def empty(answer: str, g: Grounds) -> str | None:
    return "empty" if not squash(answer) else None


def too_long(answer: str, g: Grounds) -> str | None:
    return "too_long" if len(answer) > MAX_ANSWER else None


def not_korean(answer: str, g: Grounds) -> str | None:
    """Korean always (a Korean answer to an English question is fine; English to Korean is not)."""
    letters = re.findall(r"[A-Za-z가-힣]", answer)
    hangul = len(_HANGUL.findall(answer))
    return "not_korean" if hangul < 2 or hangul < len(letters) * 0.6 else None


def echoes_instructions(answer: str, g: Grounds) -> str | None:
    """The reply format, a rule or any other stretch of the instructions repeated."""
    said = squash(answer)
    own = squash(" ".join(g.sources)) + squash(g.question)
    text = squash(g.instructions)
    for i in range(len(text) - ECHO_WINDOW + 1):
        piece = text[i : i + ECHO_WINDOW]
        if piece in said and piece not in own:
            return "echoes_instructions"
    return None


def dumps_policies(answer: str, g: Grounds) -> str | None:
    """Policy text pasted whole: three or more source sentences, from two or more texts."""
    said = squash(answer)
    hits = [(i, s) for i, src in enumerate(g.sources) for s in sentences(src) if len(squash(s)) >= 10 and squash(s) in said]
    return "dumps_policies" if len(hits) >= 3 and len({i for i, _ in hits}) >= 2 else None


def echoes_question(answer: str, g: Grounds) -> str | None:
    """The question back, or merely rephrased: nothing said that the question did not say."""
    if squash(g.question) and squash(g.question) in squash(answer):
        return "echoes_question"
    if answer.rstrip().endswith("?") and len(sentences(answer)) <= 1:
        return "echoes_question"  # a question is not an answer
    said = content(answer)
    new = said - content(g.question)
    if len(new) < 2 and not re.search(r"\d", answer):
        # Nothing added: only a 'yes' to what the shop's texts say is an answer ('카카오페이 돼요').
        repeated = said & content(g.question)
        if not repeated or len(repeated - g.source_bigrams) > len(repeated) * 0.2:
            return "echoes_question"
    return None


def invented_figure(answer: str, g: Grounds) -> str | None:
    """A price, fee, day count, percentage, date or time found in none of the shop's texts or the question."""
    return "invented_figure" if unknown_figures(answer, [*g.sources, g.question]) else None


def changed_limit(answer: str, g: Grounds) -> str | None:
    """A limit stated with another figure than the policies give ('3,000원 이상 무료')."""
    return "contradicts_policy" if changed_limits(answer, list(g.sources)) else None


_NEGATIVE_RULE = re.compile(r"([^.!?\n]*?)(?:은|는)\s*(?:[가-힣]+\s)?(?:하지\s*않|[가-힣]*할\s*수\s*없|안\s*돼|받지\s*않|불가)")
_AFFIRMS = re.compile(r"가능|돼요|됩니다|되세요|할\s*수\s*있|해\s*드|보내\s*드|드릴게요|받아요")
_NEGATES = re.compile(r"않|없|안\s*돼|안돼|불가|어렵|어려|못")


def says_yes_to_a_no(answer: str, g: Grounds) -> str | None:
    """A policy says something is not done ('해외 배송은 하지 않아요'); the answer says it is."""
    subjects = []
    for source in g.sources:
        for m in _NEGATIVE_RULE.finditer(source):
            for part in re.split(r"[,·]", m.group(1)):
                key = squash(part)
                if len(key) >= 2:
                    subjects.append(key)
    for sentence in sentences(answer) or [answer]:
        said = squash(sentence)
        if any(key in said for key in subjects) and _AFFIRMS.search(sentence) and not _NEGATES.search(sentence):
            return "contradicts_policy"
    return None


# Words shoppers use for what the shop's texts call otherwise: a question with one word of a group
# is answered by an answer with another ('택배사' - 'CJ대한통운', '토욜' - '주말').
TOPICS: tuple[tuple[str, ...], ...] = (
    ("택배사", "택배", "대한통운", "cj", "우체국"),
    ("무배", "무료배송", "무료", "freeshipping"),
    ("배송비", "택배비", "추가금", "postage"),
    ("해외", "국내", "미국", "일본", "japan"),
    ("토욜", "토요일", "일요일", "주말", "공휴일", "휴일", "연휴", "추석", "설날", "명절", "쉬어", "weekend"),
    ("문의", "상담", "답변", "cs", "몇시", "상담시간", "hours"),
    ("돈", "환불", "돌려받", "refund"),
    ("결제", "결제수단", "간편결제", "카카오페이", "네이버페이", "카드", "무통장", "payment", "card", "paypal"),
    ("바꾸", "바꿔", "교환", "품절"),
    ("신장", "키", "tall"),
    ("사이즈", "몇입", "size"),
    ("단면", "둘레", "실측", "사이즈표"),
    ("옷", "의류", "잡화", "파는", "편집숍"),
    ("세탁", "빨았", "향수", "화장품", "파운데이션", "묻었", "착용", "택제거"),
)
# Asking for a figure: any figure in the answer is about the question.
_ASKS_FIGURE = re.compile(r"얼마|몇|며칠|몇일|언제|how\s*(?:much|tall|long|many)", re.IGNORECASE)
_ANY_FIGURE = re.compile(r"\d")


def topics(text: str) -> set[str]:
    said = squash(text)
    return {f"#{i}" for i, group in enumerate(TOPICS) if any(word in said for word in group)}


def off_question(answer: str, g: Grounds) -> str | None:
    """Not one word or topic of the question in the answer: it answers something else."""
    asked, said = content(g.question), content(answer)
    if not asked and not topics(g.question):
        return None  # nothing to compare ('?', an emoji): the other checks decide
    key = g.key_bigrams(asked)
    if key and not key & said:
        return "off_question"  # '제주도 배송비' answered with the return fee: the specific word is missing
    if len(asked & said) >= 2 or topics(g.question) & topics(answer):
        return None
    if _ASKS_FIGURE.search(g.question) and _ANY_FIGURE.search(answer):
        return None
    return "off_question"


def unsupported(answer: str, g: Grounds) -> str | None:
    """Most of what the answer adds is in none of the shop's texts: guessed, not grounded."""
    new = content(answer) - content(g.question)
    if not new:
        return None
    outside = new - g.source_bigrams
    return "unsupported" if len(outside) > max(2, len(new) * 0.4) else None


# Promises the bot must never make on its own: refunds, compensation, discounts, dates.
_PROMISES = re.compile(
    r"환불(?:해|을\s*해|\s*처리해)\s*드릴|환불\s*(?:해\s*)?드리겠|보상(?:해)?\s*드|배상|할인(?:해)?\s*드릴|쿠폰(?:을)?\s*(?:드릴|드리|발급해\s*드)"
    r"|무료로\s*(?:해|보내|교환|반품)\S*\s*드|적립금(?:을)?\s*(?:드릴|드리)|(?:내일|오늘|모레)\s*(?:까지|안에)?\s*(?:꼭|반드시)?\s*(?:도착|받으실\s*수\s*있)"
    r"|약속(?:드릴게요|드립니다)|100\s*%|반드시\s*(?:환불|도착|보상)"
)


def promise(answer: str, g: Grounds) -> str | None:
    return "promise" if _PROMISES.search(answer) else None


# Asking the shopper for personal data: the data's name, then a request ('알려 주세요'), not a
# statement about it ('국내 주소로만 보내 드려요', '전화 상담은 평일 10시부터예요', '카드 결제 돼요').
_ASKS_PII = re.compile(
    r"(?:성함|이름|전화\s*번호|휴대폰\s*번호|연락처|주소|계좌\s*번호|카드\s*번호|주민\s*(?:등록)?\s*번호|생년월일)\S{0,6}\s*"
    r"(?:을|를)?\s*(?:알려|말씀해|남겨|적어|보내|입력해)\s*(?:주세요|주시겠|주시면|줘|주실|달라|주십시오)"
)
_PLACEHOLDER = re.compile(r"\[(?:전화번호|이메일|주민번호|카드번호|계좌번호|번호|주소)\]")


def personal_data(answer: str, g: Grounds) -> str | None:
    if _ASKS_PII.search(answer) or _PLACEHOLDER.search(answer) or has_personal_data(answer):
        return "personal_data"
    return None


_LEAKS_PROMPT = re.compile(r"system\s*prompt|시스템\s*프롬프트|지시문|규칙\s*\d|JSON|needs_human", re.IGNORECASE)


def prompt_leak(answer: str, g: Grounds) -> str | None:
    return "prompt_leak" if _LEAKS_PROMPT.search(answer) else None


Check = Callable[[str, Grounds], "str | None"]

CHECKS: tuple[Check, ...] = (
    empty,
    too_long,
    not_korean,
    prompt_leak,
    echoes_instructions,
    dumps_policies,
    echoes_question,
    promise,
    personal_data,
    invented_figure,
    changed_limit,
    says_yes_to_a_no,
    off_question,
    unsupported,
)


def problems(answer: str, grounds: Grounds) -> list[str]:
    """Every reason to hold ``answer``, in the order of :data:`CHECKS` (empty: it may be sent)."""
    return [reason for check in CHECKS if (reason := check(answer, grounds))]


def first_problem(answer: str, grounds: Grounds) -> str:
    for check in CHECKS:
        reason = check(answer, grounds)
        if reason:
            return reason
    return ""
