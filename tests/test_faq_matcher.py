"""The FAQ matcher: answers what it knows, asks when torn, stays quiet otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import load_shop
from faq import FaqEntry, FaqSettings, Matcher

SHOP = Path(__file__).parent / "fixtures" / "faq" / "shop.yaml"


@pytest.fixture(scope="module")
def shop():
    return load_shop(SHOP)


@pytest.fixture(scope="module")
def matcher(shop) -> Matcher:
    return Matcher(shop.faqs, shop.faq_settings)


@pytest.mark.parametrize(
    ("text", "faq_id"),
    [
        ("배송 언제 와요?", "shipping"),
        ("배송언제와여", "shipping"),  # no spacing, chat ending
        ("배숑 언제 와용", "shipping"),  # typo
        ("택배 언제 와요", "shipping"),  # synonym
        ("delivery 언제 돼요?", "shipping"),  # loanword in Latin letters
        ("반품요", "returns"),  # glued particle
        ("반품ㄱㄴ?", "returns"),  # abbreviation
        ("리턴하고 싶어요", "returns"),  # loanword synonym
        ("교환ㄱㄱ", "exchange"),
        ("교황 가능?", "exchange"),  # typo listed as synonym
        ("55 입는데 m 맞나요", "sizing"),
        ("캔슬할게요", "cancel"),  # alias the analyzer splits
        ("반품 말고 교환하고 싶어요", "exchange"),  # contrast
        ("S 샀는데 작아서 M으로 바꾸고 싶어요", "exchange"),  # sizing words, exchange ask
    ],
)
def test_answers_what_it_knows(matcher: Matcher, text: str, faq_id: str) -> None:
    match = matcher.match(text)
    assert match.decision == "answer", match
    assert match.faq_id == faq_id


@pytest.mark.parametrize(
    "text",
    [
        "배송비 쿠폰 있어요?",  # mentions 배송 but asks about a coupon
        "배송 말고 결제 질문이요",
        "사이즈 재입고 되나요",  # ends on an off-topic word
        "해외배송 되나요?",
        "적립금 언제 들어와요?",
        "안녕하세요",
        "",
    ],
)
def test_stays_quiet_on_other_questions(matcher: Matcher, text: str) -> None:
    assert matcher.match(text).decision == "none"


def test_shipping_words_in_a_return_question_do_not_win(matcher: Matcher) -> None:
    # shipping yields to returns: "반품 택배" is about the return, never the delivery FAQ
    match = matcher.match("반품 택배는 어떻게 보내요")
    assert match.faq_id == "returns" or match.decision != "answer"
    assert not (match.decision == "answer" and match.faq_id == "shipping")


def test_asks_when_two_faqs_are_equally_likely(matcher: Matcher) -> None:
    match = matcher.match("교환이나 반품 하고 싶어요")
    assert match.decision == "ask"
    assert {match.best.faq_id, match.runner_up.faq_id} == {"exchange", "returns"}


def test_scores_are_in_unit_interval_and_ranked(matcher: Matcher) -> None:
    for text in ("배송 언제 와요", "교환 반품 취소 배송 사이즈", "사이즈 교환 되나요?"):
        match = matcher.match(text)
        assert 0.0 <= match.score <= 1.0
        if match.runner_up:
            assert match.runner_up.score <= match.best.score


def test_threshold_is_respected(shop) -> None:
    text = "택배 보통 며칠이면 받아요 주말 포함?"  # shipping, with a word it does not explain
    strict = Matcher(shop.faqs, shop.faq_settings.model_copy(update={"threshold": 1.0}))
    assert strict.match(text).decision == "none"
    lenient = Matcher(shop.faqs, shop.faq_settings.model_copy(update={"threshold": 0.0}))
    assert lenient.match(text).decision == "answer"


def test_margin_turns_a_close_call_into_a_question(shop) -> None:
    wide = Matcher(shop.faqs, shop.faq_settings.model_copy(update={"margin": 0.9}))
    match = wide.match("사이즈 교환 되나요?")
    assert match.decision == "ask"
    assert match.best.faq_id == "exchange"


def test_owner_off_topic_words_silence_an_faq() -> None:
    entry = FaqEntry(id="shipping", answer="1~3일이에요.", questions=("배송 언제 와요?",), keywords=("배송",))
    plain = Matcher([entry])
    assert plain.match("배송 보험 있나요").decision == "answer"
    tuned = Matcher([entry], FaqSettings(off_topic=("보험",)))
    assert tuned.match("배송 보험 있나요").decision == "none"


def test_numbers_in_yaml_lists_are_words() -> None:
    entry = FaqEntry.model_validate(
        {"id": "sizing", "answer": "표를 보세요.", "questions": ["사이즈?"], "synonyms": {"사이즈": [55, 66]}}
    )
    assert entry.synonyms["사이즈"] == ("55", "66")


def test_faq_without_keywords_answers_its_examples(tmp_path: Path) -> None:
    """An owner's FAQ with only title, answer and questions still answers them and close paraphrases."""
    path = tmp_path / "shop.yaml"
    path.write_text(
        "shop:\n  name: 작은가게\n"
        "faqs:\n"
        "  - id: shipping\n    title: 배송 안내\n    answer: 보통 2~3일 걸려요.\n"
        "    questions:\n      - 배송 얼마나 걸려요?\n      - 배송 언제 와요?\n      - 주문하면 언제 도착해요?\n"
        "  - id: returns\n    title: 반품 방법\n    answer: 7일 안에 반품할 수 있어요.\n"
        "    questions:\n      - 반품 어떻게 해요?\n      - 반품 기간이 어떻게 돼요?\n",
        encoding="utf-8",
    )
    shop = load_shop(path)
    m = Matcher(shop.faqs, shop.faq_settings)
    for faq in shop.faqs:
        for q in faq.questions:
            assert (m.match(q).decision, m.match(q).faq_id) == ("answer", faq.id), q
    assert m.match("배송 며칠 걸리나요").faq_id == "shipping"
    assert m.match("반품하고 싶어요").faq_id == "returns"
    assert m.match("쿠폰 있어요?").decision == "none"


