"""People and roles in headless Chromium (issue #18, 6): on a phone, the owner adds a person on
/staff/people and reads their one-time password; that person logs in, chooses a password, gets
403 on the owner's pages, works a ticket, and their name is on its action log."""

from __future__ import annotations

from typing import Any

from tests.test_staff_browser import TOKEN, _needs_browser, browser, env, kakao, phone, screenshot, server, wait_for

__all__ = ["_needs_browser", "browser", "env", "server"]  # fixtures used here
XSS = "<img src=x onerror=alert(1)>"


def log_in(driver: Any, server: str, name: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{server}/staff/login")
    wait_for(driver, "#token")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "token").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()


def fits_a_phone(driver: Any, what: str) -> None:
    # The window is 406 px: 390 of page and, on a page tall enough to scroll, a 16 px scroll bar.
    width, seen = driver.execute_script("const e = document.documentElement; return [e.scrollWidth, e.clientWidth]")
    assert seen <= 406 and width <= seen, f"{what} scrolls sideways on a phone ({width}px of {seen}px)"


def test_owner_adds_a_person_who_logs_in_and_signs_the_ticket_log(
    app: Any, ctx: Any, run_jobs: Any, server: str, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    shop = app.test_client()
    kakao(shop, f"상담원 연결해주세요 {XSS}", "p-1")
    run_jobs()
    number = ctx.store.thread("kakao:p-1")["ticket"]
    ctx.store.people.save_person("준호", role="manager", password="x", disabled=False, notify="", gen=1)

    # The owner (ADMIN_TOKEN, no name needed) adds 민지 on a phone.
    phone(browser)
    log_in(browser, server, "", TOKEN)
    fits_a_phone(browser, "the ticket list")  # the list as cards, no sideways scroll
    wait_for(browser, "#nav-people").click()
    wait_for(browser, "#person-name").send_keys("민지")
    browser.find_element(By.ID, "add-person").click()
    one_time = wait_for(browser, "#one-time-password").text.strip()
    assert len(one_time) >= 12
    assert browser.find_element(By.ID, "add-person").size["height"] >= 44
    names = [c.get_attribute("data-name") for c in browser.find_elements(By.CSS_SELECTOR, "#people li.person")]
    assert names == ["민지", "준호"]
    fits_a_phone(browser, "the people page")
    screenshot(browser, "staff-people-phone.png")
    browser.find_element(By.CSS_SELECTOR, "form.logout button").click()
    wait_for(browser, "#token")  # logged out: under load, going to the login page earlier finds the owner still in

    # 민지 logs in with it, must choose her own password, then logs in again.
    log_in(browser, server, "민지", one_time)
    wait_for(browser, "#change-password")
    fits_a_phone(browser, "the password page")
    browser.find_element(By.ID, "current").send_keys(one_time)
    browser.find_element(By.ID, "new").send_keys("minji-own-pass")
    browser.find_element(By.ID, "again").send_keys("minji-own-pass")
    browser.find_element(By.ID, "change-password").click()
    wait_for(browser, ".flash-ok", "비밀번호를 바꿨어요")
    log_in(browser, server, "민지", "minji-own-pass")
    wait_for(browser, "#open-tickets")
    assert not browser.find_elements(By.ID, "nav-people") and not browser.find_elements(By.ID, "nav-settings")

    # A staff login gets 403 on the owner's pages.
    for path in ("/staff/people", "/staff/settings", "/staff/suggestions"):
        browser.get(f"{server}{path}")
        assert "권한이 있어야" in wait_for(browser, "main").text, path
        assert "직원 추가" not in browser.page_source

    # She takes the ticket and replies: her name is on the log, the shopper's markup is text.
    browser.get(f"{server}/staff/tickets/{number}")
    wait_for(browser, "#assign-me").click()
    wait_for(browser, "#assignee", "민지")
    box = browser.find_element(By.ID, "reply-text")
    box.clear()
    box.send_keys("확인해 드릴게요. 잠시만 기다려 주세요.")
    browser.find_element(By.ID, "send-reply").click()
    log = wait_for(browser, "#ticket-log", "답변 보냄").text
    assert "민지 담당 지정" in log and "민지 답변 보냄" in log
    assert browser.execute_script("return document.querySelectorAll('main img').length") == 0
    assert [(x["action"], x["by"]) for x in ctx.store.people.ticket_log(number)][-2:] == [("assigned", "민지"),
                                                                                           ("replied", "민지")]


def test_the_people_page_on_a_desktop(app: Any, ctx: Any, server: str, browser: Any) -> None:
    from bot import accounts

    accounts.add(ctx.store.people, "민지", "staff", by="대표")
    accounts.add(ctx.store.people, "서연", "manager", by="대표", notify="seoyeon@shop.test")
    accounts.change(ctx.store.people, "민지", disabled=True)
    log_in(browser, server, "", TOKEN)
    wait_for(browser, "#nav-people").click()
    rows = wait_for(browser, "#people").find_elements("css selector", "li.person")
    assert [r.get_attribute("data-name") for r in rows] == ["민지", "서연"]
    assert "사용 중지" in rows[0].text and "매니저" in rows[1].text
    screenshot(browser, "staff-people.png")
