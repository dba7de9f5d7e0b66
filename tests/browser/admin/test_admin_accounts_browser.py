"""The administration area in a real browser: the administrator opens it from the
navigation bar, creates an officer's account with the keyboard, reads the temporary
password once, finds the change in the admin audit; the officer signs in with it and is
sent to choose a password. The account pages work at 360 px without sideways scrolling.
Screenshots: test-artifacts/screenshots/admin-*.png."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_admin_creates_an_account_and_sees_it_in_the_audit(
    page: Page, live_app: Flask, live_url: str
) -> None:
    log_in(page, live_url, "admin.ttpvhcc")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Quản trị"
    ).click()
    expect(page.get_by_role("heading", name="Quản trị hệ thống")).to_be_visible()
    page.get_by_role("link", name="Tài khoản", exact=True).first.click()
    page.get_by_role("link", name="Tạo tài khoản").click()

    page.get_by_label("Tên đăng nhập").fill("hoa.chuyenvien")
    page.get_by_label("Họ và tên").fill("Phạm Thị Hoa")
    page.get_by_label("Vai trò").select_option(label="Chuyên viên xử lý")
    page.get_by_label("Cơ quan").select_option(index=1)
    page.get_by_label("Lý do (ghi vào nhật ký)").fill("Tuyển dụng mới")
    page.get_by_label("Lý do (ghi vào nhật ký)").press("Enter")  # the keyboard sends the form

    expect(page.get_by_role("heading", name="Mật khẩu tạm thời")).to_be_visible()
    password = page.locator(".temp-password").inner_text().strip()
    assert len(password) == 14
    screenshot(page, "admin-1-temporary-password")

    page.get_by_role("link", name="Nhật ký quản trị").click()
    row = page.get_by_role("row").filter(has_text="Phạm Thị Hoa")
    expect(row).to_contain_text("admin.ttpvhcc")
    expect(row).to_contain_text("Tạo mới")
    expect(row).to_contain_text("Tuyển dụng mới")
    expect(page.locator("main")).not_to_contain_text(password)
    screenshot(page, "admin-2-audit")

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Phạm Thị Hoa")).to_be_visible()
    expect(page.get_by_role("heading", name="Lịch sử thay đổi")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_url, "hoa.chuyenvien", password)
    expect(page).to_have_url(f"{live_url}/tai-khoan/mat-khau")
    expect(page.locator("main")).to_contain_text("đổi mật khẩu tạm thời")


def test_the_account_pages_fit_a_phone(phone_page: Page, live_app: Flask, live_url: str) -> None:
    log_in(phone_page, live_url, "admin.ttpvhcc")
    for path in (
        "/quan-tri",
        "/quan-tri/tai-khoan",
        "/quan-tri/tai-khoan/moi",
        "/quan-tri/nhat-ky",
    ):
        phone_page.goto(f"{live_url}{path}")
        _no_sideways_scroll(phone_page)
    screenshot(phone_page, "admin-3-new-account-360")
