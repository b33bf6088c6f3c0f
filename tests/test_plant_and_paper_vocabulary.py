"""A plant shop and a stationery shop that wrote only a few example questions understand their shoppers' own words;
saying hello to a shop by its name, or chatting about the owner's pet, gets no FAQ answer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from bot.conversation.routing import Router
from bot.settings import load_shop

SHOPS = Path(__file__).resolve().parents[1] / "faq" / "data" / "eval" / "shops"


@cache
def router(shop: str) -> Router:
    return Router(load_shop(SHOPS / f"{shop}.yaml"))


@pytest.mark.parametrize(
    ("shop", "text", "faq"),
    [
        ("plants", "몬스테라는 며칠에 한 번 물 줘야 해요?", "water"),
        ("plants", "우리 집 거실이 북향인데 잘 클까요?", "light"),
        ("plants", "반그늘에 둬도 괜찮은 애예요?", "light"),
        ("plants", "한겨울에 분갈이 해도 되나요", "repot"),
        ("plants", "how often do I need to water it?", "water"),
        ("stationery", "노트 표지에 제 이니셜 새겨 주실 수 있나요?", "engraving"),
        ("stationery", "줄간격 몇 mm예요?", "paper"),
        ("stationery", "속지 평량이 어떻게 돼요?", "paper"),
        ("stationery", "could you engrave my initials on the cover?", "engraving"),
        # naming the shop or the owner does not stop a real question
        ("stationery", "종이한장문구 각인 되나요?", "engraving"),
        ("stationery", "사장님 강아지 이름 각인 해주실 수 있어요?", "engraving"),
        # small talk: no FAQ
        ("stationery", "안녕하세요~ 종이한장 맞나요? 블로그 보고 찾아왔어요", None),
        ("stationery", "종이한장문구 맞죠?? 친구가 추천해줬어요", None),
        ("stationery", "사장님 댁 냥이 요즘 잘 지내요?", None),
        ("plants", "초록한뼘 사장님 고양이 사진 보고 반했어요 몇 살이에요?", None),
    ],
)
def test_the_shops_own_words_and_small_talk(shop: str, text: str, faq: str | None) -> None:
    route = router(shop).route(text)
    if faq is None:
        assert route.faq_id is None and route.route != "human"
    else:  # the words lead to the FAQ; whether it answers alone is the answerer's (faq/answerer.py)
        assert route.route != "human" and route.match is not None and route.match.faq_id == faq
