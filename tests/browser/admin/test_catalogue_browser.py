"""The catalogue editor in a real browser: the administrator starts a draft of the birth
bundle, lengthens its limit and its second stage, watches the fee example follow what is
typed, previews the draft as a citizen would see it, and publishes it after the confirm
step; the public page then shows the new limit. Screenshots:
test-artifacts/screenshots/catalogue-*.png."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot

CODE = "LT.KS-TT-BHYT"  # commune 1 WD, then police and social insurance in parallel, 2 WD


def test_edit_preview_and_publish_a_draft(page: Page, live_url: str) -> None:
    log_in(page, live_url, "admin.ttpvhcc")
    page.goto(f"{live_url}/quan-tri/thu-tuc")
    page.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("khai sinh bhyt")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Liên thông: Đăng ký khai sinh").click()
    page.get_by_role("button", name="Tạo bản nháp mới").click()
    expect(page.locator("#version-status")).to_contain_text("Phiên bản 2 · Bản nháp")

    # 4 working days instead of 3: the route no longer adds up, and the page says so.
    page.get_by_label("Thời hạn giải quyết").fill("4")
    page.get_by_role("button", name="Lưu thông tin chung").click()
    expect(page.locator("#publish-problems")).to_contain_text("khác thời hạn giải quyết 4")

    # The police and the social insurance get 3 days each: 1 + 3 = 4.
    steps = page.locator(".step-row")
    steps.nth(1).get_by_label("Thời gian").fill("3")
    steps.nth(2).get_by_label("Thời gian").fill("3")
    page.get_by_role("button", name="Lưu quy trình").click()
    expect(page.locator("#publish-problems")).to_have_count(0)
    expect(page.locator(".route-diagram")).to_contain_text("Công an tỉnh Gia Lai")

    # The fee's worked example follows the tariff as it is typed (5 pages:
    # 2 × 2.000 ₫ + 3 × 1.000 ₫ = 7.000 ₫).
    page.get_by_label("Cách thu").select_option("per_page")
    page.get_by_label("Số trang đầu tính theo mức thứ nhất").fill("2")
    page.get_by_label("Giá mỗi trang đầu (đồng)").fill("2000")
    page.get_by_label("Giá mỗi trang tiếp theo (đồng)").fill("1000")
    expect(page.locator("#fee-example")).to_contain_text("7.000 ₫")
    page.get_by_role("button", name="Lưu phí, lệ phí").click()
    screenshot(page, "catalogue-1-draft")

    page.get_by_role("link", name="Xem trước như công dân").first.click()
    expect(page.locator(".preview-banner")).to_contain_text("Xem trước phiên bản 2")
    expect(page.locator(".procedure-facts")).to_contain_text("4 ngày làm việc")
    screenshot(page, "catalogue-2-preview")
    page.get_by_role("link", name="Quay lại bản nháp").click()

    page.get_by_role("link", name="Công bố…").click()
    page.get_by_role("button", name="Xác nhận công bố").click()
    expect(page.locator("#table-versions")).to_contain_text("Đang áp dụng")
    expect(page.locator("#table-versions")).to_contain_text("Hết hiệu lực")
    screenshot(page, "catalogue-3-published")

    page.goto(f"{live_url}/thu-tuc/{CODE}")
    expect(page.locator(".procedure-facts")).to_contain_text("4 ngày làm việc")