def _kitchen(cost: str = " 단순 변심은 왕복 배송비 6,000원이 들어요.") -> Matcher:
    """A short owner's shop: a few keywords, no synonyms."""
    return Matcher(
        [
            FaqEntry(id="shipping", answer="오후 3시 전 주문은 당일 출고돼요.", questions=("배송 얼마나 걸려요?",),
                     keywords=("배송", "출고")),
            FaqEntry(id="returns", answer="받은 날부터 7일 안에 반품할 수 있어요." + cost,
                     questions=("반품 되나요?",), keywords=("반품", "환불")),
            FaqEntry(id="compat", answer="상세페이지에 사용 가능 열원을 적어 두었어요.",
                     questions=("인덕션 되나요?", "식기세척기 돼요?"), keywords=("인덕션", "식기세척기")),
            FaqEntry(id="cancel", answer="출고 전이면 바로 취소돼요.", questions=("주문 취소할게요",), keywords=("취소",)),
        ]
    )


@pytest.mark.parametrize(
    ("text", "faq_id"),
    [
        ("며칠이면 와요?", "shipping"),
        ("냄비 주문했는데 언제 받아요?", "shipping"),
        ("오늘 나가나요?", "shipping"),
        ("발송 마감 시간 알려주세요", "shipping"),
        ("배송기간머칠이에요", "shipping"),
        ("언제쯤 오는지 궁금해요", "shipping"),
        ("전기레인지에서 써도 되나요?", "compat"),
        ("라디언트에서도 써지나요?", "compat"),
        ("식기세척기사용가능한가요", "compat"),
        ("단순변심이면 반품비 얼마예요?", "returns"),
        ("왕복배송비 내야 돼요?", "returns"),
        ("주문 취소할게요 아직 출고 전이에요", "cancel"),
    ],
)
def test_built_in_vocabulary_on_an_owner_shop(text: str, faq_id: str) -> None:
    match = _kitchen().match(text)
    assert (match.decision, match.faq_id) == ("answer", faq_id), (text, match)


def test_return_cost_goes_only_to_an_faq_that_states_it() -> None:
    assert _kitchen(cost="").match("반품비 얼마예요?").decision != "answer"
    assert _kitchen().match("택배사 어디 쓰세요?").decision != "answer"


def _gift_shop() -> Matcher:
    """An owner's FAQ about a topic the built-in off-topic list names (포장), written without keywords."""
    return Matcher(
        [
            FaqEntry(id="gift", title="선물포장", answer="선물포장은 2,000원이에요. 주문할 때 요청사항에 적어주세요.",
                     questions=("선물포장 되나요?", "포장 예쁘게 해주세요", "선물용으로 포장 가능해요?")),
            FaqEntry(id="shipping", title="배송 안내", answer="평일 2시 전 주문은 당일 출고돼요. 3만 원 이상 무료배송이에요.",
                     questions=("배송 언제 와요?", "언제 출고돼요?", "며칠 걸려요?")),
        ]
    )


