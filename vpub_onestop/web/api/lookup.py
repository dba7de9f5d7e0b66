"""The public lookup by code and key, for other systems (the answer of the `/tra-cuu`
page, from the same query: queries/lookup.py). No token needed, no personal data
returned, and the same rate limit as the page: only a failed attempt counts."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop import clock
from vpub_onestop.extensions import db, limiter
from vpub_onestop.queries.lookup import CODE_MAX_LENGTH, PublicStatus, lookup_dossier
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.inputs import query_fields
from vpub_onestop.web.api.problems import ApiProblem
from vpub_onestop.web.api.schemas import (
    DATE_TIME,
    NULLABLE_DATE_TIME,
    NULLABLE_STRING,
    moment,
)
from vpub_onestop.web.public import DEFAULT_LOOKUP_LIMIT, KEY_MAX_LENGTH

openapi.tag("lookup", _l("Tiến độ hồ sơ cho người có mã hồ sơ và mã tra cứu (công khai)."))

_TIMELINE_ENTRY = {
    "type": "object",
    "required": ["at", "action", "state"],
    "properties": {
        "at": DATE_TIME,
        "action": {"type": "string"},
        "state": {"type": "string"},
        "agency": NULLABLE_STRING,
    },
}
_STATUS_FIELDS = {
    "code": {"type": "string"},
    "procedure": {"type": "string"},
    "receiving_unit": {"type": "string"},
    "state": {"type": "string"},
    "national_status_code": {"type": ["integer", "null"], "minimum": 1, "maximum": 10},
    "submitted_at": NULLABLE_DATE_TIME,
    "received_at": NULLABLE_DATE_TIME,
    "appointment_at": NULLABLE_DATE_TIME,
    "finished_at": NULLABLE_DATE_TIME,
    "returned_at": NULLABLE_DATE_TIME,
    "holder": NULLABLE_STRING,
    "deadline": {
        "type": ["object", "null"],
        "required": ["label", "late"],
        "properties": {"label": {"type": "string"}, "late": {"type": "boolean"}},
    },
    "timeline": {"type": "array", "items": _TIMELINE_ENTRY},
}
PUBLIC_STATUS = openapi.component(
    "PublicStatus",
    {"type": "object", "required": list(_STATUS_FIELDS), "properties": _STATUS_FIELDS},
)


def public_status_json(status: PublicStatus) -> dict[str, Any]:
    deadline = status.deadline
    return {
        "code": status.code,
        "procedure": status.procedure_name,
        "receiving_unit": status.receiving_unit,
        "state": status.state_label,
        "national_status_code": status.national_code,
        "submitted_at": moment(status.submitted_at),
        "received_at": moment(status.received_at),
        "appointment_at": moment(status.appointment_at),
        "finished_at": moment(status.finished_at),
        "returned_at": moment(status.returned_at),
        "holder": status.holder,
        "deadline": {"label": deadline.label, "late": deadline.late} if deadline else None,
        # Only what the page shows the public: never a name or a note (PUBLIC_LOOKUP).
        "timeline": [
            {
                "at": moment(entry.at),
                "action": entry.action,
                "state": entry.state_label,
                "agency": entry.agency_name,
            }
            for entry in status.timeline
        ],
    }


def _failed(response: Response) -> bool:
    return response.status_code == 404


@bp.get("/lookup/<code>")
@limiter.limit(
    lambda: current_app.config.get("RATELIMIT_LOOKUP", DEFAULT_LOOKUP_LIMIT),
    deduct_when=_failed,
)
@openapi.operation(
    "/lookup/{code}",
    "get",
    operation_id="lookupDossier",
    summary=_l("Trạng thái công khai của hồ sơ theo mã hồ sơ và mã tra cứu"),
    description=_l(
        "Mã tra cứu in trên giấy tiếp nhận. Sai mã hồ sơ hay sai mã tra cứu đều nhận cùng "
        "một lỗi 404; nhiều lần sai từ một địa chỉ bị giới hạn tần suất (429)."
    ),
    tag="lookup",
    auth="none",
    parameters=(
        openapi.in_path("code", {"type": "string", "maxLength": CODE_MAX_LENGTH}),
        openapi.query(
            "key", {"type": "string", "maxLength": KEY_MAX_LENGTH}, _l("Mã tra cứu."), required=True
        ),
    ),
    responses={
        **openapi.ok("The dossier's public status.", PUBLIC_STATUS),
        **openapi.problems(404, 422, 429),
    },
)
def lookup(code: str) -> Response:
    fields = query_fields()
    key = fields.text("key", KEY_MAX_LENGTH, required=True)
    fields.check()
    assert key is not None
    result = None
    if "\x00" not in code and len(code) <= CODE_MAX_LENGTH:
        result = lookup_dossier(db.session(), code, key, load_work_calendar, clock.now())
    if result is None:
        raise ApiProblem(
            404,
            _l("Không tìm thấy"),
            _l(
                "Không tìm thấy hồ sơ với mã và mã tra cứu này. "
                "Vui lòng kiểm tra lại giấy tiếp nhận."
            ),
        )
    return jsonify(public_status_json(result))
