"""The 2025 reorganisation in a real browser, on a phone-sized screen and with the
keyboard: the administrator opens the agency tree, chooses the land office to merge into
its department, reads the preview, confirms, and lands on the department's page; the
tree then shows the office closed. Screenshots go to
test-artifacts/screenshots/admin-merge-*.png."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_land_office_is_merged_into_its_department(phone_page: Page, live_url: str) -> None:
    page = phone_page
    log_in(page, live_url, "admin.ttpvhcc")
    page.goto(f"{live_url}/quan-tri/co-quan")
    # The department's agencies open with the keyboard.
    department = page.get_by_role(
        "link", name="Sở Nông nghiệp và Môi trường tỉnh Gia Lai", exact=True
    )
    toggle = department.locator("xpath=../details/summary")  # its own list, closed
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Văn phòng Đăng ký đất đai tỉnh Gia Lai")).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, "admin-merge-1-tree")

    page.get_by_role("link", name="Sáp nhập cơ quan").click()
    page.get_by_label("Văn phòng Đăng ký đất đai tỉnh Gia Lai (000.20.20.H21)").check()
    page.get_by_label("Chọn cơ quan đã có").select_option(
        label="Sở Nông nghiệp và Môi trường tỉnh Gia Lai (000.00.20.H21)"
    )
    page.get_by_label("Sáp nhập có hiệu lực từ ngày").fill("2026-03-02")
    page.get_by_label("Căn cứ (nghị quyết, quyết định)").fill("Quyết định 25/QĐ-UBND")
    page.get_by_role("button", name="Xem trước").click()

    preview = page.get_by_role("region", name="Xem trước: những gì sẽ chuyển")
    expect(preview).to_be_visible()
    # Two accounts (specialist.vpdkdd, leader.vpdkdd) and three current route steps (one in
    # first land registration, two in a land change) move; no dossier is open yet.
    expect(preview.locator("tr[data-move=users] td").nth(1)).to_have_text("2")
    expect(preview.locator("tr[data-move=route_steps] td").nth(1)).to_have_text("3")
    expect(preview.locator("tr[data-move=tasks] td").nth(1)).to_have_text("0")
    _no_sideways_scroll(page)
    screenshot(page, "admin-merge-2-preview")

    confirm = page.get_by_role("button", name="Xác nhận sáp nhập")
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Đã sáp nhập")
    expect(page.locator("h1")).to_have_text("Sở Nông nghiệp và Môi trường tỉnh Gia Lai")
    expect(page.get_by_text("Hợp nhất").first).to_be_visible()  # the admin audit's line
    screenshot(page, "admin-merge-3-done")

    page.goto(f"{live_url}/quan-tri/co-quan")
    page.get_by_role("link", name="Sở Nông nghiệp và Môi trường tỉnh Gia Lai", exact=True).locator(
        "xpath=../details/summary"
    ).click()
    office = page.get_by_role("link", name=re.compile("Văn phòng Đăng ký đất đai"))
    expect(office.locator("xpath=..")).to_contain_text("Hết hiệu lực")
