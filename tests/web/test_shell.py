"""The web shell as a user meets it: login, logout, home per role, errors, language,
formats and headers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext

from tests.web.conftest import PASSWORD, AppFactory, csrf_token_from, log_in
from vpub_onestop import create_app
from vpub_onestop.domain.errors import StaleDossier
from vpub_onestop.domain.roles import Role

NEUTRAL_FAILURE = "Tên đăng nhập hoặc mật khẩu không đúng."


def logged_in(client: FlaskClient) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


# --- login -----------------------------------------------------------------------------


def test_login_page_is_in_vietnamese_and_offline(shell_client: FlaskClient) -> None:
    html = shell_client.get("/dang-nhap").get_data(as_text=True)

    assert '<html lang="vi">' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert '<label class="form-label" for="username">' in html
    assert "/static/vendor/bootstrap-5.3.9/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower() and "https://" not in html


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("lan.tiepnhan", ["Nguyễn Thị Lan", "Cán bộ tiếp nhận và trả kết quả", "Bàn tiếp nhận"]),
        ("hung.congdan", ["Trần Văn Hùng", "Công dân / tổ chức", "Hồ sơ của tôi"]),
    ],
)
def test_valid_login_leads_to_the_home_of_the_role(
    shell_client: FlaskClient, username: str, expected: list[str]
) -> None:
    response = log_in(shell_client, username)

    assert response.status_code == 302 and response.headers["Location"] == "/"
    html = shell_client.get("/").get_data(as_text=True)
    for text in expected:
        assert text in html
    assert ("UBND phường Thử Nghiệm" in html) is (username == "lan.tiepnhan")
    assert 'action="/dang-xuat"' in html


def test_anonymous_home_invites_to_log_in_without_dead_links(shell_client: FlaskClient) -> None:
    html = shell_client.get("/").get_data(as_text=True)

    assert "Bộ phận Một cửa" in html and 'href="/dang-nhap"' in html
    assert "Thủ tục hành chính" in html and "Tra cứu hồ sơ" in html
    # Every page the home links to answers (pages not built yet are announced, not linked).
    links = set(re.findall(r'href="(/[^"?#]*)', html)) - {"/static"}
    assert "/thu-tuc" in links
    for link in links:
        if link.startswith("/static/"):
            continue
        assert shell_client.get(link).status_code < 400, link


@pytest.mark.parametrize(
    ("username", "password"),
    [("lan.tiepnhan", "sai-mat-khau"), ("khong.ton.tai", PASSWORD)],
)
def test_failed_login_gives_one_neutral_message_and_no_session(
    shell_client: FlaskClient, username: str, password: str
) -> None:
    response = log_in(shell_client, username, password)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert NEUTRAL_FAILURE in html
    assert f'value="{username}"' in html  # the username stays in the field
    assert password not in html  # the password is never sent back
    assert not logged_in(shell_client)


def test_disabled_account_cannot_log_in(shell_client: FlaskClient) -> None:
    response = log_in(shell_client, "minh.daxoa")

    assert NEUTRAL_FAILURE in response.get_data(as_text=True)
    assert not logged_in(shell_client)


def test_empty_fields_are_reported_next_to_the_field(shell_client: FlaskClient) -> None:
    html = shell_client.post("/dang-nhap", data={"username": "  "}).get_data(as_text=True)

    assert 'id="username-error"' in html and "Vui lòng nhập tên đăng nhập." in html
    assert 'aria-describedby="username-error"' in html
    assert "Vui lòng nhập mật khẩu." in html


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_next_pointing_elsewhere_is_not_followed(shell_client: FlaskClient, target: str) -> None:
    response = log_in(shell_client, "lan.tiepnhan", query=f"?next={target}")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_on_this_site_is_followed(shell_client: FlaskClient) -> None:
    response = log_in(shell_client, "lan.tiepnhan", query="?next=/tra-cuu%3Fma%3D1")

    assert response.headers["Location"] == "/tra-cuu?ma=1"


# --- CSRF and logout -------------------------------------------------------------------


def test_post_without_csrf_token_is_refused(csrf_client: FlaskClient) -> None:
    response = csrf_client.post(
        "/dang-nhap", data={"username": "lan.tiepnhan", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn, vui lòng tải lại trang" in response.get_data(as_text=True)
    assert not logged_in(csrf_client)


def test_login_and_logout_through_the_forms_with_csrf(csrf_client: FlaskClient) -> None:
    assert log_in(csrf_client, "lan.tiepnhan").status_code == 302
    home = csrf_client.get("/").get_data(as_text=True)

    response = csrf_client.post("/dang-xuat", data={"csrf_token": csrf_token_from(home)})

    assert response.status_code == 302
    assert not logged_in(csrf_client)
    assert "Bạn đã đăng xuất." in csrf_client.get("/").get_data(as_text=True)


def test_logout_by_get_is_refused_and_keeps_the_session(shell_client: FlaskClient) -> None:
    log_in(shell_client, "lan.tiepnhan")

    response = shell_client.get("/dang-xuat")

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert logged_in(shell_client)


# --- rate limit ------------------------------------------------------------------------


def test_too_many_failed_logins_are_answered_429(make_shell_app: AppFactory) -> None:
    client = make_shell_app(RATELIMIT_LOGIN="3 per minute").test_client()
    for _ in range(3):
        assert log_in(client, "lan.tiepnhan", "sai").status_code == 200

    response = log_in(client, "lan.tiepnhan")  # even the right password waits now

    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in response.get_data(as_text=True)
    assert not logged_in(client)
    assert client.get("/dang-nhap").status_code == 200  # only POST is limited


# --- errors ----------------------------------------------------------------------------


def test_unknown_page_gives_a_vietnamese_404(shell_client: FlaskClient) -> None:
    response = shell_client.get("/khong-co-trang-nay")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_api_errors_are_json_in_readable_vietnamese(shell_client: FlaskClient) -> None:
    response = shell_client.get("/api/v1/khong-co")

    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "Trang hoặc hồ sơ bạn tìm không tồn tại."
    assert "tìm" in response.get_data(as_text=True)  # not \u escapes


def test_stale_dossier_offers_a_reload(make_shell_app: AppFactory) -> None:
    app = make_shell_app()

    def stale() -> str:
        raise StaleDossier("Hồ sơ đã được người khác cập nhật.")

    app.add_url_rule("/ho-so/1/xu-ly", "stale", stale, methods=["POST"])
    app.add_url_rule("/api/v1/ho-so/1/xu-ly", "stale_api", stale, methods=["POST"])
    client = app.test_client()

    page = client.post("/ho-so/1/xu-ly", headers={"Referer": "http://localhost/ho-so/1"})
    api = client.post("/api/v1/ho-so/1/xu-ly")

    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "Hồ sơ đã được người khác cập nhật." in html
    assert 'href="/ho-so/1">Tải lại trang' in html
    assert api.status_code == 409
    assert api.mimetype == "application/problem+json"  # RFC 9457 (docs/api.md#errors)
    assert api.get_json() == {
        "type": "/api/v1/docs#problem-conflict",
        "title": "Dữ liệu đã thay đổi",
        "status": 409,
        "detail": "Hồ sơ đã được người khác cập nhật.",
        "instance": "/api/v1/ho-so/1/xu-ly",
    }


# --- health ----------------------------------------------------------------------------


def test_healthz_reports_ok(shell_client: FlaskClient) -> None:
    response = shell_client.get("/healthz")

    assert response.status_code == 200
    # No REDIS_URL: no queue to report, and that is healthy (`make run` needs no Redis).
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_healthz_reports_a_broken_database(tmp_path: Path) -> None:
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-such-dir' / 't.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json() == {
        "status": "error",
        "database": "OperationalError",
        "redis": "not configured",
    }


# --- language --------------------------------------------------------------------------


def test_lang_en_switches_to_english_and_is_remembered(shell_client: FlaskClient) -> None:
    english = shell_client.get("/dang-nhap?lang=en").get_data(as_text=True)

    assert '<html lang="en">' in english
    assert "Sign in" in english and "Username" in english and "Tên đăng nhập" not in english
    assert '<html lang="en">' in shell_client.get("/dang-nhap").get_data(as_text=True)
    back = shell_client.get("/dang-nhap?lang=vi").get_data(as_text=True)
    assert '<html lang="vi">' in back and "Tên đăng nhập" in back


@pytest.mark.parametrize(
    ("accept_language", "html_lang"),
    [("en-US,en;q=0.9", "en"), ("vi-VN,vi;q=0.9,en;q=0.5", "vi"), ("fr-FR", "vi")],
)
def test_browser_language_is_the_default(
    shell_client: FlaskClient, accept_language: str, html_lang: str
) -> None:
    html = shell_client.get("/", headers={"Accept-Language": accept_language}).get_data(
        as_text=True
    )

    assert f'<html lang="{html_lang}">' in html


def test_every_role_label_has_an_english_translation(shell_app: Flask) -> None:
    with shell_app.test_request_context(), force_locale("en"):
        untranslated = [role for role in Role if gettext(role.label_vi) == role.label_vi]

    assert untranslated == []


# --- formats and headers ---------------------------------------------------------------


def test_dates_and_money_use_vietnamese_formats(shell_app: Flask) -> None:
    template = "{{ d|vn_date }} | {{ t|vn_date }} | {{ t|vn_datetime }} | {{ m|vnd }} | {{ z|vnd }}"
    with shell_app.test_request_context():
        text = render_template_string(
            template,
            d=date(2026, 2, 9),
            t=datetime(2025, 12, 31, 17, 30, tzinfo=UTC),  # 00:30 on 1 January in Hà Nội
            m=1250000,
            z=0,
        )

    assert text == "09/02/2026 | 01/01/2026 | 00:30 01/01/2026 | 1.250.000 ₫ | 0 ₫"


def test_security_headers_are_sent(shell_client: FlaskClient) -> None:
    for path in ("/", "/dang-nhap", "/khong-co-trang-nay"):
        headers = shell_client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
