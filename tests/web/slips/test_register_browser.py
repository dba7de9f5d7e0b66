"""The register page in a real browser on a 360-px phone: the officer fixes a wrong date,
gets the download button, and the PDF arrives."""

from __future__ import annotations

import threading
from collections.abc import Callable

from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, log_in, screenshot


def _in_own_thread(work: Callable[[], None]) -> None:
    """Run `work` in a thread of its own. The session-wide browser of tests/browser may be
    running in this thread already, and Playwright's sync API allows one per thread."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as failure:  # handed back to the test below
            failures.append(failure)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the browser did not finish in two minutes"
    if failures:
        raise failures[0]


def _on_a_phone(work: Callable[[Page], None]) -> None:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = chromium.new_context(
            locale="vi-VN",
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(15_000)
        try:
            work(context.new_page())
        finally:
            chromium.close()


def test_the_register_page_works_on_a_phone(live_url: str) -> None:
    def scenario(phone: Page) -> None:
        log_in(phone, live_url, "reception.px_quynhon")
        phone.goto(f"{live_url}/so-theo-doi")
        assert "Trung tâm Phục vụ hành chính công phường Quy Nhơn" in phone.content()

        phone.fill("#tu", "31/02/2026")
        phone.fill("#den", "31/03/2026")
        phone.click("main button[type=submit]")
        assert phone.locator("#tu-error").inner_text().startswith("Ngày không hợp lệ")
        screenshot(phone, "slips-register-form-error-phone")

        phone.fill("#tu", "01/03/2026")
        phone.click("main button[type=submit]")
        button = phone.get_by_role("link", name="Tải sổ theo dõi (PDF)")
        assert button.is_visible()
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0  # nothing wider than the phone
        screenshot(phone, "slips-register-form-ready-phone")

        response = phone.request.get(live_url + str(button.get_attribute("href")))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"

    _in_own_thread(lambda: _on_a_phone(scenario))
