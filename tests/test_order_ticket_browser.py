"""A late parcel's ticket in headless Chromium: staff see the order and its tracking (escaped),
never the shopper's address. The screenshot is the README's (``UPDATE_SCREENSHOTS=1``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.stubs import FakeKakaoCallback
from tests.test_order_status import CHANNEL_ENV, SHOP, FakeTracker, KakaoShopper, ctx, kakao, kakao_cb, tracker
from tests.test_staff_browser import TOKEN, _needs_browser, browser, screenshot, server, wait_for

__all__ = ["_needs_browser", "browser", "ctx", "kakao", "kakao_cb", "server", "tracker"]


@pytest.fixture
def env(env: dict[str, str], tmp_path: Path, tracker: FakeTracker, kakao_cb: FakeKakaoCallback) -> dict[str, str]:
    shop = tmp_path / "shop.yaml"
    shop.write_text(SHOP, encoding="utf-8")
    return {**env, **CHANNEL_ENV, "SHOP_CONFIG": str(shop), "TRACKER_URL": tracker.url,
            "KAKAO_CALLBACK_HOSTS": kakao_cb.server.hostport, "ADMIN_TOKEN": TOKEN}


def test_staff_see_the_order_and_its_tracking_on_the_ticket(kakao: KakaoShopper, ctx: Any, server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    kakao.say("제 주문 어디쯤 왔어요?")
    kakao.say("20261112-0000002")
    kakao.say("4321")
    (ticket,) = ctx.store.open_tickets()

    browser.get(f"{server}/staff/login")
    wait_for(browser, "#token").send_keys(TOKEN)
    browser.find_element(By.ID, "name").send_keys("민지")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    wait_for(browser, "#open-tickets")
    browser.get(f"{server}/staff/tickets/{ticket['id']}")
    order = wait_for(browser, "#order", "512300000002")
    assert browser.find_element(By.ID, "order-no").text == "20261112-0000002"
    assert browser.find_element(By.ID, "order-status").text == "배송 중"
    assert "대전HUB 간선하차" in browser.find_element(By.ID, "order-event").text
    assert "한진택배" in order.text and "배송 지연" in browser.page_source
    screenshot(browser, "staff-ticket-order.png")
