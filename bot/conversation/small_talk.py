"""A hello or a thank-you and nothing else: with no LLM configured, the bot answers it itself.

Without an LLM every message neither triage nor the FAQ knows goes to a person, so "감사합니다 잘
받았어요!" would open a ticket. A message made only of greetings, thanks, farewells and laughter gets
a friendly line from ``bot/messages.yaml`` instead; anything more ("감사해요 근데 사이즈가 작아요")
is not small talk and goes the usual way. With an LLM, small talk is the LLM's, like any other chat.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

_HELLO = r"안녕하세요|안녕하세용|안녕하십니까|안녕|하이|하잉|hello|hi|hey|처음\s*와\s*봤어요|처음\s*와\s*봐요|처음\s*왔어요"
_THANKS = (
    r"감사합니다|감사해요|감사드려요|감사드립니다|감사함당|감사합니당|감사해용|감사|고맙습니다|고마워요|고마워용|고마워|고맙네요|"
    r"땡큐|thank\s*you|thanks|thx|ty|잘\s*받았어요|잘\s*받았습니다|잘\s*받았어용|잘\s*받았네요|잘\s*쓸게요|잘\s*먹을게요|잘\s*입을게요|"
    r"잘\s*신을게요|잘\s*키울게요|수고하세요|수고하셨어요|수고 많으세요|좋은\s*하루\s*(?:되세요|보내세요)|좋은\s*밤\s*되세요|"
    r"굿나잇|굿밤|안녕히\s*계세요|또\s*올게요|또\s*살게요"
)
# said around a hello or a thank-you, never alone small talk ("네" alone may answer the bot's question)
_FILLER = r"[\s.,!~^*ㅎㅋㅠㅜ♡♥❤️🙏😊😀😄🥰👍💕]|사장님|님|요|오늘도|정말|진짜|너무|많이|항상|덕분에|네|넵|넹|알겠습니다|알겠어요"
_HELLO_ONLY = re.compile(rf"^(?:{_HELLO}|{_FILLER})+$")
_COURTESY_ONLY = re.compile(rf"^(?:{_HELLO}|{_THANKS}|{_FILLER})+$")
_HELLO_IN = re.compile(_HELLO)
_THANKS_IN = re.compile(_THANKS)


def small_talk(text: str) -> Literal["hello", "thanks"] | None:
    """``hello`` for a bare greeting, ``thanks`` for thanks or a goodbye (with or without a hello), else None."""
    flat = unicodedata.normalize("NFC", text).strip().lower()
    if not flat or len(flat) > 60:
        return None
    if _HELLO_ONLY.match(flat) and _HELLO_IN.search(flat):
        return "hello"
    if _COURTESY_ONLY.match(flat) and _THANKS_IN.search(flat):
        return "thanks"
    return None
