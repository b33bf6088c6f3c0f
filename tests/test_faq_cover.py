"""Issue 12: one FAQ that holds every word of a question answers it, though its examples word it otherwise
(faq/cover.py); and talk of the weather is no FAQ's."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation.routing import Router
from bot.settings import load_shop
from faq.cover import covering, holder_index
from faq.phrases import is_remark

SHOPS = Path(__file__).parent.parent / "faq" / "data" / "eval" / "shops"
OWNER_SHOP = Path(__file__).parent / "fixtures" / "owner_shop.yaml"

# FAQ 0 speaks of 배송, 발송, 기사님, 전화; FAQ 1 of 반품, 환불, 배송
HOLDERS = holder_index([{"배송", "발송"}, {"반품", "환불"}], [{"기사님", "전화"}, {"배송", "회수"}])


def test_the_faq_that_holds_every_word_and_no_rival() -> None:
    assert covering({"발송", "기사님", "전화"}, HOLDERS, set(), 0.7, 0.35) == 0
    assert covering({"반품", "회수", "환불"}, HOLDERS, set(), 0.7, 0.35) == 1


def test_no_faq_when_a_word_is_nobodys_or_two_come_near() -> None:
    assert covering({"발송", "포인트", "적립"}, HOLDERS, set(), 0.7, 0.35) is None  # a third of it is about points
    assert covering({"배송", "전화"}, HOLDERS, set(), 0.7, 0.35) == 0
    assert covering({"배송", "회수"}, HOLDERS, set(), 0.7, 0.35) == 1
    assert covering({"배송", "반품", "발송", "환불"}, HOLDERS, set(), 0.7, 0.35) is None  # each holds half
    assert covering({"배송"}, HOLDERS, set(), 0.7, 0.35) is None  # one word says too little


def test_a_scene_word_alone_is_held_by_no_faq() -> None:
    holders = holder_index([{"오늘", "언제"}], [set()])
    assert covering({"오늘", "언제"}, holders, {"오늘", "언제"}, 0.7, 0.35) is None


def test_a_question_the_examples_word_otherwise_is_answered_by_the_faq_that_holds_it() -> None:
    flowers = Router(load_shop(SHOPS / "flowers.yaml"))
    text = "깜짝 선물이라 배송 기사님이 미리 전화 안 하게 해주실 수 있나요?"
    route = flowers.route(text)
    # 기사님 and 전화 are only in the photo FAQ's answer: they hold the question (covering) and, two words only that
    # answer says, anchor it as a keyword would (answer_own_words), so the score alone answers it now
    assert (route.route, route.faq_id) == ("faq", "photo")


@pytest.mark.parametrize(
    "text",
    ["오늘 비 엄청 오네요 빨래가 안 말라요", "이번 주말 날씨 어때요? 비 온다던데", "내일 부산 비 온대요?"],
)
def test_talk_of_the_weather_is_no_faqs(text: str) -> None:
    assert is_remark(text)
    assert Router(load_shop(OWNER_SHOP)).route(text).route == "llm"


@pytest.mark.parametrize(
    "text", ["이런 날씨에도 택배 보내시나요?", "비 온다는데 상자 젖지 않게 보내 주세요", "눈 온대요 배송 늦어지나요?"]
)
def test_whether_the_parcel_survives_the_weather_is_a_question(text: str) -> None:
    assert not is_remark(text)


def test_a_verb_no_faq_speaks_of_does_not_count_against_the_one_that_holds_the_rest() -> None:
    # 사다 and 맞다 are in no FAQ: the returns FAQ holds 하네스 (its example) and 바꾸다, 택 (its answer)
    holders = holder_index([{"반품", "하네스", "바꾸다"}, {"배송", "발송"}], [{"택"}, set()])
    assert covering({"하네스", "사다", "맞다", "택", "바꾸다"}, holders, set(), 0.7, 0.35) == 0
    # only verbs held: no answer ("잘 쓸게요")
    verbs = holder_index([{"쓰다", "냄비"}], [set()])
    assert covering({"쓰다", "예쁘다", "좋다"}, verbs, set(), 0.7, 0.35) is None


@pytest.mark.parametrize("text", ["냄비 진짜 예뻐요 잘 쓸게요", "수고 많으세요 좋은 하루 되세요~"])
def test_thanks_and_good_wishes_are_remarks(text: str) -> None:
    assert is_remark(text)
