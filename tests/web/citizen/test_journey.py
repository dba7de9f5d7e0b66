"""The acceptance journey: register → submit with files → received → supplement requested →
the citizen uploads → result ready → returned → rating, with every email arriving at a real
SMTP server in intact Vietnamese."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import actor, as_local, dossier_version, fresh, task_version
from tests.web.citizen.conftest import (
    PDF,
    Mailbox,
    document_ids,
    submit_online,
    text,
    token,
    upload,
    version_in,
)
from vpub_onestop.domain.satisfaction import CRITERIA
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierFile, OutboxMessage, Rating
from vpub_onestop.services import closing, processing, reception, supplements

HOA = {
    "name": "Lê Thị Hoà",
    "id_number": "052195006789",
    "phone": "0935111222",
    "email": "hoa.le@example.com",
    "address": "Phường Quy Nhơn Nam, tỉnh Gia Lai",
}


def _register(client: FlaskClient) -> None:
    response = client.post(
        "/dang-ky",
        data={
            "csrf_token": token(client, "/dang-ky"),
            "username": "hoa.le",
            "full_name": HOA["name"],
            "citizen_id": HOA["id_number"],
            "phone": HOA["phone"],
            "email": HOA["email"],
            "password": "hoa-mat-khau-1",
            "confirm": "hoa-mat-khau-1",
        },
    )
    assert response.status_code == 302


def test_the_whole_journey_from_registration_to_rating(
    app: Flask, client: FlaskClient, mailbox: Mailbox
) -> None:
    _register(client)
    # the form is prefilled from the new profile
    start = text(client.get("/thu-tuc/1.000894/nop-truc-tuyen"))
    assert f'value="{HOA["id_number"]}"' in start and f'value="{HOA["email"]}"' in start
    dossier_id = submit_online(app, client, **HOA)
    with app.app_context():
        dossier = fresh(dossier_id)
        code, key = dossier.code or "", dossier.lookup_key or ""
    assert code

    # the one-stop unit receives it: the citizen sees the code and the due date
    with app.app_context():
        desk = actor("reception.px_quynhon")
        reception.receive_dossier(desk, dossier_id, expected_version=dossier_version(dossier_id))
        appointment = as_local(fresh(dossier_id).appointment_at)
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert code in page and "Được tiếp nhận" in page
    assert appointment.strftime("%H:%M %d/%m/%Y") in page

    # the specialist asks (through the one-stop unit) for a supplement
    with app.app_context():
        reception.dispatch_dossier(desk, dossier_id, expected_version=dossier_version(dossier_id))
        task_id = fresh(dossier_id).tasks[0].id
        leader, specialist = actor("leader.px_quynhon"), actor("specialist.px_quynhon")
        processing.assign_task(
            leader, task_id, specialist.user_id or 0, expected_version=task_version(task_id)
        )
        supplements.request_supplement(
            specialist,
            dossier_id,
            "Tờ khai chưa ghi nơi cư trú.",
            items=[{"document": "Tờ khai đăng ký kết hôn", "reason": "Ghi rõ nơi cư trú"}],
            expected_version=dossier_version(dossier_id),
        )
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert "Yêu cầu bổ sung giấy tờ" in page
    assert "Tờ khai chưa ghi nơi cư trú." in page and "Ghi rõ nơi cư trú" in page

    # the citizen uploads the corrected form: back to processing, same code, both versions
    mandatory = document_ids(app, "1.000894")[0]
    supplied = client.post(
        f"/ho-so-cua-toi/{dossier_id}/bo-sung",
        data={
            "csrf_token": token(client, f"/ho-so-cua-toi/{dossier_id}"),
            "version": version_in(page),
            "note": "Đã bổ sung nơi cư trú.",
            f"doc_{mandatory}": upload(PDF, "to-khai-da-sua.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert supplied.status_code == 302
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert "Đang xử lý" in page and code in page
    assert "Nộp lần đầu" in page and "giay-to-0.pdf" in page
    assert "Bổ sung, hoàn thiện lần 1" in page and "to-khai-da-sua.pdf" in page

    # approved, with an electronic result, and returned online
    with app.app_context():
        processing.propose_result(
            specialist,
            task_id,
            "Đủ điều kiện đăng ký kết hôn.",
            result_file=("giay-chung-nhan-ket-hon.pdf", PDF),
            expected_version=task_version(task_id),
        )
        processing.approve_step(leader, task_id, expected_version=task_version(task_id))
        closing.return_result(
            desk, dossier_id, "online", expected_version=dossier_version(dossier_id)
        )
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert "Đã trả kết quả" in page and "Kết quả điện tử" in page
    assert "giay-chung-nhan-ket-hon.pdf" in page and f"{code}-KQ1" in page

    # the rating: every Decree 61 criterion, once
    rate_url = f"/ho-so-cua-toi/{dossier_id}/danh-gia"
    answers = {key: "3" for key, _ in CRITERIA} | {"attitude": "2"}
    rated = client.post(
        rate_url,
        data={
            "csrf_token": token(client, rate_url),
            "comment": "Cán bộ hướng dẫn tận tình.",
            **answers,
        },
    )
    assert rated.status_code == 302
    assert "Ông/Bà đã đánh giá hồ sơ này" in text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert client.get(rate_url).status_code == 302  # no second rating
    with app.app_context():
        rating = db.session.scalars(select(Rating)).one()
        assert rating.dossier_id == dossier_id and rating.comment == "Cán bộ hướng dẫn tận tình."
        assert {a.criterion: a.score for a in rating.answers} == {
            key: (2 if key == "attitude" else 3) for key, _ in CRITERIA
        }
        files = db.session.scalars(
            select(DossierFile).where(DossierFile.dossier_id == dossier_id)
        ).all()
        assert sorted((f.round, f.kind) for f in files) == [
            (0, "component"),  # the two documents of the first submission
            (0, "component"),
            (1, "component"),  # the supplement round
            (1, "draft"),  # the signed document, released as the result
        ]

    # the mails, as the SMTP server received them
    subjects = mailbox.subjects()
    for expected in (
        "Đã nộp hồ sơ trực tuyến",
        "Hồ sơ đã được tiếp nhận",
        "Yêu cầu bổ sung hồ sơ",
        "Hồ sơ đã có kết quả trước ngày hẹn",
        "Đã trả kết quả hồ sơ",
    ):
        assert f"[{code}] {expected}" in subjects, (expected, subjects)
    assert all(message["To"] == HOA["email"] for message in mailbox.messages)
    for body in mailbox.bodies():
        assert f"Kính gửi Ông/Bà {HOA['name']}," in body
        assert f"Mã hồ sơ: {code}" in body
        assert f"/tra-cuu?ma={code}&khoa={key}" in body
    supplement_mail = mailbox.bodies()[subjects.index(f"[{code}] Yêu cầu bổ sung hồ sơ")]
    assert "Tờ khai chưa ghi nơi cư trú." in supplement_mail
    with app.app_context():
        outbox = db.session.scalars(select(OutboxMessage)).all()
        assert outbox and all(message.sent_at is not None for message in outbox)
        assert {(m.channel, m.provider) for m in outbox} == {("email", "smtp"), ("sms", "database")}
