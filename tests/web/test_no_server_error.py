"""No input gets a 5xx: every route of the URL map (GET and POST), as a visitor and as a
signed-in user of each role, with hostile path segments, query arguments and form fields
(tests/web/hostile_input.py), on SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL.

Anything malformed must be answered 400, 404 or 422 (or refused 403/405/409/428) by the
input layer, never reach the database as a NUL or an out-of-range integer. The budget is
small for `make test`; VPUB_FUZZ_EXAMPLES raises it for a longer run.

CSRF is off in the fuzz app so that the forged posts reach the form handlers; the last test
checks that it is on in the normal configuration.
"""

from __future__ import annotations

import json
import os
import random
import re
import traceback
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from tests.conftest import Clock
from tests.web.conftest import log_in
from tests.web.hostile_input import (
    HOSTILE_SCALARS,
    QUERY_NAMES,
    Scene,
    build_scene,
    hostile_text,
    plausible,
    upload,
)
from tests.web.officer.conftest import EXTRA_ACCOUNTS, PASSWORD, IsolatedClient
from vpub_onestop import create_app
from vpub_onestop.extensions import limiter
from vpub_onestop.web.request_input import IdConverter

EXAMPLES_PER_ROUTE = int(os.environ.get("VPUB_FUZZ_EXAMPLES", "6"))
ROLES = (
    None,  # a visitor
    "citizen1",
    "reception.px_quynhon",
    "unit_head.px_quynhon",
    "specialist.px_quynhon",
    "leader.px_quynhon",
    "supervisor.ttpvhcc",
    "admin.ttpvhcc",
)
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
KNOWN_SEGMENTS = ["1.000894", "LT.KS-TT-BHYT", "mau-01", "mau-05", "xlsx", "csv", "pdf"]
ID_LIKE = ["2147483647", "2147483648", "9223372036854775808", "1" * 30, *"²١５"]


class Fuzzer:
    """Signed-in clients per role and the request loop, asserting no 5xx."""

    def __init__(self, app: Flask, scene: Scene) -> None:
        self.app = app
        self.scene = scene
        self.clients: dict[str, FlaskClient] = {}
        self.requests = 0
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []

    def client(self, role: str | None) -> FlaskClient:
        if role is None:  # a visitor: fresh each time (registering signs one in)
            return self.app.test_client()
        if role not in self.clients:
            client = self.app.test_client()
            assert log_in(client, role, PASSWORD).status_code == 302, role
            self.clients[role] = client
        return self.clients[role]

    def send(self, role: str | None, method: str, url: str, **kwargs: Any) -> None:
        """One request; a 5xx (or an exception, which the test app propagates instead of
        answering 500) fails the test at once, or is collected with `collect`."""
        problem = self.problem(role, method, url, **kwargs)
        if problem:
            pytest.fail(problem)

    def collect(self, role: str | None, method: str, url: str, **kwargs: Any) -> None:
        problem = self.problem(role, method, url, **kwargs)
        if problem:
            self.failures.append(problem)

    def problem(self, role: str | None, method: str, url: str, **kwargs: Any) -> str | None:
        self.requests += 1
        try:
            response = self.client(role).open(url, method=method, **kwargs)
        except Exception as error:
            last = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"
            return f"{method} {url[:120]!r} as {role}: {type(error).__name__} at {where}: {error}"
        finally:
            if role is not None and url.startswith("/dang-xuat"):
                self.clients.pop(role, None)  # signed out: sign in again next time
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            return f"{method} {url[:120]!r} as {role}: {response.status_code}"
        return None


def _routes(app: Flask) -> list[tuple[Rule, str]]:
    pairs = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            pairs.append((rule, method))
    return pairs


def _arguments(rule: Rule) -> list[str]:
    """The placeholders of the path (a rule's `defaults` are not among them)."""
    return ARGUMENT.findall(rule.rule)


def _is_id(rule: Rule, name: str) -> bool:
    return isinstance(rule._converters[name], IdConverter)


def _path(rule: Rule, values: dict[str, str]) -> str:
    return ARGUMENT.sub(lambda match: quote(values[match.group(1)], safe=""), rule.rule)


def _prefix_of(rule: Rule) -> str:
    """The prefix the page gives the form of this act (web/desk_forms, web/work_forms)."""
    act = (rule.endpoint or "").rsplit(".", 1)[-1]
    return {"return_for_completion": "rfc", "update": "pa1"}.get(act, act)


def _fields(rnd: random.Random, names: list[str], texts: list[str]) -> list[tuple[str, str]]:
    """Most fields plausible, about one in four hostile (a drawn text or a known one)."""
    hostile = [*texts, *HOSTILE_SCALARS]
    return [
        (name, rnd.choice(hostile) if rnd.random() < 0.25 else rnd.choice(plausible(name)))
        for name in names
    ]


