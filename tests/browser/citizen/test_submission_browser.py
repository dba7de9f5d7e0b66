"""The submission journey in Chromium, on a 360-px phone and a 1280-px desktop: find the
procedure without accents, fill the prefilled form, attach files, review, submit, follow the
dossier. No page may scroll sideways on the phone."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot
from tests.services.support import (
    actor,
    dossier_version,
    draft_with_documents,
    receipt_code_of,
    submit_draft,
    task_version,
)
from vpub_onestop.services import reception

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _files(tmp_path: Path) -> list[Path]:
    names = ["tờ-khai-khai-sinh.pdf", "giấy-chứng-sinh.pdf", "căn-cước.pdf"]
    paths = [tmp_path / name for name in names]
    for path in paths:
        path.write_bytes(PDF)
    return paths


def _journey(page: Page, live_app: Flask, live_url: str, tmp_path: Path, size: str) -> None:
    log_in(page, live_url, "citizen1")
    page.goto(f"{live_url}/thu-tuc")
    page.fill("#q", "khai sinh")  # typed without diacritics
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("link", name="Đăng ký khai sinh", exact=True)).to_be_visible()
    _fits(page)
    screenshot(page, f"citizen-catalogue-{size}")

    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(page.locator("h1")).to_have_text("Đăng ký khai sinh")
    _fits(page)
    screenshot(page, f"citizen-procedure-{size}")

    page.get_by_role("link", name="Nộp trực tuyến").first.click()
    expect(page.get_by_label("Thư điện tử", exact=False).first).to_have_value(
        "citizen1@example.com"
    )
    page.fill("#name", "Nguyễn Văn An")
    page.fill("#id_number", "079090001234")
    page.fill("#phone", "0905123401")
    for field, path in zip(
        page.locator("input[type=file][name^=doc_]").all()[:3], _files(tmp_path), strict=True
    ):
        field.set_input_files(str(path))
    _fits(page)
    screenshot(page, f"citizen-form-{size}")

    page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()
    expect(page.locator("h1")).to_have_text("Xem lại hồ sơ trước khi nộp")
    expect(page.get_by_text("giấy-chứng-sinh.pdf")).to_be_visible()
    _fits(page)
    screenshot(page, f"citizen-review-{size}")

    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Hồ sơ đã được nộp thành công")).to_be_visible()
    code = page.locator(".code-display").first.inner_text().strip()
    assert code.startswith("000.01.31.H21-")
    _fits(page)
    screenshot(page, f"citizen-acknowledgement-{size}")

    dossier_id = int(page.url.rstrip("/").split("/")[-2])
    with live_app.app_context():
        reception.receive_dossier(
            actor("reception.px_quynhon"), dossier_id, expected_version=dossier_version(dossier_id)
        )
    page.goto(f"{live_url}/ho-so-cua-toi")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    expect(page.get_by_text("Được tiếp nhận").first).to_be_visible()
    _fits(page)
    screenshot(page, f"citizen-my-dossiers-{size}")

    page.get_by_role("link", name=code).click()
    expect(page.get_by_text("Ngày hẹn trả kết quả")).to_be_visible()
    expect(page.get_by_text("căn-cước.pdf")).to_be_visible()
    _fits(page)
    screenshot(page, f"citizen-dossier-{size}")


def test_the_submission_journey_on_a_phone(
    phone_page: Page, live_app: Flask, live_url: str, tmp_path: Path
) -> None:
    _journey(phone_page, live_app, live_url, tmp_path, "phone")


def test_the_submission_journey_on_a_desktop(
    page: Page, live_app: Flask, live_url: str, tmp_path: Path
) -> None:
    _journey(page, live_app, live_url, tmp_path, "desktop")


def test_the_registration_and_lookup_pages_fit_a_phone(phone_page: Page, live_url: str) -> None:
    phone_page.goto(f"{live_url}/dang-ky")
    phone_page.get_by_role("button", name="Đăng ký").click()  # empty: errors next to fields
    expect(phone_page.get_by_text("Vui lòng nhập họ và tên.")).to_be_visible()
    _fits(phone_page)
    screenshot(phone_page, "citizen-register-errors-phone")
    phone_page.goto(f"{live_url}/tra-cuu?ma=000.01.31.H21-260302-0001&khoa=ABCDEF")
    expect(
        phone_page.get_by_text("Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập.")
    ).to_be_visible()
    _fits(phone_page)
    screenshot(phone_page, "citizen-lookup-phone")


def test_supplement_and_rating_on_a_phone(
    phone_page: Page, live_app: Flask, live_url: str, tmp_path: Path
) -> None:
    from tests.services.support import APPLICANT, fresh, procedure_id, unit_id
    from vpub_onestop.services import closing, processing, supplements

    with live_app.app_context():
        citizen = actor("citizen1")
        draft = draft_with_documents(
            citizen, procedure_id("1.000894"), unit_id("px_quynhon"), APPLICANT
        )
        submit_draft(citizen, draft)
        desk = actor("reception.px_quynhon")
        reception.receive_dossier(desk, draft, expected_version=dossier_version(draft))
        reception.dispatch_dossier(desk, draft, expected_version=dossier_version(draft))
        task_id = fresh(draft).tasks[0].id
        leader, specialist = actor("leader.px_quynhon"), actor("specialist.px_quynhon")
        processing.assign_task(
            leader, task_id, specialist.user_id or 0, expected_version=task_version(task_id)
        )
        supplements.request_supplement(
            specialist,
            draft,
            "Tờ khai chưa có chữ ký của hai bên.",
            items=[{"document": "Tờ khai đăng ký kết hôn", "reason": "Ký đủ hai bên"}],
            expected_version=dossier_version(draft),
        )
    page = phone_page
    log_in(page, live_url, "citizen1")
    page.goto(f"{live_url}/ho-so-cua-toi/{draft}")
    expect(page.get_by_text("Cơ quan giải quyết yêu cầu bổ sung hồ sơ")).to_be_visible()
    _fits(page)
    screenshot(page, "citizen-supplement-request-phone")
    signed = tmp_path / "tờ-khai-đã-ký.pdf"
    signed.write_bytes(PDF)
    page.locator("input[type=file][name^=doc_]").first.set_input_files(str(signed))
    page.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    expect(page.get_by_text("Bổ sung, hoàn thiện lần 1")).to_be_visible()
    expect(page.get_by_text("Đang xử lý").first).to_be_visible()

    with live_app.app_context():
        processing.propose_result(
            specialist, task_id, "Đủ điều kiện.", expected_version=task_version(task_id)
        )
        processing.approve_step(leader, task_id, expected_version=task_version(task_id))
        closing.return_result(
            desk,
            draft,
            "counter",
            expected_version=dossier_version(draft),
            receipt_code=receipt_code_of(draft),
        )
    page.goto(f"{live_url}/ho-so-cua-toi/{draft}/danh-gia")
    for group in page.locator("fieldset").all():
        group.get_by_label("Hài lòng", exact=True).check()
    _fits(page)
    screenshot(page, "citizen-rating-phone")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn Ông/Bà đã đánh giá chất lượng phục vụ.")).to_be_visible()
    _fits(page)
