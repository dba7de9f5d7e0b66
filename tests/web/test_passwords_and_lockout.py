"""Weak passwords are refused where passwords are chosen (docs/policies.md#passwords), and
an account is locked after repeated failures (docs/policies.md#login-lockout)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.conftest import Clock
from tests.web.conftest import PASSWORD, AppFactory, log_in
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import User

STAFF = "lan.tiepnhan"
LOCKED_PAGE = "Tài khoản tạm thời bị khóa vì nhập sai mật khẩu nhiều lần"


def _registration(password: str, **changes: Any) -> dict[str, Any]:
    data = {
        "username": "lan.tran",
        "full_name": "Trần Thị Lan",
        "citizen_id": "052190004321",
        "phone": "0912 345 678",
        "email": "lan.tran@example.com",
        "password": password,
        "confirm": password,
    }
    data.update(changes)
    return data


def _users(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "Mật khẩu này quá phổ biến, dễ bị đoán"),
        ("password", "Mật khẩu này quá phổ biến, dễ bị đoán"),
        ("Lan.Tran.2026", "Mật khẩu không được chứa họ tên, tên đăng nhập"),
        ("052190004321", "Mật khẩu không được chứa họ tên, tên đăng nhập"),
        ("ngan", "Mật khẩu phải có ít nhất 8 ký tự."),
    ],
)
def test_registration_refuses_weak_passwords_with_a_clear_message(
    shell_app: Flask, shell_client: FlaskClient, password: str, message: str
) -> None:
    before = _users(shell_app)

    response = shell_client.post("/dang-ky", data=_registration(password))

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _users(shell_app) == before


def test_the_forms_take_the_minimum_length_from_the_policy_setting(
    make_shell_app: AppFactory,
) -> None:
    """PASSWORD_MIN_LENGTH = 12: the registration and password-change forms say 12 and refuse
    an 11-character password that is neither common nor personal ("song-ba-xan")."""
    app = make_shell_app(PASSWORD_MIN_LENGTH=12)
    client = app.test_client()
    assert "Mật khẩu (ít nhất 12 ký tự)" in client.get("/dang-ky").get_data(as_text=True)
    before = _users(app)

    registered = client.post("/dang-ky", data=_registration("song-ba-xan"))

    assert registered.status_code == 422
    assert "Mật khẩu phải có ít nhất 12 ký tự." in registered.get_data(as_text=True)
    assert _users(app) == before
    log_in(client, "hung.congdan")
    page = client.get("/tai-khoan/mat-khau").get_data(as_text=True)
    assert "Mật khẩu mới (ít nhất 12 ký tự)" in page
    changed = client.post(
        "/tai-khoan/mat-khau",
        data={
            "current_password": PASSWORD,
            "new_password": "song-ba-xan",
            "confirm": "song-ba-xan",
        },
    )
    assert changed.status_code == 422
    assert "Mật khẩu phải có ít nhất 12 ký tự." in changed.get_data(as_text=True)
    assert client.post(
        "/tai-khoan/mat-khau",
        data={
            "current_password": PASSWORD,
            "new_password": "song-ba-xanh-71",
            "confirm": "song-ba-xanh-71",
        },
    ).status_code in (302, 303)


def test_the_refusal_is_in_english_on_an_english_page(shell_client: FlaskClient) -> None:
    response = shell_client.post("/dang-ky?lang=en", data=_registration("password"))

    assert "This password is too common and easy to guess" in response.get_data(as_text=True)


def test_a_password_change_refuses_a_common_password(shell_client: FlaskClient) -> None:
    log_in(shell_client, "hung.congdan")

    response = shell_client.post(
        "/tai-khoan/mat-khau",
        data={"current_password": PASSWORD, "new_password": "12345678", "confirm": "12345678"},
    )

    assert response.status_code == 422
    assert "Mật khẩu này quá phổ biến" in response.get_data(as_text=True)
    assert log_in(shell_client.application.test_client(), "hung.congdan").status_code == 302


def test_an_administrator_cannot_create_an_account_with_a_weak_password(
    shell_app: Flask,
) -> None:
    from vpub_onestop.services.accounts import create_user

    with shell_app.app_context():
        with pytest.raises(ValidationError) as refused:
            create_user("tuan.giamsat", "tuan.giamsat1", "Phạm Anh Tuấn", Role.SUPERVISOR)
        assert "tên đăng nhập" in refused.value.field_errors["password"]
        with pytest.raises(ValidationError):
            create_user("tuan.giamsat", "password", "Phạm Anh Tuấn", Role.SUPERVISOR)
        assert create_user("tuan.giamsat", "song-ba-xanh-71", "Phạm Anh Tuấn", Role.SUPERVISOR)


# --- lock after failures (defaults: 5 failures within 15 minutes lock for 15 minutes) ------


@pytest.fixture
def lock_app(make_shell_app: AppFactory) -> Flask:
    # The per-address rate limit is another guard; lifted here to see the account's own.
    return make_shell_app(RATELIMIT_LOGIN="1000 per minute")


def test_five_failures_lock_the_account_and_say_until_when(
    lock_app: Flask, frozen_clock: Clock
) -> None:
    client = lock_app.test_client()
    for _ in range(4):
        page = log_in(client, STAFF, "sai-mat-khau").get_data(as_text=True)
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in page and LOCKED_PAGE not in page

    fifth = log_in(client, STAFF, "sai-mat-khau").get_data(as_text=True)

    # Locked at 08:00 on Mon 2/3/2026 (the frozen clock) for 15 minutes: until 08:15.
    assert LOCKED_PAGE in fifth and "08:15 02/03/2026" in fifth
    right = log_in(lock_app.test_client(), STAFF)  # even the right password, from elsewhere
    assert right.status_code == 200 and LOCKED_PAGE in right.get_data(as_text=True)


def test_the_lock_lifts_by_itself_when_its_time_is_up(lock_app: Flask, frozen_clock: Clock) -> None:
    client = lock_app.test_client()
    for _ in range(5):
        log_in(client, STAFF, "sai-mat-khau")

    frozen_clock.advance(minutes=14)
    assert log_in(client, STAFF).status_code == 200  # 08:14: still locked
    frozen_clock.advance(minutes=1)

    assert log_in(client, STAFF).status_code == 302  # 08:15: free again


def test_failures_spread_beyond_the_window_do_not_lock(
    lock_app: Flask, frozen_clock: Clock
) -> None:
    client = lock_app.test_client()
    for _ in range(4):
        log_in(client, STAFF, "sai-mat-khau")
    frozen_clock.advance(minutes=16)  # the 15-minute window of the first failure is over

    page = log_in(client, STAFF, "sai-mat-khau").get_data(as_text=True)

    assert LOCKED_PAGE not in page
    assert log_in(client, STAFF).status_code == 302


def test_a_success_clears_the_count(lock_app: Flask, frozen_clock: Clock) -> None:
    client = lock_app.test_client()
    for _ in range(4):
        log_in(client, STAFF, "sai-mat-khau")
    assert log_in(client, STAFF).status_code == 302
    client.post("/dang-xuat")

    page = log_in(client, STAFF, "sai-mat-khau").get_data(as_text=True)

    assert LOCKED_PAGE not in page  # a fresh count: 1 failure, not 5


def test_an_administrator_unlocks_from_the_command_line(
    lock_app: Flask, frozen_clock: Clock
) -> None:
    client = lock_app.test_client()
    for _ in range(5):
        log_in(client, STAFF, "sai-mat-khau")

    result = lock_app.test_cli_runner().invoke(args=["account", "unlock", STAFF])

    assert result.exit_code == 0 and STAFF in result.output
    assert log_in(client, STAFF).status_code == 302


def test_an_unknown_username_never_reports_a_lock(lock_app: Flask) -> None:
    client = lock_app.test_client()
    for _ in range(7):
        page = log_in(client, "khong.ai", "sai-mat-khau").get_data(as_text=True)
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in page and LOCKED_PAGE not in page
