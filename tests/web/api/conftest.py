"""API fixtures: the seeded app (tests/conftest.py, both databases), the settable clock,
a client that speaks JSON, and tokens made the way an integrator makes them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import Clock
from tests.web.officer.conftest import IsolatedClient
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import limiter

PASSWORD = "password-123"  # the seeded accounts' (tests/conftest.py)
MANAGERS = [
    ("unit_head.px_quynhon", Role.UNIT_HEAD, "px_quynhon"),
    ("supervisor.ttpvhcc", Role.SUPERVISOR, "ttpvhcc"),
]


@pytest.fixture
def api_app(app: Flask, frozen_clock: Clock) -> Iterator[Flask]:
    from vpub_onestop.services.accounts import create_user

    app.test_client_class = IsolatedClient
    with app.app_context():
        for username, role, agency in MANAGERS:
            create_user(username, PASSWORD, f"Cán bộ {username}", role, agency_key=agency)
    limiter.reset()
    with app.app_context():
        yield app


@pytest.fixture
def api(api_app: Flask) -> FlaskClient:
    return api_app.test_client()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def problem(response: TestResponse, status: int) -> dict[str, Any]:
    """The problem document of an error answer, after checking its status and type."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert body["instance"] == response.request.path
    return body  # type: ignore[no-any-return]


Tokens = Callable[..., str]


@pytest.fixture
def token_for(api: FlaskClient) -> Tokens:
    """A fresh person's token, made through POST /api/v1/tokens."""

    def make(username: str, password: str = PASSWORD, **extra: Any) -> str:
        limiter.reset()  # many tokens from one address within a minute
        response = api.post(
            "/api/v1/tokens", json={"username": username, "password": password, **extra}
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        return str(response.get_json()["token"])

    return make
