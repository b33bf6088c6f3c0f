"""Staged rollout: testers, a stable share of shoppers, everybody; the numbers compare both sides.

Checked on a shop file written the way an owner writes one (no messages, no triage, a few FAQs).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.conversation.rollout import BOT_GROUP, PEOPLE_GROUP, group_of
from bot.settings import Rollout, load_shop

OWNER_SHOP = """\
shop:
  name: 달빛공방
hours:
  mon: ["09:00-18:00"]
  tue: ["09:00-18:00"]
  wed: ["09:00-18:00"]
  thu: ["09:00-18:00"]
  fri: ["09:00-18:00"]
faqs:
  - id: delivery
    answer: 주문 후 2~3일 안에 받아보실 수 있어요.
    questions: ["배송 얼마나 걸려요?", "언제 와요?", "배송 기간 알려주세요"]
    keywords: [배송]
  - id: exchange
    answer: 받으신 뒤 7일 안에 교환 신청하실 수 있어요.
    questions: ["교환 하고 싶어요", "사이즈 교환 되나요?"]
    keywords: [교환]
"""


def write_shop(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "owner.yaml"
    path.write_text(OWNER_SHOP + extra, encoding="utf-8")
    return path


@pytest.fixture
def rollout_shop(env: dict[str, str], tmp_path: Path) -> Path:
    path = write_shop(tmp_path, "rollout:\n  mode: staff_only\n  testers:\n    kakao: [staff-kim]\n")
    env["SHOP_CONFIG"] = str(path)
    return path


def test_a_shop_file_without_rollout_gives_everybody_the_bot(tmp_path: Path) -> None:
    shop = load_shop(write_shop(tmp_path))
    assert shop.rollout.mode == "all"
    assert {group_of(shop.rollout, "달빛공방", "kakao", f"u{i}") for i in range(200)} == {BOT_GROUP}


def test_five_percent_is_a_stable_five_percent() -> None:
    rollout = Rollout(mode="percent", percent=5, testers={"naver": ("staff-naver",)})
    sides = [group_of(rollout, "달빛공방", "kakao", f"shopper-{i}") for i in range(1000)]
    on_bot = sides.count(BOT_GROUP)
    assert 30 <= on_bot <= 70, on_bot  # 5 % ± 2 points of 1,000
    again = [group_of(rollout, "달빛공방", "kakao", f"shopper-{i}") for i in range(1000)]
    assert again == sides  # each shopper always on the same side
    assert group_of(rollout, "달빛공방", "naver", "staff-naver") == BOT_GROUP
    # A wider share keeps everybody who had the bot.
    wider = Rollout(mode="percent", percent=20)
    assert all(group_of(wider, "달빛공방", "kakao", f"shopper-{i}") == BOT_GROUP
               for i, side in enumerate(sides) if side == BOT_GROUP)
    # The shop salts the hash: another shop's 5 % are other shoppers.
    other = [group_of(rollout, "다른가게", "kakao", f"shopper-{i}") for i in range(1000)]
    assert other != sides


def test_staff_only_testers_get_the_bot_others_a_person(rollout_shop: Path, ctx: Any, shopper: Any, run_jobs: Any) -> None:
    assert shopper.say("kakao", "배송 얼마나 걸려요?", user="staff-kim")[0].startswith("주문 후 2~3일")
    told = shopper.say("kakao", "배송 얼마나 걸려요?", user="shopper-9")
    assert "담당자" in told[0] and "2~3일" not in told[0]
    run_jobs()
    tickets = ctx.store.open_tickets()
    assert [t["reason"] for t in tickets] == ["rollout"]
    # Their next message goes to the same person, not a second ticket.
    shopper.say("kakao", "교환도 되나요?", user="shopper-9")
    run_jobs()
    assert len(ctx.store.open_tickets()) == 1


def test_the_digest_and_stats_compare_both_groups(env: dict[str, str], tmp_path: Path, make_ctx: Any, run_jobs: Any,
                                                  capsys: Any) -> None:
    from bot import digest
    from bot.conversation.staff import StaffDesk
    from bot.digest.groups import gather_groups
    from bot.web.app import create_app
    from tests.conftest import Shopper

    env["SHOP_CONFIG"] = str(write_shop(tmp_path, "rollout:\n  mode: percent\n  percent: 50\n"))
    ctx = make_ctx()
    app = create_app(ctx=ctx)
    shopper = Shopper(app.test_client(), env)
    rollout = ctx.settings.shop.rollout
    users = [f"u{i}" for i in range(12)]
    for user in users:
        shopper.say("kakao", "배송 얼마나 걸려요?", user=user)
    run_jobs()
    for ticket in ctx.store.open_tickets():
        StaffDesk(ctx).reply(ticket["id"], "2일 걸려요")
    day = ctx.hours.local(ctx.now()).date().isoformat()
    groups = {g.group: g for g in gather_groups(ctx.store, [day])}
    expected_bot = sum(group_of(rollout, "달빛공방", "kakao", u) == BOT_GROUP for u in users)
    assert groups[BOT_GROUP].threads == expected_bot and groups[BOT_GROUP].handoffs == 0
    assert groups[PEOPLE_GROUP].threads == len(users) - expected_bot == groups[PEOPLE_GROUP].handoffs
    assert len(groups[PEOPLE_GROUP].first_response_ms) == len(users) - expected_bot
    morning = ctx.now() + timedelta(hours=22)  # Wednesday 09:00: the digest covers Tuesday
    html = digest.build(ctx, now=morning).html()
    assert "단계적 도입" in html and "사람만" in html and "챗봇" in html
    text = digest.build(ctx, now=morning).text()
    assert "■ 단계적 도입" in text and "100%" in text  # the people side: every conversation to a person
    from bot.dev.cli import _print_groups

    _print_groups(ctx, [day])
    printed = capsys.readouterr().out
    assert "사람만" in printed and "사람에게 넘긴 비율" in printed
