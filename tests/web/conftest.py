"""Fixtures for the web shell: a bare app (no catalogue) on a file SQLite database,
with a few accounts made through the User model.

Names are prefixed `shell_` so they never shadow the seeded `app` of tests/conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from vpub_onestop import create_app
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models.org import Agency, User

PASSWORD = "mat-khau-dung-123"

AppFactory = Callable[..., Flask]


@pytest.fixture
def make_shell_app(tmp_path: Path) -> Iterator[AppFactory]:
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        settings: dict[str, Any] = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 't.sqlite'}",
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
        }
        settings.update(overrides)
        app = create_app("testing", **settings)
        with app.app_context():
            db.create_all()
            _add_accounts()
        limiter.reset()  # the limiter is a process-wide singleton: start each test clean
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def shell_app(make_shell_app: AppFactory) -> Flask:
    return make_shell_app()


@pytest.fixture
def shell_client(shell_app: Flask) -> FlaskClient:
    return shell_app.test_client()


@pytest.fixture
def csrf_client(make_shell_app: AppFactory) -> FlaskClient:
    return make_shell_app(WTF_CSRF_ENABLED=True).test_client()


def _add_accounts() -> None:
    if db.session.query(User).count():
        return
    commune = Agency(
        key="px_test",
        code="000.00.01.H99",
        name="UBND phường Thử Nghiệm",
        level="commune",
        is_one_stop_unit=True,
    )
    db.session.add(commune)
    accounts = [
        ("lan.tiepnhan", "Nguyễn Thị Lan", Role.RECEPTION, commune, True),
        ("hung.congdan", "Trần Văn Hùng", Role.CITIZEN, None, True),
        ("minh.daxoa", "Lê Văn Minh", Role.SPECIALIST, commune, False),
    ]
    for username, full_name, role, agency, enabled in accounts:
        user = User(
            username=username,
            full_name=full_name,
            role=role.value,
            agency=agency,
            enabled=enabled,
        )
        user.set_password(PASSWORD, "pbkdf2:sha256:1000")  # fast in tests
        db.session.add(user)
    db.session.commit()


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def log_in(
    client: FlaskClient, username: str, password: str = PASSWORD, query: str = ""
) -> TestResponse:
    data = {"username": username, "password": password}
    page = client.get(f"/dang-nhap{query}")
    if 'name="csrf_token"' in page.get_data(as_text=True):
        data["csrf_token"] = csrf_token_from(page.get_data(as_text=True))
    return client.post(f"/dang-nhap{query}", data=data)
