"""The OpenAPI document (`/api/v1/openapi.json`) and a readable page drawn from it on the
server (`/api/v1/docs`): no script, no asset from elsewhere, so it reads offline."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop.domain.api_access import OPERATIONS
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.problems import TYPED

openapi.tag("meta", _l("Tài liệu này."))

DESCRIPTION = _l(
    "API công khai của vpub-onestop, hệ thống một cửa điện tử (Bộ phận Một cửa). JSON qua "
    "HTTPS; mã truy cập dạng Bearer (POST /tokens, hoặc mã của hệ thống khác do quản trị "
    "cấp); lỗi theo RFC 9457 (problem details); phân trang bằng con trỏ. "
    "Trang dễ đọc: /api/v1/docs."
)


def openapi_document() -> dict[str, Any]:
    return openapi.document("/api/v1", DESCRIPTION)


@bp.get("/openapi.json")
@openapi.operation(
    "/openapi.json",
    "get",
    operation_id="getOpenApi",
    summary=_l("Tài liệu OpenAPI 3.1 này"),
    tag="meta",
    auth="none",
    responses=openapi.ok("The document.", {"type": "object"}),
)
def openapi_json() -> Response:
    return jsonify(openapi_document())


@bp.get("/docs")
def docs() -> str:
    document = openapi_document()
    return render_template(
        "api/docs.html",
        document=document,
        operations=list(openapi.operations()),
        grants=OPERATIONS,
        problem_types=sorted(TYPED.items()),
    )
