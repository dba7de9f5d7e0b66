"""The reception officer fills in the residence declaration (Mẫu CT01, declarations-demo.json)
at the counter for a walk-in applicant: problems shown under the fields with the rest of the
form kept, a group row added without JavaScript, and the printed CT01 filed with the dossier
as the paper it stands for."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask
from sqlalchemy import func, select

from tests.services.support import procedure_id, stored_content
from tests.web.officer.conftest import Clients, Clock, submit, text_of
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierFile, Procedure

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESIDENCE = "1.004222"  # Đăng ký thường trú: the CT01 and the proof of lawful residence


def _url() -> str:
    return f"/mot-cua/tai-quay?thu-tuc={procedure_id(RESIDENCE)}"


def _documents() -> list[int]:
    procedure = db.session.get(Procedure, procedure_id(RESIDENCE))
    assert procedure is not None
    return [doc.id for doc in procedure.documents]


def _fields(**changes: Any) -> dict[str, Any]:
    _ct01, proof = _documents()
    fields: dict[str, Any] = {
        "name": "Trần Thị Bích Ngọc",
        "id_number": "052188004321",
        "phone": "0914 223 402",
        f"present_{proof}": "y",
        f"scan_{proof}": (io.BytesIO(PDF), "hop-dong-mua-nha.pdf"),
        "fee_vnd": "20000",
        "fee_receipt_number": "BL-0001235",
        "tk-f_ho_ten": "Trần Thị Bích Ngọc",
        "tk-f_ngay_sinh": "04/11/1988",
        "tk-f_gioi_tinh": "nu",
        "tk-f_so_dinh_danh": "052188004321",
        "tk-f_dien_thoai": "0914223402",
        "tk-f_la_chu_ho": "yes",
        "tk-f_dia_chi_thuong_tru-province": "52",
        "tk-f_dia_chi_thuong_tru-commune": "phường Quy Nhơn Nam",
        "tk-f_dia_chi_thuong_tru-detail": "45 Nguyễn Huệ",
        "tk-f_noi_dung_de_nghi": (
            "Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của tôi."
        ),
        "tk-f_thanh_vien-0-f_tv_ho_ten": "Lê Minh Khôi",
        "tk-f_thanh_vien-0-f_tv_ngay_sinh": "20/05/2015",
        "tk-f_thanh_vien-0-f_tv_gioi_tinh": "nam",
        "tk-f_thanh_vien-0-f_tv_quan_he": "Con",
    }
    fields.update(changes)
    return fields


def _count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Dossier)) or 0


def test_a_group_row_is_added_without_script_and_nothing_typed_is_lost(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    answer = submit(desk, _url(), _url(), {**_fields(), "tk-add-row": "thanh_vien"})
    page = text_of(answer)
    assert answer.status_code == 200 and _count() == 0
    assert 'name="tk-f_thanh_vien-1-f_tv_ho_ten"' in page
    assert 'value="Lê Minh Khôi"' in page and 'value="45 Nguyễn Huệ"' in page


def test_problems_are_named_with_the_applicant_ones_and_nothing_is_received(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    answer = submit(
        desk,
        _url(),
        _url(),
        _fields(
            id_number="12345",
            **{
                "tk-f_la_chu_ho": "no",  # then the household head's name is required
                "tk-f_thanh_vien-0-f_tv_ngay_sinh": "20/05/2099",
            },
        ),
    )
    page = text_of(answer)
    assert answer.status_code == 422 and _count() == 0
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page  # the applicant's
    assert page.count("Vui lòng điền mục này.") >= 2  # chủ hộ: name, relation (and ID)
    assert "Ngày không được sau hôm nay" in page
    assert 'value="Lê Minh Khôi"' in page


def test_the_officer_fills_the_ct01_and_it_is_filed_as_the_declaration(
    officer_app: Flask, client_for: Clients, clock: Clock, tmp_path: Path
) -> None:
    desk = client_for("reception.px_quynhon")
    ct01, _proof = _documents()
    # The CT01 is not ticked as a paper in hand: the typed form stands for it.
    answer = submit(desk, _url(), _url(), _fields())
    assert answer.status_code == 302, text_of(answer)[:2000]
    db.session.rollback()
    dossier = db.session.scalars(select(Dossier)).one()
    assert dossier.form_answers is not None
    assert dossier.form_answers["thanh_vien"][0]["tv_ngay_sinh"] == "2015-05-20"
    printed = db.session.scalars(
        select(DossierFile).where(DossierFile.required_document_id == ct01)
    ).one()
    path = tmp_path / "ct01.pdf"
    path.write_bytes(stored_content(printed.stored_name))
    words = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ (MẪU CT01)" in words
    assert "45 Nguyễn Huệ, phường Quy Nhơn Nam, tỉnh Gia Lai" in words
    assert "Lê Minh Khôi" in words and "20/05/2015" in words
    assert "khai tại Bộ phận Một cửa" in words
    # The dossier's page shows the answers to the unit, read with the form's version.
    page = text_of(desk.get(f"/mot-cua/ho-so/{dossier.id}"))
    assert "Tờ khai điện tử, mẫu phiên bản 1" in page
    assert "45 Nguyễn Huệ, phường Quy Nhơn Nam, tỉnh Gia Lai" in page and "Lê Minh Khôi" in page


def test_the_searchable_answers_find_the_dossier_without_accents(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    assert submit(desk, _url(), _url(), _fields()).status_code == 302
    db.session.rollback()
    code = db.session.scalars(select(Dossier.code)).one()
    assert code

    def found(query: str) -> bool:
        return code in text_of(desk.get(f"/tim-kiem?q={quote(query)}"))

    # A household member typed in the CT01 (a field marked searchable), without accents.
    assert found("le minh khoi")
    # The request's free text is not marked searchable: it is not in the index.
    assert not found("chỗ ở hợp pháp thuộc quyền sở hữu")


def test_the_answers_export_lists_the_dossiers_the_officer_may_see(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    assert submit(desk, _url(), _url(), _fields()).status_code == 302
    db.session.rollback()
    code = db.session.scalars(select(Dossier.code)).one()
    assert code

    csv_text = desk.get(f"/to-khai/{RESIDENCE}/tai-ve.csv").data.decode("utf-8-sig")
    header = next(line for line in csv_text.splitlines() if line.startswith("Mã hồ sơ"))
    assert "Họ, chữ đệm và tên" in header and "Những thành viên trong hộ gia đình" in header
    row = next(line for line in csv_text.splitlines() if line.startswith(code))
    assert "45 Nguyễn Huệ, phường Quy Nhơn Nam, tỉnh Gia Lai" in row
    assert "Lê Minh Khôi; 20/05/2015; Nam; Con" in row
    workbook = desk.get(f"/to-khai/{RESIDENCE}/tai-ve.xlsx")
    assert workbook.status_code == 200 and workbook.data.startswith(b"PK")

    # Another one-stop unit exports its own dossiers only: this one is not among them.
    other = client_for("reception.ttpvhcc").get(f"/to-khai/{RESIDENCE}/tai-ve.csv")
    assert other.status_code == 200 and code not in other.data.decode("utf-8-sig")
    # A procedure without a form has nothing to export.
    assert desk.get("/to-khai/1.000894/tai-ve.csv").status_code == 404
