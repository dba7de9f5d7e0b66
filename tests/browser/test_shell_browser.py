"""The shell in a real browser: a demo officer logs in and finds the home of their role."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import log_in, screenshot


def test_an_officer_logs_in_and_sees_the_home_of_the_role(page: Page, live_url: str) -> None:
    log_in(page, live_url, "reception.ttpvhcc")
    assert page.locator("h1").inner_text().startswith("Xin chào")
    assert "Cán bộ tiếp nhận và trả kết quả" in page.content()
    screenshot(page, "shell-home-reception-desktop")


def test_the_login_page_fits_a_phone(phone_page: Page, live_url: str) -> None:
    phone_page.goto(f"{live_url}/dang-nhap")
    # nothing wider than the screen: no horizontal scrolling on a 360-px phone
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert phone_page.get_by_label("Tên đăng nhập").is_visible()
    screenshot(phone_page, "shell-login-phone")
