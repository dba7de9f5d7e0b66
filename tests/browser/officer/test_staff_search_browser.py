"""The staff search in a real browser: a reception officer types a part of the applicant's
name without accents, then the last digits of a code, into the navigation bar's box and
opens the dossier; the bar still fits one line at 1280 px and the box works at 360 px.
Screenshots: test-artifacts/screenshots/search-*.png."""

from __future__ import annotations

import re
from datetime import datetime

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot
from tests.conftest import Clock
from tests.services.support import actor, counter_receipt, procedure_id
from tests.web.officer import scenarios
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db
from vpub_onestop.services.applicants import Applicant

AN = Applicant(name="Nguyễn Văn An", id_number="052190009876", phone="0912345678")
BINH = Applicant(name="Trần Thị Bình", id_number="052190004321", phone="0987654321")


def _two_dossiers(app: Flask) -> tuple[str, str]:
    """An's and Bình's marriage files received at the commune counter, in that order."""
    with app.app_context():
        clock = Clock(datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ))
        codes = tuple(
            counter_receipt(
                actor("reception.px_quynhon"),
                procedure_id(scenarios.SIMPLE),
                who,
                now=clock.advance(minutes=5),
            ).code
            or ""
            for who in (AN, BINH)
        )
        db.session.remove()
    return codes[0], codes[1]


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_reception_finds_a_dossier_by_a_name_without_accents_and_by_the_last_digits(
    page: Page, live_app: Flask, live_url: str
) -> None:
    an_code, binh_code = _two_dossiers(live_app)
    log_in(page, live_url, "reception.px_quynhon")
    box = page.get_by_role("search", name="Tìm hồ sơ").get_by_label("Tìm hồ sơ")
    # The whole bar (six entries, the box, the officer's name) stays on one line.
    bar = page.locator("nav.app-navbar").bounding_box()
    assert bar is not None and bar["height"] < 80
    _no_sideways_scroll(page)
    screenshot(page, "search-1-navbar-1280")

    box.fill("van an")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Tìm hồ sơ")).to_be_visible()
    results = page.locator("main table")
    expect(results.get_by_role("link", name=an_code)).to_be_visible()
    expect(results.get_by_role("link", name=binh_code)).to_have_count(0)
    screenshot(page, "search-2-by-name")
    results.get_by_role("link", name=an_code).click()
    expect(page).to_have_url(re.compile(r"/mot-cua/ho-so/\d+$"))
    expect(page.get_by_text("Nguyễn Văn An").first).to_be_visible()

    box = page.get_by_role("search", name="Tìm hồ sơ").get_by_label("Tìm hồ sơ")
    box.fill(binh_code[-4:])
    box.press("Enter")
    results = page.locator("main table")
    expect(results.get_by_role("link", name=binh_code)).to_be_visible()
    expect(results.get_by_role("link", name=an_code)).to_have_count(0)
    results.get_by_role("link", name=binh_code).click()
    expect(page.get_by_text("Trần Thị Bình").first).to_be_visible()
    screenshot(page, "search-3-opened")


def test_the_search_box_works_at_360_px(phone_page: Page, live_app: Flask, live_url: str) -> None:
    an_code, _binh_code = _two_dossiers(live_app)
    log_in(phone_page, live_url, "reception.px_quynhon")
    phone_page.get_by_role("button", name="Mở hoặc đóng menu").click()
    expect(phone_page.locator("#thanh-dieu-huong.show:not(.collapsing)")).to_be_visible()
    box = phone_page.get_by_role("search", name="Tìm hồ sơ").get_by_label("Tìm hồ sơ")
    expect(box).to_be_visible()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "search-phone-menu")
    box.fill("nguyen")
    box.press("Enter")
    link = phone_page.locator("main .list-group").get_by_role("link", name=an_code)
    expect(link).to_be_visible()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "search-phone-results")
    link.click()
    expect(phone_page.get_by_text("Nguyễn Văn An").first).to_be_visible()
