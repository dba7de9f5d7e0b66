"""A dossier's whole day in the officer workspace, in a real browser: counter receipt ->
dispatch -> assignment -> proposal with the result file -> approval -> return, each
officer logging in in turn. Screenshots go to test-artifacts/screenshots/officer-*.png."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clock
from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.status import TaskState
from vpub_onestop.extensions import db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def office_hours() -> None:
    """The server's clock runs from Mon 2/3/2026 09:00, a working morning, whatever the hour
    the test runs at (the live server shares this process, so the patch reaches it)."""
    start, began = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ), time.monotonic()
    clock.set_source(lambda: start + timedelta(seconds=time.monotonic() - began))


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_walk_in_dossier_goes_from_the_counter_to_the_agency_and_back(
    page: Page, live_url: str
) -> None:
    # The counter: find the procedure, fill the applicant, tick the papers, attach a scan.
    log_in(page, live_url, "reception.px_quynhon")
    page.goto(f"{live_url}/mot-cua/tai-quay")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("ket hon")
    page.keyboard.press("Enter")
    page.get_by_role("link", name=re.compile("Đăng ký kết hôn")).click()
    expect(page.get_by_label("Họ và tên người nộp")).to_be_focused()
    page.keyboard.type("Phạm Thị Thu Hà")
    page.get_by_label("Số định danh cá nhân (12 số)").fill("052193002468")
    page.get_by_label("Số điện thoại").fill("0987423404")
    page.get_by_label("Địa chỉ", exact=True).fill("25 Lê Lợi, phường Quy Nhơn")
    page.get_by_label("Tờ khai đăng ký kết hôn").check()
    page.locator("input[type=file]").first.set_input_files(
        {"name": "to-khai-ket-hon.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    screenshot(page, "officer-1-counter-form")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()

    expect(page.get_by_text("In giấy tiếp nhận (Mẫu 01)").first).to_be_visible()
    code = re.search(r"\d{3}\.\d{2}\.\d{2}\.H21-\d{6}-\d{4}", page.locator("h1").inner_text())
    assert code is not None
    dossier_url = page.url.split("?")[0]
    receipt = page.get_by_role("link", name="In giấy tiếp nhận (Mẫu 01)")
    if receipt.count():  # the slips module renders the PDF
        pdf = page.request.get(f"{live_url}{receipt.first.get_attribute('href')}")
        assert pdf.ok and pdf.headers["content-type"].startswith("application/pdf")
    screenshot(page, "officer-2-received")

    # Dispatch to the route (at 09:00 the paper moves at once).
    page.get_by_role("button", name="Chuyển xử lý").click()
    expect(page.locator(".alert-success").first).to_contain_text(code.group(0))
    screenshot(page, "officer-3-dispatched")
    _log_out(page)

    # The commune's leader assigns from the list.
    log_in(page, live_url, "leader.px_quynhon")
    page.goto(f"{live_url}/xu-ly")
    row = page.locator("table tr", has_text=code.group(0))
    expect(row).to_be_visible()
    screenshot(page, "officer-4-leader-list")
    row.get_by_role("button", name="Phân công").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã phân công")
    _log_out(page)

    # The specialist proposes the result with the draft certificate.
    log_in(page, live_url, "specialist.px_quynhon")
    page.goto(f"{live_url}/xu-ly")
    page.locator("table").get_by_role("link", name=code.group(0)).click()
    expect(page.get_by_label("Kết quả thẩm định, đề xuất")).to_be_focused()
    page.keyboard.type("Hai bên đủ điều kiện kết hôn; trình ký giấy chứng nhận.")
    page.get_by_label(re.compile("Văn bản kết quả")).set_input_files(
        {"name": "giay-chung-nhan-ket-hon.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    screenshot(page, "officer-5-specialist-task")
    page.get_by_role("button", name="Trình phê duyệt").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trình")
    task_url = page.url
    _log_out(page)

    # The leader approves: the result goes back to the one-stop unit.
    log_in(page, live_url, "leader.px_quynhon")
    page.goto(task_url)
    expect(page.get_by_text("giay-chung-nhan-ket-hon.pdf")).to_be_visible()
    screenshot(page, "officer-6-leader-approval")
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    # A final act asks once; the confirm button has the focus.
    expect(page.get_by_role("button", name="Xác nhận: Phê duyệt")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Bộ phận Một cửa")
    _log_out(page)

    # The return desk checks the receipt and hands the result over.
    log_in(page, live_url, "reception.px_quynhon")
    page.goto(f"{live_url}/mot-cua/tra-ket-qua")
    page.locator("table tr", has_text=code.group(0)).get_by_role("link", name="Trả kết quả").click()
    assert page.url.startswith(dossier_url)
    expect(page.get_by_label("Mã hồ sơ hoặc mã tra cứu trên giấy tiếp nhận")).to_be_focused()
    page.keyboard.type(code.group(0))
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Xác nhận: Trả kết quả")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".badge", has_text="Đã trả kết quả")).to_be_visible()
    screenshot(page, "officer-7-returned")


def test_the_queue_the_counter_and_a_task_fit_a_phone(
    phone_page: Page, live_app: Flask, live_url: str
) -> None:
    with live_app.app_context():
        clock = Clock(datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ))
        for _ in range(3):
            scenarios.submitted_online(clock)
        built = scenarios.dispatched(clock, scenarios.PARALLEL)
        task_id = built.tasks()[0].id
        scenarios.work_step(clock, built.tasks()[0], "px_quynhon", until=TaskState.IN_PROGRESS)
        db.session.remove()

    log_in(phone_page, live_url, "reception.px_quynhon")
    phone_page.goto(f"{live_url}/mot-cua/tiep-nhan")
    expect(phone_page.locator(".list-group-item").first).to_be_visible()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "officer-phone-queue")
    phone_page.goto(f"{live_url}/mot-cua/tai-quay?q=khai sinh")
    phone_page.get_by_role("link", name=re.compile("Liên thông")).click()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "officer-phone-counter")

    phone_page.context.clear_cookies()
    log_in(phone_page, live_url, "specialist.px_quynhon")
    phone_page.goto(f"{live_url}/xu-ly")
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "officer-phone-tasks")
    phone_page.goto(f"{live_url}/xu-ly/nhiem-vu/{task_id}")
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "officer-phone-task")
