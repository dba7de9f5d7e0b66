"""Error pages: one handler per kind of failure, HTML for people and JSON for API
clients, in the page's language (docs/architecture.md#errors).

Domain errors carry their own status (403, 404, 409, 422, 428); HTTP errors get a title
and a message of ours; an unreachable database answers 503 with `Retry-After`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, ServiceUnavailable

from vpub_onestop.domain.errors import DomainError
from vpub_onestop.extensions import db
from vpub_onestop.web.api import problems

# Vietnamese source strings; English comes from the message catalog.
_HTTP_ERRORS: dict[int, tuple[Any, Any]] = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Yêu cầu gửi lên không hợp lệ.")),
    403: (_l("Không có quyền truy cập"), _l("Bạn không có quyền thực hiện thao tác này.")),
    404: (_l("Không tìm thấy trang"), _l("Trang hoặc hồ sơ bạn tìm không tồn tại.")),
    405: (_l("Thao tác không được hỗ trợ"), _l("Địa chỉ này không hỗ trợ thao tác vừa gửi.")),
    409: (
        _l("Dữ liệu đã thay đổi"),
        _l("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại."),
    ),
    413: (_l("Tệp quá lớn"), _l("Tệp gửi lên vượt quá dung lượng cho phép.")),
    422: (_l("Dữ liệu không hợp lệ"), _l("Vui lòng kiểm tra lại thông tin đã nhập.")),
    428: (
        _l("Cần tải lại trang"),
        _l("Trang bạn dùng đã cũ. Vui lòng tải lại trang rồi thực hiện lại."),
    ),
    429: (
        _l("Quá nhiều yêu cầu"),
        _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại."),
    ),
    500: (
        _l("Lỗi hệ thống"),
        _l("Hệ thống gặp sự cố. Vui lòng thử lại sau hoặc liên hệ Bộ phận Một cửa."),
    ),
    # The app cannot serve the request now but will soon (docs/architecture.md#busy).
    503: (_l("Hệ thống đang bận"), _l("Hệ thống đang bận, vui lòng thử lại sau ít giây.")),
}
_CSRF_MESSAGE = _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang.")


def register(app: Flask) -> None:
    app.register_error_handler(problems.ApiProblem, problems.problem_response)
    # Codes without a page of their own (401, 406, 415...): werkzeug's answer, except
    # under /api where every error is a problem document (docs/api.md#errors).
    app.register_error_handler(HTTPException, _handle_other_http_error)
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(CSRFError, _handle_csrf_error)
    for code in _HTTP_ERRORS:
        app.register_error_handler(code, _handle_http_error)
    # The database cannot be reached (restarting, failing over, out of connections): the
    # request's transaction is rolled back and "try again in a few seconds" is the truth,
    # where a 500 would say the app is broken. Pooled connections are pinged before use
    # (db_setup.py), so the first request after the database is back succeeds.
    app.register_error_handler(OperationalError, _handle_database_unavailable)
    app.register_error_handler(InterfaceError, _handle_database_unavailable)


def wants_json() -> bool:
    """API paths, and clients that accept JSON but not HTML, get JSON errors."""
    if request.path.startswith("/api/"):
        return True
    accept = request.accept_mimetypes
    return accept.accept_json and not accept.accept_html


def _error_response(
    status: int,
    title: str,
    message: str,
    code: str,
    field_errors: dict[str, str] | None = None,
) -> tuple[Response | str, int]:
    if wants_json():
        body: dict[str, Any] = {"status": status, "error": code, "message": message}
        if field_errors:
            body["field_errors"] = field_errors
        return jsonify(body), status
    page = render_template(
        "errors/error.html",
        status=status,
        title=title,
        message=message,
        field_errors=field_errors or {},
        reload_url=_reload_url() if status in (409, 428) else None,
    )
    return page, status


def _reload_url() -> str:
    """The page the user was looking at (same site only), for the 409 "reload" button."""
    referrer = request.referrer
    if referrer:
        parts = urlsplit(referrer)
        if parts.netloc == request.host and parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return "/"


# What a 409 tells an API client about the change that beat it (services/transition.py).
_CONFLICT_DETAILS = ("changed_by", "changed_at", "current_version")


def _handle_domain_error(error: DomainError) -> Response | tuple[Response | str, int]:
    from vpub_onestop.web.errors import error_message, field_errors

    status = error.http_status
    title = str(_HTTP_ERRORS.get(status, _HTTP_ERRORS[400])[0])
    fields = field_errors(error) or None
    if problems.is_api_request():
        extra = {key: error.details.get(key) for key in _CONFLICT_DETAILS}
        return problems.respond(
            status, title, error_message(error), field_errors=fields, extra=extra
        )
    return _error_response(status, title, error_message(error), type(error).__name__, fields)


def _handle_csrf_error(error: CSRFError) -> Response | tuple[Response | str, int]:
    title = str(_HTTP_ERRORS[400][0])
    if problems.is_api_request():
        return problems.respond(400, title, _CSRF_MESSAGE)
    return _error_response(400, title, str(_CSRF_MESSAGE), "csrf_error")


def _handle_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    title, message = (str(text) for text in _HTTP_ERRORS.get(status, _HTTP_ERRORS[500]))
    code = (error.name or "error").lower().replace(" ", "_")
    if problems.is_api_request():
        return _api_http_problem(error, status, title, message)
    if status >= 500:
        response = _server_side_page(status, title, message, code)
    else:
        response = current_app.make_response(_error_response(status, title, message, code))
    retry_after = getattr(error, "retry_after", None)  # werkzeug's 503 and 429 carry one
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _handle_other_http_error(error: HTTPException) -> Response | HTTPException:
    if not problems.is_api_request():
        return error
    status = error.code or 500
    return _api_http_problem(error, status, error.name, error.description or error.name)


def _api_http_problem(error: HTTPException, status: int, title: str, message: str) -> Response:
    if status >= 500:
        try:  # the request's transaction is over; the answer reads nothing
            db.session.rollback()
        except Exception:
            current_app.logger.warning("rollback failed before an API 5xx answer")
    headers: dict[str, str] = {}
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return problems.respond(status, title, message, headers=headers)


def _server_side_page(status: int, title: str, message: str, code: str) -> Response:
    """A 5xx page must not fail in turn when the database is what broke (the page's
    header asks for the signed-in user): then the message alone, as plain text."""
    try:
        db.session.rollback()
        return current_app.make_response(_error_response(status, title, message, code))
    except Exception as error:
        if isinstance(error, OperationalError | InterfaceError):
            current_app.logger.warning("the %s page was sent as plain text: %r", status, error)
        else:
            current_app.logger.exception("the error page could not be rendered")
        return Response(message, status=status, mimetype="text/plain")


def _handle_database_unavailable(error: DBAPIError) -> Response:
    current_app.logger.warning("database unavailable: %s", type(error.orig).__name__)
    seconds = current_app.config["BUSY_RETRY_AFTER_SECONDS"]
    return _handle_http_error(ServiceUnavailable(retry_after=seconds))