@pytest.mark.parametrize("text", ["선물포장 해주시나요", "선물 포장 가능한가요", "포장 되나요?"])
def test_an_owner_faq_on_a_built_in_off_topic_word_answers(text: str) -> None:
    match = _gift_shop().match(text)
    assert (match.decision, match.faq_id) == ("answer", "gift"), match


def test_a_question_word_shared_by_examples_is_no_anchor() -> None:
    """Two examples asking 언제 do not make every 언제 question about shipping."""
    assert _gift_shop().match("재입고 언제 돼요").decision == "none"
    assert _gift_shop().match("적립금 언제 들어와요").decision == "none"


def test_words_the_answer_covers_do_not_count_against_it() -> None:
    """무료배송 is off-topic for a shop without an FAQ stating it; this one's answer states it."""
    assert _gift_shop().match("배송 언제 와요 무료배송 되죠?").faq_id == "shipping"


@pytest.mark.parametrize(
    "text",
    ["다른 쇼핑몰에서 산 패딩 환불 받으려면 어떻게 해야 돼요?", "다른 브랜드에서 산 쿠션 반품 어떻게 해요?", "롯데택배 배송 기사 모집하나요?",
     "쿠팡에서 산 슬리퍼 반품 신청은 어디서 해요?", "교환학생 가는데 뭐 챙겨요?", "모니터 사이즈 27인치 어때요"],
)
def test_a_question_about_somewhere_else_or_a_lookalike_word_gets_no_faq_answer(text: str) -> None:
    assert _kitchen().match(text).decision != "answer", text


_SHIPPING = FaqEntry(id="shipping", answer="1~2일 걸려요.", questions=("배송 언제 와요?",), keywords=("배송",))


def test_a_keyword_of_two_words_matches_when_written_as_one() -> None:
    """The owner wrote '급여량' (Kiwi: 급여 + 량); shoppers write 급여량, 급여표, 밥 양."""
    feeding = FaqEntry(id="feeding", answer="급여표는 포장지 뒷면에 있어요.", questions=("하루에 얼마나 먹여요?",),
                       keywords=("급여량", "사료 바꾸"))
    m = Matcher([feeding, _SHIPPING])
    for text in ("급여량 알려주세요", "급여표 어디 있어요", "밥 양 어떻게 맞춰요"):
        assert (m.match(text).decision, m.match(text).faq_id) == ("answer", "feeding"), text


def test_a_glued_suffix_on_a_built_in_alias_is_read() -> None:
    assert _kitchen().match("식세기용인가요 이거").faq_id == "compat"


@pytest.mark.parametrize(
    ("text", "faq_id"),
    [("디시워셔 돌려도 되나요", "compat"), ("쉬핑 며칠 걸려요?", "shipping"), ("리펀 되나요?", "returns")],
)
def test_english_spelled_in_hangul_is_read(text: str, faq_id: str) -> None:
    match = _kitchen().match(text)
    assert (match.decision, match.faq_id) == ("answer", faq_id), match


def test_a_courier_named_in_the_answer_answers_which_courier() -> None:
    shipping = FaqEntry(id="shipping", answer="CJ대한통운으로 보내드려요. 보통 1~2일 걸려요.", questions=("배송 언제 와요?",),
                        keywords=("배송",))
    m = Matcher([shipping])
    assert m.match("배송 택배사 어디예요?").faq_id == "shipping"
    assert m.match("배송 한진이에요 CJ에요?").decision == "answer"
    assert _kitchen().match("배송 택배사 어디 써요?").decision != "answer"  # this answer names none


def test_a_noun_keyword_kiwi_reads_as_a_verb_still_anchors() -> None:
    """입고 (stock arriving) is read as 입다 + 고 on its own; '다시 입고될까요' must still find it."""
    restock = FaqEntry(id="restock", answer="품절 사이즈는 2~3주 뒤 다시 들어와요.", questions=("재입고 되나요?",),
                       keywords=("재입고", "입고"))
    m = Matcher([restock, _SHIPPING])
    assert m.match("다시 입고될까요?").faq_id == "restock"


