"""Officer workspace fixtures: the seeded app (tests/conftest.py) plus the two roles it
lacks (unit head, supervisor), a settable clock, logged-in test clients per username, and
small helpers that read and submit the forms of a page the way a browser would."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import Clock
from tests.web.conftest import log_in
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Dossier

PASSWORD = "password-123"
EXTRA_ACCOUNTS = [
    ("unit_head.px_quynhon", Role.UNIT_HEAD, "px_quynhon"),
    ("unit_head.ttpvhcc", Role.UNIT_HEAD, "ttpvhcc"),
    ("supervisor.ttpvhcc", Role.SUPERVISOR, "ttpvhcc"),
]


@pytest.fixture
def clock(frozen_clock: Clock) -> Clock:
    """The app's clock, from Mon 2/3/2026 08:00 (tests/conftest.py)."""
    return frozen_clock


class IsolatedClient(FlaskClient):
    """Each request gets its own application context, as on a real server: the test keeps
    one open for its service calls, and Flask would otherwise share it (and `g`, where
    Flask-Login caches the user, and the database session) with every request."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def officer_app(app: Flask, clock: Clock) -> Iterator[Flask]:
    from vpub_onestop.services.accounts import create_user

    app.test_client_class = IsolatedClient
    with app.app_context():
        for username, role, agency in EXTRA_ACCOUNTS:
            create_user(username, PASSWORD, f"Cán bộ {username}", role, agency_key=agency)
    limiter.reset()
    with app.app_context():
        yield app


Clients = Callable[[str], FlaskClient]


@pytest.fixture
def client_for(officer_app: Flask) -> Clients:
    """A logged-in test client per username (made once per test)."""
    made: dict[str, FlaskClient] = {}

    def get(username: str) -> FlaskClient:
        if username not in made:
            client = officer_app.test_client()
            limiter.reset()  # many officers sign in from one address within a minute
            response = log_in(client, username, PASSWORD)
            assert response.status_code == 302, f"{username} could not log in"
            made[username] = client
        return made[username]

    return get


class _Forms(HTMLParser):
    """Collects each form's action and the values a browser would send without any typing:
    hidden and text inputs, checked boxes, the selected (or first) option, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._current = {"action": values.get("action", ""), "fields": {}}
            self.forms.append(self._current)
            return
        if self._current is None:
            return
        fields = self._current["fields"]
        name = values.get("name")
        if tag == "option" and self._select is not None:
            if self._select not in fields or "selected" in values:
                fields[self._select] = values.get("value", "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "input" and name:
            kind = values.get("type", "text")
            if kind in ("submit", "file", "button") or (
                kind in ("checkbox", "radio") and "checked" not in values
            ):
                return
            fields.setdefault(name, values.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._current is not None and self._textarea is not None:
            self._current["fields"][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._current is not None and self._textarea is not None:
            # Browsers drop the newline that opens a textarea's content.
            text = self._current["fields"][self._textarea]
            self._current["fields"][self._textarea] = text.removeprefix("\r").removeprefix("\n")
            self._textarea = None


def forms_in(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_for(html: str, action: str) -> dict[str, Any] | None:
    """The fields of the form that posts to `action`, or None when the page has none."""
    return next((form["fields"] for form in forms_in(html) if form["action"] == action), None)


def submit(
    client: FlaskClient, page: str, action: str, fields: dict[str, Any] | None = None
) -> TestResponse:
    """Open `page`, find the form posting to `action` (it must be offered) and send it; a
    final act asks once (web/confirm.py), and the officer answers yes from the page."""
    html = client.get(page).get_data(as_text=True)
    data = form_for(html, action)
    assert data is not None, f"no form posting to {action} on {page}"
    data.update(fields or {})
    answer = client.post(action, data=data, content_type="multipart/form-data")
    return confirm_if_asked(client, answer, action, data)


def confirm_if_asked(
    client: FlaskClient, answer: TestResponse, action: str, sent: dict[str, Any]
) -> TestResponse:
    """When the answer is the confirmation step of `action`, press its confirm button: the
    form on the page carries the input already given and the `xac-nhan` answer. Boxes tied
    to the form from outside it (`form="…"`, the check screen's missing-paper boxes) are not
    seen by this parser; a browser sends them again, so `sent` stands in for them."""
    if answer.status_code != 200:
        return answer
    again = form_for(answer.get_data(as_text=True), action)
    if again is None or again.get("xac-nhan") != "1":
        return answer
    return client.post(action, data={**sent, **again}, content_type="multipart/form-data")


def csrf_of(client: FlaskClient) -> str:
    """The session's CSRF token, read from the logout form every signed-in page carries."""
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the home page"
    return match.group(1)


def blind_post(
    client: FlaskClient, action: str, prefix: str, version: int, fields: dict[str, Any]
) -> TestResponse:
    """A POST made without the form on the page (a forged or outdated request)."""
    data = {"csrf_token": csrf_of(client), f"{prefix}-version": str(version)}
    data.update(fields)
    return client.post(action, data=data, content_type="multipart/form-data")


def fresh(dossier_id: int) -> Dossier:
    """The dossier as the server left it. Ending the test's own read transaction first
    matters: on SQLite it would otherwise keep reading its old snapshot."""
    db.session.rollback()
    dossier = db.session.get(Dossier, dossier_id)
    assert dossier is not None
    return dossier


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)
