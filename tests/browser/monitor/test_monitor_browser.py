"""The monitoring pages in a real browser: charts drawn by the vendored Chart.js under the
page's Content-Security-Policy, on a desktop screen and on a 360-px phone."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, Response

from tests.browser.conftest import log_in, screenshot
from tests.web.monitor.dashboard_story import NOW, build_open_work
from tests.web.monitor.month_story import add_managers, build_march
from vpub_onestop import clock
from vpub_onestop.extensions import db


@pytest.fixture
def open_work(live_app: Flask) -> None:
    clock.freeze(NOW)
    with live_app.app_context():
        build_open_work()
        db.session.remove()


def _console_errors(page: Page) -> list[str]:
    """Script errors (a CSP refusal shows up as one) and failed loads, bar the favicon the
    shell does not have."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    return errors


def test_the_dashboard_leads_with_its_chart(page: Page, live_url: str, open_work: None) -> None:
    errors = _console_errors(page)
    log_in(page, live_url, "unit_head.px_quynhon")
    page.goto(f"{live_url}/theo-doi")
    page.wait_for_selector("canvas[data-chart='steps'][data-drawn='true']")
    assert page.locator("[data-kind='overdue'] [data-value]").inner_text() == "1"
    assert page.locator("[data-kind='due_soon'] [data-value]").inner_text() == "2"
    box = page.locator("canvas[data-chart='steps']").bounding_box()
    assert box is not None and box["height"] > 100 and box["width"] > 300
    assert errors == []  # no script blocked by the CSP, no Chart.js error
    screenshot(page, "monitor-dashboard-desktop")
    page.locator("[data-kind='overdue']").click()
    page.wait_for_url("**/theo-doi/ho-so?loai=overdue*")
    assert "Tổng số: 1" in page.content()
    screenshot(page, "monitor-dashboard-overdue-list")


def test_the_dashboard_fits_a_phone(phone_page: Page, live_url: str, open_work: None) -> None:
    log_in(phone_page, live_url, "unit_head.px_quynhon")
    phone_page.goto(f"{live_url}/theo-doi")
    phone_page.wait_for_selector("canvas[data-chart='steps'][data-drawn='true']")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0  # wide tables scroll inside their own box
    screenshot(phone_page, "monitor-dashboard-phone")


def test_the_report_draws_the_month(page: Page, live_url: str, live_app: Flask) -> None:
    with live_app.app_context():
        add_managers()
        build_march()
        db.session.remove()
    errors = _console_errors(page)
    log_in(page, live_url, "supervisor.ttpvhcc")
    page.goto(f"{live_url}/theo-doi/bao-cao?tu=2026-03-01&den=2026-03-31")
    page.wait_for_selector("canvas[data-chart='monthly'][data-drawn='true']")
    page.wait_for_selector("canvas[data-chart='ratio'][data-drawn='true']")
    total = page.locator("#table-units tr[data-row='total'] td[data-key='on_time_ratio']")
    assert total.inner_text() == "61,5 %"
    assert "tính đến hết ngày 31/03/2026" in page.content()
    assert errors == []
    screenshot(page, "monitor-report-desktop")
    page.click("text=Chỉ số đánh giá")
    page.wait_for_selector("canvas[data-chart='scores'][data-drawn='true']")
    screenshot(page, "monitor-indicators-desktop")
    page.click("text=Mức độ hài lòng")
    page.wait_for_selector("#table-criteria")
    assert errors == []
    screenshot(page, "monitor-satisfaction-desktop")
