"""The owner's pages in headless Chromium: try a message, add an FAQ, see a field error, restore."""

from __future__ import annotations

from typing import Any

from tests.test_staff_browser import TOKEN, _needs_browser, browser, env, kakao, screenshot, server, wait_for

__all__ = ["_needs_browser", "browser", "env", "server"]  # fixtures used here
XSS = "<script>alert(1)</script>"


def test_owner_tries_adds_an_faq_sees_errors_and_restores(app: Any, ctx: Any, server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/staff/settings")
    wait_for(browser, "#token")  # a login first
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.ID, "name").send_keys("사장님")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    wait_for(browser, "#open-tickets, .empty")

    # Try a message: the live decision, nothing sent.
    browser.get(f"{server}/staff/try")
    browser.find_element(By.ID, "try-text").send_keys("배송 언제 와요?")
    browser.find_element(By.CSS_SELECTOR, "form.try button").click()
    result = wait_for(browser, "#try-result")
    assert result.get_attribute("data-decision") == "faq" and "배송 안내" in browser.find_element(By.ID, "try-faq").text

    # Add an FAQ; its answer carries markup, which must show as text.
    browser.get(f"{server}/staff/settings")
    form = wait_for(browser, "#faq-form")
    form.find_element(By.ID, "faq-id").send_keys("repair")
    form.find_element(By.ID, "faq-title").send_keys("기장 수선")
    form.find_element(By.ID, "faq-answer").send_keys(f"바지 기장 수선은 무료로 해 드려요. {XSS}")
    form.find_element(By.ID, "faq-questions").send_keys("바지 기장 수선 되나요?\n수선 해주실 수 있어요?")
    form.find_element(By.ID, "faq-keywords").send_keys("수선, 기장")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(browser, ".flash-ok", "추가했어요")
    assert "repair" in [r.get_attribute("data-id") for r in browser.find_elements(By.CSS_SELECTOR, "#faqs tr.faq")]
    assert XSS in browser.find_element(By.ID, "faqs").text  # escaped, shown as text
    assert kakao(app.test_client(), "바지 수선 되나요?", "u1")[0].startswith("바지 기장 수선은")

    # An FAQ without an answer: the field is named, nothing changes.
    form = wait_for(browser, "#faq-form")
    form.find_element(By.ID, "faq-id").send_keys("empty")
    form.find_element(By.ID, "faq-questions").send_keys("질문")
    form.find_element(By.CSS_SELECTOR, "button").click()
    errors = wait_for(browser, "#errors")
    assert ".answer" in errors.text
    screenshot(browser, "owner-settings.png")
    assert ctx.store.settings_version() == 2

    # Restore version 1 (the shop file): the FAQ is gone again.
    browser.get(f"{server}/staff/settings")
    browser.find_element(By.CSS_SELECTOR, "#versions tr.version[data-number='1'] button").click()
    wait_for(browser, ".flash-ok", "되돌렸어요")
    assert "repair" not in [r.get_attribute("data-id") for r in browser.find_elements(By.CSS_SELECTOR, "#faqs tr.faq")]
    assert not kakao(app.test_client(), "바지 수선 되나요?", "u2")[0].startswith("바지 기장 수선은")
