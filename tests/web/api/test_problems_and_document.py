"""Under /api every failure is a problem document (RFC 9457), never an HTML page, an
unexpected exception included; the OpenAPI document validates and lists every endpoint;
the docs page is drawn from it on the server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from tests.web.api.conftest import problem
from vpub_onestop import create_app
from vpub_onestop.extensions import db


def test_an_unexpected_exception_is_logged_and_answered_as_a_500_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'boom.sqlite'}",
        PROPAGATE_EXCEPTIONS=False,  # as in production: Flask answers instead of raising
    )

    def explode() -> str:
        raise RuntimeError("a bug in a view")

    app.add_url_rule("/api/v1/_boom", "boom", explode)
    with app.app_context():
        db.create_all()
    app.add_url_rule("/_boom", "boom_page", explode)
    answer = app.test_client().get("/api/v1/_boom")
    body = problem(answer, 500)
    assert body["type"] == "about:blank"
    assert "a bug in a view" not in answer.get_data(as_text=True)  # no internals leak
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line[:1] == "{"]
    assert any("a bug in a view" in record.get("exception", "") for record in records)
    # Outside /api the same failure is still the HTML error page for people.
    page = app.test_client().get("/_boom")
    assert page.status_code == 500 and page.mimetype == "text/html"


def test_unknown_paths_and_methods_are_problems_too(api: FlaskClient) -> None:
    assert problem(api.get("/api/v1/no-such-thing"), 404)["type"].endswith("#problem-not-found")
    wrong_method = api.put("/api/v1/tokens", json={})
    problem(wrong_method, 405)
    assert set(wrong_method.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_the_openapi_document_validates_and_declares_every_route(
    api_app: Flask, api: FlaskClient
) -> None:
    answer = api.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    document = answer.get_json()
    validate(document)  # raises on an invalid OpenAPI 3.1 document
    assert document["openapi"] == "3.1.0"
    declared = {
        (f"/api/v1{path}", method.upper())
        for path, item in document["paths"].items()
        for method in item
    }
    routed = {
        (rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}"), method)
        for rule in api_app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.docs"
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert routed == declared


def test_the_docs_page_reads_offline_and_lists_every_endpoint(api: FlaskClient) -> None:
    page = api.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "Tài liệu API phiên bản 1" in html
    for path in ("/api/v1/tokens", "/api/v1/procedures/{code}", "/api/v1/lookup/{code}"):
        assert path in html
    for anchor in ("problem-unauthorized", "problem-validation", "problem-conflict"):
        assert f'id="{anchor}"' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_the_docs_page_shows_the_token_placeholder_as_text(api: FlaskClient) -> None:
    """An integrator reads the header to send; the placeholder is words on the page, not a
    tag the browser swallows (it showed "Bearer ." before)."""
    for asked, placeholder in (("", "mã truy cập"), ("?lang=en", "token")):
        html = api.get(f"/api/v1/docs{asked}").get_data(as_text=True)
        assert f"Authorization: Bearer &lt;{placeholder}&gt;" in html
        assert f"<{placeholder}>" not in html


def test_the_document_and_its_page_read_in_the_callers_language(api: FlaskClient) -> None:
    """Vietnamese by default, English when asked as the pages are asked (`?lang=en`) or by
    the Accept-Language header; the same paths and schemas either way."""

    def feed(document: dict) -> dict:  # type: ignore[type-arg]
        return document["paths"]["/sync/events"]["get"]  # type: ignore[no-any-return]

    vietnamese = api.get("/api/v1/openapi.json").get_json()
    asked = api.get("/api/v1/openapi.json?lang=en").get_json()
    by_header = api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).get_json()
    assert feed(vietnamese)["summary"] == "Các thay đổi trạng thái sau con trỏ, cũ nhất trước"
    assert feed(asked)["summary"] == "Status changes after a cursor, oldest first"
    assert by_header == asked
    assert asked["paths"].keys() == vietnamese["paths"].keys()
    assert asked["components"] == vietnamese["components"]
    tags = {tag["name"]: tag["description"] for tag in asked["tags"]}
    assert tags["tokens"] == "Bearer tokens of a person: make, list, revoke."
    transition = asked["paths"]["/dossiers/{code}/transitions"]["post"]["description"]
    assert "Agency work on a step" in transition and "approve" in transition
    validate(asked)

    english_page = api.get("/api/v1/docs?lang=en").get_data(as_text=True)
    assert "Status changes after a cursor, oldest first" in english_page
    assert "The last position read." in english_page  # a parameter's description
    page = api.get("/api/v1/docs").get_data(as_text=True)
    assert "Các thay đổi trạng thái sau con trỏ, cũ nhất trước" in page
    assert "Status changes after a cursor" not in page


def test_a_stale_version_names_who_changed_it_and_a_missing_one_asks_for_it(
    tmp_path: Path,
) -> None:
    from vpub_onestop.domain.errors import StaleDossier, VersionMissing

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'v.sqlite'}",
        WTF_CSRF_ENABLED=False,  # these stand-ins are not on the API's blueprint
    )

    def stale() -> str:
        # What services/transition.check_version raises when another officer acted first.
        raise StaleDossier(
            "Hồ sơ đã được Nguyễn Thị Lan cập nhật lúc 09:15 02/03/2026.",
            current_version=4,
            changed_by="Nguyễn Thị Lan",
            changed_at="2026-03-02T09:15:00+07:00",
        )

    def unversioned() -> str:
        raise VersionMissing()

    app.add_url_rule("/api/v1/_stale", "stale", stale, methods=["POST"])
    app.add_url_rule("/api/v1/_unversioned", "unversioned", unversioned, methods=["POST"])
    client = app.test_client()
    body = problem(client.post("/api/v1/_stale"), 409)
    assert (body["changed_by"], body["changed_at"], body["current_version"]) == (
        "Nguyễn Thị Lan",
        "2026-03-02T09:15:00+07:00",
        4,
    )
    assert body["type"].endswith("#problem-conflict")
    missing = problem(client.post("/api/v1/_unversioned"), 428)
    assert missing["type"].endswith("#problem-version-required")
    assert "changed_by" not in missing
