"""Online submission: the form with files, drafts, review, submit and acknowledgement."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import as_local, unit_id
from tests.web.citizen.conftest import (
    EXE,
    PDF,
    PNG,
    counts,
    document_ids,
    draft_fields,
    log_in,
    text,
    token,
    upload,
    version_in,
)
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierFile, OutboxMessage

MARRIAGE = "1.000894"  # Đăng ký kết hôn: one mandatory document, one optional
START = f"/thu-tuc/{MARRIAGE}/nop-truc-tuyen"


def _unit(app: Flask, key: str = "px_quynhon") -> int:
    with app.app_context():
        return unit_id(key)


def _dossier_id(location: str) -> int:
    match = re.search(r"/ho-so-cua-toi/(\d+)/", location)
    assert match, location
    return int(match.group(1))


def test_the_form_is_prefilled_from_the_profile_and_proposes_a_commune_centre(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    page = text(client.get(START))
    assert 'value="citizen1@example.com"' in page  # the profile's email
    assert "Tờ khai đăng ký kết hôn" in page and 'name="doc_' in page
    # a commune procedure: the commune centre is chosen, the provincial centre is offered
    selected = re.search(r'<option selected value="(\d+)">([^<]+)</option>', page)
    assert selected and "phường" in selected.group(2)
    assert "Trung tâm Phục vụ hành chính công tỉnh Gia Lai" in page


def test_a_citizen_submits_with_files_and_sees_the_code_and_the_submission_time(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, optional = document_ids(app, MARRIAGE)
    data = draft_fields(
        csrf_token=token(client, START),
        receiving_unit_id=_unit(app),
        proceed="x",
        **{
            f"doc_{mandatory}": [upload(PDF, "to-khai.pdf"), upload(PNG, "trang-2.png")],
            f"doc_{optional}": upload(PDF, "xac-nhan.pdf"),
        },
    )
    to_review = client.post(START, data=data, content_type="multipart/form-data")
    assert to_review.status_code == 302 and "/xem-lai" in to_review.location
    dossier_id = _dossier_id(to_review.location)

    review = text(client.get(to_review.location))
    assert "to-khai.pdf" in review and "trang-2.png" in review and "xac-nhan.pdf" in review
    version = re.search(r'name="version" type="hidden" value="(\d+)"', review)
    assert version
    submitted = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={"csrf_token": token(client, to_review.location), "version": version.group(1)},
    )
    assert submitted.status_code == 302 and submitted.location.endswith("/da-nop")

    page = text(client.get(submitted.location))
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None and dossier.state is DossierState.SUBMITTED and dossier.code
        assert dossier.code.startswith("000.01.31.H21-")  # the commune centre's identifier
        assert dossier.code in page and (dossier.lookup_key or "") in page
        assert dossier.submitted_at is not None
        assert as_local(dossier.submitted_at).strftime("%H:%M %d/%m/%Y") in page
        files = db.session.scalars(
            select(DossierFile).where(DossierFile.dossier_id == dossier_id)
        ).all()
        assert sorted(f.original_name for f in files) == [
            "to-khai.pdf",
            "trang-2.png",
            "xac-nhan.pdf",
        ]
        email = db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dossier_id == dossier_id, OutboxMessage.channel == "email"
            )
        ).one()
        assert email.recipient == "an.nguyen@example.com"
        assert "Đã nộp hồ sơ trực tuyến" in email.subject and dossier.code in email.subject


def _post_start(app: Flask, client: FlaskClient, **fields: object) -> object:
    data = draft_fields(csrf_token=token(client, START), receiving_unit_id=_unit(app), **fields)
    return client.post(START, data=data, content_type="multipart/form-data")


def _files_on_disk(app: Flask) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return [path for path in root.rglob("*") if path.is_file()]


def test_an_executable_renamed_to_pdf_is_refused_and_nothing_is_stored(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    response = _post_start(
        app, client, proceed="x", **{f"doc_{mandatory}": upload(EXE, "to-khai.pdf")}
    )
    assert response.status_code == 422
    page = text(response)
    assert "không phải PDF, JPEG hoặc PNG" in page
    assert "Chỉ chấp nhận tệp PDF, JPEG, PNG." in page  # next to the file input
    assert "vui lòng chọn lại tệp" in page
    assert 'value="Nguyễn Văn An"' in page  # what the user typed is kept
    assert counts(app) == (0, 0)
    assert _files_on_disk(app) == []


def test_an_oversize_file_is_refused_and_nothing_is_stored(app: Flask, client: FlaskClient) -> None:
    app.config["UPLOAD_MAX_FILE_BYTES"] = 2048
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    big = PDF + b"0" * 4096
    response = _post_start(app, client, save="x", **{f"doc_{mandatory}": upload(big, "lon.pdf")})
    assert response.status_code == 422
    assert "Tệp “lon.pdf” vượt quá" in text(response)
    assert counts(app) == (0, 0)
    assert _files_on_disk(app) == []


def test_a_dossier_over_its_total_size_is_refused_and_nothing_is_stored(
    app: Flask, client: FlaskClient
) -> None:
    app.config["UPLOAD_MAX_DOSSIER_BYTES"] = 3000
    log_in(client, "citizen1")
    mandatory, optional = document_ids(app, MARRIAGE)
    part = PDF + b"0" * 1800
    response = _post_start(
        app,
        client,
        save="x",
        **{f"doc_{mandatory}": upload(part, "a.pdf"), f"doc_{optional}": upload(part, "b.pdf")},
    )
    assert response.status_code == 422
    assert "Tổng dung lượng hồ sơ vượt quá" in text(response)
    assert counts(app) == (0, 0)
    assert _files_on_disk(app) == []


def test_continuing_without_a_mandatory_document_is_refused_and_nothing_is_stored(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, optional = document_ids(app, MARRIAGE)
    response = _post_start(
        app, client, proceed="x", **{f"doc_{optional}": upload(PDF, "xac-nhan.pdf")}
    )
    assert response.status_code == 422
    page = text(response)
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc: Tờ khai đăng ký kết hôn." in page
    assert "Vui lòng tải lên giấy tờ bắt buộc này." in page
    assert counts(app) == (0, 0)
    assert _files_on_disk(app) == []


def test_invalid_id_phone_email_and_over_long_fields_are_shown_next_to_each_field(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    response = _post_start(
        app,
        client,
        proceed="x",
        id_number="07909000123",
        phone="12345",
        email="an.nguyen@",
        address="Đ" * 301,
        owner_differs="y",
        owner_name="Trần Thị " + "B" * 200,
        **{f"doc_{mandatory}": upload(PDF, "to-khai.pdf")},
    )
    assert response.status_code == 422
    page = text(response)
    for message in (
        "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        "Số điện thoại không hợp lệ (ví dụ 0912345678).",
        "Địa chỉ thư điện tử không hợp lệ.",
        "Tối đa 300 ký tự.",
        "Tối đa 200 ký tự.",
    ):
        assert message in page
    assert 'id="id_number-error"' in page and 'value="07909000123"' in page
    assert counts(app) == (0, 0)
    assert _files_on_disk(app) == []


def test_a_form_without_its_csrf_token_is_refused_and_nothing_is_stored(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    data = draft_fields(
        receiving_unit_id=_unit(app),
        proceed="x",
        **{f"doc_{mandatory}": upload(PDF, "to-khai.pdf")},
    )
    response = client.post(START, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn, vui lòng tải lại trang." in text(response)
    assert counts(app) == (0, 0)
    assert _files_on_disk(app) == []


def test_a_path_in_the_file_name_is_stored_under_a_random_name_and_shown_clean(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    response = _post_start(
        app, client, save="x", **{f"doc_{mandatory}": upload(PDF, "../../etc/to-khai.pdf")}
    )
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "to-khai.pdf" in page and "../" not in page and "etc/" not in page
    with app.app_context():
        row = db.session.scalars(select(DossierFile)).one()
        assert row.original_name == "to-khai.pdf"
        assert re.fullmatch(r"[0-9a-f]{32}\.pdf", row.stored_name)
    [stored] = _files_on_disk(app)
    assert stored.name == row.stored_name
    assert stored.resolve().is_relative_to(Path(app.config["UPLOAD_DIR"]).resolve())
    assert stored.read_bytes() == PDF


def test_a_draft_is_saved_resumed_corrected_and_then_submitted(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, optional = document_ids(app, MARRIAGE)
    saved = _post_start(app, client, save="x", **{f"doc_{optional}": upload(PDF, "nham-tep.pdf")})
    assert saved.status_code == 302 and saved.location.endswith("/sua")
    dossier_id = _dossier_id(saved.location)
    assert "Hồ sơ nháp" in text(client.get("/ho-so-cua-toi"))

    # resume: the draft keeps the file; the wrong one is removed, the right one added
    edit = text(client.get(saved.location))
    assert "nham-tep.pdf" in edit
    with app.app_context():
        wrong = db.session.scalars(select(DossierFile.id)).one()
    removed = client.post(
        f"/ho-so-cua-toi/{dossier_id}/tep/{wrong}/xoa",
        data={"csrf_token": token(client, saved.location), "version": version_in(edit)},
    )
    assert removed.status_code == 302
    assert "nham-tep.pdf" not in text(client.get(saved.location))
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"', text(client.get(saved.location))
    )
    assert version
    proceed = client.post(
        saved.location,
        data=draft_fields(
            csrf_token=token(client, saved.location),
            receiving_unit_id=_unit(app),
            version=version.group(1),
            phone="0905 123 999",
            proceed="x",
            **{f"doc_{mandatory}": upload(PDF, "to-khai.pdf")},
        ),
        content_type="multipart/form-data",
    )
    assert proceed.status_code == 302 and proceed.location.endswith("/xem-lai")
    review = text(client.get(proceed.location))
    assert "0905123999" in review and "to-khai.pdf" in review
    version = re.search(r'name="version" type="hidden" value="(\d+)"', review)
    assert version
    done = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={"csrf_token": token(client, proceed.location), "version": version.group(1)},
    )
    assert done.status_code == 302
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None and dossier.state is DossierState.SUBMITTED
        assert [f.original_name for f in dossier.files] == ["to-khai.pdf"]
    assert _files_on_disk(app) and len(_files_on_disk(app)) == 1


def test_a_stale_review_page_cannot_submit(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    saved = _post_start(app, client, proceed="x", **{f"doc_{mandatory}": upload(PDF, "a.pdf")})
    dossier_id = _dossier_id(saved.location)
    response = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={"csrf_token": token(client, saved.location), "version": "999"},
    )
    assert response.status_code == 409
    assert counts(app) == (1, 1)
    with app.app_context():
        assert db.session.get(Dossier, dossier_id).state is DossierState.DRAFT  # type: ignore[union-attr]


def test_a_submission_without_the_page_version_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient
) -> None:
    # A review page cached before the forms carried the version, or a hand-made request:
    # nobody can tell what the citizen saw, so nothing is submitted.
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    saved = _post_start(app, client, proceed="x", **{f"doc_{mandatory}": upload(PDF, "a.pdf")})
    dossier_id = _dossier_id(saved.location)

    response = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop", data={"csrf_token": token(client, saved.location)}
    )

    assert response.status_code == 428
    page = text(response)
    assert "tải lại trang" in page and "Chưa có thay đổi nào được thực hiện." in page
    assert "Tải lại trang" in page  # the reload button
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None
        assert dossier.state is DossierState.DRAFT and dossier.code is None
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_removing_a_file_without_the_page_version_is_refused(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    _, optional = document_ids(app, MARRIAGE)
    saved = _post_start(app, client, save="x", **{f"doc_{optional}": upload(PDF, "giu-lai.pdf")})
    dossier_id = _dossier_id(saved.location)
    with app.app_context():
        file_id = db.session.scalars(select(DossierFile.id)).one()

    response = client.post(
        f"/ho-so-cua-toi/{dossier_id}/tep/{file_id}/xoa",
        data={"csrf_token": token(client, saved.location)},
    )

    assert response.status_code == 428 and "tải lại trang" in text(response)
    assert "giu-lai.pdf" in text(client.get(saved.location))
    assert counts(app) == (1, 1)


def test_an_owner_who_differs_needs_a_name(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen1")
    response = _post_start(app, client, save="x", owner_differs="y", owner_name="")
    assert response.status_code == 422
    assert "Vui lòng nhập họ và tên chủ hồ sơ." in text(response)
    assert counts(app) == (0, 0)


def test_a_dossier_for_someone_else_keeps_the_owner_apart_from_the_submitter(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, _ = document_ids(app, MARRIAGE)
    response = _post_start(
        app,
        client,
        proceed="x",
        owner_differs="y",
        owner_name="Trần Thị Bích Ngọc",
        owner_id_number="052188004321",
        **{f"doc_{mandatory}": upload(PDF, "to-khai.pdf")},
    )
    assert response.status_code == 302
    review = text(client.get(response.location))
    assert "Trần Thị Bích Ngọc" in review and "052188004321" in review
    with app.app_context():
        dossier = db.session.scalars(select(Dossier)).one()
        assert dossier.applicant_name == "Nguyễn Văn An"
        assert dossier.owner_name == "Trần Thị Bích Ngọc"
