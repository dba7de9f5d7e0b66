"""The procedure catalogue: a filtered list a page at a time, and one procedure's
current published version (what the public procedure page shows), each paper with its
uploaded template's download link, size and sha256."""

from __future__ import annotations

from typing import Any

from flask import jsonify, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop.extensions import db
from vpub_onestop.queries.api_catalogue import ListedProcedure, procedure_page, procedure_terms
from vpub_onestop.queries.catalogue import (
    LEVEL_LABELS,
    ONLINE_LABELS,
    QUERY_MAX_LENGTH,
    CatalogueFilters,
    procedure_detail,
)
from vpub_onestop.web.api import bp, openapi, paging
from vpub_onestop.web.api.auth import requires
from vpub_onestop.web.api.inputs import query_fields
from vpub_onestop.web.api.paper_templates import TEMPLATE_FILE, template_file_view
from vpub_onestop.web.api.problems import ApiProblem

openapi.tag("procedures", _l("Danh mục thủ tục hành chính đang công bố."))
GRANT = "procedures:read"
CODE_MAX_LENGTH = 60

_LIMIT = {
    "type": "object",
    "required": ["amount", "unit", "label"],
    "properties": {
        "amount": {"type": "string", "description": 'Decimal, e.g. "3.00".'},
        "unit": {"type": "string"},
        "label": {"type": "string"},
    },
}
_SUMMARY_FIELDS = {
    "code": {"type": "string"},
    "version": {"type": "integer"},
    "name": {"type": "string"},
    "field": {"type": "string"},
    "level": {"type": "string", "enum": sorted(LEVEL_LABELS)},
    "online_level": {"type": "string"},
    "limit": {"type": "object", "required": ["amount", "unit"]},
}
PROCEDURE_SUMMARY = openapi.component(
    "ProcedureSummary",
    {"type": "object", "required": list(_SUMMARY_FIELDS), "properties": _SUMMARY_FIELDS},
)
_DOCUMENT = {
    "type": "object",
    "required": ["position", "name", "originals", "copies", "mandatory"],
    "properties": {
        "position": {"type": "integer"},
        "name": {"type": "string"},
        "originals": {"type": "integer"},
        "copies": {"type": "integer"},
        "mandatory": {"type": "boolean"},
        "template_name": {"type": ["string", "null"]},
        "blank_form_url": {"type": ["string", "null"]},
        "template_file": TEMPLATE_FILE,
    },
}
_STEP = {
    "type": "object",
    "required": ["stage", "agency", "budget", "needs_approval"],
    "properties": {
        "stage": {"type": "integer"},
        "agency": {"type": "string"},
        "task_name": {"type": ["string", "null"]},
        "budget": {"type": "string"},
        "needs_approval": {"type": "boolean"},
    },
}
_FEE = {
    "type": "object",
    "required": ["kind", "summary", "details", "rule"],
    "properties": {
        "kind": {"type": "string"},
        "summary": {"type": "string"},
        "details": {"type": "array", "items": {"type": "string"}},
        "example": {"type": ["string", "null"]},
        "note": {"type": ["string", "null"]},
        "rule": {"type": "object", "description": "The catalogue's fee rule, as stored."},
    },
}
_DETAIL_FIELDS = {
    **_SUMMARY_FIELDS,
    "limit": _LIMIT,
    "immediate_result": {"type": "boolean"},
    "result_name": {"type": "string"},
    "legal_basis": {"type": ["string", "null"]},
    "conditions": {"type": ["string", "null"]},
    "illustrative": {
        "type": "boolean",
        "description": "Code, limit or fee not checked against the national database.",
    },
    "fee": _FEE,
    "documents": {"type": "array", "items": _DOCUMENT},
    "route": {"type": "array", "items": _STEP},
    "form": {
        "type": ["object", "null"],
        "description": "The electronic declaration form of this version (sections of typed "
        "fields, as the portal renders it), or null when it has none.",
    },
}
PROCEDURE = openapi.component(
    "Procedure",
    {"type": "object", "required": list(_DETAIL_FIELDS), "properties": _DETAIL_FIELDS},
)


def _summary(item: ListedProcedure) -> dict[str, Any]:
    return {
        "code": item.code,
        "version": item.version,
        "name": item.name,
        "field": item.field,
        "level": item.level,
        "online_level": item.online_level,
        "limit": {"amount": str(item.limit_amount), "unit": item.limit_unit},
    }


