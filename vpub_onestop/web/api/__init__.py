"""The public API, version 1, under /api/v1 (docs/api.md).

JSON in and out, bearer tokens only (web/api/auth.py), errors as problem details
(web/api/problems.py), described by an OpenAPI 3.1 document built from the views'
declarations (web/api/openapi.py) and served at /api/v1/openapi.json with a readable page
at /api/v1/docs.

A module that adds endpoints defines them on `bp` with `@openapi.operation(...)` and is
named in ENDPOINT_MODULES.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Blueprint, Flask, Request, Response, request
from flask.sessions import SessionInterface, SessionMixin

from vpub_onestop.web.api.problems import API_PREFIX

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ENDPOINT_MODULES = (
    "tokens",  # POST/GET/DELETE /tokens
    "catalogue",  # /procedures
    "lookup",  # /lookup/{code}, public
    "deadline",  # /deadline
    "stats",  # /stats
    "dossiers",  # GET /dossiers, /dossiers/{code}; POST /dossiers/{code}/transitions
    "submission",  # POST /dossiers (multipart, Idempotency-Key)
    "sync",  # /sync/events, the national-portal status feed
    "document",  # /openapi.json and /docs
)


class _NoCookieSessionForApi(SessionInterface):
    """Requests under /api get an empty session that is never saved: a browser's cookie
    is ignored there, so the API acts only for the bearer token it is given (and CSRF,
    which rides on cookies, cannot apply: docs/api.md#authentication)."""

    def __init__(self, inner: SessionInterface) -> None:
        self.inner = inner

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if request.path.startswith(API_PREFIX):
            return _EmptySession()
        return self.inner.open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if request.path.startswith(API_PREFIX):
            return
        self.inner.save_session(app, session, response)


class _EmptySession(dict[str, Any], SessionMixin):
    pass


def init_app(app: Flask) -> None:
    from vpub_onestop.extensions import csrf

    for name in ENDPOINT_MODULES:
        import_module(f"vpub_onestop.web.api.{name}")
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.session_interface = _NoCookieSessionForApi(app.session_interface)
