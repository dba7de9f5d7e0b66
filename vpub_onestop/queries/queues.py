"""Work queues of the officer workspace: set-based, paginated, one query per list.

Each list is one SELECT that joins everything a row shows (procedure, assignee, file
count) and one COUNT for the pager, so a page costs the same number of statements whether
it shows 5 rows or 50. Timeliness badges are computed in Python from thresholds worked out
once per request (never a query per row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Generic, TypeAlias, TypeVar

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import add_working_time, working_time_between
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.timeliness import PendingStatus, pending_status
from vpub_onestop.models import Dossier, DossierFile, Procedure, StepTask, User

T = TypeVar("T")
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

DEFAULT_PAGE_SIZE = 25
# The national expectation: an online submission is decided within 8 working hours.
CHECK_EXPECTATION = timedelta(hours=8)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def _page(session: Session, stmt: AnySelect, number: int, size: int) -> tuple[list[Any], int, int]:
    """(rows of the page, total rows, page number clamped to the pages that exist)."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    number = min(max(1, number), max(1, -(-total // size)))
    rows = list(session.execute(stmt.limit(size).offset((number - 1) * size)).all())
    return rows, total, number


# --- the one-stop unit ---------------------------------------------------------------


class DeskList(Enum):
    """The desk's lists: which dossiers of the unit, oldest first."""

    CHECK = ("cho-kiem-tra", DossierState.SUBMITTED, "submitted_at")
    DISPATCH = ("cho-chuyen", DossierState.RECEIVED, "received_at")
    SUPPLEMENT = ("cho-bo-sung", DossierState.SUPPLEMENT_REQUESTED, "received_at")
    PAYMENT = ("cho-nop-phi", DossierState.AWAITING_PAYMENT, "received_at")
    RESULT = ("cho-tra", DossierState.RESULT_READY, "finished_at")
    WITHDRAWAL = ("rut-ho-so", DossierState.WITHDRAWAL_REQUESTED, "received_at")

    def __init__(self, slug: str, state: DossierState, oldest_by: str) -> None:
        self.slug = slug
        self.state = state
        self.oldest_by = oldest_by

    @classmethod
    def from_slug(cls, slug: str | None, default: DeskList) -> DeskList:
        return next((item for item in cls if item.slug == slug), default)


@dataclass(frozen=True)
class DeskRow:
    dossier_id: int
    version: int
    code: str | None
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_phone: str | None
    channel: str
    state: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    appointment_at: datetime | None
    finished_at: datetime | None
    outcome: str | None
    result_delivery: str
    file_count: int
    # Online submissions: office time waited so far, and whether beyond the 8 hours.
    waited: timedelta | None = None
    waited_too_long: bool = False

    @property
    def waited_hours(self) -> float | None:
        return None if self.waited is None else round(self.waited.total_seconds() / 3600, 1)


