"""The owner's morning digest, after a night of real conversations.

Shoppers write through the Kakao webhook on a Saturday night and Sunday (the shop is
closed), RQ workers open the tickets, staff resolve one; on Monday at 09:00 the digest
reports it. Email goes to a real local SMTP server (aiosmtpd), Slack is faked at the HTTP
boundary (``responses``), and the preview is rendered in headless Chromium.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import responses

from bot import digest
from tests.conftest import CLOSED_TIME, ROOT, SEOUL, SHOP_FILE, Shopper

# Monday after CLOSED_TIME (Saturday 23:00), at the digest time.
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=SEOUL)
FRIDAY_9 = datetime(2026, 11, 20, 9, 0, tzinfo=SEOUL)
PHONE = "010-1234-5678"
XSS = "<script>alert(1)</script>"
SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXX"
ARTIFACTS = ROOT / "test-artifacts"
README_IMAGES = ROOT / "docs" / "img"


# -- the night ------------------------------------------------------------------------------------


def kakao(client: Any, text: str, user: str, code: str = "") -> list[str]:
    return Shopper(client, {}).say("kakao", text, user, code)


def at(clock: dict[str, datetime], moment: datetime) -> None:
    clock["now"] = moment.astimezone(UTC)


@pytest.fixture
def night(client: Any, ctx: Any, run_jobs: Any, clock: dict[str, datetime]) -> dict[str, str]:
    """Thursday's unanswered refund question, then Saturday night and Sunday; Monday 09:00 now.

    Returns the ticket numbers by shopper.
    """
    from bot.conversation.staff import StaffDesk

    at(clock, datetime(2026, 11, 19, 15, 0, tzinfo=SEOUL))  # Thursday, open: before the period
    kakao(client, "환불 아직 안 들어왔는데 언제 되나요?", "user-e")
    run_jobs()

    at(clock, CLOSED_TIME)  # Saturday 23:00
    assert "주문하신 상품은" in kakao(client, "배송 언제 와요?", "user-a")[0]
    kakao(client, "👍 도움 됐어요", "user-a", code="csat:up")
    at(clock, CLOSED_TIME + timedelta(minutes=5))
    kakao(client, f"상담원 연결해주세요 제 번호는 {PHONE} 이에요 {XSS}", "user-b")
    run_jobs()

    at(clock, CLOSED_TIME + timedelta(hours=2, minutes=10))  # Sunday 01:10
    kakao(client, "받은 니트에 구멍이 나 있어요", "user-c")
    run_jobs()
    at(clock, CLOSED_TIME + timedelta(hours=3))
    kakao(client, "혹시 강아지 옷도 파나요?", "user-d")
    run_jobs()

    tickets = {u: ctx.store.thread(f"kakao:{u}")["ticket"] for u in ("user-b", "user-c", "user-d", "user-e")}
    ctx.store.update_ticket(tickets["user-d"], draft="강아지 옷은 팔지 않아요 <b>죄송해요</b>")
    at(clock, CLOSED_TIME + timedelta(hours=11))  # Sunday 10:00: the owner answers one from home
    StaffDesk(ctx).resolve(tickets["user-c"], by="사장님")
    run_jobs()

    at(clock, MONDAY_9)
    return tickets


# -- content ----------------------------------------------------------------------------------------


def test_the_digest_lists_what_waits_oldest_first_masked_and_escaped(ctx: Any, night: dict[str, str]) -> None:
    d = digest.build(ctx)

    # Still open, oldest first: Thursday's refund, then Saturday's and Sunday's.
    assert [t["id"] for t in d.open_tickets] == [night["user-e"], night["user-b"], night["user-d"]]
    assert [t["reason"] for t in d.open_tickets] == ["환불 문제", "상담원 요청", "챗봇이 모르는 질문"]
    assert [t["id"] for t in d.resolved] == [night["user-c"]]
    assert d.resolved[0]["resolved_by"] == "사장님"
    # Told "a person will answer" since the last digest (Friday 09:00): three, all after hours.
    assert [t["id"] for t in d.handed_over] == [night["user-b"], night["user-c"], night["user-d"]]
    assert d.after_hours_handoffs == 3
    assert not d.catch_up_label
    assert d.days_label == "11/20~11/22 (3일)"

    html, text = d.html(), d.text()
    for body in (html, text):
        assert PHONE not in body
        assert "[전화번호]" in body
        assert f"http://127.0.0.1:8000/staff/tickets/{night['user-b']}" in body
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>죄송해요</b>" not in html  # the bot's draft is text too
    assert "강아지 옷은 팔지 않아요 &lt;b&gt;죄송해요&lt;/b&gt;" in html
    assert "받은 니트에 구멍이" not in html.split('id="resolved"')[0]  # resolved: not in the open list
    assert text.index(f"#{night['user-e']} 환불 문제") < text.index(f"#{night['user-b']} 상담원 요청")
    assert "답변을 기다리는 문의 3건" in text
    assert d.subject == "[봄날옷장] 아침 요약 11월 23일(월): 답변 대기 3건"


def test_the_numbers_count_the_night(ctx: Any, night: dict[str, str]) -> None:
    d = digest.build(ctx)
    n = digest.gather(ctx.store, d.period.days)
    # Saturday: a shipping question and its 👍, a person asked for; Sunday: two more handoffs.
    assert (n.messages, n.threads, n.faq, n.llm, n.handoff) == (5, 4, 1, 0, 3)
    assert (n.csat_up, n.csat_down, n.after_hours) == (1, 0, 5)
    assert len(n.first_response_ms) == 5
    assert n.hourly["faq"][23] == 1 and n.hourly["handoff"][23] == 1 and n.hourly["handoff"][1] == 1
    assert n.hourly["other"][23] == 1  # the 👍 tap

    table = {r.label: r for r in d.rows}
    assert table["메시지"].values[0] == "5 (하루 1.7)"
    assert table["챗봇이 답한 메시지"].values[0] == "20%"
    assert table["챗봇이 답한 메시지"].status == "warn"  # below the ~40% the field expects
    assert table["상담 전환율 (사람 연결)"].values[0] == "75%"
    assert table["상담 전환율 (사람 연결)"].target == "20%~30%"
    assert table["만족도 (좋아요 비율)"].values[0] == "100% (1명)"
    assert table["만족도 (좋아요 비율)"].status == "good"
    assert table["영업시간 외 메시지"].values[0] == "100%"
    # Thursday (the week before the period) had one message: the 7-day average says so.
    assert table["메시지"].values[3] == "0.1"
    assert d.columns == ["11/20~11/22 (3일)", "오늘 0시~", "전날", "7일 평균"]
    # The chart: the period hour by hour, Friday 09:00 to Monday 08:00.
    assert len(d.chart) == 72 and d.chart_max == 3
    busy = {bar["when"]: [(s["kind"], s["value"]) for s in bar["segments"]] for bar in d.chart if bar["total"]}
    assert busy == {"토 23시": [("other", 1), ("handoff", 1), ("faq", 1)], "일 1시": [("handoff", 1)],
                    "일 2시": [("handoff", 1)]}
    assert 'class="bar-handoff"' in d.html()
    assert "토 23시 ███" in d.text()


def test_llm_tokens_and_cost(ctx: Any, clock: dict[str, datetime]) -> None:
    at(clock, MONDAY_9)
    sunday = datetime(2026, 11, 22, 12, 0, tzinfo=SEOUL)
    ctx.store.add(sunday, llm_tokens_in=2_000_000, llm_tokens_out=500_000)
    table = {r.label: r for r in digest.build(ctx).rows}
    assert table["AI 토큰 (입력 / 출력)"].values[0] == "2,000,000 / 500,000"
    # 2M * $0.15 + 0.5M * $0.60 = $0.60, at 1400 won to the dollar: 840원
    assert table["AI 예상 비용"].values[0] == "$0.60 · 840원"


def test_a_missed_day_is_caught_up_and_says_so(ctx: Any, night: dict[str, str]) -> None:
    # The last digest went out on Wednesday; Thursday's and Friday's never did.
    wednesday = datetime(2026, 11, 18, 9, 0, tzinfo=SEOUL)
    ctx.redis.set(ctx.store.key("digest", "last_sent_at"), str(wednesday.timestamp()))
    d = digest.build(ctx)
    assert d.catch_up_label == "지난 5일치 요약"
    assert d.period.days == ("2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22")
    assert "지난 5일치 요약" in d.html() and "지난 5일치 요약" in d.text()
    # Thursday's refund question was handed over in the period this time.
    assert night["user-e"] in [t["id"] for t in d.handed_over]

    # On time (Friday's digest went out): no catch-up wording.
    ctx.redis.set(ctx.store.key("digest", "last_sent_at"), str(FRIDAY_9.timestamp()))
    assert digest.build(ctx).catch_up_label == ""


# -- sending, once ------------------------------------------------------------------------------------


class Inbox:
    """What a real SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls it by this name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def mail_env(env: dict[str, str], smtp: tuple[Inbox, int]) -> dict[str, str]:
    env.update({"SMTP_URL": f"smtp://127.0.0.1:{smtp[1]}", "DIGEST_TO": "owner@example.com, staff@example.com",
                "DIGEST_FROM": "bot@bomnal.example"})
    return env


