"""Handoff to staff: business hours and holidays, notifications, batching, the way back."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import responses

from bot.conversation.hours import BusinessHours, korean_time
from bot.dev import samples
from bot.outbox import sign
from bot.settings import ConfigError, load_shop
from tests.conftest import CLOSED_TIME, OPEN_TIME, ROOT, SHOP_FILE

SEOUL = ZoneInfo("Asia/Seoul")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


@pytest.fixture(scope="module")
def hours() -> BusinessHours:
    shop = load_shop(SHOP_FILE).model_copy(update={"days_off": ("2026-12-24", "2026-12-29..2026-12-31")})
    return BusinessHours(shop)


@pytest.mark.parametrize(
    ("moment", "is_open", "next_open"),
    [
        ("2026-11-17 11:00", True, "2026-11-17 11:00"),  # Tuesday morning
        ("2026-11-17 12:30", False, "2026-11-17 13:00"),  # lunch break
        ("2026-11-17 18:00", False, "2026-11-18 10:00"),  # closing time is closed
        ("2026-11-17 17:59", True, "2026-11-17 17:59"),
        ("2026-11-17 23:59", False, "2026-11-18 10:00"),  # midnight boundary
        ("2026-11-18 00:00", False, "2026-11-18 10:00"),
        ("2026-11-21 23:00", False, "2026-11-23 10:00"),  # Saturday night → Monday
        ("2026-11-22 10:30", False, "2026-11-23 10:00"),  # Sunday
        ("2027-02-05 15:00", True, "2027-02-05 15:00"),  # Friday before 설날
        ("2027-02-06 11:00", False, "2027-02-10 10:00"),  # 설날 2027: 6–8 Feb, substitute holiday 9 Feb
        ("2027-02-09 11:00", False, "2027-02-10 10:00"),  # the substitute holiday itself
        ("2026-09-24 11:00", False, "2026-09-28 10:00"),  # 추석 2026: 24–26 Sep (Thu–Sat)
        ("2026-10-09 11:00", False, "2026-10-12 10:00"),  # 한글날 (Friday)
        ("2026-12-24 11:00", False, "2026-12-28 10:00"),  # the shop's own day off
        ("2026-12-28 17:00", True, "2026-12-28 17:00"),
        ("2026-12-29 09:00", False, "2027-01-04 10:00"),  # closure range, then 1 Jan holiday, weekend
    ],
)
def test_business_hours(hours: BusinessHours, moment: str, is_open: bool, next_open: str) -> None:
    when = at(moment)
    assert hours.is_open(when) is is_open
    assert hours.next_open(when) == at(next_open)


def test_next_opening_in_the_shops_words(hours: BusinessHours) -> None:
    messages = hours.shop.messages
    assert hours.describe_next_open(at("2026-11-17 12:30"), messages) == "오늘 오후 1시"
    assert hours.describe_next_open(at("2026-11-17 19:00"), messages) == "내일(수) 오전 10시"
    assert hours.describe_next_open(at("2026-11-21 23:00"), messages) == "11월 23일(월) 오전 10시"
    assert korean_time(datetime(2026, 1, 1, 12, 30).time()) == "낮 12시 30분"


def test_a_shop_file_without_hours_keeps_weekday_office_hours(tmp_path: Any) -> None:
    path = tmp_path / "owner.yaml"
    path.write_text("shop:\n  name: 한걸음슈즈\nfaqs: []\n", encoding="utf-8")
    owner = BusinessHours(load_shop(path))
    assert owner.is_open(at("2026-11-17 11:00"))  # a Tuesday
    assert owner.describe_next_open(at("2026-11-17 19:00"), owner.shop.messages) == "내일(수) 오전 10시"


def test_a_shop_that_never_opens_promises_no_date(tmp_path: Any) -> None:
    path = tmp_path / "closed.yaml"
    week = "".join(f"  {day}: []\n" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    path.write_text(f"shop:\n  name: 오늘부엌\nhours:\n{week}faqs: []\n", encoding="utf-8")
    closed = BusinessHours(load_shop(path))
    said = closed.describe_next_open(at("2026-11-17 11:00"), closed.shop.messages)
    assert said == "다음 상담 시간" and "?" not in said


def test_naive_datetimes_are_refused(hours: BusinessHours) -> None:
    with pytest.raises(ValueError):
        hours.is_open(datetime(2026, 11, 17, 11, 0))


# -- notifications -------------------------------------------------------------------------


@pytest.fixture
def smtp() -> Iterator[Any]:
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list[Any] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            self.messages.append(envelope)
            return "250 OK"

    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check it started
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{port}"  # type: ignore[attr-defined]
    yield inbox
    controller.stop()


@pytest.fixture
def notified_ctx(make_ctx: Any, env: dict[str, str], smtp: Any) -> Any:
    env.update(
        SLACK_WEBHOOK_URL="http://slack.test/hook",
        STAFF_WEBHOOK_URL="http://tools.test/bridge",
        STAFF_WEBHOOK_SECRET="whsec",
        SMTP_URL=smtp.url,
        STAFF_EMAIL="staff@shop.test, owner@shop.test",
        PUBLIC_URL="https://bot.shop.test",
    )
    return make_ctx()


@pytest.fixture
def hooks() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post("http://slack.test/hook", body="ok")
        mock.post("http://tools.test/bridge", json={})
        yield mock


def escalate(client: Any, user: str = "u1", text: str = "받은 니트에 구멍이 나 있어요. 010-1111-2222로 연락 주세요") -> Any:
    body, headers = samples.sample("kakao", text, user, {})
    return client.post("/webhooks/kakao", data=body, headers=headers)


def test_a_new_ticket_notifies_staff_once_everywhere(
    notified_ctx: Any, run_jobs: Any, hooks: responses.RequestsMock, smtp: Any
) -> None:
    from bot.web.app import create_app

    client = create_app(ctx=notified_ctx).test_client()
    escalate(client)
    run_jobs()
    urls = [c.request.url for c in hooks.calls]
    assert urls == ["http://slack.test/hook", "http://tools.test/bridge"]
    slack = json.loads(hooks.calls[0].request.body)["text"]
    assert "새 상담 #1" in slack and "https://bot.shop.test/staff/tickets/1" in slack
    assert "010-1111-2222" not in slack and "[전화번호]" in slack
    webhook = hooks.calls[1].request
    timestamp = webhook.headers["X-Bridge-Timestamp"]
    assert webhook.headers["X-Bridge-Signature"] == sign("whsec", timestamp, webhook.body)
    assert json.loads(webhook.body)["ticket"]["id"] == "1"
    assert len(smtp.messages) == 1
    assert sorted(smtp.messages[0].rcpt_tos) == ["owner@shop.test", "staff@shop.test"]
    assert "새 상담 #1" in smtp.messages[0].content.decode("utf-8", "replace") or smtp.messages[0].content

    # The same job again (a retry) sends nothing twice.
    from bot.jobs import notify

    assert notify.notify_ticket("1") == []
    assert len(hooks.calls) == 2 and len(smtp.messages) == 1


def test_a_failed_target_is_retried_without_repeating_the_others(notified_ctx: Any, run_jobs: Any, smtp: Any) -> None:
    from bot.jobs import notify
    from bot.outbox import DeliveryError
    from bot.web.app import create_app

    client = create_app(ctx=notified_ctx).test_client()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post("http://slack.test/hook", status=500)
        mock.post("http://tools.test/bridge", json={})
        escalate(client)
        run_jobs()  # slack fails: the job raises and RQ schedules a retry
        assert [c.request.url for c in mock.calls] == ["http://slack.test/hook", "http://tools.test/bridge"]
    with responses.RequestsMock() as mock:
        mock.post("http://slack.test/hook", body="ok")
        assert notify.notify_ticket("1") == ["slack"]
    assert len(smtp.messages) == 1
    with pytest.raises(DeliveryError):
        notified_ctx.settings.env["SLACK_WEBHOOK_URL"] = "http://slack.test/other"
        with responses.RequestsMock() as mock:
            mock.post("http://slack.test/other", status=404)
            notify._deliver(notified_ctx, "1", "test", "t", "t", {})


def test_after_hours_tickets_wait_for_the_opening_sweep(
    notified_ctx: Any, run_jobs: Any, hooks: responses.RequestsMock, smtp: Any, clock: Any
) -> None:
    from bot.jobs import notify
    from bot.web.app import create_app

    clock["now"] = CLOSED_TIME
    client = create_app(ctx=notified_ctx).test_client()
    escalate(client)
    run_jobs()
    assert len(hooks.calls) == 0 and smtp.messages == []
    assert notify.sweep() == {"notified": 0, "returned": 0}  # still closed
    clock["now"] = OPEN_TIME + timedelta(days=6)  # Monday 11:00
    assert notify.sweep()["notified"] == 1
    run_jobs()
    assert len(hooks.calls) == 2 and len(smtp.messages) == 1


def test_more_messages_are_batched_into_one_update(notified_ctx: Any, run_jobs: Any, hooks: responses.RequestsMock) -> None:
    from bot.jobs import notify
    from bot.web.app import create_app

    client = create_app(ctx=notified_ctx).test_client()
    escalate(client)
    run_jobs()
    for text in ("사진도 보낼게요", "언제 연락 주시나요", "기다릴게요"):
        escalate(client, text=text)
    run_jobs()
    scheduled = notified_ctx.queue("handoff").scheduled_job_registry
    assert len(scheduled.get_job_ids()) == 1  # one update for the whole window
    before = len(hooks.calls)
    notify.notify_updates("1")
    texts = [json.loads(c.request.body).get("text", "") for c in hooks.calls[before:]]
    assert any("메시지 3건" in t for t in texts)


def test_a_silent_staff_thread_returns_to_the_bot(ctx: Any, client: Any, run_jobs: Any) -> None:
    from bot.conversation.staff import StaffDesk
    from bot.jobs import notify

    escalate(client)
    run_jobs()
    StaffDesk(ctx).reply("1", "확인해 볼게요.")
    assert notify.sweep()["returned"] == 0
    ctx.store.set_fields("kakao:u1", staff_active_at=f"{ctx.store.now_ts() - 3 * 3600:.3f}")
    assert notify.sweep()["returned"] == 1
    assert ctx.store.thread("kakao:u1")["state"] == "bot"
    assert ctx.store.ticket("1")["state"] == "resolved" and "120분" in ctx.store.ticket("1")["note"]
    assert [e["by"] for e in ctx.store.transitions("kakao:u1")][-1] == "timeout"


def test_a_waiting_thread_never_times_out(ctx: Any, client: Any, run_jobs: Any) -> None:
    from bot.jobs import notify

    escalate(client)
    run_jobs()
    ctx.store.set_fields("kakao:u1", state_since="1")
    assert notify.sweep()["returned"] == 0
    assert ctx.store.thread("kakao:u1")["state"] == "waiting_staff"


def test_concurrent_escalations_make_one_ticket(ctx: Any, app: Any, run_jobs: Any) -> None:
    texts = [f"상담원 연결해 주세요 {'!' * i}" for i in range(8)]

    def send(text: str) -> None:
        escalate(app.test_client(), text=text)

    threads = [threading.Thread(target=send, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run_jobs()
    assert len(ctx.store.open_tickets()) == 1
    assert ctx.store.thread("kakao:u1")["handoff_seq"] == "1"


def test_cli_reply_and_resolve(client: Any, ctx: Any, run_jobs: Any, env: dict[str, str]) -> None:
    escalate(client)
    run_jobs()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "handoffs", *args], cwd=ROOT,
                              env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)

    out = cli("--reply", "1", "교환 도와드릴게요.", "--by", "민지")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"ticket": "1", "delivery": "next_turn"}
    out = cli("--resolve", "1")
    assert json.loads(out.stdout) == {"ticket": "1", "resolved": True}
    assert ctx.store.thread("kakao:u1")["state"] == "bot"
    assert cli("--resolve", "1").stdout.strip() == '{"ticket": "1", "resolved": false}'
    bad = cli("--reply", "99", "hi")
    assert bad.returncode == 1 and "no ticket 99" in bad.stderr
    # the shopper's next message carries the staff reply and the notice, then the answer
    body, headers = samples.sample("kakao", "반품하고 싶어요", "u1", {})
    text = samples.reply_texts("kakao", client.post("/webhooks/kakao", data=body, headers=headers).get_json())[0]
    assert text.index("교환 도와드릴게요.") < text.index(ctx.settings.shop.messages.staff_returned)
    assert ctx.settings.shop.faq("returns").answer in text


def test_hours_written_as_owners_write_them(tmp_path: Any) -> None:
    path = tmp_path / "owner.yaml"
    path.write_text(
        "shop:\n  name: 한걸음슈즈\nhours:\n  mon: \"10:00-18:00\"\n  tue: 10:00 ~ 18:00\n  wed: \"10:00-12:00, 13:00-18:00\"\n"
        "  thu: [\"10:00-18:00\"]\n  fri: 휴무\n  sat:\n  sun: []\nfaqs: []\n",
        encoding="utf-8",
    )
    hours = load_shop(path).hours
    assert hours.mon == hours.tue == hours.thu == ("10:00-18:00",)
    assert hours.wed == ("10:00-12:00", "13:00-18:00")
    assert hours.fri == hours.sat == hours.sun == ()
    owner = BusinessHours(load_shop(path))
    assert not owner.is_open(at("2026-11-18 12:30"))  # Wednesday's lunch break
    assert owner.is_open(at("2026-11-17 17:30"))  # Tuesday, written with a tilde


def test_hours_that_are_no_range_are_refused_with_the_day(tmp_path: Any) -> None:
    path = tmp_path / "owner.yaml"
    path.write_text("shop:\n  name: 한걸음슈즈\nhours:\n  mon: 아침부터\nfaqs: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="hours.mon"):
        load_shop(path)
