"""The officers' dossier lists without gaps: every received dossier an officer may see,
filtered and sorted, a page at a time (docs/architecture.md#staff-lists).

- The one-stop unit (reception, unit head) lists every dossier it received: by state,
  procedure, channel, due window and the agency holding it now.
- An agency officer lists the dossiers on which his steps are open (a leader: his
  agency's; a specialist: his own), with the same filters; the due window then reads
  the step's due date, as his task list's badges do (queries/agency_queues).

Who sees what is asked of access.visibility alone. Each list reads what grows with the
open work, never with the history: the open lists through the open-state indexes, the
finished ones newest first through (unit, received_at) and a count capped at COUNT_CAP
(bench/PLANS.md, "Staff lists"). Pages are walked by keyset (queries/paging.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Row, exists, func, select
from sqlalchemy.orm import Session, aliased

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.access.visibility import visible_dossiers
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.dossier_clock import OPEN_STATES, clock_runs
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, DossierState, TaskState
from vpub_onestop.domain.task_scope import AGENCY_ROLES, TaskScope, task_scope
from vpub_onestop.domain.timeliness import working_days_late
from vpub_onestop.models import Agency, Dossier, DossierEvent, Procedure, StepTask, User
from vpub_onestop.queries.agency_queues import Thresholds, Urgency, due_bucket
from vpub_onestop.queries.paging import AnySelect, Keyset, Order, Page, count_rows, paginate
from vpub_onestop.queries.stats import kind_filter
from vpub_onestop.queries.stats_scope import CHANNELS, Window, moments

# A list's length is counted up to this many rows: beyond, the page says "more than" and
# the pager keeps offering the next page while pages come back full.
COUNT_CAP = 1000

# The open states and the results waiting at the desk: what a unit still handles, a few
# thousand rows at a province's volume, which the (unit, state, due_at) index holds.
LIVE_STATES = frozenset(OPEN_STATES | {DossierState.RESULT_READY})
RECEIVED_STATES = frozenset(
    LIVE_STATES | {DossierState.RETURNED, DossierState.STOPPED, DossierState.VOIDED}
)


class StateFilter(Enum):
    """The state choices of the lists (the link's `trang_thai`)."""

    OPEN = ("dang-giai-quyet", OPEN_STATES)
    RECEIVED = ("cho-chuyen", frozenset({DossierState.RECEIVED}))
    PROCESSING = ("dang-xu-ly", frozenset({DossierState.PROCESSING}))
    SUPPLEMENT = ("cho-bo-sung", frozenset({DossierState.SUPPLEMENT_REQUESTED}))
    PAYMENT = ("cho-nop-phi", frozenset({DossierState.AWAITING_PAYMENT}))
    WITHDRAWAL = ("xin-rut", frozenset({DossierState.WITHDRAWAL_REQUESTED}))
    RESULT = ("cho-tra", frozenset({DossierState.RESULT_READY}))
    RETURNED = ("da-tra", frozenset({DossierState.RETURNED}))
    STOPPED = ("da-dung", frozenset({DossierState.STOPPED}))
    ALL = ("tat-ca", RECEIVED_STATES)

    def __init__(self, slug: str, states: frozenset[DossierState]) -> None:
        self.slug = slug
        self.states = states

    @property
    def live(self) -> bool:
        """Only states a unit still handles: bounded by the open work, sortable by due date."""
        return self.states <= LIVE_STATES


class Sort(Enum):
    DUE = "han"  # nearest due date first (live lists only)
    NEWEST = "moi-nhan"  # most recently received first
    OLDEST = "cu-nhat"  # longest received first


class DueWindow(Enum):
    """The due windows, as the dashboard's cards (one-stop) and the agency's badges name them."""

    OVERDUE = ("qua-han", "overdue", Urgency.OVERDUE)
    TODAY = ("hom-nay", "due_today", Urgency.TODAY)
    SOON = ("sap-den-han", "due_soon", Urgency.SOON)

    def __init__(self, slug: str, dashboard_kind: str, urgency: Urgency) -> None:
        self.slug = slug
        self.dashboard_kind = dashboard_kind
        self.urgency = urgency


@dataclass(frozen=True)
class Filters:
    state: StateFilter = StateFilter.OPEN
    procedure_id: int | None = None
    channel: str | None = None
    due: DueWindow | None = None
    holder_id: int | None = None  # the agency holding an open step (one-stop lists)
    sent_back: bool = False  # a specialist's steps the leader sent back for rework
    sort: Sort | None = None

    @property
    def effective_sort(self) -> Sort:
        """Due-date order only where the rows are the open work; a history list is walked
        newest first through the (unit, received_at) index."""
        if self.sort is Sort.DUE or self.sort is None:
            return Sort.DUE if self.state.live else Sort.NEWEST
        return self.sort


@dataclass(frozen=True)
class Holder:
    """Who holds the dossier now: an agency's open step, and its officer when assigned."""

    agency: str
    step: str
    officer: str | None


@dataclass(frozen=True)
class ListRow:
    dossier_id: int
    code: str | None
    applicant_name: str
    procedure_name: str
    channel: str
    state: DossierState
    received_at: datetime | None
    due_at: datetime | None
    holders: tuple[Holder, ...]
    # Working days past the due moment while the clock runs (domain.timeliness), else None.
    days_late: Decimal | None
    # For an agency officer, his step on the dossier (the page the row opens).
    task_id: int | None = None


@dataclass(frozen=True)
class ListPage:
    page: Page[ListRow]
    capped: bool  # the total is "more than COUNT_CAP"


def is_agency(actor: Actor) -> bool:
    return actor.role in AGENCY_ROLES


def may_list(actor: Actor) -> bool:
    """The lists belong to the desk and the agencies; overseers use the dashboard."""
    return visible_dossiers(actor) is not None and actor.agency_id is not None


def list_statement(actor: Actor, filters: Filters, *, now: datetime, cal: WorkCalendar) -> Any:
    """The SELECT of the rows (without order or page); bench/PLANS.md shows its plans."""
    scope = visible_dossiers(actor)
    if scope is None:
        raise ValueError(f"no dossier list for the role {actor.role.value}")
    conditions: list[ColumnElement[bool]] = [
        scope,
        state_is(Dossier.state, *filters.state.states, indexed=_index_states(filters.state)),
        Dossier.received_at.is_not(None),
    ]
    if filters.procedure_id is not None:
        conditions.append(Dossier.procedure_id == filters.procedure_id)
    if filters.channel in CHANNELS:
        conditions.append(Dossier.channel == filters.channel)
    if is_agency(actor):
        conditions.append(_own_steps(actor, filters, now=now, cal=cal))
    else:
        if filters.due is not None:
            window = Window(now=now, present=moments(cal, now))
            conditions.append(kind_filter(filters.due.dashboard_kind, window))
        if filters.holder_id is not None:
            conditions.append(Dossier.id.in_(_open_steps_of(filters.holder_id)))
    return (
        select(
            Dossier.id,
            Dossier.code,
            Dossier.applicant_name,
            Procedure.name.label("procedure_name"),
            Dossier.channel,
            Dossier.state,
            Dossier.received_at,
            Dossier.due_at,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(*conditions)
    )


def _index_states(state: StateFilter) -> frozenset[DossierState]:
    """The open-state index's condition, for a filter within it (access.state_sql.state_is)."""
    return OPEN_STATES if state.states <= OPEN_STATES else frozenset()


def _open_steps_of(agency_id: int) -> Any:
    """The dossiers on which `agency_id` has an open step (the open-steps index)."""
    return select(StepTask.dossier_id).where(
        StepTask.agency_id == agency_id,
        state_is(StepTask.state, *ACTIVE_TASK_STATES, indexed=ACTIVE_TASK_STATES),
    )


def _own_steps(actor: Actor, filters: Filters, *, now: datetime, cal: WorkCalendar) -> Any:
    """The dossiers on which the officer's steps are open (domain.task_scope), narrowed to
    the due window his badges count, or to the steps sent back to him."""
    scope = task_scope(actor)
    states: tuple[TaskState, ...] = ACTIVE_TASK_STATES
    if filters.due is not None:
        states = scope.working_states
    if filters.sent_back:
        states = (TaskState.IN_PROGRESS,)
    steps = select(StepTask.dossier_id).where(
        _of_scope(scope),
        state_is(StepTask.state, *states, indexed=ACTIVE_TASK_STATES),
        StepTask.arrived_at <= now,
    )
    if filters.due is not None:
        steps = steps.where(due_bucket(Thresholds.at(cal, now), filters.due.urgency))
    if filters.sent_back:
        steps = steps.where(_sent_back())
    return Dossier.id.in_(steps)


def _of_scope(scope: TaskScope) -> ColumnElement[bool]:
    if scope.agency_id is not None:
        return StepTask.agency_id == scope.agency_id
    return StepTask.assignee_id == scope.assignee_id


def _sent_back() -> ColumnElement[bool]:
    """The step in progress was sent back by the leader at least once: a step in progress
    after a send-back has not been proposed again (propose moves it to awaiting approval)."""
    return exists().where(
        DossierEvent.dossier_id == StepTask.dossier_id,
        DossierEvent.task_id == StepTask.id,
        DossierEvent.trigger == "task.send_back",
    )


def _order(sort: Sort, *, agency: bool) -> Order:
    if sort is Sort.DUE:
        # An agency's dossiers are found through its open steps; written as an expression,
        # the due date offers the planner no walk of the province-wide due_at index, which
        # PostgreSQL would otherwise pick and filter for seconds (bench/PLANS.md).
        due = func.coalesce(Dossier.due_at, Dossier.due_at) if agency else Dossier.due_at
        return Order(due, Dossier.id, lambda row: (row.due_at, row.id))
    return Order(
        Dossier.received_at,
        Dossier.id,
        lambda row: (row.received_at, row.id),
        descending=sort is Sort.NEWEST,
    )


def staff_list(
    session: Session,
    actor: Actor,
    filters: Filters,
    *,
    now: datetime,
    cal: WorkCalendar,
    page: int = 1,
    size: int = 25,
    after: Keyset | None = None,
) -> ListPage:
    """One page of the officer's list, with who holds each dossier and how late it is."""
    stmt: AnySelect = list_statement(actor, filters, now=now, cal=cal)
    counted = count_rows(session, stmt.limit(COUNT_CAP + 1))
    capped = counted > COUNT_CAP
    rows, total, number, first, last = paginate(
        session,
        stmt,
        page,
        size,
        _order(filters.effective_sort, agency=is_agency(actor)),
        after,
        min(counted, COUNT_CAP),
    )
    if capped and len(rows) == size:
        total = max(total, number * size + 1)  # a next page exists: keep offering it
    ids = [row.id for row in rows]
    holders = holders_of(session, ids, actor)
    own = _own_task_ids(session, ids, actor) if is_agency(actor) else {}
    items = [_row(row, holders.get(row.id, ()), own.get(row.id), now=now, cal=cal) for row in rows]
    return ListPage(Page(items, number, size, total, first, last), capped)


def _row(
    row: Row[Any],
    holders: tuple[Holder, ...],
    task_id: int | None,
    *,
    now: datetime,
    cal: WorkCalendar,
) -> ListRow:
    return ListRow(
        dossier_id=row.id,
        code=row.code,
        applicant_name=row.applicant_name,
        procedure_name=row.procedure_name,
        channel=row.channel,
        state=row.state,
        received_at=row.received_at,
        due_at=row.due_at,
        holders=holders,
        days_late=days_late(cal, row.due_at, row.state, now),
        task_id=task_id,
    )


def days_late(
    cal: WorkCalendar, due_at: datetime | None, state: DossierState, now: datetime
) -> Decimal | None:
    """Working days past the due moment for a dossier whose clock runs (a file being
    completed by the applicant is not late), else None (domain.timeliness)."""
    if due_at is None or not clock_runs(state):
        return None
    return working_days_late(cal, due_at, now)


def holders_of(
    session: Session, dossier_ids: list[int], actor: Actor | None
) -> dict[int, tuple[Holder, ...]]:
    """Who holds each dossier of a page now (one query over the page's open steps). An
    agency officer sees another agency's step but not the name of its officer, as on the
    dossier page (docs/domain.md#who-sees-what); `actor` None: a manager's drill-down."""
    if not dossier_ids:
        return {}
    officer = aliased(User)
    rows = session.execute(
        select(
            StepTask.dossier_id,
            StepTask.agency_id,
            Agency.name,
            StepTask.name,
            officer.full_name,
        )
        .join(Agency, Agency.id == StepTask.agency_id)
        .outerjoin(officer, officer.id == StepTask.assignee_id)
        .where(
            StepTask.dossier_id.in_(dossier_ids),
            state_is(StepTask.state, *ACTIVE_TASK_STATES, indexed=ACTIVE_TASK_STATES),
        )
        .order_by(StepTask.dossier_id, StepTask.stage, StepTask.id)
    ).all()
    found: dict[int, list[Holder]] = {}
    for dossier_id, agency_id, agency, step, name in rows:
        hidden = actor is not None and is_agency(actor) and agency_id != actor.agency_id
        shown = None if hidden else name
        found.setdefault(dossier_id, []).append(Holder(agency, step, shown))
    return {dossier_id: tuple(items) for dossier_id, items in found.items()}


def _own_task_ids(session: Session, dossier_ids: list[int], actor: Actor) -> dict[int, int]:
    """The officer's latest open step on each dossier of the page (the row opens it)."""
    if not dossier_ids:
        return {}
    scope = task_scope(actor)
    rows = session.execute(
        select(StepTask.dossier_id, func.max(StepTask.id))
        .where(
            StepTask.dossier_id.in_(dossier_ids),
            _of_scope(scope),
            state_is(StepTask.state, *ACTIVE_TASK_STATES, indexed=ACTIVE_TASK_STATES),
        )
        .group_by(StepTask.dossier_id)
    ).all()
    return {int(dossier_id): int(task_id) for dossier_id, task_id in rows}


def holder_choices(session: Session) -> list[tuple[int, str]]:
    """The agencies a one-stop officer may pick as "held by" (the organisation table: a
    province's agencies, never the dossiers)."""
    rows = session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    return [(int(agency_id), str(name)) for agency_id, name in rows]


def procedure_choices(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Procedure.id, Procedure.code, Procedure.name).order_by(Procedure.name)
    ).all()
    return [(int(pid), f"{name} ({code})") for pid, code, name in rows]
