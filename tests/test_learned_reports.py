"""Issue 12: triage's learned second opinion (bot/conversation/learned_reports.py) on a shop file with no ``triage:``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.conversation.kinds import REASONS
from bot.conversation.learned_reports import RULE, ReportModel, letter_runs
from bot.conversation.routing import Router
from bot.conversation.triage import TriageConfig, assess
from bot.dev import samples
from bot.settings import load_shop

OWNER_SHOP = Path(__file__).parent / "fixtures" / "owner_shop.yaml"


@pytest.fixture(scope="module")
def router() -> Router:
    return Router(load_shop(OWNER_SHOP))


def test_letter_runs_stay_inside_words() -> None:
    assert letter_runs("안 와") == {"안", " 안", "안 ", " 안 ", "와", " 와", "와 ", " 와 "}
    assert letter_runs("   ") == set()


def test_the_weights_of_the_runs_make_the_probability() -> None:
    model = ReportModel({"threshold": 0.9, "bias": -1.0, "weights": {"불량": 4.0}})
    runs = len(letter_runs("불량"))
    assert model.probability("불량") == pytest.approx(1 / (1 + math.exp(1.0 - 4.0 / math.sqrt(runs))))
    assert model.probability("") == 0.0 and not model.reads_as_report("안녕")


@pytest.mark.parametrize(
    "text",
    [
        "사료 2포대 결제했는데 박스에 1포대만 왔고 송장도 1개네요",
        "유통기한 두달 남은 사료가 왔어요 이거 바꿔주세요",
    ],
)
def test_a_report_no_rule_names_reaches_a_person(router: Router, text: str) -> None:
    assert assess(text, TriageConfig(disable=(RULE,))).needs_human is False  # the rules alone let it through
    route = router.route(text)
    assert (route.route, route.triage.reason) == ("human", RULE)


@pytest.mark.parametrize(
    "text",
    ["배송 언제 와요?", "반품하려면 어떻게 해요?", "사이즈 추천해 주세요", "선물 포장 되나요?", "안녕하세요~", "감사합니다 잘 받았어요",
     "발송된 다음에는 취소 안 되는 거죠?"],
)
def test_everyday_questions_stay_with_the_bot(router: Router, text: str) -> None:
    assert router.route(text).route != "human"


def test_a_shop_switches_it_off_by_name_and_a_rule_it_switched_off_stays_off(tmp_path: Path) -> None:
    text = "사료 2포대 결제했는데 박스에 1포대만 왔고 송장도 1개네요"
    data = yaml.safe_load(OWNER_SHOP.read_text(encoding="utf-8"))
    data["triage"] = {"disable": [RULE]}
    path = tmp_path / "shop.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert not assess(text, load_shop(path).triage).needs_human
    # an ask for a person, with asked_for_person switched off, is not brought back by the model
    assert ReportModel.builtin().reads_as_report("상담원 연결해 주세요")
    assert not assess("상담원 연결해 주세요", TriageConfig(disable=("asked_for_person",))).needs_human


def test_the_webhook_hands_it_over_with_a_ticket_staff_can_read(client: Any, ctx: Any, run_jobs: Any) -> None:
    text = "사료 2포대 결제했는데 박스에 1포대만 왔고 송장도 1개네요"
    body, headers = samples.sample("kakao", text, "user-9", {})
    resp = client.post("/webhooks/kakao", data=body, headers=headers)
    assert resp.status_code == 200 and "담당자" in samples.reply_texts("kakao", resp.get_json())[0]
    assert ctx.store.thread("kakao:user-9")["state"] == "waiting_staff"
    assert run_jobs() == 1
    (ticket,) = ctx.store.open_tickets()
    assert ticket["reason"] == RULE and REASONS[RULE].startswith("문제 제기")
