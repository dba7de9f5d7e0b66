"""The OpenAPI document (`/api/v1/openapi.json`) and a readable page drawn from it on the
server (`/api/v1/docs`): no script, no asset from elsewhere, so it reads offline."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template
from werkzeug.wrappers import Response

from vpub_onestop.domain.api_access import OPERATIONS
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.problems import TYPED

openapi.tag("meta", "This document.")

DESCRIPTION = (
    "The public API of vpub-onestop, the one-stop-shop (Bộ phận Một cửa) workflow system. "
    "JSON over HTTPS; bearer tokens (POST /tokens, or a system client's token from the "
    "administrator); errors as RFC 9457 problem details; cursor pagination. "
    "Human-readable page: /api/v1/docs."
)


def openapi_document() -> dict[str, Any]:
    return openapi.document("/api/v1", DESCRIPTION)


@bp.get("/openapi.json")
@openapi.operation(
    "/openapi.json",
    "get",
    operation_id="getOpenApi",
    summary="This OpenAPI 3.1 document",
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
