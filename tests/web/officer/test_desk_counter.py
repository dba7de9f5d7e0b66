"""Walk-in intake at the counter: catalogue search, applicant, checklist, scans, fee and
receipt number; an incomplete file gets the guidance (Mẫu 02) and no dossier."""

from __future__ import annotations

import io

from flask import Flask
from sqlalchemy import func, select

from tests.services.support import procedure_id, stored_content
from tests.web.officer.conftest import Clients, Clock, fresh, submit, text_of
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import CounterGuidance, Dossier, DossierEvent, DossierFile, Procedure

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESIDENCE = "1.004222"  # Đăng ký thường trú: 2 papers, flat fee 20.000 đ, police route


def _dossier_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Dossier)) or 0


def _form_url() -> str:
    return f"/mot-cua/tai-quay?thu-tuc={procedure_id(RESIDENCE)}"


def _documents() -> list[int]:
    procedure = db.session.get(Procedure, procedure_id(RESIDENCE))
    assert procedure is not None
    return [doc.id for doc in procedure.documents]


APPLICANT_FIELDS = {
    "name": "Trần Thị Bích Ngọc",
    "id_number": "052188004321",
    "phone": "0914 223 402",
    "address": "12 Trần Hưng Đạo, phường Quy Nhơn",
}


def test_the_catalogue_search_ignores_accents(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    html = text_of(client_for("reception.px_quynhon").get("/mot-cua/tai-quay?q=thuong tru"))
    assert "Đăng ký thường trú" in html
    assert "Đăng ký kết hôn" not in html


def test_a_complete_file_is_received_with_checklist_scans_and_fee(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    first, second = _documents()
    page = text_of(desk.get(_form_url()))
    assert 'value="20000"' in page  # the catalogue's flat fee is suggested
    assert "autofocus" in page

    response = submit(
        desk,
        _form_url(),
        _form_url(),
        {
            **APPLICANT_FIELDS,
            f"present_{first}": "y",
            f"present_{second}": "y",
            f"scan_{first}": (io.BytesIO(PDF), "to-khai-cu-tru.pdf"),
            "fee_vnd": "20000",
            "fee_receipt_number": "BL-0001234",
            "sets_count": "1",
        },
    )

    assert response.status_code == 302, text_of(response)
    assert _dossier_count() == 1
    dossier = db.session.scalars(select(Dossier)).one()
    assert response.headers["Location"].endswith(f"/mot-cua/ho-so/{dossier.id}?xong=tiep-nhan")
    dossier = fresh(dossier.id)
    assert dossier.state is DossierState.RECEIVED and dossier.channel == "direct"
    assert dossier.applicant_phone == "0914223402"
    assert dossier.fee_vnd == 20000 and dossier.fee_receipt_number == "BL-0001234"
    scan = db.session.scalars(select(DossierFile)).one()
    assert scan.required_document_id == first and scan.original_name == "to-khai-cu-tru.pdf"
    assert stored_content(scan.stored_name) == PDF
    event = db.session.scalars(
        select(DossierEvent).where(DossierEvent.trigger == "receive_at_counter")
    ).one()
    assert event.data["checklist"] == sorted([first, second])
    html = text_of(desk.get(response.headers["Location"]))
    assert "In giấy tiếp nhận (Mẫu 01)" in html
    assert "20.000 ₫" in html and "BL-0001234" in html


def test_an_incomplete_file_logs_the_guidance_and_creates_no_dossier(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    first, second = _documents()

    response = submit(
        desk,
        _form_url(),
        _form_url(),
        {
            **APPLICANT_FIELDS,
            f"present_{second}": "y",
            f"reason_{first}": "Chưa có tờ khai, điền theo mẫu CT01",
            "guide": "Hồ sơ chưa đủ",
        },
    )

    assert response.status_code == 302, text_of(response)
    assert _dossier_count() == 0  # (also ends the test's read snapshot)
    guidance = db.session.scalars(select(CounterGuidance)).one()
    procedure = db.session.get(Procedure, procedure_id(RESIDENCE))
    assert procedure is not None
    assert guidance.items == [
        {"name": procedure.documents[0].name, "reason": "Chưa có tờ khai, điền theo mẫu CT01"}
    ]
    assert response.headers["Location"].endswith(f"/mot-cua/huong-dan/{guidance.id}")
    html = text_of(desk.get(response.headers["Location"]))
    assert "In phiếu hướng dẫn (Mẫu 02)" in html
    assert "Chưa có tờ khai, điền theo mẫu CT01" in html
    if "slips.guidance_slip" in officer_app.view_functions:
        assert f"/huong-dan/{guidance.id}/mau-02.pdf" in html
    # another unit's officer does not see this unit's guidance
    assert (
        client_for("reception.ttpvhcc").get(f"/mot-cua/huong-dan/{guidance.id}").status_code == 404
    )


def test_a_supervisor_reads_a_units_guidance_and_its_form_without_counter_actions(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    """Supervisors see everything of the one-stop units they oversee, read-only
    (docs/domain.md#who-sees-what): the guidance page and its Mẫu 02, no counter button."""
    first, second = _documents()
    desk = client_for("reception.px_quynhon")
    logged = submit(
        desk,
        _form_url(),
        _form_url(),
        {
            **APPLICANT_FIELDS,
            f"present_{second}": "y",
            f"reason_{first}": "Chưa có tờ khai",
            "guide": "Hồ sơ chưa đủ",
        },
    )
    assert logged.status_code == 302, text_of(logged)
    db.session.rollback()  # read what the server committed
    guidance = db.session.scalars(select(CounterGuidance)).one()
    supervisor = client_for("supervisor.ttpvhcc")

    page = supervisor.get(f"/mot-cua/huong-dan/{guidance.id}")

    assert page.status_code == 200
    html = text_of(page)
    assert "Chưa có tờ khai" in html and "In phiếu hướng dẫn (Mẫu 02)" in html
    assert "Tiếp nhận hồ sơ khác" not in html  # the desk's own button
    assert "Tiếp nhận hồ sơ khác" in text_of(desk.get(f"/mot-cua/huong-dan/{guidance.id}"))
    if "slips.guidance_slip" in officer_app.view_functions:
        slip = supervisor.get(f"/huong-dan/{guidance.id}/mau-02.pdf")
        assert slip.status_code == 200 and slip.mimetype == "application/pdf"
    # an agency's specialist is not the one-stop unit: the page is not for them
    assert client_for("specialist.px_quynhon").get(
        f"/mot-cua/huong-dan/{guidance.id}"
    ).status_code in (403, 404)


def test_receiving_without_a_mandatory_paper_is_refused_and_the_values_stay(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    _first, second = _documents()

    response = submit(
        desk, _form_url(), _form_url(), {**APPLICANT_FIELDS, f"present_{second}": "y"}
    )

    assert response.status_code == 422
    html = text_of(response)
    assert "Hồ sơ chưa đủ thành phần bắt buộc" in html
    assert 'value="Trần Thị Bích Ngọc"' in html
    assert _dossier_count() == 0


def test_a_wrong_phone_number_is_shown_next_to_its_field(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    first, second = _documents()

    response = submit(
        desk,
        _form_url(),
        _form_url(),
        {**APPLICANT_FIELDS, "phone": "12345", f"present_{first}": "y", f"present_{second}": "y"},
    )

    assert response.status_code == 422
    html = text_of(response)
    error_at = html.index('id="phone-error"')
    assert "Số điện thoại không hợp lệ" in html[error_at : error_at + 200]
    assert _dossier_count() == 0


def test_only_one_stop_officers_take_walk_ins(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    for username in ("specialist.px_quynhon", "leader.congan", "citizen1", "admin.ttpvhcc"):
        assert client_for(username).get("/mot-cua/tai-quay").status_code == 403
    assert client_for("unit_head.px_quynhon").get(_form_url()).status_code == 200


def test_amounts_are_read_as_officers_type_them_and_bad_ones_explained(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    first, second = _documents()
    ticked = {**APPLICANT_FIELDS, f"present_{first}": "y", f"present_{second}": "y"}

    wrong = submit(desk, _form_url(), _form_url(), {**ticked, "fee_vnd": "hai mươi nghìn"})
    assert wrong.status_code == 422
    assert "Số tiền chỉ gồm chữ số" in text_of(wrong)

    typed = submit(
        desk,
        _form_url(),
        _form_url(),
        {**ticked, "fee_vnd": "20.000 ₫", "fee_receipt_number": "BL-77"},
    )
    assert typed.status_code == 302
    assert _dossier_count() == 1
    assert db.session.scalars(select(Dossier.fee_vnd)).one() == 20000