def test_built_in_food_shop_words() -> None:
    """An owner's snack shop with a few keywords understands the usual ways of asking."""
    m = Matcher(
        [
            FaqEntry(id="allergy", answer="모든 제품에 밀가루·우유·견과류가 들어갈 수 있어요. 상세페이지에 원재료를 적어 두었어요.",
                     questions=("알레르기 있는데 괜찮아요?",), keywords=("알레르기", "성분")),
            FaqEntry(id="giftwrap", answer="선물포장은 2,000원이고 메시지 카드를 무료로 넣어 드려요.",
                     questions=("선물포장 되나요?",), keywords=("선물포장", "포장")),
            FaqEntry(id="bulk", answer="30세트 이상 단체주문은 2주 전에 카톡으로 문의해 주세요.",
                     questions=("단체주문 돼요?",), keywords=("단체주문", "대량")),
        ]
    )
    for text, faq_id in [("그래놀라에 호두 들어가요?", "allergy"), ("기프트 래핑 돼요?", "giftwrap"),
                         ("손편지 넣어주실 수 있나요", "giftwrap"), ("돌잔치 답례떡 단체로 주문 가능해요?", "bulk")]:
        assert (m.match(text).decision, m.match(text).faq_id) == ("answer", faq_id), text


@pytest.mark.parametrize(
    "text",
    [
        "올리브영 세일 기간 언제예요? 배송도 빠른가요",  # a drugstore chain's sale and delivery
        "배민 배달 보통 몇 분 걸려요?",  # a delivery app
        "티빙 구독 취소는 어디서 해요?",  # a streaming service
        "스벅 케이크 택배로 보내주나요",  # a café chain
        "롯데마트 반품은 영수증 있어야 돼요?",  # a mart
        "냄비 어느 브랜드가 제일 오래 가요?",  # which brand to buy
        "인덕션 렌탈 할까 살까 고민이에요",  # renting from someone else
    ],
)
def test_a_question_about_another_business_gets_no_faq_answer(text: str) -> None:
    assert _kitchen().match(text).decision != "answer", (text, _kitchen().match(text))


def test_a_business_the_shop_names_itself_is_not_elsewhere() -> None:
    """A shop whose FAQ says it also sells on 쿠팡 answers about 쿠팡; a product brand stays a comparison."""
    where = FaqEntry(id="where", answer="쿠팡과 스마트스토어에서도 같은 가격에 팔아요.", questions=("쿠팡에서도 팔아요?",),
                     keywords=("쿠팡",))
    size = FaqEntry(id="size", answer="정사이즈로 나와요. 평소 신는 사이즈로 주문하세요.", questions=("사이즈 어떻게 해요?",),
                    keywords=("사이즈",))
    m = Matcher([where, size, _SHIPPING])
    assert (m.match("쿠팡에도 입점했어요?").decision, m.match("쿠팡에도 입점했어요?").faq_id) == ("answer", "where")
    assert m.match("나이키 240 신는데 사이즈 어떻게 해요?").faq_id == "size"


def test_a_courier_the_shop_does_not_use_is_another_business() -> None:
    shipping = FaqEntry(id="shipping", answer="한진택배로 보내드려요. 보통 1~2일 걸려요.", questions=("배송 언제 와요?",),
                        keywords=("배송",))
    m = Matcher([shipping])
    assert m.match("로젠택배는 일요일에도 배송하나요?").decision != "answer"
    assert m.match("한진택배로 배송 오나요?").decision == "answer"


def test_english_questions_whose_meaning_lies_in_the_phrase() -> None:
    """"how long" alone asks for shipping time; "how long does it last" asks for shelf life."""
    keep = FaqEntry(id="keep", answer="실온에서 2주, 냉동하면 한 달 가요.", questions=("유통기한 얼마나 돼요?",),
                    keywords=("유통기한", "보관"))
    feed = FaqEntry(id="feed", answer="몸무게별 하루 급여량은 포장 뒷면 표를 봐 주세요.", questions=("하루에 얼마나 먹여요?",),
                    keywords=("급여량",))
    m = Matcher([keep, feed, _SHIPPING])
    for text, faq_id in [("How long will the granola keep?", "keep"), ("what is the shelf life of the jam", "keep"),
                         ("how many grams of kibble per day for a puppy?", "feed"),
                         ("how long does delivery take?", "shipping")]:
        assert (m.match(text).decision, m.match(text).faq_id) == ("answer", faq_id), text


def test_a_service_the_shop_has_no_faq_for_is_not_its_shipping() -> None:
    """A shop without a subscription FAQ does not answer "정기배송 돼요?" with its shipping text."""
    m = Matcher([_SHIPPING, FaqEntry(id="gift", answer="선물포장은 무료예요.", questions=("선물포장 돼요?",),
                                     keywords=("선물포장",))])
    assert m.match("정기배송 신청할 수 있나요?").decision != "answer"
    assert m.match("배송 언제 와요?").faq_id == "shipping"


