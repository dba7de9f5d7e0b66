"""Drill-down lists: the dossiers (or steps) behind one figure, filtered with the very
predicate that counted it (queries.stats), one page at a time or whole for an export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import aliased

from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.timeliness import Timeliness
from vpub_onestop.models import Agency, Dossier, Procedure, StepTask, User
from vpub_onestop.queries.staff_lists import LIVE_STATES, Holder, days_late, holders_of
from vpub_onestop.queries.stats import kind_filter
from vpub_onestop.queries.stats_scope import Scope, Window
from vpub_onestop.queries.stats_tables import Column, ReportTable, Row
from vpub_onestop.reporting_db import reporting_session

PER_PAGE = 50
EXPORT_LIMIT = 50_000  # an export is for reading in a spreadsheet, not a database dump

CHANNEL_LABELS: dict[str, Any] = {
    "direct": _l("Trực tiếp"),
    "online": _l("Trực tuyến"),
    "post": _l("Bưu chính"),
}
DOSSIER_COLUMNS = (
    Column("code", _l("Mã hồ sơ"), kind="text", width=26),
    Column("procedure", _l("Thủ tục"), kind="text", width=44),
    Column("applicant", _l("Người nộp"), kind="text", width=26),
    Column("channel", _l("Kênh"), kind="text", width=12),
    Column("unit", _l("Đơn vị tiếp nhận"), kind="text", width=36),
    Column("received_at", _l("Tiếp nhận lúc"), kind="datetime", width=17),
    Column("due_at", _l("Hạn giải quyết"), kind="datetime", width=17),
    Column("finished_at", _l("Hoàn thành lúc"), kind="datetime", width=17),
    Column("state", _l("Trạng thái"), kind="text", width=24),
    Column("timeliness", _l("Kết quả đánh giá"), kind="text", width=14),
    # Who holds an open dossier now (agency, step, officer) and how many working days it
    # is late: a manager's next call is to that desk (docs/architecture.md#staff-lists).
    Column("holder", _l("Đang xử lý tại"), kind="text", width=44),
    Column("days_late", _l("Số ngày quá hạn"), kind="decimal", width=12),
)
HOLDERS_CHUNK = 500  # dossier ids per "who holds it" query of an export
TASK_COLUMNS = (
    Column("code", _l("Mã hồ sơ"), kind="text", width=26),
    Column("step", _l("Bước xử lý"), kind="text", width=36),
    Column("agency", _l("Cơ quan xử lý"), kind="text", width=36),
    Column("assignee", _l("Cán bộ xử lý"), kind="text", width=26),
    Column("arrived_at", _l("Nhận lúc"), kind="datetime", width=17),
    Column("due_at", _l("Hạn của bước"), kind="datetime", width=17),
    Column("state", _l("Trạng thái bước"), kind="text", width=20),
)


@dataclass(frozen=True)
class Listing:
    table: ReportTable
    total: int
    page: int
    pages: int


def _window(page: int | None) -> tuple[int, int]:
    """(limit, offset): one page, or everything up to EXPORT_LIMIT for a file."""
    if page is None:
        return EXPORT_LIMIT, 0
    return PER_PAGE, (page - 1) * PER_PAGE


def _pages(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


def dossier_list(
    scope: Scope,
    kind: str,
    window: Window,
    title: Any,
    cal: WorkCalendar,
    page: int | None = 1,
) -> Listing:
    where = and_(scope.dossier_filter(), kind_filter(kind, window))
    total = reporting_session().scalar(select(func.count()).select_from(Dossier).where(where)) or 0
    stmt = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.code,
            Procedure.name,
            Dossier.applicant_name,
            Dossier.channel,
            Agency.name,
            Dossier.received_at,
            Dossier.due_at,
            Dossier.finished_at,
            Dossier.state,
            Dossier.timeliness,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Agency, Agency.id == Dossier.receiving_unit_id)
        .where(where)
        .order_by(Dossier.due_at, Dossier.id)
    )
    limit, offset = _window(page)
    # An export reads its rows a chunk at a time (a server-side cursor on PostgreSQL) and
    # asks who holds each chunk's dossiers as it goes: the whole result, the holders of
    # 50,000 dossiers and the rows made from them were in memory at once, the worker's
    # peak during a large export (bench/PROFILE.md, "Memory"). A procedure's line is made
    # once and shared by its rows.
    result = reporting_session().execute(
        stmt.limit(limit).offset(offset).execution_options(yield_per=HOLDERS_CHUNK)
    )
    procedures: dict[tuple[str, str], str] = {}
    rows: list[Row] = []
    for part in result.partitions():
        holders = _holders([found[0] for found in part])
        rows.extend(
            Row(
                {
                    "code": code or "",
                    "procedure": procedures.setdefault(
                        (proc_code, proc_name), f"{proc_code} – {proc_name}"
                    ),
                    "applicant": applicant,
                    "channel": CHANNEL_LABELS.get(channel, channel),
                    "unit": unit,
                    "received_at": received,
                    "due_at": due,
                    "finished_at": finished,
                    "state": state.label_vi,
                    "timeliness": Timeliness(timeliness).label_vi if timeliness else "",
                    "holder": _holder_text(holders.get(dossier_id, ()), state),
                    "days_late": days_late(cal, due, state, window.now),
                },
                opens=("dossier", dossier_id),
            )
            for (
                dossier_id,
                code,
                proc_code,
                proc_name,
                applicant,
                channel,
                unit,
                received,
                due,
                finished,
                state,
                timeliness,
            ) in part
        )
    table = ReportTable("dossiers", title, DOSSIER_COLUMNS, rows, sheet=_l("Danh sách hồ sơ"))
    return Listing(table, total, page or 1, _pages(total))


def _holders(dossier_ids: list[int]) -> dict[int, tuple[Holder, ...]]:
    found: dict[int, tuple[Holder, ...]] = {}
    for start in range(0, len(dossier_ids), HOLDERS_CHUNK):
        chunk = dossier_ids[start : start + HOLDERS_CHUNK]
        found.update(holders_of(reporting_session(), chunk, None))
    return found


def _holder_text(holders: tuple[Holder, ...], state: DossierState) -> Any:
    """ "Agency · step · officer" of each open step; an open dossier with none is at the
    one-stop desk (not dispatched yet, or its result back for hand-over)."""
    if holders:
        parts = ((h.agency, h.step, h.officer) for h in holders)
        return "; ".join(" · ".join(p for p in part if p) for part in parts)
    return _l("Bộ phận Một cửa") if state in LIVE_STATES else ""


def task_filter(
    agency_id: int | None, step: str | None, assignee_id: int | None
) -> ColumnElement[bool]:
    """Narrow to one agency, one step name and one officer (0 = nobody assigned yet)."""
    clauses: list[ColumnElement[bool]] = []
    if agency_id is not None:
        clauses.append(StepTask.agency_id == agency_id)
    if step:
        clauses.append(StepTask.name == step)
    if assignee_id is not None:
        clauses.append(
            StepTask.assignee_id.is_(None)
            if assignee_id == 0
            else StepTask.assignee_id == assignee_id
        )
    return and_(true(), *clauses)


def task_list(
    scope: Scope,
    kind: str,
    window: Window,
    narrow: ColumnElement[bool],
    title: Any,
    page: int | None = 1,
) -> Listing:
    where = and_(
        StepTask.agency_id.in_(scope.agency_ids),  # lets the (agency_id, state, ...) index serve
        scope.dossier_filter(),
        kind_filter(kind, window),
        narrow,
    )
    joined = (
        select(func.count()).select_from(StepTask).join(Dossier, Dossier.id == StepTask.dossier_id)
    )
    total = reporting_session().scalar(joined.where(where)) or 0
    assignee = aliased(User)
    stmt = (
        select(
            StepTask.id,
            Dossier.code,
            StepTask.name,
            Agency.name,
            assignee.full_name,
            StepTask.arrived_at,
            StepTask.due_at,
            StepTask.state,
        )
        .select_from(StepTask)
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .join(Agency, Agency.id == StepTask.agency_id)
        .outerjoin(assignee, assignee.id == StepTask.assignee_id)
        .where(where)
        .order_by(StepTask.due_at, StepTask.id)
    )
    limit, offset = _window(page)
    rows = [
        Row(
            {
                "code": code or "",
                "step": step,
                "agency": agency,
                "assignee": who or _l("Chưa phân công"),
                "arrived_at": arrived,
                "due_at": due,
                "state": state.label_vi,
            },
            opens=("task", task_id),
        )
        for task_id, code, step, agency, who, arrived, due, state in reporting_session().execute(
            stmt.limit(limit).offset(offset)
        )
    ]
    table = ReportTable("tasks", title, TASK_COLUMNS, rows, sheet=_l("Danh sách bước xử lý"))
    return Listing(table, total, page or 1, _pages(total))