def test_email_with_html_and_text_reaches_a_real_smtp_server(
    mail_env: dict[str, str], ctx: Any, night: dict[str, str], smtp: tuple[Inbox, int]
) -> None:
    outcome = digest.send(ctx)
    assert (outcome.status, outcome.channels) == ("sent", ("email",))
    inbox, _ = smtp
    assert len(inbox.messages) == 1
    rcpt, message = inbox.messages[0]
    assert rcpt == ["owner@example.com", "staff@example.com"]
    assert message["Subject"] == "[봄날옷장] 아침 요약 11월 23일(월): 답변 대기 3건"
    assert "bot@bomnal.example" in message["From"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "답변을 기다리는 문의 3건" in text and "[전화번호]" in text and PHONE not in text
    assert "&lt;script&gt;" in html and XSS not in html and PHONE not in html
    assert f"/staff/tickets/{night['user-b']}" in html
    # The digest is also kept in Redis, and the next one starts where this one ended.
    assert json.loads(ctx.redis.get(ctx.store.key("digest", "last")))["day"] == "2026-11-23"
    assert float(ctx.redis.get(ctx.store.key("digest", "last_sent_at"))) == MONDAY_9.timestamp()


def test_two_runs_at_once_send_one_digest(mail_env: dict[str, str], ctx: Any, night: dict[str, str],
                                          smtp: tuple[Inbox, int]) -> None:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        start.wait()
        outcomes.append(digest.run_scheduled(ctx).status)

    runners = [threading.Thread(target=run) for _ in range(2)]
    for r in runners:
        r.start()
    for r in runners:
        r.join()
    assert sorted(outcomes) in (["already_sent", "sent"], ["in_progress", "sent"])
    assert len(smtp[0].messages) == 1
    # And a retried job later that morning sends nothing either.
    assert digest.run_scheduled(ctx).status == "already_sent"
    assert len(smtp[0].messages) == 1


@responses.activate
def test_slack_gets_the_short_version_with_links(env: dict[str, str], make_ctx: Any, night: dict[str, str]) -> None:
    env["SLACK_WEBHOOK_URL"] = SLACK_URL
    ctx = make_ctx()
    responses.post(SLACK_URL, body="ok")
    assert digest.send(ctx).channels == ("slack",)
    assert len(responses.calls) == 1
    text = json.loads(responses.calls[0].request.body)["text"]
    assert "답변 대기 *3건*" in text
    assert f"<http://127.0.0.1:8000/staff/tickets/{night['user-b']}|#{night['user-b']}>" in text
    assert "<http://127.0.0.1:8000/staff/|직원 화면에서 보기>" in text
    assert "니트" not in text and "[전화번호]" not in text  # no shopper text leaves for Slack


@responses.activate
def test_a_failed_delivery_is_retried_without_sending_twice(
    mail_env: dict[str, str], make_ctx: Any, night: dict[str, str], smtp: tuple[Inbox, int], run_jobs: Any
) -> None:
    mail_env["SLACK_WEBHOOK_URL"] = SLACK_URL
    ctx = make_ctx()
    responses.post(SLACK_URL, status=500, body="upstream down")
    responses.post(SLACK_URL, body="ok")
    with pytest.raises(digest.DeliveryError, match="HTTP 500"):
        digest.run_scheduled(ctx)
    assert len(smtp[0].messages) == 1  # email went out; Slack failed
    assert ctx.redis.get(ctx.store.key("digest", "sent", "2026-11-23")) is None  # claim released
    assert ctx.redis.get(ctx.store.key("digest", "last_sent_at")) is None

    # The retry sends Slack only: email was already delivered today.
    outcome = digest.run_scheduled(ctx)
    assert outcome.status == "sent" and set(outcome.channels) == {"email", "slack"}
    assert len(smtp[0].messages) == 1
    assert len(responses.calls) == 2


def test_the_cron_job_sends_on_business_days_only(ctx: Any, night: dict[str, str], clock: Any,
                                                  run_jobs: Any) -> None:
    last = ctx.store.key("digest", "last")
    at(clock, datetime(2026, 11, 22, 9, 0, tzinfo=SEOUL))  # Sunday: closed
    ctx.queue("digest").enqueue("bot.jobs.tasks.morning_digest")
    run_jobs()
    assert ctx.redis.get(last) is None
    at(clock, MONDAY_9)
    job = ctx.queue("digest").enqueue("bot.jobs.tasks.morning_digest")
    run_jobs()
    assert job.return_value() == "sent"
    assert "답변을 기다리는 문의 3건" in json.loads(ctx.redis.get(last))["text"]
    again = ctx.queue("digest").enqueue("bot.jobs.tasks.morning_digest")
    run_jobs()
    assert again.return_value() == "already_sent"


def test_a_failed_cron_delivery_queues_a_retrying_follow_up(make_ctx: Any, env: dict[str, str],
                                                            night: dict[str, str], run_jobs: Any) -> None:
    env["SMTP_URL"], env["DIGEST_TO"] = "smtp://127.0.0.1:9/", "owner@example.com"  # nothing listens on port 9
    ctx = make_ctx()
    job = ctx.queue("digest").enqueue("bot.jobs.tasks.morning_digest")
    run_jobs()  # the cron job fails, and so does its follow-up (which RQ retries with backoff)
    assert job.get_status() == "failed"
    follow_up = ctx.queue("digest").fetch_job("digest-retry-2026-11-23")
    assert follow_up is not None and follow_up.kwargs == {"follow_up": True}
    assert follow_up.retries_left is not None
    assert ctx.redis.get(ctx.store.key("digest", "sent", "2026-11-23")) is None


# -- schedule --------------------------------------------------------------------------------------------


def test_cron_expression_is_utc_for_the_shops_morning() -> None:
    assert digest.cron_expressions("09:00", "Asia/Seoul") == ["0 0 * * *"]
    assert digest.cron_expressions("08:30", "Asia/Seoul") == ["30 23 * * *"]
    # A zone with daylight saving: 09:00 is 07:00 or 08:00 UTC; the job skips the early one.
    assert digest.cron_expressions("09:00", "Europe/Berlin") == ["0 7,8 * * *"]


def test_the_scheduler_registers_the_digest_at_the_shops_time() -> None:
    code = ("import bot.jobs.cron, rq.cron; print(json.dumps([(j['cron'], j['interval']) for j in rq.cron._job_data_registry "
            "if j['func'].__name__ == 'morning_digest']))")
    out = subprocess.run([sys.executable, "-c", f"import json; {code}"], cwd=ROOT, capture_output=True, text=True,
                         env={**_clean_env(), "TZ": "UTC", "SHOP_CONFIG": str(SHOP_FILE)}, check=True)
    assert json.loads(out.stdout) == [["0 0 * * *", None], [None, 1200]]  # at 09:00 KST, and the catch-up runs


def test_the_job_rq_cron_enqueues_runs_on_our_json_workers(env: dict[str, str], ctx: Any, night: dict[str, str],
                                                           run_jobs: Any) -> None:
    # What the `rq cron` process does when the time comes: enqueue the registered job.
    code = ("import bot.jobs.cron, rq.cron; from bot.storage.redis_conn import connect; "
            "job = rq.cron.CronJob(queue_name='digest', func=bot.jobs.schedule.morning_digest, cron='0 0 * * *'); "
            "job.enqueue(connect(bot.jobs.cron.Settings.load().redis_url, decode=False))")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**_clean_env(), **env, "TZ": "UTC"}, check=True,
                   capture_output=True)
    assert run_jobs() == 1
    assert json.loads(ctx.redis.get(ctx.store.key("digest", "last")))["day"] == "2026-11-23"


