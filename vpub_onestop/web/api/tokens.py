"""A person's own bearer tokens: make one with username and password, list them, revoke
one (docs/api.md#authentication). The secret is in the answer of POST only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop import clock
from vpub_onestop.domain import api_access, formatting
from vpub_onestop.extensions import db, limiter
from vpub_onestop.queries.api_tokens import TokenRow, own_tokens
from vpub_onestop.services.api_tokens import (
    IssuedToken,
    SignInRefused,
    issue_own_token,
    revoke_own_token,
)
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.auth import current_caller, forbidden, requires
from vpub_onestop.web.api.inputs import Fields, json_object
from vpub_onestop.web.api.problems import unauthorized
from vpub_onestop.web.api.schemas import DATE_TIME, NULLABLE_DATE_TIME, moment

openapi.tag("tokens", _l("Mã truy cập của người dùng: cấp, liệt kê, thu hồi."))

_TOKEN_FIELDS = {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "hint": {"type": "string", "description": "The token's first characters."},
    "created_at": DATE_TIME,
    "expires_at": DATE_TIME,
    "revoked_at": NULLABLE_DATE_TIME,
    "active": {"type": "boolean"},
}
TOKEN = openapi.component(
    "Token",
    {"type": "object", "required": list(_TOKEN_FIELDS), "properties": _TOKEN_FIELDS},
)
NEW_TOKEN = openapi.component(
    "NewToken",
    {
        "type": "object",
        "required": ["id", "token", "token_type", "name", "expires_at"],
        "properties": {
            "id": {"type": "integer"},
            "token": {"type": "string", "description": "Shown once: keep it secret."},
            "token_type": {"const": "Bearer"},
            "name": {"type": "string"},
            "expires_at": DATE_TIME,
        },
    },
)
_CREDENTIALS = {
    "type": "object",
    "required": ["username", "password"],
    "properties": {
        "username": {"type": "string", "maxLength": 80},
        "password": {"type": "string", "maxLength": 200},
        "name": {"type": "string", "maxLength": api_access.NAME_MAX_LENGTH},
        "expires_in_days": {
            "type": "integer",
            "minimum": 1,
            "maximum": api_access.MAX_USER_DAYS,
            "default": api_access.DEFAULT_USER_DAYS,
        },
    },
}


def token_json(row: TokenRow, now: datetime) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "hint": row.hint,
        "created_at": moment(row.created_at),
        "expires_at": moment(row.expires_at),
        "revoked_at": moment(row.revoked_at),
        "active": row.active(now),
    }


def new_token_json(issued: IssuedToken) -> dict[str, Any]:
    return {
        "id": issued.id,
        "token": issued.secret,
        "token_type": "Bearer",
        "name": issued.name,
        "expires_at": moment(issued.expires_at),
    }


def _login_limit() -> str:
    return str(current_app.config["RATELIMIT_LOGIN"])


@bp.post("/tokens")
@limiter.limit(_login_limit)
@openapi.operation(
    "/tokens",
    "post",
    operation_id="createToken",
    summary=_l("Cấp mã truy cập bằng tên đăng nhập và mật khẩu"),
    description=_l(
        "Áp dụng quy tắc đăng nhập của các trang: nhập sai mật khẩu nhiều lần thì tài khoản "
        "bị khóa một thời gian, và địa chỉ bị giới hạn tần suất."
    ),
    tag="tokens",
    auth="none",
    request_body=openapi.json_body(_CREDENTIALS),
    responses={
        **openapi.ok("The new token (its secret is never shown again).", NEW_TOKEN, "201"),
        **openapi.problems(400, 401, 403, 413, 415, 422, 429),
    },
)
def create_token() -> tuple[Response, int]:
    fields = Fields(json_object())
    username = fields.text("username", 80, required=True)
    password = fields.text("password", 200, required=True)
    name = fields.text("name", api_access.NAME_MAX_LENGTH)
    days = fields.integer("expires_in_days", minimum=1, maximum=api_access.MAX_USER_DAYS)
    fields.check()
    assert username is not None and password is not None
    issued = issue_own_token(username, password, name, days)
    if isinstance(issued, SignInRefused) and issued.must_change_password:
        raise forbidden(
            _l(
                "Mật khẩu này là mật khẩu tạm: hãy đăng nhập trên trang web và đổi mật khẩu "
                "trước khi lấy mã truy cập."
            )
        )
    if isinstance(issued, SignInRefused):
        if issued.locked_until is not None:
            raise unauthorized(
                _l(
                    "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau %(until)s.",
                    until=formatting.moment(issued.locked_until),
                ),
                invalid=False,
            )
        raise unauthorized(_l("Tên đăng nhập hoặc mật khẩu không đúng."), invalid=False)
    response = jsonify(new_token_json(issued))
    response.headers["Location"] = f"/api/v1/tokens/{issued.id}"
    return response, 201


@bp.get("/tokens")
@requires(people_only=True)
@openapi.operation(
    "/tokens",
    "get",
    operation_id="listTokens",
    summary=_l("Các mã truy cập của chính người gọi (không bao giờ kèm mã bí mật)"),
    tag="tokens",
    responses={
        **openapi.ok(
            "Own tokens, newest first.",
            {
                "type": "object",
                "required": ["items"],
                "properties": {"items": {"type": "array", "items": TOKEN}},
            },
        ),
        **openapi.problems(401, 403),
    },
)
def list_tokens() -> Response:
    caller = current_caller()
    assert caller.user_id is not None
    now = clock.now()
    rows = own_tokens(db.session(), caller.user_id)
    return jsonify({"items": [token_json(row, now) for row in rows]})


@bp.delete("/tokens/<int:token_id>")
@requires(people_only=True)
@openapi.operation(
    "/tokens/{token_id}",
    "delete",
    operation_id="revokeToken",
    summary=_l("Thu hồi một mã truy cập của chính người gọi"),
    tag="tokens",
    parameters=(openapi.in_path("token_id", {"type": "integer", "minimum": 1}),),
    responses={
        "204": {"description": "Revoked (or already revoked)."},
        **openapi.problems(401, 403, 404),
    },
)
def revoke_token(token_id: int) -> tuple[str, int]:
    caller = current_caller()
    assert caller.user_id is not None
    revoke_own_token(caller.user_id, token_id)
    return "", 204
