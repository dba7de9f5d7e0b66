"""English pages in a real browser: a visitor switches the language from the navbar and
reads a procedure; an English-speaking officer works the dashboard in English."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page

from tests.browser.conftest import log_in, screenshot
from tests.web.monitor.dashboard_story import NOW, build_open_work
from vpub_onestop import clock
from vpub_onestop.extensions import db


@pytest.fixture
def open_work(live_app: Flask) -> None:
    clock.freeze(NOW)
    with live_app.app_context():
        build_open_work()
        db.session.remove()


def test_a_visitor_switches_to_english_and_reads_a_procedure(page: Page, live_url: str) -> None:
    page.goto(f"{live_url}/thu-tuc/2.000815")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator(".lang-switch a[lang=en]").click()
    page.wait_for_url("**lang=en")

    assert page.locator("html").get_attribute("lang") == "en"
    content = page.content()
    for text in ("Dossier documents", "Fees and charges", "Processing route", "Submit online"):
        assert text in content
    assert "per page for the first 2 pages" in content and "Thành phần hồ sơ" not in content
    screenshot(page, "english-procedure-desktop")

    page.goto(f"{live_url}/thu-tuc")  # the choice is kept for the next pages
    assert page.locator("h1").inner_text() == "Administrative procedures"


def test_an_officer_reads_the_dashboard_in_english(
    page: Page, live_url: str, open_work: None
) -> None:
    page.goto(f"{live_url}/dang-nhap?lang=en")
    log_in(page, live_url, "unit_head.px_quynhon")
    page.goto(f"{live_url}/theo-doi")
    page.wait_for_selector("canvas[data-chart='steps'][data-drawn='true']")

    assert page.locator("h1").inner_text() == "Deadline monitoring of dossiers"
    content = page.content()
    assert "Due within 1 working day" in content and "Export to Excel" in content
    assert "Theo dõi thời hạn" not in content
    # the longer English words still fit the navbar of a 1280-px screen
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "english-monitor-dashboard-desktop")