def test_a_run_killed_mid_send_is_caught_up_later_that_morning(ctx: Any, night: dict[str, str], clock: Any) -> None:
    claim = ctx.store.key("digest", "sent", "2026-11-23")
    ctx.redis.set(claim, "token-of-a-run-whose-worker-was-killed", ex=digest.CLAIM_TTL)
    assert digest.run_scheduled(ctx).status == "in_progress"
    ctx.redis.delete(claim)  # CLAIM_TTL later, the dead run's claim has lapsed
    at(clock, datetime(2026, 11, 23, 9, 20, tzinfo=SEOUL))  # the next catch-up run
    assert digest.run_scheduled(ctx).status == "sent"
    assert digest.run_scheduled(ctx).status == "already_sent"
    at(clock, datetime(2026, 11, 23, 15, 0, tzinfo=SEOUL))
    assert digest.run_scheduled(ctx).status == "already_sent"


def test_a_digest_not_out_by_the_afternoon_is_left_to_the_next_business_day(ctx: Any, night: dict[str, str],
                                                                            clock: Any) -> None:
    at(clock, datetime(2026, 11, 23, 12, 30, tzinfo=SEOUL))
    assert digest.run_scheduled(ctx).status == "missed"
    assert ctx.redis.get(ctx.store.key("digest", "last")) is None