@st.composite
def _request(draw: st.DrawFn, rule: Rule, method: str, scene: Scene) -> dict[str, Any]:
    role = draw(st.sampled_from(ROLES))
    values = {}
    for name in _arguments(rule):
        pool = scene.ids + ID_LIKE if _is_id(rule, name) else KNOWN_SEGMENTS
        values[name] = draw(st.one_of(st.sampled_from(pool), hostile_text))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    texts = draw(st.lists(hostile_text, min_size=1, max_size=3))
    query_names = rnd.sample(QUERY_NAMES, rnd.randint(0, 5))
    prefix = _prefix_of(rule)
    own = [name for name in scene.field_names if "-" not in name or name.startswith(prefix)]
    if method == "GET":
        query_names += rnd.sample(own, min(len(own), rnd.randint(0, 6)))
    request: dict[str, Any] = {
        "role": role,
        "method": method,
        "url": _path(rule, values) + "?" + urlencode(_fields(rnd, query_names, texts)),
    }
    if method == "POST":
        fields = _fields(rnd, own, texts)
        body = draw(st.sampled_from(["form", "multipart", "json"]))
        if body == "json":
            request["data"] = json.dumps(dict(fields) if rnd.random() < 0.7 else texts)
            request["content_type"] = "application/json"
        else:
            data: dict[str, Any] = dict(fields)
            if body == "multipart":
                for name in rnd.sample(own, min(len(own), 3)):
                    content, filename = draw(upload())
                    data[name] = (BytesIO(content), filename)
                request["content_type"] = "multipart/form-data"
            request["data"] = data
    return request


@pytest.fixture
def fuzzer(app: Flask, frozen_clock: Clock) -> Iterator[Fuzzer]:
    from vpub_onestop.services.accounts import create_user

    app.config.update(
        WTF_CSRF_ENABLED=False,  # forged posts must reach the handlers
        RATELIMIT_LOGIN="100000 per minute",
        RATELIMIT_LOOKUP="100000 per minute",
        RATELIMIT_REGISTER="100000 per minute",
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        for username, role, agency in EXTRA_ACCOUNTS:
            create_user(username, PASSWORD, f"Cán bộ {username}", role, agency_key=agency)
        scene = build_scene(frozen_clock)
    limiter.reset()
    yield Fuzzer(app, scene)


# The sweep's cases: an id for the path and one value for every other segment, query
# argument and form field. Each route gets every case, each under another role.
SWEEP = (
    ("2147483648", "²"),  # one past PostgreSQL's integer; a digit for isdigit(), not int()
    ("9223372036854775808", "\x00"),  # one past SQLite's 64 bits; NUL
    ("1" * 30, "a\x00b"),
    ("１", "9" * 30),  # a fullwidth digit; a number past every column
    ("²", "9999-12-31"),
    ("0", "x" * 5000),
    ("3", "\x01\x1b\t\n\x85"),  # a real id with control characters
    ("5", "0001-01-01"),
)


def test_every_route_as_every_role_answers_hostile_values_without_5xx(fuzzer: Fuzzer) -> None:
    """One sweep: each route and method with each case of SWEEP, the cases turning over
    the roles from one route to the next."""
    routes = _routes(fuzzer.app)
    for index, (rule, method) in enumerate(routes):
        for turn, role in enumerate(ROLES):
            path_id, value = SWEEP[(index + turn) % len(SWEEP)]
            values = {name: path_id if _is_id(rule, name) else value for name in _arguments(rule)}
            url = _path(rule, values) + "?" + urlencode(dict.fromkeys(QUERY_NAMES, value))
            data = dict.fromkeys(fuzzer.scene.field_names, value) if method == "POST" else None
            fuzzer.collect(role, method, url, data=data)
    assert not fuzzer.failures, f"{len(fuzzer.failures)} server errors:\n" + "\n".join(
        sorted(fuzzer.failures)
    )
    assert fuzzer.requests == len(routes) * len(ROLES)


def test_hostile_requests_to_every_route_get_no_5xx(fuzzer: Fuzzer) -> None:
    """Property: for every route and method, whatever the path values, query and form
    (drawn by hypothesis, real ids mixed in), the answer is below 500."""
    for rule, method in _routes(fuzzer.app):

        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(request=_request(rule, method, fuzzer.scene))
        def survives(request: dict[str, Any]) -> None:
            fuzzer.send(request.pop("role"), request.pop("method"), request.pop("url"), **request)

        survives()
    print(f"fuzz: {fuzzer.requests} requests, answers {dict(sorted(fuzzer.statuses.items()))}")
    assert fuzzer.requests >= len(_routes(fuzzer.app)) * EXAMPLES_PER_ROUTE


def test_csrf_stays_on_outside_the_fuzz_app(tmp_path: Any) -> None:
    """The fuzz app turns CSRF off; the testing and production configurations keep it on:
    a form posted without its token is refused before any handler runs."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'csrf.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    assert app.config["WTF_CSRF_ENABLED"] is True
    from config import ProductionConfig

    assert ProductionConfig.WTF_CSRF_ENABLED is True
    limiter.reset()
    response = app.test_client().post("/dang-nhap", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "tải lại trang" in response.get_data(as_text=True)
