"""The staff inbox in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) driven by Selenium against the app on a real HTTP server.

Skipped when the browser is missing (a fresh laptop); ``REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns the skip into a failure. Screenshots go to ``test-artifacts/``;
with ``UPDATE_SCREENSHOTS=1`` they also refresh the README's ``docs/img/`` pictures.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Shopper

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TOKEN = "browser-admin-token-51c2"
ARTIFACTS = ROOT / "test-artifacts"
README_IMAGES = ROOT / "docs" / "img"
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"
PERSON = "상담원 연결해주세요"
REPLY = "사진 확인했어요. 새 상품으로 바로 교환해 드릴게요. 회수 기사님이 1~2일 안에 방문하실 거예요."


def _browser_missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (pip install -r requirements-test.txt)"
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        return f"{', '.join(missing)} not found (apt-get install chromium chromium-driver)"
    return ""


@pytest.fixture(autouse=True)
def _needs_browser() -> None:
    reason = _browser_missing()
    if reason and os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "ADMIN_TOKEN": TOKEN}


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    """The real app on a real HTTP server on 127.0.0.1, in a thread."""
    from werkzeug.serving import make_server

    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    http.server_close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=ko-KR",
        "--window-size=1100,900",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    # An explicit driver path: Selenium Manager never runs, so nothing is downloaded.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def kakao(client: Any, text: str, user: str) -> list[str]:
    return Shopper(client, {}).say("kakao", text, user)


def screenshot(driver: Any, name: str) -> None:
    """The whole page (the window grows to the page's height), kept for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size["width"], max(height + 140, 600))  # + the window's own chrome
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_IMAGES / name)