def test_an_everyday_word_is_not_read_as_a_typo_of_an_off_topic_word() -> None:
    """하루 is one letter from 할부 (instalments, off-topic); "하루 만에 와요?" is still about shipping."""
    assert "할부" not in _kitchen().terms("하루 만에 출고돼요?")
    assert _kitchen().match("주문하면 하루 만에 출고돼요?").faq_id == "shipping"


def test_the_pieces_of_an_off_topic_noun_are_not_off_topic_verbs() -> None:
    """입고 (stock arriving) is off-topic for a shop without a restock FAQ; 입다 (to wear) is not."""
    assert "입다" not in _kitchen()._off_topic


def test_asking_which_courier_is_answered_by_the_faq_that_names_it() -> None:
    shipping = FaqEntry(id="shipping", answer="우체국택배로 보내드려요. 출고 다음 날 도착해요.", questions=("배송 며칠 걸려요?",),
                        keywords=("배송",))
    m = Matcher([shipping, FaqEntry(id="gift", answer="선물포장은 무료예요.", questions=("선물포장 돼요?",), keywords=("포장",))])
    assert (m.match("우체국 택배예요 대한통운이에요?").decision, m.match("우체국 택배예요 대한통운이에요?").faq_id) == ("answer", "shipping")


def test_converting_units_is_not_an_exchange() -> None:
    exchange = FaqEntry(id="exchange", answer="사이즈 교환은 7일 안에 돼요. 왕복 택배비 6,000원이에요.",
                        questions=("사이즈 바꿀 수 있어요?",), keywords=("교환", "바꾸다"))
    m = Matcher([exchange, _SHIPPING])
    assert m.match("cm를 인치로 바꾸면 얼마예요?").decision != "answer"
    assert m.match("사이즈 바꿀 수 있어요? 너무 커요").faq_id == "exchange"


def test_shipping_out_said_as_going_out() -> None:
    m = Matcher([FaqEntry(id="shipping", answer="평일 2시 전 주문은 당일 출고돼요.", questions=("출고 언제 돼요?",),
                          keywords=("출고",)), _SHIPPING.model_copy(update={"id": "delivery"})])
    assert m.match("금요일 밤에 주문하면 월요일에 나가나요?").decision != "none"


def test_keeping_it_cold_on_the_way_is_the_shipping_faq_that_names_ice_packs() -> None:
    shipping = FaqEntry(id="shipping", answer="여름에는 아이스팩을 넣어 보내드려요.", questions=("배송 언제 와요?",),
                        keywords=("배송", "아이스팩"))
    gift = FaqEntry(id="gift", answer="선물포장은 1,000원이에요.", questions=("선물포장 돼요?",), keywords=("포장", "선물포장"))
    m = Matcher([shipping, gift])
    for text in ("보냉 포장해서 보내주세요?", "보냉백에 넣어 오나요", "does it come with an ice pack?"):
        assert (m.match(text).decision, m.match(text).faq_id) == ("answer", "shipping"), text


def test_ways_of_asking_how_long_it_keeps() -> None:
    keep = FaqEntry(id="keep", answer="개봉 전 2년, 개봉 후 12개월 안에 쓰세요.", questions=("유통기한 얼마예요?",),
                    keywords=("유통기한",))
    m = Matcher([keep, _SHIPPING])
    for text in ("뜯고 나면 언제까지 써야 돼요?", "개봉 후 사용 기간이 궁금해요", "안 뜯으면 오래 가나요?"):
        assert (m.match(text).decision, m.match(text).faq_id) == ("answer", "keep"), text


def test_ways_of_asking_how_much_to_feed() -> None:
    feed = FaqEntry(id="feed", answer="몸무게별 급여표가 포장 뒷면에 있어요. 하루 두세 번 나눠 주세요.",
                    questions=("얼마나 줘야 해요?",), keywords=("급여량",))
    m = Matcher([feed, _SHIPPING])
    for text in ("간식 적정량이 있나요?", "하루 몇 번 나눠서 줘요?"):
        assert (m.match(text).decision, m.match(text).faq_id) == ("answer", "feed"), text


def test_a_credit_card_is_not_a_message_card() -> None:
    gift = FaqEntry(id="gift", answer="메시지카드를 무료로 넣어 드려요.", questions=("카드 넣어주세요",), keywords=("카드", "포장"))
    m = Matcher([gift, _SHIPPING])
    assert m.match("신용카드 분실했는데 어디에 말해요?").decision != "answer"
    assert m.match("카드 넣어줄 수 있어요?").faq_id == "gift"
