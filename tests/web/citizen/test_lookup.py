"""The public lookup: code + the receipt's key (the only way in without signing in),
nothing personal, one answer for "no such code" and "wrong key", and a rate limit that
only failed attempts consume."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    dossier_version,
    fresh,
    local,
    procedure_id,
    task_version,
)
from tests.web.citizen.conftest import text
from vpub_onestop.services import processing, reception

NEUTRAL = "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập."


def _counter_dossier(app: Flask, code: str = "1.000894") -> tuple[str, str, int]:
    """Received at the commune counter on Mon 2/3/2026 09:00 (long overdue by now)."""
    with app.app_context():
        dossier = counter_receipt(
            actor("reception.px_quynhon"), procedure_id(code), APPLICANT, now=local(2026, 3, 2)
        )
        return dossier.code or "", dossier.lookup_key or "", dossier.id


def _personal_data_absent(page: str) -> None:
    for personal in (APPLICANT.name, APPLICANT.phone, APPLICANT.email, APPLICANT.id_number):
        assert personal and personal not in page


def test_the_qr_link_shows_status_appointment_holder_and_lateness_without_personal_data(
    app: Flask, client: FlaskClient
) -> None:
    code, key, _ = _counter_dossier(app)
    response = client.get("/tra-cuu", query_string={"ma": code, "khoa": key})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = text(response)
    assert code in page and "Đăng ký kết hôn" in page
    assert "Được tiếp nhận" in page
    assert "09:00 09/03/2026" in page  # 5 working days after Mon 2/3/2026 09:00
    assert "Trung tâm Phục vụ hành chính công phường Quy Nhơn" in page
    assert 'class="text-danger fw-semibold">Quá hạn' in page
    assert "Tiếp nhận tại quầy" in page  # the timeline, in plain words
    _personal_data_absent(page)
    assert "Cán bộ reception.px_quynhon" not in page  # no officer names either


def test_a_loosely_typed_key_works_but_the_phone_digits_no_longer_open_a_dossier(
    app: Flask, client: FlaskClient
) -> None:
    code, key, _ = _counter_dossier(app)
    typed = f" {key[:3].lower()}-{key[3:].lower()} "
    loose = client.get("/tra-cuu", query_string={"ma": code.lower(), "khoa": typed})
    assert loose.status_code == 200
    # The last four digits of the applicant's phone (0905123456): 10,000 values only.
    by_phone = client.get("/tra-cuu", query_string={"ma": code, "khoa": "3456"})
    assert by_phone.status_code == 404 and NEUTRAL in text(by_phone)
    full_phone = client.get("/tra-cuu", query_string={"ma": code, "khoa": APPLICANT.phone})
    assert full_phone.status_code == 404
    _personal_data_absent(text(by_phone))


def test_a_wrong_key_or_an_unknown_code_gets_one_neutral_message(
    app: Flask, client: FlaskClient
) -> None:
    code, key, _ = _counter_dossier(app)
    wrong_key = "2222AA" if key != "2222AA" else "3333AA"
    answers = [
        client.get("/tra-cuu", query_string={"ma": code, "khoa": wrong_key}),
        client.get("/tra-cuu", query_string={"ma": code, "khoa": "0000"}),
        client.get("/tra-cuu", query_string={"ma": code[:-1] + "9", "khoa": key}),
        client.get("/tra-cuu", query_string={"ma": code}),
    ]
    for answer in answers:
        assert answer.status_code == 404
        page = text(answer)
        assert NEUTRAL in page
        assert "Được tiếp nhận" not in page and "Đăng ký kết hôn" not in page
        _personal_data_absent(page)


def test_an_existing_code_with_a_wrong_key_reads_exactly_like_a_code_that_does_not_exist(
    app: Flask, client: FlaskClient
) -> None:
    """Byte for byte, apart from the code echoed back in the form: nothing (status,
    headers, wording) tells a prober that the first code exists."""
    code, key, _ = _counter_dossier(app)
    unknown = code[:-4] + "9999"
    wrong_key = "2222AA" if key != "2222AA" else "3333AA"
    existing = client.get("/tra-cuu", query_string={"ma": code, "khoa": wrong_key})
    missing = client.get("/tra-cuu", query_string={"ma": unknown, "khoa": wrong_key})
    assert existing.status_code == missing.status_code == 404
    assert text(existing).replace(code, "<code>") == text(missing).replace(unknown, "<code>")
    skip = {"Content-Length", "Set-Cookie", "Date"}
    assert {k: v for k, v in existing.headers if k not in skip} == {
        k: v for k, v in missing.headers if k not in skip
    }


def test_failed_attempts_count_against_a_limit_but_successful_ones_do_not(
    app: Flask, client: FlaskClient
) -> None:
    app.config["RATELIMIT_LOOKUP"] = "3 per minute"
    code, key, _ = _counter_dossier(app)
    for _ in range(5):  # more than the limit, all with the right key
        assert client.get("/tra-cuu", query_string={"ma": code, "khoa": key}).status_code == 200
    for _ in range(3):
        wrong = client.get("/tra-cuu", query_string={"ma": code, "khoa": "9999AA"})
        assert wrong.status_code == 404
    blocked = client.get("/tra-cuu", query_string={"ma": code, "khoa": key})
    assert blocked.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in text(blocked)


def test_parallel_agencies_are_both_named_as_holding_the_dossier(
    app: Flask, client: FlaskClient
) -> None:
    code, key, dossier_id = _counter_dossier(app, "LT.KS-TT-BHYT")
    with app.app_context():
        desk, leader = actor("reception.px_quynhon"), actor("leader.px_quynhon")
        reception.dispatch_dossier(
            desk,
            dossier_id,
            now=local(2026, 3, 2, 9, 30),
            expected_version=dossier_version(dossier_id),
        )
        task = fresh(dossier_id).tasks[0]
        processing.assign_task(
            leader,
            task.id,
            leader.user_id or 0,
            now=local(2026, 3, 2, 10),
            expected_version=task_version(task.id),
        )
        processing.propose_result(
            leader,
            task.id,
            "Đã đăng ký khai sinh.",
            now=local(2026, 3, 2, 11),
            expected_version=task_version(task.id),
        )
        processing.approve_step(
            leader, task.id, now=local(2026, 3, 2, 14), expected_version=task_version(task.id)
        )
    page = text(client.get("/tra-cuu", query_string={"ma": code, "khoa": key}))
    assert "Đang xử lý" in page
    assert "Bảo hiểm xã hội tỉnh Gia Lai, Công an tỉnh Gia Lai" in page
    assert "Đã đăng ký khai sinh." not in page  # internal notes stay inside the office


def test_the_empty_lookup_page_offers_the_form(client: FlaskClient) -> None:
    response = client.get("/tra-cuu")
    assert response.status_code == 200
    page = text(response)
    assert 'name="ma"' in page and 'name="khoa"' in page and NEUTRAL not in page