def wait_for(driver: Any, css: str, text: str = "") -> Any:
    """The element once the page shows it (a navigation after a click is asynchronous)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    # a node read while the page navigates is gone ("does not belong to the document"): look again, until the timeout
    wait = WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,))
    if text:
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def no_dialog(driver: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert  # noqa: B018 - raises when no alert is open
    except NoAlertPresentException:
        return True
    return False


def test_staff_log_in_read_reply_resolve_in_chromium(
    app: Any, ctx: Any, run_jobs: Any, server: str, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    shop = app.test_client()
    # Three shoppers wait for a person; one of them writes markup.
    kakao(shop, "배송 언제 와요?", "user-1")
    kakao(shop, "받은 니트에 구멍이 나 있어요. 교환 가능할까요?", "user-1")
    kakao(shop, "환불 아직 안 들어왔는데 언제 되나요?", "user-2")
    kakao(shop, f"{PERSON} {XSS}", "user-3")
    kakao(shop, "주문번호는 20261117-0042예요", "user-2")
    run_jobs()
    damaged = ctx.store.thread("kakao:user-1")["ticket"]
    hostile = ctx.store.thread("kakao:user-3")["ticket"]
    ctx.store.update_ticket(damaged, draft="불편을 드려 죄송해요. 사진을 보내 주시면 교환을 도와드릴게요.")

    # No access without the token.
    browser.get(f"{server}/staff/")
    wait_for(browser, "#token")
    assert browser.current_url.endswith("/staff/login")
    assert "받은 니트" not in browser.page_source
    browser.find_element(By.ID, "token").send_keys("wrong-token")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    wait_for(browser, ".flash-error", "토큰이 맞지 않아요")
    assert "받은 니트" not in browser.page_source

    # Log in.
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.ID, "name").send_keys("민지")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    table = wait_for(browser, "#open-tickets")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    refund = ctx.store.thread("kakao:user-2")["ticket"]
    assert [r.get_attribute("data-number") for r in rows] == [damaged, refund, hostile]  # oldest first
    assert "상품 불량·파손" in rows[0].text
    assert "환불 문제" in rows[1].text
    assert rows[1].find_element(By.CSS_SELECTOR, ".badge").text == "1"  # one message since the handoff
    assert XSS in rows[2].text  # markup shown as text
    screenshot(browser, "staff-list.png")

    # Read the transcript and the bot's draft.
    rows[0].find_element(By.CSS_SELECTOR, "a").click()
    transcript = wait_for(browser, "#transcript")
    shopper_turns = [t.text for t in transcript.find_elements(By.CSS_SELECTOR, ".turn-shopper .text")]
    assert shopper_turns == ["배송 언제 와요?", "받은 니트에 구멍이 나 있어요. 교환 가능할까요?"]
    assert "사진을 보내 주시면" in browser.find_element(By.ID, "draft").text
    assert "고객이 다음 메시지를 보낼 때" in browser.find_element(By.ID, "delivery-note").text

    # Reply.
    box = browser.find_element(By.ID, "reply-text")
    assert "사진을 보내 주시면" in box.get_attribute("value")  # the bot's draft, ready to edit
    box.clear()
    box.send_keys(REPLY)
    browser.find_element(By.ID, "send-reply").click()
    wait_for(browser, ".flash", "답변을 저장했어요")
    assert browser.find_elements(By.CSS_SELECTOR, "#transcript .turn-staff .text")[-1].text == REPLY
    screenshot(browser, "staff-ticket.png")
    # Kakao cannot push: the shopper gets it with their next message.
    assert kakao(shop, "네 기다릴게요", "user-1")[0] == f"[담당자] {REPLY}"  # the shopper reads a person's words as such

    # Resolve.
    browser.find_element(By.ID, "resolve").click()
    wait_for(browser, ".flash", "상담을 완료했어요")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#open-tickets tbody tr")) == 2
    assert ctx.store.thread("kakao:user-1")["state"] == "bot"
    assert ctx.store.ticket(damaged)["resolved_by"] == "민지"

    # The hostile message is text on its ticket page too, and nothing ran.
    browser.get(f"{server}/staff/tickets/{hostile}")
    first = wait_for(browser, "#first-message")
    assert first.text == f"{PERSON} {XSS}"
    assert browser.execute_script("return document.querySelectorAll('main img, main script').length") == 0
    assert any(XSS in t.text for t in browser.find_elements(By.CSS_SELECTOR, "#transcript .turn-shopper .text"))
    assert no_dialog(browser)


def phone(driver: Any) -> None:
    """An iPhone-sized window: 390 px wide."""
    driver.set_window_size(390 + 16, 844)


def test_the_morning_review_on_a_phone(app: Any, ctx: Any, run_jobs: Any, server: str, browser: Any, clock: Any) -> None:
    from datetime import UTC

    from selenium.webdriver.common.by import By

    from tests.conftest import CLOSED_TIME

    shop = app.test_client()
    clock["now"] = CLOSED_TIME.astimezone(UTC)  # overnight: the FAQ answers wait for review
    kakao(shop, "배송 언제 와요?", "night-1")
    kakao(shop, f"교환 어떻게 해요? {XSS}", "night-2")
    run_jobs()
    ctx.store.people.save_reply("교환 안내", "교환은 상품 수령 후 7일 안에 신청해 주세요.", by="owner")

    phone(browser)
    browser.get(f"{server}/staff/login")
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.ID, "name").send_keys("민지")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    wait_for(browser, "#nav-review").click()
    cards = wait_for(browser, "#review-list").find_elements(By.CSS_SELECTOR, "li.answer")
    assert len(cards) == 2
    assert XSS in cards[1].find_element(By.CSS_SELECTOR, ".question").text  # shown as text
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the review page scrolls sideways on a phone ({width}px)"
    button = cards[0].find_element(By.CSS_SELECTOR, "button.ok")
    assert button.size["height"] >= 44  # a thumb can hit it
    screenshot(browser, "staff-review-phone.png")

    # The first was right; the second was wrong: a follow-up ticket with the apology in the reply box.
    button.click()
    wait_for(browser, ".flash", "맞는 답변으로 표시했어요")
    card = wait_for(browser, "#review-list li.answer")
    card.find_element(By.NAME, "note").send_keys("교환 기간이 틀렸어요")
    card.find_element(By.CSS_SELECTOR, "button.danger").click()
    box = wait_for(browser, "#reply-text")
    assert "죄송해요" in box.get_attribute("value")

    # Insert a saved reply, assign it to me, escalate to a manager; every action recorded with who.
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "insert-choice")).select_by_visible_text("교환 안내")
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.ID, "insert-reply").click()
    # The insert reloads the page (?insert=...): wait for that page, not the old one's box.
    WebDriverWait(browser, 15).until(lambda b: "insert=" in b.current_url)
    assert wait_for(browser, "#reply-text").get_attribute("value").startswith("교환은 상품 수령 후 7일")
    browser.find_element(By.ID, "assign-me").click()
    wait_for(browser, "#assignee", "민지")
    browser.find_element(By.ID, "escalate-reason").send_keys("보상 여부는 매니저가 정해야 해요")
    browser.find_element(By.ID, "escalate").click()
    wait_for(browser, "#escalated")
    log = browser.find_element(By.ID, "ticket-log").text
    assert "민지 잘못된 답변으로 표시" in log and "민지 담당 지정" in log and "민지 매니저에게 넘김" in log
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the ticket page scrolls sideways on a phone ({width}px)"
    screenshot(browser, "staff-ticket-phone.png")

    # The conversation list, as cards.
    browser.get(f"{server}/staff/conversations?filter=after_hours")
    rows = wait_for(browser, "#conversations").find_elements(By.CSS_SELECTOR, "li.thread-card")
    assert {r.get_attribute("data-thread") for r in rows} == {"kakao:night-1", "kakao:night-2"}
    screenshot(browser, "staff-conversations-phone.png")
    browser.get(f"{server}/staff/")
    wait_for(browser, "#open-tickets")
    width, seen = browser.execute_script("const e = document.documentElement; return [e.scrollWidth, e.clientWidth]")
    assert width <= seen, f"the ticket list scrolls sideways on a phone ({width}px of {seen}px)"
    screenshot(browser, "staff-list-phone.png")
    assert no_dialog(browser)
