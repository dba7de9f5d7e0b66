"""Property-based run of the API against its own OpenAPI document (schemathesis,
in-process over WSGI): requests generated from the document, valid and invalid, with a
manager's token and without one, must never get a 5xx, and every answer must be one the
document declares (status, content type, headers, body schema). A small budget keeps it
to well under a minute in `make test`; a failure prints the request to reproduce."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import Clock
from vpub_onestop.extensions import limiter
from vpub_onestop.services.api_tokens import IssuedToken, issue_own_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 12  # per operation and generation mode


def _token(app: Flask, username: str) -> str:
    with app.app_context():
        issued = issue_own_token(username, "password-123", "schemathesis", 90)
    assert isinstance(issued, IssuedToken)
    return issued.secret


def test_generated_requests_get_no_server_error_and_answers_the_document_declares(
    app: Flask, frozen_clock: Clock
) -> None:
    limiter.reset()
    tokens = {"admin": _token(app, "admin.ttpvhcc"), "citizen": _token(app, "citizen1")}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ran: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation.as_strategy(generation_mode=mode), tokens)
        ran.append(operation.label)
    assert len(ran) >= 8  # every operation of the core, and those added since


def _run(strategy: Any, tokens: dict[str, str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        for headers in _header_sets(tokens):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

    check()


def _header_sets(tokens: dict[str, str]) -> list[dict[str, str]]:
    bearer: Callable[[str], dict[str, str]] = lambda t: {"Authorization": f"Bearer {t}"}  # noqa: E731
    return [bearer(tokens["admin"]), bearer(tokens["citizen"]), {}]
