"""Is the shopper unhappy with the bot's last answer? Built-in Korean vocabulary; a shop file
adds phrases (``review.unsatisfied_phrases``) or switches the rule off (``review.unsatisfied: false``).

Pure functions: text in, yes or no out. The pipeline step that acts on it is
:func:`bot.conversation.steps.unsatisfied`.
"""

from __future__ import annotations

import re

# Said at the start of a message right after an answer: "no (that is not it)".
NO_AT_START = ("아니요", "아뇨", "아니에요", "아니오", "아닌데요", "아닌데")
# Anywhere in the message: the answer missed the point or was wrong.
PHRASES = (
    "그게아니라", "그게아니고", "그거말고", "그런거말고", "답이이상", "답변이이상", "대답이이상",
    "엉뚱한", "동문서답", "틀렸", "잘못알려", "잘못된답", "제질문은", "말이안돼", "이해를못하",
)
# "아니요, 괜찮아요 / 감사해요 / 없어요" closes the conversation politely: not unhappy.
CONTENT = ("괜찮", "감사", "고마", "없어요", "없습니다", "됐어요", "충분")

ANSWER_WINDOW = 60 * 60  # seconds after an answer in which a "no" or a repeat is about that answer

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Spaces, punctuation and emoji out, lower case: "배송 언제 와요??" == "배송언제와요"."""
    return _NOISE.sub("", text).lower()


def says_unsatisfied(text: str, extra: tuple[str, ...] = ()) -> bool:
    flat = normalize(text)
    if not flat or any(word in flat for word in CONTENT):
        return False
    if flat.startswith(NO_AT_START):
        return True
    return any(normalize(p) in flat for p in (*PHRASES, *extra) if normalize(p))


def asks_again(text: str, last_question: str) -> bool:
    """The same question as the one just answered (after normalising)."""
    flat = normalize(text)
    return bool(flat) and len(flat) >= 4 and flat == last_question
