"""Korean normalization: particles and endings go, stems and nouns stay."""

from __future__ import annotations

import pytest

from faq.normalize import analyzer, clean, content_terms, jamo, squash


@pytest.mark.parametrize("text", ["배송은 언제", "배송이 늦어요", "배송되나요", "배송을 해 주세요"])
def test_particles_and_endings_are_stripped(text: str) -> None:
    assert content_terms(text)[0] == "배송"


def test_spacing_does_not_change_the_terms() -> None:
    assert content_terms("배송 언제 와요") == content_terms("배송언제와요")


def test_verbs_become_stems_marked_with_da() -> None:
    assert "오다" in content_terms("언제 와요?")
    assert "바꾸다" in content_terms("바꿀 수 있어요?")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("반품ㄱㄴ?", "가능"), ("언제와여", "언제와요"), ("되나염", "되나요"), ("교환ㄱㄱ", "교환")],
)
def test_messenger_slang_is_undone(raw: str, expected: str) -> None:
    assert expected in clean(raw)


def test_laughing_and_crying_are_dropped() -> None:
    assert clean("환불 돼요?ㅠㅠㅋㅋ") == "환불 돼요?"


def test_contrast_keeps_only_what_follows() -> None:
    terms = content_terms("배송 말고 결제 질문이요")
    assert "배송" not in terms and "결제" in terms
    assert "반품" not in content_terms("반품 아니고 교환이요")


def test_noun_suffix_is_glued_so_shipping_fee_is_not_shipping() -> None:
    assert "배송비" in content_terms("배송비 얼마예요")
    assert "재입고" in content_terms("재입고 언제 돼요")


def test_loanwords_in_latin_letters_are_lower_cased() -> None:
    assert "refund" in content_terms("Refund 가능?")


def test_squash_and_jamo() -> None:
    assert squash("배송 언제 와요?!") == "배송언제와요"
    assert jamo("배숑") == "ㅂㅐㅅㅛㅇ"


def test_one_analyzer_per_process() -> None:
    assert analyzer() is analyzer()


def test_a_lone_surrogate_is_no_crash() -> None:
    # undecodable bytes read with surrogateescape (a pipe, a log) reach the analyzer as lone surrogates
    from faq.normalize import analyze

    assert [m.form for m in analyze("배송 \udceb 언제")][:1] == ["배송"]
