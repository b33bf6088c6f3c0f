"""Which messages are about the shopper's own parcel (built-in vocabulary, conservative), and
the order number in them."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation.delivery_words import asks_delivery_status, find_order_no, looks_like_check

STATUS = ["제 주문 어디쯤 왔어요?", "송장번호 알려주세요", "택배 조회", "배송조회 부탁드려요", "주문한 거 언제 와요?",
          "택배 어디쯤인가요", "시킨 거 아직 안 왔는데요", "운송장 번호 좀요", "제 주문 배송 상태 알려주세요"]
POLICY = ["배송 언제 와요?", "배송 얼마나 걸려요?", "오늘 주문하면 언제 받아요?", "배송비 얼마예요?", "택배사 어디 써요?",
          "반품 택배 언제 와요?", "주문 취소하고 싶어요", "제주도도 배송 되나요?", "사이즈 어떻게 골라요?", "매장 어디에 있어요?"]


@pytest.mark.parametrize("text", STATUS)
def test_status_questions(text: str) -> None:
    assert asks_delivery_status(text)


@pytest.mark.parametrize("text", POLICY)
def test_policy_and_other_questions_are_not(text: str) -> None:
    assert not asks_delivery_status(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [("20261127-0000123 이에요", "20261127-0000123"), ("주문번호는 2026112712345678입니다", "2026112712345678"),
     ("A-1001", "A-1001"), ("010-1234-5678", ""), ("2026-11-27에 주문했어요", ""), ("6789", ""), ("내일 와요?", "")],
)
def test_order_numbers(text: str, number: str) -> None:
    assert find_order_no(text) == number


@pytest.mark.parametrize(("text", "ok"), [("김민지", True), ("6789", True), ("010-1234-6789", True), ("홍길동 입니다", True),
                                          ("언제 와요?", False), ("123", False), ("네", False)])
def test_check_answers(text: str, ok: bool) -> None:
    assert looks_like_check(text) is ok


def test_without_an_order_source_the_faq_answers(shopper: Any, ctx: Any) -> None:
    """The tests' shop file has no ``orders:`` block: nothing asks for an order number."""
    texts = shopper.say("kakao", "제 주문 어디쯤 왔어요?")
    assert ctx.orders is None
    assert ctx.settings.shop.messages.order_ask_number not in "\n".join(texts)
