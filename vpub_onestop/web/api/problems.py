"""Errors of the public API as problem details (RFC 9457, `application/problem+json`):
`type`, `title`, `status`, `detail`, `instance`, plus `errors` (422: one entry per field),
`changed_by` / `changed_at` / `current_version` (409) and `Retry-After` (429, 503).
See docs/api.md#errors.

The app's error handlers (web/error_pages.py) hand every error of a request under /api
here, so a client never receives an HTML page, whatever failed; an unexpected exception
is logged by Flask and answered as a 500 problem.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, request
from flask_babel import lazy_gettext as _l

PROBLEM_MIMETYPE = "application/problem+json"
API_PREFIX = "/api/"
# Problem types with a meaning of their own are documented on the docs page, under these
# anchors; the others are plain HTTP errors ("about:blank", RFC 9457 §4.2.1).
DOCS = "/api/v1/docs#problem-"
TYPED = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    422: "validation",
    428: "version-required",
    429: "rate-limited",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


class ApiProblem(Exception):
    """Raised by the API's views for an answer that no domain error describes (a missing
    token, an operation not granted, a malformed body)."""

    def __init__(
        self,
        status: int,
        title: Any,
        detail: Any,
        *,
        headers: Mapping[str, str] | None = None,
        field_errors: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(str(detail))
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = dict(headers or {})
        self.field_errors = dict(field_errors or {})


UNAUTHORIZED_TITLE = _l("Chưa xác thực")


def unauthorized(detail: Any, *, invalid: bool) -> ApiProblem:
    # RFC 6750 §3: tell the client which scheme to use, and whether the token it sent failed.
    challenge = 'Bearer realm="vpub-onestop"'
    if invalid:
        challenge += ', error="invalid_token"'
    return ApiProblem(401, UNAUTHORIZED_TITLE, detail, headers={"WWW-Authenticate": challenge})


def invalid_input(fields: Mapping[str, Any]) -> ApiProblem:
    return ApiProblem(
        422,
        _l("Dữ liệu không hợp lệ"),
        _l("Vui lòng kiểm tra lại các trường được nêu."),
        field_errors={name: str(message) for name, message in fields.items()},
    )


def respond(
    status: int,
    title: Any,
    detail: Any,
    *,
    field_errors: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": DOCS + TYPED[status] if status in TYPED else "about:blank",
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    if field_errors:
        body["errors"] = [
            {"field": name, "detail": str(message)} for name, message in field_errors.items()
        ]
    for key, value in (extra or {}).items():
        if value is not None:
            body[key] = value
    response = Response(current_app.json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(seconds_until_reset())
    return response


def seconds_until_reset() -> int:
    """Whole seconds until the rate limit that refused this request lets the next one in
    (the project's limiter knows its window); at least one."""
    from vpub_onestop.extensions import limiter

    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def problem_response(error: ApiProblem) -> Response:
    return respond(
        error.status,
        error.title,
        error.detail,
        field_errors=error.field_errors,
        headers=error.headers,
    )
