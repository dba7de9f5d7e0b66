"""Mẫu 01–05 as the applicant and the officers read them: the PDF's own text carries the
applicant's name with its diacritics, the dossier code, the dates and what each form is for."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.services.support import APPLICANT, actor, dossier_version, fresh, local, task_version
from tests.web.slips import scenarios as sc
from tests.web.slips.conftest import A5_PORTRAIT, image_count, page_sizes, pdf_text
from vpub_onestop.domain.errors import NotFound
from vpub_onestop.extensions import db
from vpub_onestop.queries.slip_list import applicable_slips
from vpub_onestop.services import processing, reception, slips, supplements

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
COMMUNE_UNIT = "Trung tâm Phục vụ hành chính công phường Quy Nhơn"


def _official_frame(text: str, number: str) -> None:
    for line in MOTTO:
        assert line in text
    assert number in text


def test_receipt_carries_code_key_documents_appointment_and_a_qr_code(app: Flask) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://dichvucong.gialai.gov.vn"
    with app.app_context():
        dossier_id = sc.counter_receipt()
        dossier = fresh(dossier_id)
        code, key = dossier.code, dossier.lookup_key
        pdf = slips.render_dossier_slip("mau-01", dossier_id, actor(sc.COMMUNE_DESK))
        page = slips.prepare_dossier_slip("mau-01", dossier_id, actor(sc.COMMUNE_DESK))

    text = pdf_text(pdf)
    _official_frame(text, "Mẫu số 01")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert COMMUNE_UNIT.upper() in text  # the receiving unit, top left
    assert "Gia Lai, ngày 02 tháng 03 năm 2026" in text
    assert f"Số: {code}" in text and f"Mã hồ sơ: {code}" in text
    assert f"Mã tra cứu: {key}" in text
    assert "Nguyễn Thị Hồng Nhung" in text
    assert APPLICANT.phone in text and APPLICANT.id_number in text
    for document in (
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Tờ khai thay đổi thông tin cư trú",
        "Tờ khai tham gia BHYT",
    ):
        assert document in text
    assert "3 ngày làm việc" in text  # the legal limit of LT.KS-TT-BHYT
    assert "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 02/03/2026" in text
    # 3 working days from Mon 2/3/2026 09:00
    assert "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 05/03/2026" in text
    assert "Tại Bộ phận Một cửa" in text
    assert "20.000 ₫" in text and "0001234" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Cán bộ reception.px_quynhon" in text  # the officer who received it
    # The QR code is an image in the PDF and opens the public lookup already filled.
    assert image_count(pdf) == 1
    lookup = f"https://dichvucong.gialai.gov.vn/tra-cuu?ma={code}&khoa={key}"
    assert page.context["lookup_url"] == lookup
    assert page.context["qr"].startswith("data:image/png;base64,")
    assert page_sizes(pdf) == [A5_PORTRAIT]  # one A5 page


def test_the_place_on_the_date_line_is_a_setting(app: Flask) -> None:
    app.config["SLIP_PLACE_NAME"] = "Quy Nhơn"
    with app.app_context():
        dossier_id = sc.counter_receipt()
        text = pdf_text(slips.render_dossier_slip("mau-01", dossier_id, actor(sc.COMMUNE_DESK)))
    assert "Quy Nhơn, ngày 02 tháng 03 năm 2026" in text


def test_supplement_request_lists_each_item_with_its_reason(app: Flask) -> None:
    with app.app_context():
        dossier_id = sc.supplement_requested()
        code = fresh(dossier_id).code
        pdf = slips.render_dossier_slip("mau-02", dossier_id, actor(sc.PROVINCE_DESK))

    text = pdf_text(pdf)
    _official_frame(text, "Mẫu số 02")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Nguyễn Thị Hồng Nhung" in text and f"Mã hồ sơ: {code}" in text
    assert "Gia Lai, ngày 04 tháng 03 năm 2026" in text
    for item in sc.SUPPLEMENT_ITEMS:
        assert item["name"] in text and item["reason"] in text
    assert "Hồ sơ đo đạc chưa đầy đủ." in text
    assert "/thu-tuc/1.012781" in text  # where the rules are published
    assert "NGƯỜI HƯỚNG DẪN" in text and "Cán bộ specialist.vpdkdd" in text
    assert page_sizes(pdf) == [A5_PORTRAIT]


def test_return_for_completion_before_receipt_prints_the_missing_items(app: Flask) -> None:
    with app.app_context():
        dossier_id = sc.returned_for_completion_online()
        text = pdf_text(slips.render_dossier_slip("mau-02", dossier_id, actor("citizen1")))
    assert "Hồ sơ chưa đủ điều kiện tiếp nhận" in text
    assert "Giấy chứng sinh" in text and "Chưa đính kèm" in text
    assert "09/03/2026" in text


def test_refusal_gives_the_reason_and_the_online_submission_time(app: Flask) -> None:
    with app.app_context():
        dossier_id = sc.refused_online()
        code = fresh(dossier_id).code
        pdf = slips.render_dossier_slip("mau-03", dossier_id, actor("citizen1"))

    text = pdf_text(pdf)
    _official_frame(text, "Mẫu số 03")
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Nguyễn Thị Hồng Nhung" in text and code in text
    assert "Gia Lai, ngày 09 tháng 03 năm 2026" in text
    assert "21 giờ 00 phút, ngày 07/03/2026" in text  # submitted on Saturday evening
    assert sc.REFUSAL_REASON in text
    assert page_sizes(pdf) == [A5_PORTRAIT]


def test_apology_shows_the_old_and_new_appointment_in_the_name_of_the_agency(
    app: Flask,
) -> None:
    with app.app_context():
        dossier_id = sc.apologised()
        code = fresh(dossier_id).code
        pdf = slips.render_dossier_slip("mau-04", dossier_id, actor(sc.COMMUNE_DESK))

    text = pdf_text(pdf)
    _official_frame(text, "Mẫu số 04")
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "CÔNG AN TỈNH GIA LAI" in text  # the agency at fault heads the letter
    assert "Kính gửi: Nguyễn Thị Hồng Nhung" in text and code in text
    assert "Gia Lai, ngày 05 tháng 03 năm 2026" in text
    assert "Ngày 02/03/2026" in text  # received
    assert "09 giờ 00 phút, ngày 11/03/2026" in text  # the appointment on the receipt
    assert "15 giờ 00 phút, ngày 13/03/2026" in text  # the new one
    assert sc.APOLOGY_REASON in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and "Cán bộ leader.congan" in text


def test_control_slip_rates_each_hand_over_against_its_own_step(app: Flask) -> None:
    with app.app_context():
        dossier_id = sc.inter_agency_worked_to_the_end()
        code = fresh(dossier_id).code
        pdf = slips.render_dossier_slip("mau-05", dossier_id, actor(sc.COMMUNE_DESK))
        rows = slips.prepare_dossier_slip("mau-05", dossier_id, actor("leader.bhxh")).context[
            "rows"
        ]

    approvals = [
        (row.giver.agency, row.receiver.agency, row.result)
        for row in rows
        if row.note and row.note.startswith("Phê duyệt")
    ]
    # commune step due 3/3 done 2/3; police due 5/3 done 5/3; insurance due 5/3 done 6/3
    assert approvals == [
        (COMMUNE_UNIT, "Công an tỉnh Gia Lai", "Trước hạn"),
        (COMMUNE_UNIT, "Bảo hiểm xã hội tỉnh Gia Lai", "Trước hạn"),
        ("Công an tỉnh Gia Lai", COMMUNE_UNIT, "Đúng hạn"),
        ("Bảo hiểm xã hội tỉnh Gia Lai", COMMUNE_UNIT, "Quá hạn"),
    ]
    first, dispatch, last = rows[0], rows[1], rows[-1]
    assert (first.giver.person, first.receiver.agency) == ("Nguyễn Thị Hồng Nhung", COMMUNE_UNIT)
    assert (dispatch.giver.person, dispatch.receiver.agency) == (
        "Cán bộ reception.px_quynhon",
        COMMUNE_UNIT,
    )
    assert (last.receiver.person, last.result) == ("Nguyễn Thị Hồng Nhung", "Quá hạn")

    text = pdf_text(pdf)
    _official_frame(text, "Mẫu số 05")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert f"Mã hồ sơ: {code}" in text and "Nguyễn Thị Hồng Nhung" in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an tỉnh Gia Lai; Bảo hiểm xã hội" in text
    assert "15:00 02/03/2026" in text and "08:00 06/03/2026" in text  # hour and minute
    for rating in ("Trước hạn", "Đúng hạn", "Quá hạn"):
        assert rating in text
    assert all(size == A5_PORTRAIT for size in page_sizes(pdf))


def test_paper_dispatched_after_the_cut_off_reaches_the_agency_next_morning(app: Flask) -> None:
    with app.app_context():
        dossier_id = sc.counter_receipt(received=local(2026, 3, 2, 15, 30))
        reception.dispatch_dossier(
            actor(sc.COMMUNE_DESK),
            dossier_id,
            now=local(2026, 3, 2, 15, 40),
            expected_version=dossier_version(dossier_id),
        )
        page = slips.prepare_dossier_slip("mau-05", dossier_id, actor(sc.COMMUNE_DESK))
    dispatch = page.context["rows"][1]
    assert dispatch.at == local(2026, 3, 3, 7, 0)
    assert dispatch.note == "Chuyển đầu giờ ngày làm việc tiếp theo"


def test_each_dossier_offers_the_forms_that_apply(app: Flask) -> None:
    with app.app_context():
        received = sc.counter_receipt()
        refused = sc.refused_online()
        supplement = sc.supplement_requested()
        apology = sc.apologised()
        submitted = sc.online_submission(owner="citizen2")

        def keys(dossier_id: int, **kwargs: bool) -> list[str]:
            return [key for key, _ in applicable_slips(db.session(), fresh(dossier_id), **kwargs)]

        assert keys(received) == ["mau-01", "mau-05"]
        assert keys(received, for_citizen=True) == ["mau-01"]
        assert keys(refused) == ["mau-03"]
        assert keys(supplement) == ["mau-01", "mau-02", "mau-05"]
        assert keys(apology) == ["mau-01", "mau-04", "mau-05"]
        assert keys(submitted) == []
        titles = dict(applicable_slips(db.session(), fresh(apology)))
        assert titles["mau-04"] == "In phiếu xin lỗi và hẹn lại ngày trả (Mẫu 04)"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ("mau-03", "không bị từ chối tiếp nhận"),
        ("mau-04", "không có phiếu xin lỗi"),
        ("mau-02", "không có yêu cầu bổ sung"),
    ],
)
def test_a_form_that_does_not_apply_is_refused_in_vietnamese(
    app: Flask, form: str, message: str
) -> None:
    with app.app_context():
        dossier_id = sc.counter_receipt()
        with pytest.raises(NotFound) as refused:
            slips.render_dossier_slip(form, dossier_id, actor(sc.COMMUNE_DESK))
    assert message in refused.value.message


def test_nobody_outside_the_dossier_gets_its_forms(app: Flask) -> None:
    with app.app_context():
        refused = sc.refused_online()
        received = sc.counter_receipt()
        with pytest.raises(NotFound):
            slips.render_dossier_slip("mau-03", refused, actor("citizen2"))
        with pytest.raises(NotFound):
            slips.render_dossier_slip("mau-01", received, actor(sc.PROVINCE_DESK))
        with pytest.raises(NotFound):  # the land office has no step in this route
            slips.render_dossier_slip("mau-05", received, actor("leader.vpdkdd"))


def test_control_slip_follows_a_supplement_and_a_send_back(app: Flask) -> None:
    with app.app_context():
        dossier_id = sc.supplement_requested()  # land office asked on Wed 4/3 09:40
        supplements.supply_supplement(
            actor(sc.PROVINCE_DESK),
            dossier_id,
            now=local(2026, 3, 6, 10, 0),
            expected_version=dossier_version(dossier_id),
        )
        task_id = fresh(dossier_id).tasks[0].id
        specialist, leader = actor("specialist.vpdkdd"), actor("leader.vpdkdd")
        processing.propose_result(
            specialist,
            task_id,
            "Đã đo đạc.",
            now=local(2026, 3, 9, 9),
            expected_version=task_version(task_id),
        )
        processing.send_back_step(
            leader,
            task_id,
            "Thiếu biên bản xác định ranh giới.",
            now=local(2026, 3, 9, 14),
            expected_version=task_version(task_id),
        )
        rows = slips.prepare_dossier_slip("mau-05", dossier_id, actor(sc.PROVINCE_DESK)).context[
            "rows"
        ]

    described = [(row.giver.person, row.receiver.person, row.note, row.result) for row in rows[3:]]
    assert described == [
        (
            "Cán bộ specialist.vpdkdd",
            "Nguyễn Thị Hồng Nhung",
            "Yêu cầu bổ sung hồ sơ (qua Bộ phận Một cửa): Hồ sơ đo đạc chưa đầy đủ.",
            None,
        ),
        ("Nguyễn Thị Hồng Nhung", "Cán bộ reception.ttpvhcc", "Nộp hồ sơ bổ sung", None),
        # restart policy: the land office's 5 WD count again from Fri 6/3 10:00
        (
            "Cán bộ specialist.vpdkdd",
            "Cán bộ leader.vpdkdd",
            "Trình kết quả: Đã đo đạc.",
            "Trước hạn",
        ),
        (
            "Cán bộ leader.vpdkdd",
            "Cán bộ specialist.vpdkdd",
            "Trả lại để xử lý tiếp: Thiếu biên bản xác định ranh giới.",
            "Trước hạn",
        ),
    ]
