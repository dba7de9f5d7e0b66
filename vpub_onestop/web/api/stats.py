"""The statistics report (docs/domain.md#statistics) for a period and a unit: the tables
of the report page and of its CSV/Excel export, built by the same read model
(queries/stats_report.build_report and report_tables), so the figures cannot differ.

Who may ask: the managers who may open the report page (a unit head for the own unit,
supervisors and administrators for the province or one unit of it), and a system client
granted `stats:read`, for its own agency only. A unit outside that scope is "not found".
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop import clock
from vpub_onestop.access.api_callers import ApiCaller
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.stats_report import build_report, filter_options, report_tables
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.queries.stats_tables import ReportTable
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.auth import current_caller, forbidden, requires
from vpub_onestop.web.api.inputs import query_fields
from vpub_onestop.web.api.problems import ApiProblem
from vpub_onestop.web.api.schemas import DATE_TIME, moment
from vpub_onestop.web.monitor_forms import MANAGER_ROLES, MAX_PERIOD_DAYS

openapi.tag("stats", _l("Báo cáo thống kê của các trang theo dõi."))
GRANT = "stats:read"

_VALUES = {
    "type": "object",
    "description": "Column key → figure (a count, a percentage or null, or the label).",
    "additionalProperties": {"type": ["integer", "number", "string", "null"]},
}
_TABLE = {
    "type": "object",
    "required": ["key", "title", "columns", "rows", "totals"],
    "properties": {
        "key": {"type": "string"},
        "title": {"type": "string"},
        "columns": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "label", "kind"],
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "kind": {"type": "string"},
                },
            },
        },
        "rows": {"type": "array", "items": _VALUES},
        "totals": {"oneOf": [_VALUES, {"type": "null"}]},
    },
}
STATS = openapi.component(
    "Stats",
    {
        "type": "object",
        "required": ["from", "to", "as_of", "unit", "tables"],
        "properties": {
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "as_of": DATE_TIME,
            "unit": {"type": ["integer", "null"], "description": "null: the whole province."},
            "tables": {"type": "array", "items": _TABLE},
        },
    },
)


def _figure(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


def table_json(table: ReportTable) -> dict[str, Any]:
    keys = [column.key for column in table.columns]
    return {
        "key": table.key,
        "title": str(table.title),
        "columns": [{"key": c.key, "label": str(c.header), "kind": c.kind} for c in table.columns],
        "rows": [{key: _figure(row.values.get(key)) for key in keys} for row in table.rows],
        "totals": {key: _figure(table.totals.get(key)) for key in keys}
        if table.totals is not None
        else None,
    }


def _fixed_unit(caller: ApiCaller) -> tuple[bool, int | None]:
    """(held to one unit, that unit). Refuses callers who may not read the report."""
    if caller.is_system:
        return True, caller.agency_id
    assert caller.actor is not None
    if caller.actor.role not in MANAGER_ROLES:
        raise forbidden(_l("Chỉ lãnh đạo đơn vị, giám sát và quản trị xem được số liệu thống kê."))
    if caller.actor.role is Role.UNIT_HEAD:
        if caller.actor.agency_id is None:
            raise forbidden(_l("Tài khoản chưa thuộc đơn vị nào."))
        return True, caller.actor.agency_id
    return False, None


@bp.get("/stats")
@requires(GRANT)
@openapi.operation(
    "/stats",
    "get",
    operation_id="getStats",
    summary=_l("Báo cáo thống kê của một kỳ (số liệu của trang báo cáo)"),
    tag="stats",
    grant=GRANT,
    parameters=(
        openapi.query(
            "from", {"type": "string", "format": "date"}, _l("Ngày đầu kỳ (giờ Việt Nam).")
        ),
        openapi.query(
            "to", {"type": "string", "format": "date"}, _l("Ngày cuối kỳ (tính cả ngày này).")
        ),
        openapi.query(
            "unit",
            {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
            _l(
                "Mã số (id) của một Bộ phận Một cửa (mặc định: toàn tỉnh, "
                "hoặc đơn vị của người gọi)."
            ),
        ),
    ),
    responses={
        **openapi.ok("The report's tables.", STATS),
        **openapi.problems(401, 403, 404, 422),
    },
)
def stats() -> Response:
    caller = current_caller()
    held, own_unit = _fixed_unit(caller)
    fields = query_fields()
    start = fields.day("from")
    end = fields.day("to")
    unit = fields.integer("unit", minimum=1, maximum=2**31 - 1)
    if start and end and end < start:
        fields.fail("to", _l("Ngày kết thúc phải sau ngày bắt đầu."))
    elif start and end and (end - start).days > MAX_PERIOD_DAYS:
        fields.fail("to", _l("Kỳ báo cáo tối đa 5 năm."))
    fields.check()
    units = {unit_id for unit_id, _ in filter_options().units}
    if unit is not None and (unit not in units or (held and unit != own_unit)):
        raise ApiProblem(
            404, _l("Không tìm thấy"), _l("Không có đơn vị này trong phạm vi của bạn.")
        )
    chosen = own_unit if held else unit
    now = clock.now()
    today = now.astimezone(LOCAL_TZ).date()
    period = _period(start, end, today)
    report = build_report(build_scope(chosen), period, now)
    return jsonify(
        {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "as_of": moment(report.as_of),
            "unit": chosen,
            "tables": [table_json(table) for table in report_tables(report)],
        }
    )


def _period(start: date | None, end: date | None, today: date) -> Period:
    """As the page reads its filter: one end alone is a one-day period; neither is the
    month to date."""
    if start is None and end is None:
        return Period(today.replace(day=1), today)
    first = start or end
    last = end or start
    assert first is not None and last is not None
    return Period(first, last) if last >= first else Period(first, first + timedelta(0))
