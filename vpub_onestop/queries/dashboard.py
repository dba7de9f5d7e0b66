"""The deadline dashboard: what is due today, due soon, overdue, waiting for the applicant
or apologised for, per receiving unit, and who holds the late work (agency, step, officer).

Two grouped aggregates over the open dossiers and the running steps; the counts use the
predicates of queries.stats (DASHBOARD_KINDS, TASK_KINDS) that the drill-down lists use.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from vpub_onestop.models import Dossier, StepTask, User
from vpub_onestop.queries.stats import (
    DASHBOARD_KINDS,
    TASK_KINDS,
    count_if,
    open_now,
    task_running_now,
)
from vpub_onestop.queries.stats_report import agency_names
from vpub_onestop.queries.stats_scope import Moments, Scope, Window
from vpub_onestop.queries.stats_tables import TOTAL_LABEL, Column, ReportTable, Row, short_name
from vpub_onestop.reporting_db import reporting_session

UNASSIGNED = _l("Chưa phân công")
CARD_KINDS = ("due_today", "due_soon", "overdue", "supplementing", "apologised")
KIND_LABELS: dict[str, Any] = {
    "open": _l("Đang giải quyết"),
    "due_today": _l("Đến hạn hôm nay"),
    "due_soon": _l("Đến hạn trong 1 ngày làm việc"),
    "overdue": _l("Quá hạn"),
    "supplementing": _l("Chờ bổ sung"),
    "apologised": _l("Đã xin lỗi, hẹn lại"),
}


@dataclass
class UnitLoad:
    unit_id: int
    label: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class StepLoad:
    agency_id: int
    agency: str
    step: str
    assignee_id: int | None
    assignee: Any  # a name, or the (lazy) "not assigned yet"
    open: int = 0
    due_soon: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Dashboard:
    present: Moments
    totals: dict[str, int]
    by_unit: list[UnitLoad]
    by_agency: list[StepLoad]  # step and assignee left empty: the agency's sums
    by_step: list[StepLoad]


DOSSIER_MEASURES = ("open", *CARD_KINDS)


def build_dashboard(scope: Scope, present: Moments) -> Dashboard:
    window = Window(now=present.now, present=present)
    session = reporting_session()
    unit = Dossier.receiving_unit_id
    sums = [count_if(DASHBOARD_KINDS[kind](window)) for kind in DOSSIER_MEASURES]
    rows = session.execute(
        select(unit, *sums).where(scope.dossier_filter(), open_now()).group_by(unit)
    ).all()
    names = agency_names({row[0] for row in rows})
    by_unit = [
        UnitLoad(row[0], names.get(row[0], "?"), dict(zip(DOSSIER_MEASURES, row[1:], strict=True)))
        for row in rows
    ]
    by_unit.sort(key=lambda load: (-load.counts["overdue"], load.label))
    totals = {kind: sum(load.counts[kind] for load in by_unit) for kind in DOSSIER_MEASURES}
    by_step = _step_loads(scope, window)
    return Dashboard(present, totals, by_unit, _agency_sums(by_step), by_step)


def _step_loads(scope: Scope, window: Window) -> list[StepLoad]:
    agency, name, assignee = StepTask.agency_id, StepTask.name, StepTask.assignee_id
    stmt = select(
        agency,
        name,
        assignee,
        func.count(),
        count_if(TASK_KINDS["task_due_soon"](window)),
        count_if(TASK_KINDS["task_overdue"](window)),
    ).where(StepTask.agency_id.in_(scope.agency_ids), task_running_now())
    if not scope.is_everything:
        # A running step's dossier is open, so never voided, and received by a one-stop
        # unit: only a narrower scope needs the dossier row.
        stmt = stmt.join(Dossier, Dossier.id == StepTask.dossier_id).where(scope.dossier_filter())
    stmt = stmt.group_by(agency, name, assignee)
    rows = reporting_session().execute(stmt).all()
    agencies = agency_names({row[0] for row in rows})
    user_ids = {row[2] for row in rows if row[2] is not None}
    users = (
        dict(
            reporting_session()
            .execute(select(User.id, User.full_name).where(User.id.in_(user_ids)))
            .all()
        )
        if user_ids
        else {}
    )
    loads = [
        StepLoad(
            agency_id=a,
            agency=agencies.get(a, "?"),
            step=step,
            assignee_id=who,
            assignee=users.get(who, UNASSIGNED) if who else UNASSIGNED,
            open=n,
            due_soon=soon,
            overdue=late,
        )
        for a, step, who, n, soon, late in rows
    ]
    loads.sort(key=lambda load: (-load.overdue, -load.due_soon, load.agency, load.step))
    return loads


def _agency_sums(steps: list[StepLoad]) -> list[StepLoad]:
    sums: dict[int, StepLoad] = {}
    for load in steps:
        total = sums.setdefault(load.agency_id, StepLoad(load.agency_id, load.agency, "", None, ""))
        total.open += load.open
        total.due_soon += load.due_soon
        total.overdue += load.overdue
    return sorted(sums.values(), key=lambda load: (-load.overdue, -load.due_soon, load.agency))


# --- tables and charts -------------------------------------------------------------------

UNIT_COLUMNS = tuple(Column(kind, KIND_LABELS[kind], drill=kind) for kind in DOSSIER_MEASURES)
TASK_COLUMNS = (
    Column("open", _l("Đang xử lý"), drill="task_open"),
    Column("due_soon", _l("Đến hạn trong 1 ngày làm việc"), drill="task_due_soon"),
    Column("overdue", _l("Quá hạn"), drill="task_overdue"),
)


def _step_filters(load: StepLoad, with_step: bool) -> dict[str, str]:
    filters = {"co_quan": str(load.agency_id)}
    if with_step:
        filters["buoc"] = load.step
        filters["can_bo"] = str(load.assignee_id) if load.assignee_id else "0"
    return filters


def _task_values(load: StepLoad) -> dict[str, Any]:
    return {"open": load.open, "due_soon": load.due_soon, "overdue": load.overdue}


def dashboard_tables(board: Dashboard) -> list[ReportTable]:
    task_totals: dict[str, int] = defaultdict(int)
    for load in board.by_agency:
        for key, value in _task_values(load).items():
            task_totals[key] += value
    return [
        ReportTable(
            key="units",
            title=_l("Hồ sơ đang giải quyết theo đơn vị tiếp nhận"),
            columns=(Column("label", _l("Đơn vị"), kind="text", width=44), *UNIT_COLUMNS),
            rows=[
                Row({"label": load.label, **load.counts}, {"don_vi": str(load.unit_id)})
                for load in board.by_unit
            ],
            totals={"label": TOTAL_LABEL, **board.totals},
            sheet=_l("Theo đơn vị"),
        ),
        ReportTable(
            key="agencies",
            title=_l("Bước xử lý theo cơ quan"),
            columns=(Column("agency", _l("Cơ quan xử lý"), kind="text", width=44), *TASK_COLUMNS),
            rows=[
                Row({"agency": load.agency, **_task_values(load)}, _step_filters(load, False))
                for load in board.by_agency
            ],
            totals={"agency": TOTAL_LABEL, **task_totals},
            sheet=_l("Theo cơ quan"),
            drill_endpoint="monitor.tasks",
        ),
        ReportTable(
            key="steps",
            title=_l("Ai đang giữ hồ sơ: theo bước và cán bộ xử lý"),
            columns=(
                Column("agency", _l("Cơ quan xử lý"), kind="text", width=36),
                Column("step", _l("Bước xử lý"), kind="text", width=36),
                Column("assignee", _l("Cán bộ xử lý"), kind="text", width=28),
                *TASK_COLUMNS,
            ),
            rows=[
                Row(
                    {"agency": load.agency, "step": load.step, "assignee": load.assignee}
                    | _task_values(load),
                    _step_filters(load, True),
                )
                for load in board.by_step
            ],
            totals={"agency": TOTAL_LABEL, "step": "", "assignee": "", **task_totals},
            sheet=_l("Theo bước và cán bộ"),
            drill_endpoint="monitor.tasks",
        ),
    ]


def dashboard_charts(board: Dashboard) -> dict[str, Any]:
    agencies = board.by_agency[:15]  # the fifteen agencies holding the most late work
    return {
        "steps": {
            "type": "bar",
            "horizontal": True,
            "stacked": True,
            "colors": ["red", "amber", "lightgreen"],
            "labels": [short_name(load.agency) for load in agencies],
            "datasets": [
                {"label": str(_l("Quá hạn")), "data": [a.overdue for a in agencies]},
                {
                    "label": str(_l("Đến hạn trong 1 ngày làm việc")),
                    "data": [a.due_soon for a in agencies],
                },
                {
                    "label": str(_l("Còn hạn")),
                    "data": [a.open - a.overdue - a.due_soon for a in agencies],
                },
            ],
        },
    }