def test_a_run_before_the_digest_time_waits(ctx: Any, clock: Any) -> None:
    at(clock, datetime(2026, 11, 23, 8, 0, tzinfo=SEOUL))  # what a DST shop's early firing looks like
    assert digest.run_scheduled(ctx).status == "too_early"
    assert ctx.redis.get(ctx.store.key("digest", "last")) is None


# -- /metrics ------------------------------------------------------------------------------------------------


def test_metrics_expose_todays_counters(client: Any, clock: Any, night: dict[str, str]) -> None:
    at(clock, datetime(2026, 11, 22, 12, 0, tzinfo=SEOUL))  # Sunday: two handoffs so far
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.content_type.startswith("text/plain")
    body = resp.get_data(as_text=True)
    assert 'shopbot_events_today{event="inbound"} 2.0' in body
    assert 'shopbot_events_today{event="handoff"} 2.0' in body
    assert "shopbot_threads_today 2.0" in body
    assert 'shopbot_share_today{kind="escalation"} 1.0' in body
    assert "shopbot_open_tickets 3.0" in body
    assert "h01:" not in body  # hourly counters stay in the digest


def test_metrics_token(env: dict[str, str], make_ctx: Any) -> None:
    from bot.web.app import create_app

    env["METRICS_TOKEN"] = "scrape-token-1"
    client = create_app(ctx=make_ctx()).test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-token-1"}).status_code == 200


