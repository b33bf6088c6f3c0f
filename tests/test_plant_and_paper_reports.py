"""Reports about live plants and paper goods reach a person; the same topics asked in advance stay with the bot."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation.routing import Router
from bot.settings import load_shop

OWNER_SHOP = Path(__file__).parent / "fixtures" / "owner_shop.yaml"


@pytest.fixture(scope="module")
def router() -> Router:
    return Router(load_shop(OWNER_SHOP))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("선인장 아랫부분이 물러서 만지면 물컹해요", "damaged"),
        ("받은 몬스테라 뿌리가 다 썩어 있었어요", "damaged"),
        ("화분에서 하얀 벌레 몇 마리가 기어 다녀요", "damaged"),
        ("노트 스프링이 풀려서 종이가 우수수 빠졌어요", "damaged"),
        ("달력 날짜 칸 글씨가 번져서 안 보여요", "damaged"),
        ("the leaves were all wilted and the pot was smashed", "damaged"),
        ("선물로 보낸 화분이 다 죽은 채로 도착했대요", "damaged"),
        ("플래너 중간에 파본 있어요 같은 페이지가 두 번 들어가 있어요", "damaged"),
        ("새로 산 볼펜이 처음부터 안 써져요", "damaged"),
        ("상세페이지랑 전혀 다른 색 화분이 왔네요", "wrong_item"),
        ("이니셜 JH로 요청했는데 HJ로 새겨져 왔어요", "wrong_item"),
        ("엽서 세트 세 개 주문했는데 하나만 들어있네요", "wrong_item"),
        ("벌써 출고됐다고 나오는데 그래도 취소해 주세요", "order_request"),
        ("레터링 문구를 잘못 적어서요 수정 부탁드려도 될까요", "order_request"),
        ("택배 느려 죽겠어요 진짜", "angry"),
    ],
)
def test_a_report_in_the_products_own_words_reaches_a_person(router: Router, text: str, rule: str) -> None:
    route = router.route(text)
    assert route.route == "human" and route.triage.reason == rule


@pytest.mark.parametrize(
    "text",
    [
        "과습이면 뿌리가 썩나요?",
        "날파리 생기면 어떻게 해야 돼요?",
        "스프링 노트는 종이가 잘 빠지나요?",
        "만년필 쓰면 잉크가 뒷면에 번지나요?",
        "사진이랑 실물 색 차이 많이 나요?",
        "이미 발송됐으면 취소는 안 되나요?",
        "발송 날짜가 밀리면 연락 주시나요?",
        "파본이면 교환되나요?",
        "이 젤펜 필기감 부드럽게 잘 써지나요?",
    ],
)
def test_the_same_topics_asked_in_advance_stay_with_the_bot(router: Router, text: str) -> None:
    assert router.route(text).route != "human"
