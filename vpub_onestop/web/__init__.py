"""Web layer: binds the extensions, registers blueprints, error pages, filters, headers.

`register_web(app)` is the one entry point `create_app` calls.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote_plus, urlencode

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale, gettext

from vpub_onestop.domain import formatting
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import babel, csrf, db, limiter, login_manager
from vpub_onestop.models.org import User
from vpub_onestop.web import backpressure, error_pages, request_input

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def N_(message: str) -> str:
    """Marks a string for extraction (pybabel keyword N_) without translating it."""
    return message


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
    from vpub_onestop.web import session_cookie, sessions

    session_cookie.install(app)
    app.before_request(sessions.anonymous_without_loading)  # first: before any reads the user
    request_input.register(app)  # before the routes: their `<int:...>` are ids
    backpressure.init_app(app)
    _bind_extensions(app)
    _register_blueprints(app)
    from vpub_onestop.web import api

    api.init_app(app)  # JSON v1 under /api/v1: bearer tokens, no session, no CSRF
    error_pages.register(app)
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
    from vpub_onestop.web import translations

    translations.install(app)  # after Babel's own: templates look their words up once


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
    "staff_lists",  # every dossier of the unit / of the agency's open steps, filtered
    "work",  # agencies: assignment, processing, approval
    "slips",  # printable official forms (Mẫu 01-06) as PDF
    "monitor",  # deadlines, statistics, indicators for managers
    "complaints",  # the one-stop unit's record of feedback and complaints
    "jobs",  # exports and registers built in the background, with their progress
    "search",  # the staff search behind the navigation bar's box
    "admin_webhooks",  # the admin's webhook subscriptions and their delivery log
    "declaration_export",  # a procedure's electronic declarations as Excel or CSV
    "admin_declaration",  # the declaration form editor of a procedure version
    "admin",  # the administration area (/quan-tri): its home, navigation and audit
    "admin_accounts",  # accounts: list, create, edit, disable, reset password
    "admin_account_import",  # accounts from a CSV file, with a dry run
    "admin_catalogue",  # administration: the procedure catalogue and its versions
    "admin_agencies",  # administration: the agency tree, rename and merge
    "admin_calendar",  # administration: days off, make-up days, confirming a year
    "admin_settings",  # the policies of docs/policies.md, effective from a day
    "admin_api",  # the administrator's API tokens of other systems (/quan-tri/api)
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(f"vpub_onestop.web.{name}").bp)
    from vpub_onestop.web import navigation

    navigation.register(app)


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
    from vpub_onestop.web.timeline_rows import timeline_rows

    app.add_template_filter(timeline_rows, "timeline_rows")
    # Templates compare states with the enums themselves (`state is sameas DossierState.X`).
    app.add_template_global(DossierState, "DossierState")
    app.add_template_global(TaskState, "TaskState")
    app.context_processor(_template_globals)
    from vpub_onestop.web import layout

    layout.register(app)


def _template_globals() -> dict[str, Any]:
    return {
        "current_locale": str(get_locale() or "vi"),
        "language_url": _language_url,
        "languages": (("vi", "Tiếng Việt"), ("en", "English")),
    }


def _language_url(code: str) -> str:
    """The current page with `?lang=<code>`, other query arguments kept (the page and its
    other arguments are encoded once per request, for all the language links)."""
    kept = g.get(_LANGUAGE_URL_BASE)
    if kept is None:
        args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
        kept = f"{request.path}?{urlencode(args)}&" if args else f"{request.path}?"
        setattr(g, _LANGUAGE_URL_BASE, kept)
    return f"{kept}lang={quote_plus(code)}"


_LANGUAGE_URL_BASE = "_vpub_language_url_base"


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


# Looked up by lower-case name once per process: werkzeug's `setdefault` scans the headers
# three times and raises a KeyError per header, on every response.
_SECURITY_BY_NAME = {name.lower(): (name, value) for name, value in _SECURITY_HEADERS.items()}


def _add_security_headers(response: Response) -> Response:
    """The security headers, unless the response set its own."""
    headers = response.headers
    missing = dict(_SECURITY_BY_NAME)
    for name, _value in headers:
        missing.pop(name.lower(), None)
    headers.extend(missing.values())
    return response
