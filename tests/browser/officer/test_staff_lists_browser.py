"""No dead ends, in a real browser: a supervisor goes from the dashboard's overdue count to
the dossier and sees who holds it; a reception officer goes from the overdue figure of
her home page to the unit's list, filtered, and to the dossier. Open work of Wednesday
11/3/2026 10:00 (tests/web/monitor/dashboard_story.py). Screenshots:
test-artifacts/screenshots/lists-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot
from tests.services.support import fresh
from tests.web.monitor.dashboard_story import NOW, build_open_work
from vpub_onestop import clock
from vpub_onestop.extensions import db


@pytest.fixture
def open_work(live_app: Flask) -> Iterator[dict[str, str]]:
    clock.freeze(NOW)
    with live_app.app_context():
        ids = build_open_work()
        codes = {name: fresh(dossier_id).code or "" for name, dossier_id in ids.items()}
        db.session.remove()
    yield codes


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_supervisor_goes_from_the_overdue_count_to_who_holds_the_dossier(
    page: Page, live_url: str, open_work: dict[str, str]
) -> None:
    log_in(page, live_url, "supervisor.ttpvhcc")
    page.goto(f"{live_url}/theo-doi")
    page.locator("[data-kind='overdue']").click()
    page.wait_for_url("**/theo-doi/ho-so?loai=overdue*")
    table = page.locator("main table")
    # D1 is held by the centre's specialist; D7 was never dispatched (the desk holds it).
    d1_row = table.locator("tr", has=page.get_by_role("link", name=open_work["D1"]))
    expect(d1_row).to_contain_text("Cán bộ specialist.px_quynhon")
    d7_row = table.locator("tr", has=page.get_by_role("link", name=open_work["D7"]))
    expect(d7_row).to_contain_text("Bộ phận Một cửa")
    screenshot(page, "lists-1-overdue-drill-down")

    table.get_by_role("link", name=open_work["D1"]).click()
    expect(page).to_have_url(re.compile(r"/mot-cua/ho-so/\d+$"))
    held = page.locator(".held-by")
    expect(held).to_contain_text("Đang xử lý tại")
    expect(held).to_contain_text("Cán bộ specialist.px_quynhon")
    # Read-only: no act is offered to the supervisor.
    expect(page.locator("main form[method=post]")).to_have_count(0)
    screenshot(page, "lists-2-supervisor-reads-the-dossier")


def test_reception_goes_from_her_overdue_figure_to_the_list_and_the_dossier(
    page: Page, live_url: str, open_work: dict[str, str]
) -> None:
    log_in(page, live_url, "reception.px_quynhon")
    overdue = page.locator("[data-day='qua-han']")
    expect(overdue.locator("[data-count]")).to_have_text("1")  # D1 (D5 waits for the applicant)
    screenshot(page, "lists-3-reception-home")
    overdue.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Hồ sơ của đơn vị")).to_be_visible()
    expect(page.get_by_label("Thời hạn")).to_have_value("qua-han")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("0,2 ngày làm việc")
    _no_sideways_scroll(page)
    screenshot(page, "lists-4-unit-list-overdue")
    rows.first.get_by_role("link", name=open_work["D1"]).click()
    expect(page).to_have_url(re.compile(r"/mot-cua/ho-so/\d+$"))


def test_the_unit_list_fits_a_phone(
    phone_page: Page, live_url: str, open_work: dict[str, str]
) -> None:
    log_in(phone_page, live_url, "reception.px_quynhon")
    phone_page.goto(f"{live_url}/mot-cua/danh-sach-ho-so")
    expect(phone_page.get_by_role("link", name=open_work["D2"])).to_be_visible()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "lists-5-unit-list-phone")