def desk_list(
    session: Session,
    unit_id: int,
    which: DeskList,
    *,
    cal: WorkCalendar,
    now: datetime,
    page: int = 1,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[DeskRow]:
    files = (
        select(DossierFile.dossier_id, func.count().label("n"))
        .where(DossierFile.kind == "component")
        .group_by(DossierFile.dossier_id)
        .subquery()
    )
    oldest = getattr(Dossier, which.oldest_by)
    stmt = (
        select(Dossier, Procedure.code, Procedure.name, func.coalesce(files.c.n, 0))
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .outerjoin(files, files.c.dossier_id == Dossier.id)
        .where(Dossier.receiving_unit_id == unit_id, Dossier.state == which.state.value)
        .order_by(oldest.asc(), Dossier.id.asc())
    )
    rows, total, number = _page(session, stmt, page, size)
    items = [_desk_row(*row, which=which, cal=cal, now=now) for row in rows]
    return Page(items, number, size, total)


def _desk_row(
    dossier: Dossier,
    procedure_code: str,
    procedure_name: str,
    file_count: int,
    *,
    which: DeskList,
    cal: WorkCalendar,
    now: datetime,
) -> DeskRow:
    waited = None
    if which is DeskList.CHECK and dossier.submitted_at is not None:
        waited = working_time_between(cal, dossier.submitted_at, now)
    return DeskRow(
        dossier_id=dossier.id,
        version=dossier.version,
        code=dossier.code,
        procedure_code=procedure_code,
        procedure_name=procedure_name,
        applicant_name=dossier.applicant_name,
        applicant_phone=dossier.applicant_phone,
        channel=dossier.channel,
        state=dossier.state,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        appointment_at=dossier.appointment_at,
        finished_at=dossier.finished_at,
        outcome=dossier.outcome,
        result_delivery=dossier.result_delivery,
        file_count=int(file_count),
        waited=waited,
        waited_too_long=waited is not None and waited > CHECK_EXPECTATION,
    )


def desk_counts(session: Session, unit_id: int) -> dict[DeskList, int]:
    """How many dossiers wait in each desk list (one GROUP BY)."""
    states = [item.state.value for item in DeskList]
    rows = session.execute(
        select(Dossier.state, func.count())
        .where(Dossier.receiving_unit_id == unit_id, Dossier.state.in_(states))
        .group_by(Dossier.state)
    ).all()
    counted = {str(state): int(count) for state, count in rows}
    return {item: int(counted.get(item.state.value, 0)) for item in DeskList}


# --- agencies ------------------------------------------------------------------------


class Urgency(Enum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    ON_TRACK = "on_track"
    PAUSED = "paused"  # the dossier waits for the applicant: its clock does not run


@dataclass(frozen=True)
class Thresholds:
    """The moments that split pending work into badges, computed once per request."""

    now: datetime
    end_of_today: datetime
    within_one_working_day: datetime

    @classmethod
    def at(cls, cal: WorkCalendar, now: datetime) -> Thresholds:
        local = now.astimezone(LOCAL_TZ)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(
            now=now,
            end_of_today=midnight + timedelta(days=1),
            within_one_working_day=add_working_time(cal, now, cal.policy.day_length),
        )

    def classify(self, cal: WorkCalendar, due_at: datetime | None, paused: bool) -> Urgency:
        if paused:
            return Urgency.PAUSED
        if due_at is None:
            return Urgency.ON_TRACK
        status = pending_status(cal, due_at, self.now)
        if status is PendingStatus.OVERDUE:
            return Urgency.OVERDUE
        if due_at < self.end_of_today:
            return Urgency.TODAY
        if status is PendingStatus.DUE_SOON:
            return Urgency.SOON
        return Urgency.ON_TRACK


@dataclass(frozen=True)
class TaskRow:
    task_id: int
    version: int
    name: str
    stage: int
    state: str
    due_at: datetime | None
    arrived_at: datetime | None
    assignee_name: str | None
    dossier_id: int
    dossier_code: str | None
    dossier_state: str
    procedure_name: str
    applicant_name: str
    urgency: Urgency

    @property
    def state_label(self) -> str:
        return TaskState(self.state).label_vi


def _task_select() -> AnySelect:
    return (
        select(StepTask, Dossier.code, Dossier.state, Dossier.applicant_name, Procedure.name)
        .add_columns(User.full_name)
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .outerjoin(User, User.id == StepTask.assignee_id)
    )


def task_list(
    session: Session,
    *,
    states: Sequence[TaskState],
    cal: WorkCalendar,
    now: datetime,
    agency_id: int | None = None,
    assignee_id: int | None = None,
    page: int = 1,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[TaskRow]:
    """Tasks of one agency (a leader's view) or of one assignee, nearest due date first."""
    stmt = _task_select().where(StepTask.state.in_([s.value for s in states]))
    stmt = _scoped(stmt, agency_id, assignee_id, now)
    stmt = stmt.order_by(StepTask.due_at.asc(), StepTask.id.asc())
    rows, total, number = _page(session, stmt, page, size)
    limits = Thresholds.at(cal, now)
    items = [
        TaskRow(
            task_id=task.id,
            version=task.version,
            name=task.name,
            stage=task.stage,
            state=task.state,
            due_at=task.due_at,
            arrived_at=task.arrived_at,
            assignee_name=assignee_name,
            dossier_id=task.dossier_id,
            dossier_code=code,
            dossier_state=dossier_state,
            procedure_name=procedure_name,
            applicant_name=applicant_name,
            urgency=limits.classify(
                cal, task.due_at, dossier_state != DossierState.PROCESSING.value
            ),
        )
        for task, code, dossier_state, applicant_name, procedure_name, assignee_name in rows
    ]
    return Page(items, number, size, total)


def _scoped(
    stmt: AnySelect, agency_id: int | None, assignee_id: int | None, now: datetime
) -> AnySelect:
    """One agency's or one officer's tasks that have reached the agency by `now` (paper
    dispatched after the cut-off arrives the next morning)."""
    if agency_id is None and assignee_id is None:
        raise ValueError("a task list is always scoped to an agency or an assignee")
    if agency_id is not None:
        stmt = stmt.where(StepTask.agency_id == agency_id)
    if assignee_id is not None:
        stmt = stmt.where(StepTask.assignee_id == assignee_id)
    return stmt.where(StepTask.arrived_at <= now)


def task_state_counts(
    session: Session,
    *,
    now: datetime,
    agency_id: int | None = None,
    assignee_id: int | None = None,
) -> dict[TaskState, int]:
    stmt = select(StepTask.state, func.count()).group_by(StepTask.state)
    stmt = _scoped(stmt, agency_id, assignee_id, now)
    counted = {str(state): int(count) for state, count in session.execute(stmt).all()}
    return {state: int(counted.get(state.value, 0)) for state in TaskState}


def urgency_counts(
    session: Session,
    *,
    states: Sequence[TaskState],
    cal: WorkCalendar,
    now: datetime,
    agency_id: int | None = None,
    assignee_id: int | None = None,
) -> dict[Urgency, int]:
    """Overdue / due today / due within one working day, counted in SQL against the same
    thresholds the row badges use. Paused dossiers (waiting for the applicant) are left out."""
    limits = Thresholds.at(cal, now)
    due = StepTask.due_at
    buckets = {
        Urgency.OVERDUE: due < limits.now,
        Urgency.TODAY: and_(due >= limits.now, due < limits.end_of_today),
        Urgency.SOON: and_(
            due >= limits.now,
            due >= limits.end_of_today,
            due <= limits.within_one_working_day,
        ),
    }
    columns = [
        func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(key.value)
        for key, condition in buckets.items()
    ]
    stmt = (
        select(*columns)
        .select_from(StepTask)
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .where(
            StepTask.state.in_([s.value for s in states]),
            Dossier.state == DossierState.PROCESSING.value,
        )
    )
    row = session.execute(_scoped(stmt, agency_id, assignee_id, now)).one()
    return {key: int(value or 0) for key, value in zip(buckets, row, strict=True)}


def assignable_officers(session: Session, agency_id: int) -> list[tuple[int, str, str]]:
    """(id, name, role) of the agency's enabled specialists and leaders, specialists first."""
    rows = session.execute(
        select(User.id, User.full_name, User.role)
        .where(
            User.agency_id == agency_id,
            User.enabled.is_(True),
            User.role.in_(("specialist", "leader")),
        )
        .order_by(User.role.desc(), User.full_name)
    ).all()
    return [(int(uid), name, role) for uid, name, role in rows]