# -- CLI --------------------------------------------------------------------------------------------------------


def _clean_env() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT")
    return {k: v for k, v in os.environ.items() if k in keep}


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], check=False, cwd=ROOT, capture_output=True, text=True,
                          env={**_clean_env(), **env, "LOG_LEVEL": "WARNING"}, timeout=120)


def test_cli_preview_writes_html_and_sends_nothing(env: dict[str, str], ctx: Any, night: dict[str, str],
                                                   tmp_path: Path) -> None:
    out = cli(env, "digest", "--preview")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("<!DOCTYPE html>")
    assert "답변을 기다리는 문의" in out.stdout and PHONE not in out.stdout and XSS not in out.stdout
    target = tmp_path / "digest.html"
    out = cli(env, "digest", "--preview", "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert "&lt;script&gt;" in target.read_text(encoding="utf-8")
    assert ctx.redis.get(ctx.store.key("digest", "last_sent_at")) is None  # a preview is not a digest


def test_cli_send_then_once_a_day(env: dict[str, str], ctx: Any, night: dict[str, str]) -> None:
    first = cli(env, "digest", "--send")
    assert first.returncode == 0, first.stderr
    assert "via redis" in first.stdout
    again = cli(env, "digest", "--send")
    assert again.returncode == 0 and "already_sent" in again.stderr


def test_cli_stats_prints_a_table(env: dict[str, str], ctx: Any, night: dict[str, str]) -> None:
    out = cli(env, "stats", "--days", "7")
    assert out.returncode == 0, out.stderr
    header, *lines = out.stdout.splitlines()
    assert header.split() == ["오늘", "어제", "7일", "평균", "목표"]
    assert any(line.startswith("메시지") for line in lines)
    assert any("85% 이상" in line for line in lines)


# -- the preview in a browser --------------------------------------------------------------------------------------


def _browser_missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (pip install -r requirements-test.txt)"
    missing = [p for p in ("/usr/bin/chromium", "/usr/bin/chromedriver") if not Path(p).exists()]
    return f"{', '.join(missing)} not found (apt-get install chromium chromium-driver)" if missing else ""


def test_the_preview_in_chromium(ctx: Any, night: dict[str, str], tmp_path: Path) -> None:
    reason = _browser_missing()
    if reason and os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    page = tmp_path / "digest.html"
    page.write_text(digest.build(ctx).html(), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--lang=ko-KR", "--window-size=720,900", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(page.as_uri())
        cards = driver.find_elements(By.CSS_SELECTOR, "#open-tickets > tbody > tr > td[style*='border-left']")
        assert len(cards) == 3
        assert XSS in cards[1].text  # shown as text, never run
        bars = driver.find_elements(By.CSS_SELECTOR, "#chart td.bar-handoff")
        assert bars and all(b.size["height"] >= 2 for b in bars)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(720, height + 140)
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "digest.png"))
    finally:
        driver.quit()
    assert (ARTIFACTS / "digest.png").stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / "digest.png", README_IMAGES / "digest.png")
