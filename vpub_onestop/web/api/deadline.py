"""The due moment of a time limit for a receipt moment: the engine of the `flask
deadline` command (domain/deadlines.compute_due over the working calendar the app keeps,
docs/domain.md#deadlines), for a portal that shows an appointment before submission."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.deadlines import TimeLimit, compute_due
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.auth import requires
from vpub_onestop.web.api.inputs import FIRST_YEAR, LAST_YEAR, query_fields
from vpub_onestop.web.api.schemas import DATE_TIME

openapi.tag("deadline", _l("Tính thời gian làm việc theo thời hạn giải quyết."))
GRANT = "deadline:read"
# Bounds of a question worth answering: no procedure's limit is longer than a few years.
MAX_AMOUNT = Decimal(1000)


def _received(text: str) -> datetime | None:
    """ISO 8601; without an offset, Vietnam's time (as the command reads it)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    local = moment.astimezone(LOCAL_TZ)
    return local if FIRST_YEAR <= local.year <= LAST_YEAR else None


@bp.get("/deadline")
@requires(GRANT)
@openapi.operation(
    "/deadline",
    "get",
    operation_id="computeDeadline",
    summary=_l("Thời điểm hết hạn của một thời hạn tính từ lúc tiếp nhận"),
    tag="deadline",
    grant=GRANT,
    parameters=(
        openapi.query(
            "received",
            {"type": "string", "maxLength": 40},
            _l(
                "Thời điểm tiếp nhận theo ISO 8601; không ghi múi giờ thì là giờ Việt Nam (+07:00)."
            ),
            required=True,
        ),
        openapi.query(
            "limit",
            {"type": "string", "maxLength": 40},
            _l('Thời hạn: "3 working_days", "4 working_hours", "10 calendar_days", "same_day".'),
            required=True,
        ),
    ),
    responses={
        **openapi.ok(
            "The due moment (Vietnam time).",
            {
                "type": "object",
                "required": ["received", "limit", "due", "provisional"],
                "properties": {
                    "received": DATE_TIME,
                    "limit": {"type": "string"},
                    "due": DATE_TIME,
                    "provisional": {
                        "type": "boolean",
                        "description": "The due year's holiday swaps are not decided yet.",
                    },
                },
            },
        ),
        **openapi.problems(401, 403, 422),
    },
)
def deadline() -> Response:
    fields = query_fields()
    received_text = fields.text("received", 40, required=True)
    limit_text = fields.text("limit", 40, required=True)
    received = _received(received_text) if received_text is not None else None
    if received_text is not None and received is None:
        fields.fail(
            "received",
            _l(
                "Thời điểm dạng ISO 8601 (YYYY-MM-DDTHH:MM), năm %(first)d–%(last)d.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            ),
        )
    limit = None
    if limit_text is not None:
        try:
            limit = TimeLimit.parse(limit_text)
        except ValueError:
            limit = None
        if limit is None or limit.amount > MAX_AMOUNT or limit.amount < 0:
            limit = None
            fields.fail(
                "limit",
                _l('Thời hạn dạng "<số> <đơn vị>", ví dụ "3 working_days", hoặc "same_day".'),
            )
    fields.check()
    assert received is not None and limit is not None
    due = compute_due(load_work_calendar(), received, limit)
    return jsonify(
        {
            "received": received.isoformat(),
            "limit": str(limit),
            "due": due.isoformat(),
            "provisional": due.provisional,
        }
    )
