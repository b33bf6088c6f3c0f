"""Issue 12: the learned answerer (faq/answerer.py) decides whether the matcher's best FAQ answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation.routing import Router, _as_matched
from bot.settings import load_shop
from faq import Candidate, Match
from faq.answerer import FEATURES, MODEL_FILE, Answerer, Evidence

EVAL_SHOPS = Path(__file__).parent.parent / "faq" / "data" / "eval" / "shops"
OWNER_SHOP = Path(__file__).parent / "fixtures" / "owner_shop.yaml"


def _tiny(threshold: float = 0.5) -> Answerer:
    """Two stumps on the score: raw = 0 + (-2 if score <= 0.5 else +1) + (+0.5 if lead > 0.2 else 0)."""
    return Answerer({
        "features": list(FEATURES), "threshold": threshold, "baseline": 0.0,
        "trees": [[[0, 0.5, 1, 2, None], [0, 0.0, 0, 0, -2.0], [0, 0.0, 0, 0, 1.0]],
                  [[2, 0.2, 1, 2, None], [0, 0.0, 0, 0, 0.0], [0, 0.0, 0, 0, 0.5]]],
    })


def _values(score: float, lead: float) -> list[float]:
    values = [0.0] * len(FEATURES)
    values[0], values[2] = score, lead
    return values


def test_the_trees_add_up_to_a_probability() -> None:
    tiny = _tiny()
    assert tiny.probability(_values(0.4, 0.1)) == pytest.approx(1 / (1 + 2.718281828 ** 2), rel=1e-6)
    assert tiny.probability(_values(0.8, 0.3)) == pytest.approx(1 / (1 + 2.718281828 ** -1.5), rel=1e-6)


def test_the_judge_answers_when_sure_and_stays_quiet_when_not() -> None:
    tiny, best = _tiny(), Candidate("shipping", 0.8)
    assert tiny.judge(Match(best, None, "none"), _values(0.8, 0.3)).decision == "answer"
    assert tiny.judge(Match(best, None, "ask"), _values(0.8, 0.3)).decision == "answer"
    assert tiny.judge(Match(best, None, "answer"), _values(0.4, 0.1)).decision == "none"
    assert tiny.judge(Match(best, None, "ask"), _values(0.4, 0.1)).decision == "ask"  # unsure: the shopper still picks
    # the owner's own example question always answers; no candidate, nothing to decide
    assert tiny.judge(Match(best, None, "answer"), _values(0.4, 0.1), exact=True).decision == "answer"
    assert tiny.judge(Match(None, None, "none"), _values(0.9, 0.9)).decision == "none"


def test_the_shipped_model_is_the_one_the_code_reads() -> None:
    model = Answerer.builtin()
    assert 0.5 <= model.threshold < 1 and MODEL_FILE.is_file()
    with pytest.raises(ValueError, match="retrain"):
        Answerer({"features": ["score"], "threshold": 0.7, "baseline": 0.0, "trees": []})


def test_evidence_has_a_number_for_every_feature() -> None:
    router = Router(load_shop(OWNER_SHOP))
    evidence = Evidence(router.matcher)
    for text in ("배송 언제 와요?", "안녕하세요", "", "ㅋㅋㅋ"):
        match, scores, terms = router.matcher.weighed(text)
        values = evidence.values(text, match, scores, terms)
        assert len(values) == len(FEATURES) and all(isinstance(v, float) for v in values)
    assert evidence.exact("배송 언제 와요?") and not evidence.exact("배송 언제 오나요 궁금해요")


@pytest.mark.parametrize(
    ("shop", "text", "plain", "learned"),
    [
        # the right FAQ under the matcher's line: answered
        ("bags", "그램 15인치 데일리백팩에 쏙 들어가요?", None, "laptop"),
        # praise with a product's words over the line: no FAQ answer
        ("leather", "가방 받았는데 가죽 향 진짜 좋네요 만족해요!", "leathercare", None),
        ("coffee", "원두 냄새 너무 좋아요 매일 행복해요", "beans", None),
    ],
)
def test_the_answerer_changes_the_matchers_decision(shop: str, text: str, plain: str | None, learned: str | None) -> None:
    loaded = load_shop(EVAL_SHOPS / f"{shop}.yaml")
    assert Router(loaded, judge=_as_matched).route(text).faq_id == plain
    assert Router(loaded).route(text).faq_id == learned


def test_a_shop_file_can_keep_the_matchers_own_decision(tmp_path: Path) -> None:
    text = "원두 냄새 너무 좋아요 매일 행복해요"
    raw = (EVAL_SHOPS / "coffee.yaml").read_text(encoding="utf-8")
    off = tmp_path / "coffee.yaml"
    off.write_text(raw + "\nfaq_settings:\n  learned: false\n", encoding="utf-8")
    assert Router(load_shop(off)).route(text).faq_id == "beans"
