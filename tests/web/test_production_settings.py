"""The production configuration refuses unsafe settings at start-up, and demo accounts
never sign in under it (docs/policies.md#production, #demo-passwords)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from vpub_onestop import create_app
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import User

GOOD_KEY = "k" * 32


def _production(tmp_path: Path, **overrides: Any) -> Flask:
    settings: dict[str, Any] = {
        "SECRET_KEY": GOOD_KEY,
        "PUBLIC_BASE_URL": "https://motcua.example.vn",
        "RATELIMIT_STORAGE_URI": "memory://",
        "WEB_CONCURRENCY": 1,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.sqlite'}",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": False,
    }
    settings.update(overrides)
    return create_app("production", **settings)


def test_safe_settings_start(tmp_path: Path) -> None:
    assert _production(tmp_path).config["NAME"] == "production"


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SECRET_KEY": "x"}, "SECRET_KEY has 1 bytes, at least 32"),
        ({"SECRET_KEY": "k" * 31}, "SECRET_KEY has 31 bytes"),
        ({"WEB_CONCURRENCY": 4}, "RATELIMIT_STORAGE_URI is memory:// with WEB_CONCURRENCY=4"),
        ({"PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL is not set"),
        ({"ALLOW_DEMO_PASSWORDS": True}, "ALLOW_DEMO_PASSWORDS must be false"),
    ],
)
def test_each_unsafe_setting_stops_the_start_with_its_name(
    tmp_path: Path, overrides: dict[str, Any], named: str
) -> None:
    with pytest.raises(RuntimeError, match="refuses to start") as refused:
        _production(tmp_path, **overrides)
    assert named in str(refused.value)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError) as refused:
        _production(tmp_path, SECRET_KEY="court", PUBLIC_BASE_URL="", WEB_CONCURRENCY=2)
    assert str(refused.value).count("\n- ") == 3


def test_several_workers_may_share_counters_in_redis(tmp_path: Path) -> None:
    app = _production(tmp_path, WEB_CONCURRENCY=4, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    assert app.config["WEB_CONCURRENCY"] == 4


def test_development_keeps_its_easy_settings(tmp_path: Path) -> None:
    app = create_app(
        "development",
        SECRET_KEY="dev",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'dev.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    assert app.config["ALLOW_DEMO_PASSWORDS"] is True


def _login(app: Flask, username: str, password: str) -> Any:
    limiter.reset()
    return app.test_client().post("/dang-nhap", data={"username": username, "password": password})


def test_demo1234_is_refused_under_the_production_config(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from vpub_onestop.services.accounts import create_user

    # A database seeded in development (the seed marks its accounts), then served in
    # production, as the probe did.
    development = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'shared.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
        WTF_CSRF_ENABLED=False,
    )
    with development.app_context():
        db.create_all()
        create_user("admin.demo", "demo1234", "Quản trị mẫu", Role.ADMIN, demo=True)
        create_user("admin.that", "song-ba-xanh-71", "Quản trị thật", Role.ADMIN)
    assert _login(development, "admin.demo", "demo1234").status_code == 302  # demos work

    production = _production(tmp_path)
    with caplog.at_level(logging.WARNING):
        refused = _login(production, "admin.demo", "demo1234")

    assert refused.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in refused.get_data(as_text=True)
    assert "'admin.demo' is a demo account" in caplog.text
    assert _login(production, "admin.that", "song-ba-xanh-71").status_code == 302


def test_the_demo_password_is_refused_even_without_the_marker(tmp_path: Path) -> None:
    # An account seeded before accounts carried the marker: only its password tells.
    production = _production(tmp_path)
    with production.app_context():
        db.create_all()
        old = User(username="reception.cu", full_name="Tiếp nhận", role=Role.RECEPTION.value)
        old.set_password("demo1234", "pbkdf2:sha256:1000")
        db.session.add(old)
        db.session.commit()

    assert _login(production, "reception.cu", "demo1234").status_code == 200


def test_the_demo_seed_marks_every_account_it_makes(tmp_path: Path) -> None:
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'seed.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
        OUTBOX_AUTOSEND=False,
    )
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--dossiers", "0"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        flags = db.session.scalars(select(User.is_demo)).all()
    assert len(flags) > 5 and all(flags)
