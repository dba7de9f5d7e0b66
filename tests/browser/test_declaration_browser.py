"""The electronic declaration end to end in Chromium: the administrator builds a small form
with a condition in a draft and publishes it; a citizen fills it in online (the condition
shows the dependent field as she answers), submits, and the printed declaration carries her
answers with their diacritics; a reception officer fills the same form at the counter and
the dossier's page shows the answers. Both applicant pages fit a 360-px phone."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests.browser.conftest import DESKTOP, PHONE, log_in, screenshot
from tests.services.support import stored_content
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierFile, Procedure, User

SIGNATURE = "2.000884"  # Chứng thực chữ ký: no form in the seed
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _current_version(app: Flask) -> int:
    with app.app_context():
        found = db.session.scalars(
            select(Procedure.id).where(Procedure.code == SIGNATURE, Procedure.is_current.is_(True))
        ).one()
        db.session.remove()
        return int(found)


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _add_field(page: Page, key: str, label: str, kind: str, **extra: str) -> None:
    form = page.locator("form[action$='/truong']")
    form.locator("[name=key]").fill(key)
    form.locator("[name=label]").fill(label)
    form.locator("[name=type]").select_option(kind)
    if extra.get("required"):
        form.locator("[name=required]").check()
    if extra.get("when"):
        form.locator("[name=show_when_field]").select_option(extra["when"])
        form.locator("[name=show_when_values]").fill(extra["values"])
    form.get_by_role("button", name="Thêm trường").click()
    expect(page.get_by_text(f"Đã thêm trường “{label}”.")).to_be_visible()


def _admin_builds_and_publishes(page: Page, live_app: Flask, base: str) -> int:
    log_in(page, base, "admin.ttpvhcc")
    page.goto(f"{base}/quan-tri/thu-tuc/{_current_version(live_app)}/to-khai")
    page.get_by_role("button", name="Tạo bản nháp để sửa").click()
    expect(page.get_by_text("tờ khai được sao từ phiên bản đang áp dụng")).to_be_visible()
    draft = int(re.findall(r"/quan-tri/thu-tuc/(\d+)/to-khai", page.url)[0])

    section = page.locator("form[action$='/phan']")
    section.locator("[name=key]").fill("nguoi_yeu_cau")
    section.locator("[name=title]").fill("Người yêu cầu chứng thực")
    section.get_by_role("button", name="Thêm phần").click()
    _add_field(page, "ho_ten", "Họ, chữ đệm, tên", "text", required="y")
    _add_field(page, "uy_quyen", "Nộp thay theo ủy quyền", "yesno")
    _add_field(
        page, "nguoi_uy_quyen", "Họ tên người ủy quyền", "text", required="y",
        when="uy_quyen", values="yes",
    )  # fmt: skip
    expect(page.get_by_text("Tờ khai hợp lệ.")).to_be_visible()
    # The preview renders the form the applicant will see, the condition applied.
    expect(page.locator(".declaration-preview [name='tk-f_nguoi_uy_quyen']")).to_be_hidden()
    page.locator(".declaration-preview").get_by_label("Có").check()
    expect(page.locator(".declaration-preview [name='tk-f_nguoi_uy_quyen']")).to_be_visible()
    screenshot(page, "declaration-editor")

    page.get_by_role("button", name="Xuất bản phiên bản này").click()
    expect(page.get_by_text("Đã xuất bản phiên bản")).to_be_visible()
    return draft


def _citizen_fills_online(page: Page, base: str, tmp_path: Path) -> str:
    log_in(page, base, "citizen1")
    page.goto(f"{base}/thu-tuc/{SIGNATURE}/nop-truc-tuyen")
    dependent = page.locator("[name='tk-f_nguoi_uy_quyen']")
    expect(dependent).to_be_hidden()
    page.fill("#name", "Đặng Thị Thu Hương")
    page.fill("#id_number", "079190001234")
    page.fill("#phone", "0905123401")
    page.fill("[name='tk-f_ho_ten']", "Đặng Thị Thu Hương")
    page.get_by_role("radio", name="Có").check()
    expect(dependent).to_be_visible()
    dependent.fill("Lê Quốc Bảo")
    paper = tmp_path / "giay-to.pdf"
    paper.write_bytes(PDF)
    for field in page.locator("input[type=file][name^=doc_]").all()[:2]:
        field.set_input_files(str(paper))
    _fits(page)
    screenshot(page, "declaration-citizen-form-360")
    page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()
    expect(page.get_by_text("Lê Quốc Bảo")).to_be_visible()  # the review reads it back
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Hồ sơ đã được nộp thành công")).to_be_visible()
    return page.locator(".code-display").first.inner_text().strip()


def test_a_form_built_by_the_admin_is_filled_online_printed_and_filled_at_the_counter(
    browser: Browser, live_app: Flask, live_url: str, tmp_path: Path
) -> None:
    admin = browser.new_context(locale="vi-VN", viewport=DESKTOP, timezone_id="Asia/Ho_Chi_Minh")
    published = _admin_builds_and_publishes(admin.new_page(), live_app, live_url)
    admin.close()

    citizen = browser.new_context(
        locale="vi-VN", viewport=PHONE, is_mobile=True, timezone_id="Asia/Ho_Chi_Minh"
    )
    code = _citizen_fills_online(citizen.new_page(), live_url, tmp_path)
    citizen.close()
    with live_app.app_context():
        printed = db.session.scalars(
            select(DossierFile).where(DossierFile.original_name.like("to-khai-%"))
        ).one()
        pdf = tmp_path / "to-khai.pdf"
        pdf.write_bytes(stored_content(printed.stored_name))
        db.session.remove()
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Đặng Thị Thu Hương" in words and "Lê Quốc Bảo" in words, words
    assert "Nộp thay theo ủy quyền: Có" in words and code in words

    desk = browser.new_context(locale="vi-VN", viewport=DESKTOP, timezone_id="Asia/Ho_Chi_Minh")
    page = desk.new_page()
    log_in(page, live_url, "reception.px_quynhon")
    page.goto(f"{live_url}/mot-cua/tai-quay?thu-tuc={published}")
    page.fill("#name", "Phan Văn Đức")
    page.fill("[name=fee_receipt_number]", "BL-0000123")
    page.fill("[name='tk-f_ho_ten']", "Phan Văn Đức")
    page.get_by_role("radio", name="Không").check()
    expect(page.locator("[name='tk-f_nguoi_uy_quyen']")).to_be_hidden()
    for box in page.locator("input[type=checkbox][name^=present_]").all():
        box.check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_text("Phan Văn Đức").first).to_be_visible()
    expect(page.get_by_text("Tờ khai điện tử, mẫu phiên bản 1")).to_be_visible()
    screenshot(page, "declaration-desk-dossier")
    desk.close()


def test_group_rows_are_added_in_place_and_the_answers_come_back_on_review(
    page: Page, live_url: str, tmp_path: Path
) -> None:
    """The residence declaration (CT01): the household members are a group; the script adds
    a row without sending the form, and the household head's part hides while the declarant
    is the head."""
    log_in(page, live_url, "citizen1")
    page.goto(f"{live_url}/thu-tuc/1.004222/nop-truc-tuyen")
    page.fill("#name", "Nguyễn Văn An")
    page.fill("#id_number", "052090001234")
    page.fill("#phone", "0905123401")
    page.fill("[name='tk-f_ho_ten']", "Nguyễn Văn An")
    page.fill("[name='tk-f_ngay_sinh']", "15/04/1990")
    page.select_option("[name='tk-f_gioi_tinh']", "nam")
    page.fill("[name='tk-f_so_dinh_danh']", "052090001234")
    page.fill("[name='tk-f_dien_thoai']", "0905123401")
    head = page.locator("[name='tk-f_chu_ho_ho_ten']")
    page.locator("[name='tk-f_la_chu_ho'][value='no']").check()
    expect(head).to_be_visible()
    page.locator("[name='tk-f_la_chu_ho'][value='yes']").check()
    expect(head).to_be_hidden()
    page.select_option("[name='tk-f_dia_chi_thuong_tru-province']", "52")
    page.fill("[name='tk-f_dia_chi_thuong_tru-commune']", "phường Quy Nhơn")
    page.fill("[name='tk-f_dia_chi_thuong_tru-detail']", "12 Lê Lợi")
    page.fill("[name='tk-f_noi_dung_de_nghi']", "Đăng ký thường trú tại nhà của tôi.")
    for index, (name, born, relation) in enumerate(
        (("Nguyễn Thị Hoa", "02/02/2016", "Con"), ("Trần Thị Lan", "03/03/1992", "Vợ"))
    ):
        if index:
            page.evaluate("window.stillHere = true")
            page.get_by_role("button", name="Thêm dòng").click()
            assert page.evaluate("window.stillHere === true")  # in place: the page stayed
        row = f"tk-f_thanh_vien-{index}-f_tv_"
        page.fill(f"[name='{row}ho_ten']", name)
        page.fill(f"[name='{row}ngay_sinh']", born)
        page.select_option(f"[name='{row}gioi_tinh']", "nu")
        page.fill(f"[name='{row}quan_he']", relation)
    paper = tmp_path / "so-do.pdf"
    paper.write_bytes(PDF)
    page.locator("input[type=file][name^=doc_]").nth(1).set_input_files(str(paper))
    page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()
    expect(page.locator("h1")).to_have_text("Xem lại hồ sơ trước khi nộp")
    expect(page.get_by_text("Nguyễn Thị Hoa")).to_be_visible()
    expect(page.get_by_text("Trần Thị Lan")).to_be_visible()
    expect(page.get_by_text("12 Lê Lợi, phường Quy Nhơn, tỉnh Gia Lai")).to_be_visible()


def test_the_citizen_finds_her_name_from_the_account_with_its_diacritics(
    live_app: Flask, live_url: str, phone_page: Page
) -> None:
    """docs/domain.md#declaration-prefill: on a 360-px phone the birth declaration opens
    with the requester's name, ID number and address from her account, all editable."""
    with live_app.app_context():
        user = db.session.scalars(select(User).where(User.username == "citizen2")).one()
        user.full_name = "Nguyễn Thị Hồng Nhung"
        user.citizen_id = "052195004567"
        user.address = "12 Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai"
        db.session.commit()
        db.session.remove()
    log_in(phone_page, live_url, "citizen2")
    phone_page.goto(f"{live_url}/thu-tuc/1.001193/nop-truc-tuyen")
    name = phone_page.locator("[name='tk-f_nyc_ho_ten']")
    expect(name).to_have_value("Nguyễn Thị Hồng Nhung")
    expect(phone_page.locator("[name='tk-f_nyc_so_dinh_danh']")).to_have_value("052195004567")
    expect(phone_page.locator("[name='tk-f_nyc_noi_cu_tru-province']")).to_have_value("52")
    expect(phone_page.locator("[name='tk-f_nyc_noi_cu_tru-detail']")).to_have_value(
        "12 Trần Hưng Đạo"
    )
    name.fill("Nguyễn Văn An")  # hers to change
    expect(name).to_have_value("Nguyễn Văn An")
    _fits(phone_page)
