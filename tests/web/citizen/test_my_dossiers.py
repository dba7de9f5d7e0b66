""" "My dossiers": the list with deadlines, the detail page, and privacy between citizens."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import (
    actor,
    dossier_version,
    draft_with_documents,
    local,
    procedure_id,
    unit_id,
)
from tests.web.citizen.conftest import (
    log_in,
    marriage_received_monday_9am,
    submit_online,
    text,
    token,
)
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierFile
from vpub_onestop.services import reception
from vpub_onestop.services.applicants import Applicant


def test_the_list_shows_status_appointment_and_an_overdue_dossier_in_red(
    app: Flask, client: FlaskClient
) -> None:
    dossier_id = marriage_received_monday_9am(app)
    log_in(client, "citizen1")
    page = text(client.get("/ho-so-cua-toi"))
    with app.app_context():
        code = db.session.get(Dossier, dossier_id).code  # type: ignore[union-attr]
    assert code and code in page
    assert "Được tiếp nhận" in page and "09/03/2026" in page
    assert 'class="table-danger"' in page and "Quá hạn" in page and "quá " in page
    assert "ngày làm việc" in page


def test_the_list_is_paginated(app: Flask, client: FlaskClient) -> None:
    app.config["MY_DOSSIERS_PER_PAGE"] = 2
    with app.app_context():
        citizen = actor("citizen1")
        for hour in range(8, 13):
            draft_with_documents(
                citizen,
                procedure_id("1.000894"),
                unit_id("px_quynhon"),
                Applicant(name=f"Hồ sơ {hour}"),
                now=local(2026, 3, 2, hour),
            )
    log_in(client, "citizen1")
    first = text(client.get("/ho-so-cua-toi"))
    last = text(client.get("/ho-so-cua-toi?trang=3"))
    assert first.count("Hồ sơ nháp</a>") == 2 and last.count("Hồ sơ nháp</a>") == 1
    assert "Tổng cộng 5 hồ sơ." in first and "trang=2" in first


def test_the_detail_page_shows_timeline_documents_and_the_receipt_slip(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    with app.app_context():
        reception.receive_dossier(
            actor("reception.px_quynhon"), dossier_id, expected_version=dossier_version(dossier_id)
        )
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert "Nộp hồ sơ" in page and "Tiếp nhận hồ sơ" in page  # the timeline
    assert "Nộp lần đầu" in page and "giay-to-0.pdf" in page
    assert f'href="/ho-so/{dossier_id}/phieu/mau-01.pdf"' in page
    assert "mau-02.pdf" not in page and "mau-03.pdf" not in page and "mau-05.pdf" not in page
    assert "Ngày hẹn trả kết quả" in page and "còn " in page


def test_a_refused_dossier_shows_the_reason_and_the_refusal_slip(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    with app.app_context():
        reception.refuse_dossier(
            actor("reception.px_quynhon"),
            dossier_id,
            "Thủ tục không thuộc thẩm quyền của phường.",
            expected_version=dossier_version(dossier_id),
        )
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert "Không được tiếp nhận" in page
    assert "Thủ tục không thuộc thẩm quyền của phường." in page
    assert f'href="/ho-so/{dossier_id}/phieu/mau-03.pdf"' in page


def test_a_dossier_returned_for_completion_shows_what_is_asked_and_can_be_resubmitted(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    with app.app_context():
        code = db.session.get(Dossier, dossier_id).code  # type: ignore[union-attr]
        reception.return_for_completion(
            actor("reception.px_quynhon"),
            dossier_id,
            "Tờ khai chưa có chữ ký.",
            missing_items=[{"document": "Tờ khai đăng ký kết hôn", "reason": "Thiếu chữ ký"}],
            expected_version=dossier_version(dossier_id),
        )
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert "Bộ phận Một cửa đề nghị hoàn thiện hồ sơ" in page
    assert "Tờ khai chưa có chữ ký." in page and "Thiếu chữ ký" in page
    assert f'href="/ho-so/{dossier_id}/phieu/mau-02.pdf"' in page
    # the earlier file is history: it cannot be removed from the draft
    edit = text(client.get(f"/ho-so-cua-toi/{dossier_id}/sua"))
    assert "đã nộp" in edit and 'form="xoa-tep-' not in edit
    review = text(client.get(f"/ho-so-cua-toi/{dossier_id}/xem-lai"))
    version = review.split('name="version" type="hidden" value="')[1].split('"')[0]
    again = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={
            "csrf_token": token(client, f"/ho-so-cua-toi/{dossier_id}/xem-lai"),
            "version": version,
        },
    )
    assert again.status_code == 302
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert (
            dossier is not None and dossier.state is DossierState.SUBMITTED and dossier.code == code
        )


def test_another_citizens_dossier_is_not_found_by_id_by_code_or_file(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    with app.app_context():
        code = db.session.get(Dossier, dossier_id).code  # type: ignore[union-attr]
        file_id = db.session.scalars(select(DossierFile.id)).first()
    own = client.get(f"/ho-so-cua-toi/{dossier_id}/tep/{file_id}")
    assert own.status_code == 200 and own.data.startswith(b"%PDF-")
    assert client.get(f"/ho-so-cua-toi/ma/{code}").status_code == 302

    other = client.application.test_client()
    log_in(other, "citizen2")
    for url in (
        f"/ho-so-cua-toi/{dossier_id}",
        f"/ho-so-cua-toi/ma/{code}",
        f"/ho-so-cua-toi/{dossier_id}/tep/{file_id}",
        f"/ho-so-cua-toi/{dossier_id}/sua",
        f"/ho-so-cua-toi/{dossier_id}/da-nop",
        f"/ho-so-cua-toi/{dossier_id}/danh-gia",
    ):
        response = other.get(url)
        assert response.status_code == 404, url
        assert "Đăng ký kết hôn" not in text(response) and "giay-to-0.pdf" not in text(response)
    withdraw = other.post(
        f"/ho-so-cua-toi/{dossier_id}/rut",
        data={"csrf_token": token(other, "/ho-so-cua-toi"), "reason": "Rút hộ người khác."},
    )
    assert withdraw.status_code == 404
    assert code not in text(other.get("/ho-so-cua-toi"))


def test_staff_are_sent_to_their_own_workspace(app: Flask, client: FlaskClient) -> None:
    log_in(client, "reception.px_quynhon")
    assert client.get("/ho-so-cua-toi").status_code == 403
    assert client.get("/thu-tuc/1.000894/nop-truc-tuyen").status_code == 403


def test_online_submission_asks_an_anonymous_visitor_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/thu-tuc/1.000894/nop-truc-tuyen")
    assert response.status_code == 302 and "/dang-nhap" in response.location
