"""Bearer tokens on every request of the API (docs/api.md#authentication).

The API never reads the session cookie (web/api/__init__.py gives its requests an empty
session that is never saved), so a browser's signed-in session cannot act through it and
cross-site request forgery has nothing to ride on: the only credential is the
`Authorization: Bearer <token>` header, which a page of another site cannot set.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request
from flask_babel import lazy_gettext as _l

from vpub_onestop import clock
from vpub_onestop.access.api_callers import ApiCaller, caller_for
from vpub_onestop.extensions import db
from vpub_onestop.web.api.problems import ApiProblem, unauthorized

F = TypeVar("F", bound=Callable[..., Any])

_MISSING = _l("Cần mã truy cập: gửi tiêu đề Authorization: Bearer <mã>.")
_INVALID = _l(
    "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi. Vui lòng lấy mã truy cập mới."
)
_FORBIDDEN_TITLE = _l("Không có quyền truy cập")
_PEOPLE_ONLY = _l("Thao tác này chỉ dành cho mã truy cập của người dùng.")


def presented_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def current_caller() -> ApiCaller:
    """The caller of this request; only inside a view declared with `requires`."""
    caller = g.get("api_caller")
    if caller is None:
        raise RuntimeError("current_caller() outside a view declared with @requires")
    return caller


def authenticate() -> ApiCaller:
    secret = presented_secret()
    if secret is None:
        raise unauthorized(_MISSING, invalid=False)
    caller = caller_for(db.session(), secret, clock.now())
    if caller is None:
        raise unauthorized(_INVALID, invalid=True)
    g.api_caller = caller
    return caller


def forbidden(detail: Any) -> ApiProblem:
    return ApiProblem(403, _FORBIDDEN_TITLE, detail)


def requires(grant: str | None = None, *, people_only: bool = False) -> Callable[[F], F]:
    """The view needs a valid token; a system client's must carry `grant`, and
    `people_only` views refuse system clients altogether."""

    def decorate(view: F) -> F:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            caller = authenticate()
            if people_only and caller.is_system:
                raise forbidden(_PEOPLE_ONLY)
            if not caller.may(grant):
                raise forbidden(
                    _l(
                        "Mã truy cập của hệ thống này không được cấp thao tác %(operation)s.",
                        operation=grant,
                    )
                )
            return view(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate
