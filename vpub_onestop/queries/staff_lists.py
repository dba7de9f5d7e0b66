"""The officers' dossier lists without gaps: every received dossier an officer may see,
filtered and sorted, a page at a time (docs/architecture.md#staff-lists).

- The one-stop unit (reception, unit head) lists every dossier it received: by state,
  procedure, channel, due window and the agency holding it now.
- An agency officer lists the dossiers on which his steps are open (a leader: his
  agency's; a specialist: his own), with the same filters; the due window and the order
  then read the step's due date, as his task list's badges do (queries/agency_queues).

Each row says who holds the dossier now and how many working days it is late. The
statements are in queries/staff_list_sql.py; this module pages them, counts them (up to
COUNT_CAP, so no page counts the history) and fills the rows.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, aliased

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, DossierState
from vpub_onestop.domain.timeliness import working_days_late
from vpub_onestop.models import Agency, Procedure, StepTask, User
from vpub_onestop.queries.paging import AnySelect, Keyset, Page, count_rows, paginate
from vpub_onestop.queries.staff_list_filters import (
    COUNT_CAP,
    LIVE_STATES,
    DueWindow,
    Filters,
    Holder,
    ListPage,
    ListRow,
    Sort,
    StateFilter,
)
from vpub_onestop.queries.staff_list_sql import is_agency, list_order, list_statement

__all__ = [
    "COUNT_CAP",
    "LIVE_STATES",
    "DueWindow",
    "Filters",
    "Holder",
    "ListPage",
    "ListRow",
    "Sort",
    "StateFilter",
    "is_agency",
    "list_statement",
]


def list_length(
    session: Session, actor: Actor, filters: Filters, *, now: datetime, cal: WorkCalendar
) -> int:
    """How many rows the list holds, counted up to COUNT_CAP + 1 (the page then says "more
    than COUNT_CAP"): the home page's figures are this count of the list they open."""
    stmt: AnySelect = list_statement(actor, filters, now=now, cal=cal)
    return count_rows(session, stmt.limit(COUNT_CAP + 1))


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
    agency = is_agency(actor)
    stmt: AnySelect = list_statement(actor, filters, now=now, cal=cal)
    counted = count_rows(session, stmt.limit(COUNT_CAP + 1))
    capped = counted > COUNT_CAP
    order = list_order(filters, agency=agency)
    rows, total, number, first, last = paginate(
        session, stmt, page, size, order, after, min(counted, COUNT_CAP)
    )
    if capped and len(rows) == size:
        total = max(total, number * size + 1)  # a next page exists: keep offering it
    holders = holders_of(session, [row.id for row in rows], actor)
    items = [_row(row, holders.get(row.id, ()), agency=agency, now=now, cal=cal) for row in rows]
    return ListPage(Page(items, number, size, total, first, last), capped)


def _row(
    row: Row[Any],
    holders: tuple[Holder, ...],
    *,
    agency: bool,
    now: datetime,
    cal: WorkCalendar,
) -> ListRow:
    step_due = row.step_due_at if agency else None
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
        days_late=days_late(cal, step_due if agency else row.due_at, row.state, now),
        task_id=row.task_id if agency else None,
        step_due_at=step_due,
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
        found.setdefault(dossier_id, []).append(Holder(agency, step, None if hidden else name))
    return {dossier_id: tuple(items) for dossier_id, items in found.items()}


def holder_choices(session: Session) -> list[tuple[int, str]]:
    """The agencies a one-stop officer may pick as "held by" (the organisation table: a
    province's agencies, never the dossiers)."""
    rows = session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    return [(int(agency_id), str(name)) for agency_id, name in rows]


def procedure_choices(session: Session) -> list[tuple[int, str]]:
    # A draft version has no dossier to filter (docs/domain.md#catalogue-versions).
    rows = session.execute(
        select(Procedure.id, Procedure.code, Procedure.name)
        .where(Procedure.status != ProcedureStatus.DRAFT)
        .order_by(Procedure.name)
    ).all()
    return [(int(pid), f"{name} ({code})") for pid, code, name in rows]


__all__ += ["days_late", "holder_choices", "holders_of", "list_length", "procedure_choices"]
__all__ += ["staff_list"]
