"""With no LLM, a hello or a thank-you alone gets a friendly line, not a ticket; anything more goes the usual way."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation.small_talk import small_talk
from tests.test_kakao_turns import kakao, texts


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("안녕하세요~", "hello"),
        ("처음 와봤어요 안녕하세요 ㅎㅎ", "hello"),
        ("감사합니다 잘 받았어요!!", "thanks"),
        ("네 감사합니다 ㅎㅎ", "thanks"),
        ("사장님 오늘도 수고하세요 🙏", "thanks"),
        ("thanks!", "thanks"),
        ("네", None),  # may answer the bot's own question
        ("ㅎㅎ", None),
        ("안녕하세요 배송 언제 와요?", None),
        ("감사해요 근데 사이즈가 작아요", None),
    ],
)
def test_only_a_hello_or_a_thank_you_is_small_talk(text: str, kind: str | None) -> None:
    assert small_talk(text) == kind


def test_a_thank_you_gets_a_line_and_no_ticket(client: Any, ctx: Any, run_jobs: Any) -> None:
    resp = kakao(client, "감사합니다 잘 받았어요!!")
    assert ctx.settings.shop.messages.small_talk_thanks in texts(resp)[0]
    run_jobs()
    assert ctx.store.open_tickets() == []
    assert ctx.store.thread("kakao:user-1").get("state", "bot") == "bot"


def test_a_hello_gets_the_greeting_and_a_question_after_it_is_answered(client: Any, ctx: Any) -> None:
    resp = kakao(client, "안녕하세요~")
    assert "안녕하세요" in texts(resp)[0]
    resp = kakao(client, "배송 언제 와요?")
    assert ctx.settings.shop.faq("shipping").answer in " ".join(texts(resp))