@bp.get("/procedures")
@requires(GRANT)
@openapi.operation(
    "/procedures",
    "get",
    operation_id="listProcedures",
    summary=_l("Các thủ tục hiện hành, có lọc, theo thứ tự mã"),
    tag="procedures",
    grant=GRANT,
    parameters=(
        openapi.query(
            "q",
            {"type": "string", "maxLength": QUERY_MAX_LENGTH},
            _l("Từ trong mã hoặc tên thủ tục."),
        ),
        openapi.query("field", {"type": "string", "maxLength": 200}, _l("Lĩnh vực.")),
        openapi.query("level", {"type": "string", "enum": sorted(LEVEL_LABELS)}),
        openapi.query("online", {"type": "string", "enum": sorted(ONLINE_LABELS)}),
        *paging.PARAMETERS,
    ),
    responses={
        **openapi.ok("A page of procedures.", paging.page_schema(PROCEDURE_SUMMARY)),
        **openapi.problems(401, 403, 422),
    },
)
def list_procedures() -> Response:
    fields = query_fields()
    query = fields.text("q", QUERY_MAX_LENGTH) or ""
    field = fields.text("field", 200) or ""
    level = fields.text("level", 20) or ""
    online = fields.text("online", 20) or ""
    limit = paging.page_limit(fields)
    key = paging.page_cursor(fields, str, int)
    after = (key[0], key[1]) if key is not None else None
    if level and level not in LEVEL_LABELS:
        fields.fail("level", _l("Giá trị không hợp lệ."))
    if online and online not in ONLINE_LABELS:
        fields.fail("online", _l("Giá trị không hợp lệ."))
    fields.check()
    filters = CatalogueFilters(query=query, field=field, level=level, online=online)
    page = procedure_page(db.session(), filters, after, limit)
    return paging.page_response([_summary(item) for item in page.items], page.next_after)


@bp.get("/procedures/<code>")
@requires(GRANT)
@openapi.operation(
    "/procedures/{code}",
    "get",
    operation_id="getProcedure",
    summary=_l("Phiên bản đang công bố của một thủ tục"),
    tag="procedures",
    grant=GRANT,
    parameters=(openapi.in_path("code", {"type": "string", "maxLength": CODE_MAX_LENGTH}),),
    responses={
        **openapi.ok("The procedure: documents, fees, route.", PROCEDURE),
        **openapi.problems(401, 403, 404),
    },
)
def get_procedure(code: str) -> Response:
    session = db.session()
    detail = procedure_detail(session, code[:CODE_MAX_LENGTH]) if "\x00" not in code else None
    terms = procedure_terms(session, detail.id) if detail is not None else None
    if detail is None or terms is None:
        raise ApiProblem(404, _l("Không tìm thấy"), _l("Không có thủ tục với mã này."))
    fee = detail.fee
    return jsonify(
        {
            "code": detail.code,
            "version": terms.version,
            "name": detail.name,
            "field": detail.field,
            "level": detail.level,
            "online_level": detail.online_level,
            "limit": {
                "amount": str(terms.limit_amount),
                "unit": terms.limit_unit,
                "label": detail.limit,
            },
            "immediate_result": terms.immediate_result,
            "result_name": detail.result_name,
            "legal_basis": detail.legal_basis,
            "conditions": detail.conditions,
            "illustrative": detail.illustrative,
            "fee": {
                "kind": fee.kind,
                "summary": fee.summary,
                "details": list(fee.details),
                "example": fee.example,
                "note": fee.note,
                "rule": detail.fee_rule,
            },
            "documents": [
                {
                    "position": doc.position,
                    "name": doc.name,
                    "originals": doc.originals,
                    "copies": doc.copies,
                    "mandatory": doc.mandatory,
                    "template_name": doc.template_name,
                    "blank_form_url": url_for(
                        "public.blank_form_pdf", code=detail.code, number=index
                    )
                    if doc.printable
                    else None,
                    "template_file": template_file_view(detail.code, index, doc),
                }
                for index, doc in enumerate(detail.documents, start=1)
            ],
            "route": [
                {
                    "stage": step.stage,
                    "agency": step.agency_name,
                    "task_name": step.task_name,
                    "budget": step.budget,
                    "needs_approval": step.needs_approval,
                }
                for step in detail.route
            ],
            "form": terms.form_definition,
        }
    )
