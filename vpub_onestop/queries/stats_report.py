"""The statistics report (docs/domain.md#statistics) for a period and a scope: totals, breakdowns by
receiving unit, field and procedure, each agency's steps, and the monthly series.

All figures come from queries.stats; here the grouped rows are only rolled up and labelled.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from vpub_onestop.models import Agency, Procedure
from vpub_onestop.queries.stats import Counts, GroupKey, StepCounts
from vpub_onestop.queries.stats_scope import Period, Scope
from vpub_onestop.queries.stats_summary import count_dossiers, count_steps
from vpub_onestop.queries.stats_tables import (
    TOTAL_LABEL,
    Column,
    ReportTable,
    Row,
    short_name,
    values_of,
)
from vpub_onestop.reporting_db import reporting_session


@dataclass(frozen=True)
class Line:
    label: str
    counts: Counts
    filters: dict[str, str]


@dataclass(frozen=True)
class StepLine:
    label: str
    counts: StepCounts
    filters: dict[str, str]


@dataclass(frozen=True)
class Report:
    period: Period
    as_of: datetime
    total: Counts
    by_unit: list[Line]
    by_field: list[Line]
    by_procedure: list[Line]
    steps: list[StepLine]
    steps_total: StepCounts
    months: list[tuple[date, int, int]]


def build_report(scope: Scope, period: Period, now: datetime) -> Report:
    stats = count_dossiers(scope, period, now)
    table = stats.table
    units = agency_names({unit for unit, _ in table})
    procedures = _procedures({proc for _, proc in table})
    total = Counts()
    for counts in table.values():
        total.add(counts)
    steps = count_steps(scope, period, now)
    step_names = agency_names(set(steps))
    steps_total = StepCounts()
    for step_counts in steps.values():
        steps_total.add(step_counts)
    return Report(
        period=period,
        as_of=period.as_of(now),
        total=total,
        by_unit=_roll_up(table, lambda k: (str(k[0]), units.get(k[0], "?")), "don_vi"),
        by_field=_roll_up(table, lambda k: _field_of(procedures, k[1]), "linh_vuc"),
        by_procedure=_roll_up(table, lambda k: _procedure_of(procedures, k[1]), "thu_tuc"),
        steps=sorted(
            (
                StepLine(step_names.get(agency_id, "?"), counts, {"co_quan": str(agency_id)})
                for agency_id, counts in steps.items()
            ),
            key=lambda line: line.label,
        ),
        steps_total=steps_total,
        months=stats.months,
    )


@dataclass(frozen=True)
class FilterOptions:
    units: list[tuple[int, str]]
    fields: list[str]
    procedures: list[tuple[str, str]]  # (code, "code – name")


def filter_options() -> FilterOptions:
    """The choices of the filter bar: one-stop units, fields and current procedures."""
    session = reporting_session()
    units = session.execute(
        select(Agency.id, Agency.name)
        .where(Agency.is_one_stop_unit.is_(True))
        .order_by(Agency.name)
    ).all()
    current = select(Procedure.code, Procedure.name, Procedure.field).where(
        Procedure.is_current.is_(True)
    )
    rows = session.execute(current.order_by(Procedure.code)).all()
    return FilterOptions(
        units=[(unit_id, name) for unit_id, name in units],
        fields=sorted({field for _, _, field in rows}),
        procedures=[(code, f"{code} – {name}") for code, name, _ in rows],
    )


def _roll_up(
    table: dict[GroupKey, Counts],
    key_of: Callable[[GroupKey], tuple[str, str]],
    filter_name: str,
) -> list[Line]:
    grouped: dict[tuple[str, str], Counts] = defaultdict(Counts)
    for key, counts in table.items():
        grouped[key_of(key)].add(counts)
    return [
        Line(label, counts, {filter_name: value})
        for (value, label), counts in sorted(grouped.items(), key=lambda item: item[0][1])
    ]


def agency_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = reporting_session().execute(select(Agency.id, Agency.name).where(Agency.id.in_(ids)))
    return dict(rows.all())  # a list of rows: dict(Result) would take Result.keys()


def _procedures(ids: set[int]) -> dict[int, tuple[str, str, str]]:
    if not ids:
        return {}
    rows = reporting_session().execute(
        select(Procedure.id, Procedure.code, Procedure.name, Procedure.field).where(
            Procedure.id.in_(ids)
        )
    )
    return {pid: (code, name, field) for pid, code, name, field in rows}


def _field_of(procedures: dict[int, tuple[str, str, str]], pid: int) -> tuple[str, str]:
    field = procedures.get(pid, ("", "", "?"))[2]
    return field, field


def _procedure_of(procedures: dict[int, tuple[str, str, str]], pid: int) -> tuple[str, str]:
    code, name, _ = procedures.get(pid, ("?", "?", ""))
    return code, f"{code} – {name}"  # versions of one procedure share the code


# --- tables ------------------------------------------------------------------------------

COUNT_COLUMNS = (
    Column("carried_over", _l("Tồn kỳ trước"), drill="carried_over"),
    Column("received_direct", _l("Tiếp nhận trực tiếp"), drill="received_direct"),
    Column("received_online", _l("Tiếp nhận trực tuyến"), drill="received_online"),
    Column("received_post", _l("Tiếp nhận qua bưu chính"), drill="received_post"),
    Column("received", _l("Tổng tiếp nhận trong kỳ"), drill="received"),
    Column("to_process", _l("Tổng số phải giải quyết"), drill="to_process"),
    Column("early", _l("Đã giải quyết trước hạn"), drill="early"),
    Column("on_time", _l("Đã giải quyết đúng hạn"), drill="on_time"),
    Column("late", _l("Đã giải quyết quá hạn"), drill="late"),
    Column("processed", _l("Tổng đã giải quyết"), drill="processed"),
    Column("pending_within", _l("Đang giải quyết trong hạn"), drill="pending_within"),
    Column("pending_overdue", _l("Đang giải quyết quá hạn"), drill="pending_overdue"),
    Column("in_supplement", _l("Chờ bổ sung hồ sơ"), drill="in_supplement"),
    Column("stopped", _l("Dừng xử lý, rút hồ sơ"), drill="stopped"),
    Column("refused", _l("Từ chối tiếp nhận"), drill="refused"),
    Column("on_time_ratio", _l("Tỷ lệ đúng hạn (%)"), kind="percent"),
)
STEP_COLUMNS = (
    Column("early", _l("Trước hạn")),
    Column("on_time", _l("Đúng hạn")),
    Column("late", _l("Quá hạn")),
    Column("processed", _l("Tổng đã xử lý")),
    Column("pending_within", _l("Đang xử lý trong hạn")),
    Column("pending_overdue", _l("Đang xử lý quá hạn")),
    Column("in_supplement", _l("Chờ bổ sung")),
    Column("on_time_ratio", _l("Tỷ lệ đúng hạn (%)"), kind="percent"),
)


def _lines_table(
    key: str, title: Any, label: Any, lines: list[Line], total: Counts, sheet: Any
) -> ReportTable:
    label_column = Column("label", label, kind="text", width=44)
    return ReportTable(
        key=key,
        title=title,
        columns=(label_column, *COUNT_COLUMNS),
        rows=[
            Row(values_of(line.counts, COUNT_COLUMNS, label=line.label), line.filters)
            for line in lines
        ],
        totals=values_of(total, COUNT_COLUMNS, label=TOTAL_LABEL),
        sheet=sheet,
    )


def report_tables(report: Report) -> list[ReportTable]:
    steps = ReportTable(
        key="steps",
        title=_l("Thời hạn xử lý từng bước theo cơ quan"),
        columns=(Column("label", _l("Cơ quan xử lý"), kind="text", width=44), *STEP_COLUMNS),
        rows=[
            Row(values_of(line.counts, STEP_COLUMNS, label=line.label), line.filters)
            for line in report.steps
        ],
        totals=values_of(report.steps_total, STEP_COLUMNS, label=TOTAL_LABEL),
        note=_l(
            "Mỗi cơ quan được đánh giá theo thời hạn của bước do mình xử lý; "
            "hồ sơ liên thông chỉ tính một lần cho đơn vị tiếp nhận ở các bảng trên."
        ),
        sheet=_l("Theo cơ quan xử lý"),
    )
    return [
        _lines_table(
            "units",
            _l("Tổng hợp theo đơn vị tiếp nhận"),
            _l("Đơn vị"),
            report.by_unit,
            report.total,
            _l("Tổng hợp"),
        ),
        _lines_table(
            "fields", _l("Theo lĩnh vực"), _l("Lĩnh vực"), report.by_field, report.total, None
        ),
        _lines_table(
            "procedures",
            _l("Theo thủ tục hành chính"),
            _l("Thủ tục"),
            report.by_procedure,
            report.total,
            _l("Theo thủ tục"),
        ),
        steps,
    ]


def report_charts(report: Report) -> dict[str, Any]:
    """Data for the page's charts (drawn by static/js/monitor-charts.js)."""
    ratio_lines = [line for line in report.steps if line.counts.on_time_ratio is not None]
    return {
        "monthly": {
            "type": "bar",
            "colors": ["blue", "green"],
            "labels": [f"{m:%m/%Y}" for m, _, _ in report.months],
            "datasets": [
                {"label": str(_l("Tiếp nhận")), "data": [r for _, r, _ in report.months]},
                {"label": str(_l("Đã giải quyết")), "data": [p for _, _, p in report.months]},
            ],
        },
        "ratio": {
            "type": "bar",
            "horizontal": True,
            "percent": True,
            "colors": ["green"],
            "labels": [short_name(line.label) for line in ratio_lines],
            "datasets": [
                {
                    "label": str(_l("Tỷ lệ đúng hạn (%)")),
                    "data": [float(line.counts.on_time_ratio or 0) for line in ratio_lines],
                }
            ],
        },
    }
