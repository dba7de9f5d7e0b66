"""Web layer: binds the extensions, registers blueprints, error pages, filters, headers.

`register_web(app)` is the one entry point `create_app` calls.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, current_app, jsonify, render_template, request, session
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from vpub_onestop.domain import formatting
from vpub_onestop.domain.errors import DomainError
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import babel, csrf, db, limiter, login_manager
from vpub_onestop.models.org import User
from vpub_onestop.web import request_input

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def N_(message: str) -> str:
    """Marks a string for extraction (pybabel keyword N_) without translating it."""
    return message


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
}
_CSRF_MESSAGE = _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang.")

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # Bootstrap's CSS draws a few icons as data: SVG images; everything else is ours.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
}


def register_web(app: Flask) -> None:
    request_input.register(app)  # before the routes: their `<int:...>` are ids
    _bind_extensions(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    app.before_request(_remember_requested_language)
    app.after_request(_add_security_headers)
    from vpub_onestop.web.transport import register_transport

    register_transport(app)


# --- extensions ------------------------------------------------------------------------


def _bind_extensions(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"
    login_manager.localize_callback = gettext
    login_manager.user_loader(_load_user)
    csrf.init_app(app)
    babel.init_app(
        app,
        default_locale=app.config.get("BABEL_DEFAULT_LOCALE", "vi"),
        default_timezone=app.config.get("TIMEZONE", DEFAULT_TIMEZONE),
        locale_selector=select_locale,
    )
    limiter.init_app(app)


def _load_user(user_id: str) -> User | None:
    """The session's user, if the session is still current (web/sessions.py)."""
    from vpub_onestop.web import sessions

    number = request_input.parse_id(user_id)
    user = db.session.get(User, number) if number is not None else None
    if user is None or not sessions.still_valid(user):
        sessions.forget()
        return None
    return user


def _languages() -> tuple[str, ...]:
    return tuple(current_app.config.get("LANGUAGES", ("vi",)))


def _remember_requested_language() -> None:
    requested = request.args.get("lang")
    if requested in _languages():
        session["lang"] = requested


def select_locale() -> str:
    """`?lang=` (kept in the session), else the browser's best match, else Vietnamese."""
    languages = _languages()
    requested = request.args.get("lang")
    if requested in languages:
        return requested
    stored = session.get("lang")
    if stored in languages:
        return str(stored)
    best = request.accept_languages.best_match(languages)
    return best or current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")


BLUEPRINT_MODULES = (
    "auth",  # log in, log out
    "main",  # home per role, health probe
    "public",  # catalogue and public lookup (no login)
    "account",  # registration, profile, password
    "citizen",  # online submission and "my dossiers"
    "desk",  # one-stop unit: reception counter and return desk
    "work",  # agencies: assignment, processing, approval
    "slips",  # printable official forms (Mẫu 01-06) as PDF
    "monitor",  # deadlines, statistics, indicators for managers
    "complaints",  # the one-stop unit's record of feedback and complaints
    "jobs",  # exports and registers built in the background, with their progress
    "search",  # the staff search behind the navigation bar's box
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(f"vpub_onestop.web.{name}").bp)
    from vpub_onestop.web import navigation

    navigation.register(app)


# --- errors ----------------------------------------------------------------------------


def _register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(CSRFError, _handle_csrf_error)
    for code in _HTTP_ERRORS:
        app.register_error_handler(code, _handle_http_error)


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


def _handle_domain_error(error: DomainError) -> tuple[Response | str, int]:
    from vpub_onestop.web.errors import error_message, field_errors

    status = error.http_status
    title = str(_HTTP_ERRORS.get(status, _HTTP_ERRORS[400])[0])
    fields = field_errors(error) or None
    return _error_response(status, title, error_message(error), type(error).__name__, fields)


def _handle_csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    title = str(_HTTP_ERRORS[400][0])
    return _error_response(400, title, str(_CSRF_MESSAGE), "csrf_error")


def _handle_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    title, message = (str(text) for text in _HTTP_ERRORS.get(status, _HTTP_ERRORS[500]))
    code = (error.name or "error").lower().replace(" ", "_")
    if status == 500:
        return _internal_error_page(title, message, code)
    response = current_app.make_response(_error_response(status, title, message, code))
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _internal_error_page(title: str, message: str, code: str) -> Response:
    """The 500 page must not fail in turn when the database is what broke."""
    try:
        db.session.rollback()
        return current_app.make_response(_error_response(500, title, message, code))
    except Exception:
        current_app.logger.exception("the error page could not be rendered")
        return Response(message, status=500, mimetype="text/plain")


# --- templates -------------------------------------------------------------------------


def _register_template_helpers(app: Flask) -> None:
    from vpub_onestop.web.labels import label, limit_text

    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(vn_datetime, "vn_datetime")
    app.add_template_filter(vnd, "vnd")
    app.add_template_filter(number, "number")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(file_size, "file_size")
    app.add_template_filter(label, "tr")  # a domain label in the page's language
    app.add_template_filter(limit_text, "limit_text")
    # Templates compare states with the enums themselves (`state is sameas DossierState.X`).
    app.add_template_global(DossierState, "DossierState")
    app.add_template_global(TaskState, "TaskState")
    app.context_processor(_template_globals)


def _template_globals() -> dict[str, Any]:
    return {
        "current_locale": str(get_locale() or "vi"),
        "language_url": _language_url,
        "languages": (("vi", "Tiếng Việt"), ("en", "English")),
    }


def _language_url(code: str) -> str:
    """The current page with `?lang=<code>`, other query arguments kept."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    args.append(("lang", code))
    return f"{request.path}?{urlencode(args)}"


# The page's side of domain/formatting.py (docs/architecture.md#formatting): the filters
# pass the page's locale; dates and money are spelled the same in both locales.


def _page_locale() -> str:
    return str(get_locale() or "vi")


def vn_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy; aware datetimes are shown in Vietnam's time zone."""
    return formatting.day(value)


def vn_datetime(value: datetime | None) -> str:
    """HH:MM dd/mm/yyyy in Vietnam's time zone."""
    return formatting.moment(value)


def vnd(value: int | float | Decimal | None) -> str:
    """1250000 -> "1.250.000 ₫" (the đồng has no subunit: rounded to whole đồng)."""
    return formatting.money(value)


def number(value: int | float | Decimal | None, decimals: int = 0, trim: bool = False) -> str:
    """A count or a measure in the page's locale: "1.234" / "12,5" or "1,234" / "12.5"."""
    return formatting.number(value, decimals, _page_locale(), trim)


def percent(value: int | float | Decimal | None, decimals: int = 1) -> str:
    """ "12,5 %" on a Vietnamese page, "12.5 %" on an English one."""
    return formatting.percent(value, decimals, _page_locale())


def file_size(size: int) -> str:
    """ "1,5 MB" / "1.5 MB", "200 KB"."""
    return formatting.file_size(size, _page_locale())


# --- headers ---------------------------------------------------------------------------


def _add_security_headers(response: Response) -> Response:
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
