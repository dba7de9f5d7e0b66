"""The citizen fills in the birth registration declaration online (Tờ khai đăng ký khai
sinh, declarations-demo.json): errors under each field with nothing lost, a draft kept, the
condition on the father's part, and the printed declaration filed at submission."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import unit_id
from tests.web.citizen.conftest import (
    PDF,
    document_ids,
    draft_fields,
    log_in,
    text,
    token,
    upload,
    version_in,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierFile

BIRTH = "1.001193"
START = f"/thu-tuc/{BIRTH}/nop-truc-tuyen"


def _answers(**changes: str) -> dict[str, str]:
    answers = {
        "tk-f_nyc_ho_ten": "Nguyễn Văn An",
        "tk-f_nyc_so_dinh_danh": "052090001234",
        "tk-f_nyc_noi_cu_tru-province": "52",
        "tk-f_nyc_noi_cu_tru-commune": "phường Quy Nhơn",
        "tk-f_nyc_noi_cu_tru-detail": "12 Trần Hưng Đạo",
        "tk-f_nyc_quan_he": "cha",
        "tk-f_ks_ho_ten": "Nguyễn Ngọc Ánh",
        "tk-f_ks_ngay_sinh": "01/03/2026",
        "tk-f_ks_gioi_tinh": "nu",
        "tk-f_ks_dan_toc": "Kinh",
        "tk-f_ks_quoc_tich": "Việt Nam",
        "tk-f_ks_noi_sinh": "Bệnh viện Đa khoa tỉnh Gia Lai",
        "tk-f_me_ho_ten": "Trần Thị Bích Ngọc",
        "tk-f_me_nam_sinh": "1994",
        "tk-f_me_dan_toc": "Kinh",
        "tk-f_me_quoc_tich": "Việt Nam",
        "tk-f_me_noi_cu_tru-province": "52",
        "tk-f_me_noi_cu_tru-commune": "phường Quy Nhơn",
        "tk-f_me_noi_cu_tru-detail": "12 Trần Hưng Đạo",
        "tk-f_co_thong_tin_cha": "yes",
        "tk-f_cha_ho_ten": "Nguyễn Văn An",
        "tk-f_cha_nam_sinh": "1990",
        "tk-f_de_nghi_ban_sao": "yes",
        "tk-f_so_ban_sao": "2",
    }
    answers.update(changes)
    return answers


def _post(app: Flask, client: FlaskClient, url: str, files: dict[str, Any], **answers: str) -> Any:
    with app.app_context():
        unit = unit_id("px_quynhon")
    data = draft_fields(csrf_token=token(client, url), receiving_unit_id=unit, **answers, **files)
    return client.post(url, data=data, content_type="multipart/form-data")


def _other_documents(app: Flask) -> dict[str, Any]:
    _form_doc, certificate, identity = document_ids(app, BIRTH)
    return {
        f"doc_{certificate}": upload(PDF, "giay-chung-sinh.pdf"),
        f"doc_{identity}": upload(PDF, "can-cuoc.pdf"),
    }


def test_the_form_shows_its_sections_and_the_commune_list(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen1")
    page = text(client.get(START))
    assert "Tờ khai đăng ký khai sinh" in page
    assert 'name="tk-f_ks_ngay_sinh"' in page and 'name="tk-f_me_noi_cu_tru-province"' in page
    assert '<option value="phường Pleiku">' in page  # the demo province's communes
    assert "Chỉ điền khi “Có khai thông tin người cha” là “Có”." in page


def test_bad_answers_are_named_under_their_fields_and_nothing_is_lost(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    answers = _answers(
        **{
            "tk-f_nyc_so_dinh_danh": "05209000123",
            "tk-f_ks_ngay_sinh": "31/02/2026",
            "tk-f_me_ho_ten": "",
        }
    )
    response = _post(app, client, START, _other_documents(app), proceed="x", **answers)
    assert response.status_code == 422
    page = text(response)
    assert "Tờ khai còn 3 mục chưa hợp lệ" in page and "Chưa có gì được lưu." in page
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page
    assert "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 09/03/2026." in page
    assert "Vui lòng điền mục này." in page
    # what was typed is shown again, wrong values included
    assert 'value="05209000123"' in page and 'value="Nguyễn Ngọc Ánh"' in page
    assert 'value="31/02/2026"' in page
    with app.app_context():
        assert db.session.scalar(select(Dossier.id)) is None


def test_a_half_filled_draft_is_kept_and_the_father_stays_out_when_unknown(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    saved = _post(app, client, START, {}, save="x", **{"tk-f_ks_ho_ten": "Nguyễn Ngọc Ánh"})
    assert saved.status_code == 302 and saved.location.endswith("/sua")
    page = text(client.get(saved.location))
    assert 'value="Nguyễn Ngọc Ánh"' in page
    # Finished later, father unknown: his name typed earlier is not kept.
    finished = _post(
        app,
        client,
        saved.location,
        _other_documents(app),
        proceed="x",
        version=version_in(page),
        **_answers(**{"tk-f_co_thong_tin_cha": "no"}),
    )
    assert finished.status_code == 302 and "/xem-lai" in finished.location
    with app.app_context():
        dossier = db.session.scalars(select(Dossier)).one()
        assert dossier.form_answers is not None and dossier.form_version == 1
        assert dossier.form_answers["co_thong_tin_cha"] is False
        assert "cha_ho_ten" not in dossier.form_answers
        assert dossier.form_answers["ks_ngay_sinh"] == "2026-03-01"


def test_the_submitted_declaration_is_printed_with_its_diacritics_and_filed(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    log_in(client, "citizen1")
    to_review = _post(app, client, START, _other_documents(app), proceed="x", **_answers())
    assert to_review.status_code == 302, text(to_review)[:3000]
    review = text(client.get(to_review.location))
    # The review page reads the answers back as they will be printed.
    assert "Nguyễn Ngọc Ánh" in review and "01/03/2026" in review and "Nữ" in review
    version = re.search(r'name="version" type="hidden" value="(\d+)"', review)
    assert version
    dossier_id = int(re.findall(r"/ho-so-cua-toi/(\d+)/", to_review.location)[0])
    submitted = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={"csrf_token": token(client, to_review.location), "version": version.group(1)},
    )
    assert submitted.status_code == 302 and submitted.location.endswith("/da-nop")
    with app.app_context():
        form_document = document_ids(app, BIRTH)[0]
        printed = db.session.scalars(
            select(DossierFile).where(
                DossierFile.dossier_id == dossier_id,
                DossierFile.required_document_id == form_document,
            )
        ).one()
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None and dossier.code
        assert (
            printed.original_name.startswith("to-khai-")
            and printed.content_type == "application/pdf"
        )
        file_id, code = printed.id, dossier.code
    # The citizen downloads it from his dossier, as the agencies do.
    download = client.get(f"/ho-so-cua-toi/{dossier_id}/tep/{file_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    path = tmp_path / "to-khai.pdf"
    path.write_bytes(download.data)
    words = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    # The desk checking the online dossier reads the answers beside the papers.
    desk = app.test_client()
    log_in(desk, "reception.px_quynhon")
    check = text(desk.get(f"/mot-cua/kiem-tra/{dossier_id}"))
    assert "Tờ khai điện tử, mẫu phiên bản 1" in check and "Trần Thị Bích Ngọc" in check
    for expected in (
        "TỜ KHAI ĐĂNG KÝ KHAI SINH",
        "Nguyễn Ngọc Ánh",
        "Trần Thị Bích Ngọc",
        "01/03/2026",
        "Nữ",
        "12 Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai",
        "Bệnh viện Đa khoa tỉnh Gia Lai",
        code,
    ):
        assert expected in words, expected
