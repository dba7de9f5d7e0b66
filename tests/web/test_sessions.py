"""Sessions that end (docs/policies.md#sessions): a copied cookie stops working at sign-out,
at a password change and at "sign out everywhere"; idle and old sessions expire; signing in
starts a fresh session with a fresh CSRF token."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Clock
from tests.web.conftest import PASSWORD, AppFactory, csrf_token_from, log_in

MY_DOSSIERS = "/ho-so-cua-toi"
CITIZEN = "hung.congdan"


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app: Flask, cookie: str) -> FlaskClient:
    """Another browser holding a copy of the cookie (what a thief would do)."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def _refused(response: object) -> bool:
    """Sent to the sign-in page, as anybody signed out."""
    location = getattr(response, "headers", {}).get("Location", "")
    return getattr(response, "status_code", 0) == 302 and location.startswith("/dang-nhap")


def test_a_copied_cookie_stops_working_after_sign_out(shell_app: Flask) -> None:
    client = shell_app.test_client()
    log_in(client, CITIZEN)
    copied = _cookie(client)
    assert _replay(shell_app, copied).get(MY_DOSSIERS).status_code == 200  # the copy works...

    client.post("/dang-xuat")

    assert _refused(_replay(shell_app, copied).get(MY_DOSSIERS))  # ...until sign-out
    assert _refused(client.get(MY_DOSSIERS))


def test_sign_out_ends_the_sessions_of_other_browsers_too(shell_app: Flask) -> None:
    phone, laptop = shell_app.test_client(), shell_app.test_client()
    log_in(phone, CITIZEN)
    log_in(laptop, CITIZEN)

    laptop.post("/dang-xuat")

    assert _refused(phone.get(MY_DOSSIERS))


def test_a_password_change_ends_older_sessions_but_keeps_the_changing_one(
    shell_app: Flask,
) -> None:
    client = shell_app.test_client()
    log_in(client, CITIZEN)
    copied = _cookie(client)

    response = client.post(
        "/tai-khoan/mat-khau",
        data={
            "current_password": PASSWORD,
            "new_password": "gio-dong-bac-2026",
            "confirm": "gio-dong-bac-2026",
        },
    )

    assert response.status_code == 302, response.get_data(as_text=True)
    assert _refused(_replay(shell_app, copied).get(MY_DOSSIERS))
    assert client.get(MY_DOSSIERS).status_code == 200  # who changed it stays signed in
    assert log_in(shell_app.test_client(), CITIZEN, "gio-dong-bac-2026").status_code == 302


def test_sign_out_everywhere_from_the_command_line(shell_app: Flask) -> None:
    client = shell_app.test_client()
    log_in(client, CITIZEN)

    result = shell_app.test_cli_runner().invoke(args=["account", "sign-out-everywhere", CITIZEN])

    assert result.exit_code == 0, result.output
    assert CITIZEN in result.output
    assert _refused(client.get(MY_DOSSIERS))
    unknown = shell_app.test_cli_runner().invoke(args=["account", "sign-out-everywhere", "ai"])
    assert unknown.exit_code != 0 and "Không có tài khoản 'ai'" in unknown.output


def test_an_idle_session_expires(make_shell_app: AppFactory, frozen_clock: Clock) -> None:
    app = make_shell_app(SESSION_IDLE_MINUTES=60)
    client = app.test_client()
    log_in(client, CITIZEN)

    frozen_clock.advance(minutes=59)
    assert client.get(MY_DOSSIERS).status_code == 200  # a request within the hour...
    frozen_clock.advance(minutes=59)
    assert client.get(MY_DOSSIERS).status_code == 200  # ...restarts the idle hour

    frozen_clock.advance(minutes=61)

    response = client.get(MY_DOSSIERS)
    assert _refused(response)
    assert "Vui lòng đăng nhập để tiếp tục." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_a_busy_session_still_ends_at_the_absolute_limit(
    make_shell_app: AppFactory, frozen_clock: Clock
) -> None:
    app = make_shell_app(SESSION_IDLE_MINUTES=60, SESSION_ABSOLUTE_HOURS=12)
    client = app.test_client()
    log_in(client, CITIZEN)

    for _ in range(23):  # a request every 30 minutes: never idle, 11 h 30 in all
        frozen_clock.advance(minutes=30)
        assert client.get(MY_DOSSIERS).status_code == 200
    frozen_clock.advance(minutes=31)  # 12 h 01 after signing in

    assert _refused(client.get(MY_DOSSIERS))
    assert log_in(client, CITIZEN).status_code == 302  # signing in again starts anew
    assert client.get(MY_DOSSIERS).status_code == 200


def test_signing_in_gives_a_fresh_session_and_csrf_token(csrf_client: FlaskClient) -> None:
    anonymous_token = csrf_token_from(csrf_client.get("/dang-nhap").get_data(as_text=True))
    anonymous_cookie = _cookie(csrf_client)

    assert log_in(csrf_client, CITIZEN).status_code == 302

    assert _cookie(csrf_client) != anonymous_cookie
    # The token planted before signing in (session fixation, a forged form) no longer works.
    assert csrf_client.post("/dang-xuat", data={"csrf_token": anonymous_token}).status_code == 400
    fresh = csrf_token_from(csrf_client.get("/tai-khoan").get_data(as_text=True))
    assert fresh != anonymous_token
    assert csrf_client.post("/dang-xuat", data={"csrf_token": fresh}).status_code == 302


def test_the_chosen_language_survives_signing_in(shell_client: FlaskClient) -> None:
    shell_client.get("/dang-nhap?lang=en")

    log_in(shell_client, CITIZEN)

    assert "My dossiers" in shell_client.get(MY_DOSSIERS).get_data(as_text=True)


def test_csrf_tokens_have_a_time_limit(make_shell_app: AppFactory) -> None:
    app = make_shell_app()
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 3600
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= timedelta(hours=12)


def test_an_unchanged_session_is_not_sent_again_within_the_minute(
    make_shell_app: AppFactory, frozen_clock: Clock
) -> None:
    """The idle clock is written at most once a minute (docs/policies.md#sessions): pages
    opened within the minute leave the cookie alone; a page after it renews the cookie,
    and the renewed cookie keeps the session open past the first idle hour."""
    app = make_shell_app(SESSION_IDLE_MINUTES=60)
    client = app.test_client()
    log_in(client, CITIZEN)
    client.get(MY_DOSSIERS)  # the first page after signing in may still settle the session

    frozen_clock.advance(seconds=20)
    quiet = client.get(MY_DOSSIERS)
    assert quiet.status_code == 200
    assert "Set-Cookie" not in quiet.headers

    frozen_clock.advance(minutes=50)
    renewed = client.get(MY_DOSSIERS)
    assert renewed.status_code == 200
    assert "session=" in renewed.headers.get("Set-Cookie", "")

    frozen_clock.advance(minutes=50)  # 100 minutes after signing in, 50 after the renewal
    assert client.get(MY_DOSSIERS).status_code == 200
