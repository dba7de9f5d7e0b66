"""The forms as downloads: who gets which PDF, with which headers, and what the others see."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import fresh
from tests.web.conftest import csrf_token_from, log_in
from tests.web.slips import scenarios as sc
from tests.web.slips.conftest import PASSWORD, pdf_text


def _sign_in(client: FlaskClient, username: str) -> None:
    response = log_in(client, username, PASSWORD)
    assert response.status_code == 302, f"{username} could not log in"


def test_anonymous_visitors_are_sent_to_log_in(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        dossier_id = sc.counter_receipt()
    response = client.get(f"/ho-so/{dossier_id}/phieu/mau-01.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dang-nhap")


def test_the_officer_downloads_the_receipt_inline_and_uncached(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        dossier_id = sc.counter_receipt()
        code = fresh(dossier_id).code
    _sign_in(client, sc.COMMUNE_DESK)

    response = client.get(f"/ho-so/{dossier_id}/phieu/mau-01.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'inline; filename="{code}-mau-01.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.get_data())
    assert "Nguyễn Thị Hồng Nhung" in text and str(code) in text


def test_the_citizen_downloads_the_refusal_of_his_own_dossier(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        dossier_id = sc.refused_online()
    _sign_in(client, "citizen1")

    response = client.get(f"/ho-so/{dossier_id}/phieu/mau-03.pdf")

    assert response.status_code == 200
    assert sc.REFUSAL_REASON in pdf_text(response.get_data())


def test_another_citizen_gets_404(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        dossier_id = sc.refused_online()
    _sign_in(client, "citizen2")

    response = client.get(f"/ho-so/{dossier_id}/phieu/mau-03.pdf")

    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ." in response.get_data(as_text=True)


def test_an_officer_of_an_unrelated_unit_gets_404(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        dossier_id = sc.counter_receipt()
    _sign_in(client, sc.PROVINCE_DESK)

    assert client.get(f"/ho-so/{dossier_id}/phieu/mau-01.pdf").status_code == 404
    assert client.get(f"/ho-so/{dossier_id}/phieu/mau-05.pdf").status_code == 404


def test_a_form_that_does_not_apply_answers_404_in_vietnamese(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        dossier_id = sc.counter_receipt()
    _sign_in(client, sc.COMMUNE_DESK)

    response = client.get(f"/ho-so/{dossier_id}/phieu/mau-03.pdf")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Hồ sơ này không bị từ chối tiếp nhận" in response.get_data(as_text=True)
    assert client.get(f"/ho-so/{dossier_id}/phieu/mau-09.pdf").status_code == 404


def test_the_counter_guidance_slip_is_for_the_officers_of_that_unit(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        guidance_id = sc.counter_guidance()
    _sign_in(client, sc.COMMUNE_DESK)

    response = client.get(f"/huong-dan/{guidance_id}/mau-02.pdf")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert (
        f'filename="huong-dan-{guidance_id}-mau-02.pdf"' in response.headers["Content-Disposition"]
    )
    text = pdf_text(response.get_data())
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Trần Văn Bình" in text and "Gia Lai, ngày 03 tháng 03 năm 2026" in text
    assert "Căn cước đã hết hạn" in text and "Đăng ký khai sinh" in text

    # the other unit's officer does not even learn that the slip exists
    other = app.test_client()
    _sign_in(other, sc.PROVINCE_DESK)
    assert other.get(f"/huong-dan/{guidance_id}/mau-02.pdf").status_code == 404


# The centre's machine serves the app on its own network address.
CENTRE = "http://10.20.30.40:8000"


def _receipt_lookup_line(client: FlaskClient, dossier_id: int) -> str:
    form = client.get("/dang-nhap", base_url=CENTRE).get_data(as_text=True)
    fields = {"username": sc.COMMUNE_DESK, "password": PASSWORD}
    signed_in = client.post(
        "/dang-nhap", data={**fields, "csrf_token": csrf_token_from(form)}, base_url=CENTRE
    )
    assert signed_in.status_code == 302
    response = client.get(f"/ho-so/{dossier_id}/phieu/mau-01.pdf", base_url=CENTRE)
    assert response.status_code == 200
    text = pdf_text(response.get_data())
    start = text.index("truy cập") + len("truy cập")
    # The address may wrap on the A5 page: read it without the line breaks.
    return text[start : text.index("để tra cứu", start)].replace(" ", "")


def test_without_a_public_address_the_receipt_points_to_the_address_it_was_printed_from(
    app: Flask, client: FlaskClient
) -> None:
    app.config["PUBLIC_BASE_URL"] = ""
    with app.app_context():
        dossier_id = sc.counter_receipt()
        code, key = fresh(dossier_id).code, fresh(dossier_id).lookup_key
    line = _receipt_lookup_line(client, dossier_id)

    assert line == f"http://10.20.30.40:8000/tra-cuu?ma={code}&khoa={key}"


def test_the_public_address_setting_wins_over_the_request(app: Flask, client: FlaskClient) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://dichvucong.gialai.gov.vn/"
    with app.app_context():
        dossier_id = sc.counter_receipt()
        code, key = fresh(dossier_id).code, fresh(dossier_id).lookup_key
    line = _receipt_lookup_line(client, dossier_id)

    assert line == f"https://dichvucong.gialai.gov.vn/tra-cuu?ma={code}&khoa={key}"
