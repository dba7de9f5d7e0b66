"""Agencies' work queues: a leader's tasks of the agency, a specialist's own tasks, with
the due-date badges (overdue, due today, due within one working day) and their counts.

Same rules as the desk's lists (queries/queues.py): one SELECT per list of the columns a
row shows, one COUNT for the pager, pages walked by keyset (queries/paging.py), badges
worked out in Python from thresholds computed once. Every count is over the agency's open
steps (the tabs' states), never over every step it ever had.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import add_working_time
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, DossierState, TaskState
from vpub_onestop.domain.task_scope import TaskScope
from vpub_onestop.domain.timeliness import PendingStatus, pending_status
from vpub_onestop.models import Dossier, Procedure, StepTask, User
from vpub_onestop.queries.paging import DEFAULT_PAGE_SIZE, AnySelect, Keyset, Order, Page, paginate


class Urgency(Enum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    ON_TRACK = "on_track"
    PAUSED = "paused"  # the applicant is completing the file: the dossier's clock is stopped


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

    def classify(
        self, cal: WorkCalendar, due_at: datetime | None, dossier_state: DossierState
    ) -> Urgency:
        """The badge of a step whose dossier is in `dossier_state`: paused only while the
        dossier's clock is stopped (domain.dossier_clock), as the dashboard counts it."""
        if not clock_runs(dossier_state):
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
    state: TaskState
    due_at: datetime | None
    arrived_at: datetime | None
    assignee_name: str | None
    dossier_id: int
    dossier_code: str | None
    dossier_state: DossierState
    procedure_name: str
    applicant_name: str
    urgency: Urgency

    @property
    def state_label(self) -> str:
        return self.state.label_vi


def _task_select() -> AnySelect:
    return (
        select(
            StepTask.id,
            StepTask.version,
            StepTask.name,
            StepTask.stage,
            StepTask.state,
            StepTask.due_at,
            StepTask.arrived_at,
            StepTask.dossier_id,
            Dossier.code.label("dossier_code"),
            Dossier.state.label("dossier_state"),
            Dossier.applicant_name,
            Procedure.name.label("procedure_name"),
            User.full_name.label("assignee_name"),
        )
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .outerjoin(User, User.id == StepTask.assignee_id)
    )


_NEAREST_DUE = Order(StepTask.due_at, StepTask.id, lambda row: (row.due_at, row.id))


def task_list(
    session: Session,
    *,
    states: Sequence[TaskState],
    cal: WorkCalendar,
    now: datetime,
    scope: TaskScope,
    page: int = 1,
    size: int = DEFAULT_PAGE_SIZE,
    after: Keyset | None = None,
    total: int | None = None,
) -> Page[TaskRow]:
    """Tasks of one agency (a leader's view) or of one assignee, nearest due date first;
    `after` continues from a page's edge, `total` is the list's length when the caller
    has counted it (task_state_counts)."""
    # The states as literals. An agency's list walks the full (agency, state, due_at) index
    # in its order, which the open-steps index's IN list would defeat; an officer's walks
    # the open-steps (assignee, state, due_at, id) index, which SQLite takes only when the
    # index's own condition is written out (access.state_sql.state_is).
    indexed = ACTIVE_TASK_STATES if scope.assignee_id is not None else frozenset()
    stmt = _task_select().where(state_is(StepTask.state, *states, indexed=indexed))
    stmt = scoped(stmt, scope, now)
    rows, total, number, first, last = paginate(
        session, stmt, page, size, _NEAREST_DUE, after, total
    )
    limits = Thresholds.at(cal, now)
    items = [
        TaskRow(
            task_id=row.id,
            version=row.version,
            name=row.name,
            stage=row.stage,
            state=row.state,
            due_at=row.due_at,
            arrived_at=row.arrived_at,
            assignee_name=row.assignee_name,
            dossier_id=row.dossier_id,
            dossier_code=row.dossier_code,
            dossier_state=row.dossier_state,
            procedure_name=row.procedure_name,
            applicant_name=row.applicant_name,
            urgency=limits.classify(cal, row.due_at, row.dossier_state),
        )
        for row in rows
    ]
    return Page(items, number, size, total, first, last)


def _open_in(states: Iterable[TaskState]) -> ColumnElement[bool]:
    """The step is in one of `states`, written so that the open-steps indexes serve."""
    return state_is(StepTask.state, *states, indexed=ACTIVE_TASK_STATES)


def scoped(stmt: AnySelect, scope: TaskScope, now: datetime) -> AnySelect:
    """One agency's or one officer's tasks (domain.task_scope) that have reached the agency
    by `now` (paper dispatched after the cut-off arrives the next morning)."""
    if scope.agency_id is None and scope.assignee_id is None:
        raise ValueError("a task list is always scoped to an agency or an assignee")
    if scope.agency_id is not None:
        stmt = stmt.where(StepTask.agency_id == scope.agency_id)
    if scope.assignee_id is not None:
        stmt = stmt.where(StepTask.assignee_id == scope.assignee_id)
    return stmt.where(StepTask.arrived_at <= now)


def task_state_counts(
    session: Session,
    *,
    now: datetime,
    scope: TaskScope,
    states: Iterable[TaskState] = tuple(TaskState),
) -> dict[TaskState, int]:
    """How many of the scope's steps are in each of `states` (the others count 0): the
    task list asks only its tabs' open states, which the partial index holds."""
    stmt = select(StepTask.state, func.count()).where(_open_in(states)).group_by(StepTask.state)
    stmt = scoped(stmt, scope, now)
    counted: dict[TaskState, int] = {
        state: int(count) for state, count in session.execute(stmt).all()
    }
    return {state: counted.get(state, 0) for state in TaskState}


COUNTED_URGENCIES = (Urgency.OVERDUE, Urgency.TODAY, Urgency.SOON)


def due_bucket(limits: Thresholds, urgency: Urgency) -> ColumnElement[bool]:
    """A step's due date falls in `urgency`'s bucket, in SQL: the same thresholds as the
    row badges (Thresholds.classify), so a count and the list it opens agree."""
    due = StepTask.due_at
    if urgency is Urgency.OVERDUE:
        return due < limits.now
    if urgency is Urgency.TODAY:
        return and_(due >= limits.now, due < limits.end_of_today)
    if urgency is Urgency.SOON:
        return and_(
            due >= limits.now, due >= limits.end_of_today, due <= limits.within_one_working_day
        )
    raise ValueError(f"no due bucket for {urgency.value}")
