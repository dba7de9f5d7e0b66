"""Pending work at a report date that is now, not a midnight (a period that runs on past
today): the daily summary keeps the open stocks at each local midnight, so the stock at
today's midnight comes from it, and only the dossiers (steps) that something happened to
since that midnight are read from the rows, to add how each moved between the midnight and
now. Those are found through indexes (received, finished or due since the midnight, a
clock pause begun or ended since), so the cost is one day's activity, not the open
backlog. The counting itself is the recount's: open_at and pending_category of
queries.stats, at both moments.

A period that starts after now is counted on the open rows directly (`live_*`): the
recount then leaves out work that will have finished before the period starts, and only
the rows can say which.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    false,
    func,
    or_,
    select,
    union,
)

from vpub_onestop.domain.status import TaskState
from vpub_onestop.models import ClockPause, Dossier, StepTask
from vpub_onestop.queries.counting_sql import STEPS
from vpub_onestop.queries.stats import (
    STEP_CATEGORIES,
    GroupKey,
    count_if,
    open_at,
    pending_category,
    relevant_since,
    step_open_at,
)
from vpub_onestop.queries.stats_scope import Scope
from vpub_onestop.reporting_db import reporting_session

CATEGORIES = ("W", "O", "S")
DOSSIER_NAMES = ("pending_within", "pending_overdue", "in_supplement")
STEP_NAMES = tuple(STEP_CATEGORIES[c] for c in CATEGORIES)


def _moved(
    keys: list[Any], is_open: Any, category: Any, was_open: Any, was: Any, names: tuple[str, ...]
) -> tuple[list[Any], Any]:
    """Columns to group the touched rows by (each category worked out once a row), and how
    to fold the groups into: counted at now minus counted at the midnight."""
    columns = [*keys, is_open, category, was_open, was, func.count()]

    def fold(rows: Any) -> dict[Any, dict[str, int]]:
        out: dict[Any, dict[str, int]] = {}
        width = len(keys)
        for row in rows:
            key = row[0] if width == 1 else tuple(row[:width])
            now_open, now_in, then_open, then_in, n = row[width:]
            found = out.setdefault(key, dict.fromkeys(names, 0))
            if now_open:
                found[names[CATEGORIES.index(now_in)]] += n
            if then_open:
                found[names[CATEGORIES.index(then_in)]] -= n
        return out

    return columns, fold


def _paused_since(midnight: datetime) -> Select[Any]:
    return select(ClockPause.dossier_id).where(
        or_(ClockPause.started_at >= midnight, ClockPause.ended_at >= midnight)
    )


def dossier_changes(
    scope: Scope, midnight: datetime, now: datetime
) -> dict[GroupKey, dict[str, int]]:
    """Per (unit, procedure) and pending category: at now minus at `midnight`."""
    unit = Dossier.receiving_unit_id.in_(scope.unit_ids)
    touched = union(
        select(Dossier.id).where(unit, Dossier.received_at >= midnight),
        select(Dossier.id).where(unit, Dossier.finished_at >= midnight),
        select(Dossier.id).where(Dossier.due_at >= midnight, Dossier.due_at < now),
        _paused_since(midnight),
    )
    columns, fold = _moved(
        [Dossier.receiving_unit_id, Dossier.procedure_id],
        open_at(now),
        pending_category(now),
        open_at(midnight),
        pending_category(midnight),
        DOSSIER_NAMES,
    )
    stmt = select(*columns).where(scope.dossier_filter(), _among(Dossier.id, touched))
    return fold(reporting_session().execute(stmt.group_by(*columns[:-1])))


def step_changes(scope: Scope, midnight: datetime, now: datetime) -> dict[int, dict[str, int]]:
    """Per agency and pending category of its steps: at now minus at `midnight`."""
    agency = StepTask.agency_id.in_(scope.agency_ids)
    every_state = StepTask.state.in_(list(TaskState))  # lets the (agency, state, due) index serve
    touched = union(
        select(StepTask.id, StepTask.dossier_id).where(StepTask.arrived_at >= midnight),
        select(StepTask.id, StepTask.dossier_id).where(agency, StepTask.finished_at >= midnight),
        select(StepTask.id, StepTask.dossier_id).where(
            agency, every_state, StepTask.due_at >= midnight, StepTask.due_at < now
        ),
        select(StepTask.id, StepTask.dossier_id).where(
            StepTask.dossier_id.in_(_paused_since(midnight))
        ),
    )
    found = reporting_session().execute(select(touched.subquery())).all()
    if not found:
        return {}
    steps, dossiers = sorted({s for s, _ in found}), sorted({d for _, d in found})
    in_scope = select(Dossier.id).where(one_of(Dossier.id, dossiers), scope.dossier_filter())

    def category(moment: datetime) -> Any:
        return pending_category(moment, STEPS)

    columns, fold = _moved(
        [StepTask.agency_id],
        step_open_at(now),
        category(now),
        step_open_at(midnight),
        category(midnight),
        STEP_NAMES,
    )
    stmt = select(*columns).where(StepTask.id.in_(steps), agency, StepTask.dossier_id.in_(in_scope))
    return fold(reporting_session().execute(stmt.group_by(*columns[:-1])))


# Up to this many ids are sent as a list; past it the set stays a subquery.
ID_LIST_LIMIT = 20_000


def _among(column: Any, touched: Any) -> ColumnElement[bool]:
    """`column` among the touched ids, read first and sent as a list, so the database
    fetches those rows by primary key rather than planning a join against a table scan
    (its estimate of "what happened today" is far off in both directions)."""
    ids = list(reporting_session().scalars(select(touched.subquery().c[0])))
    if len(ids) > ID_LIST_LIMIT:
        return column.in_(touched)
    return one_of(column, ids)


def one_of(column: Any, ids: list[int]) -> ColumnElement[bool]:
    """`column IN ids`; on PostgreSQL as one array parameter (`= ANY(:ids)`), which costs
    neither a bind parameter per id nor a plan per list length."""
    if not ids:
        return false()
    if reporting_session().get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(Integer)))
    return column.in_(ids)


def live_dossiers(scope: Scope, now: datetime, since: datetime) -> dict[GroupKey, dict[str, int]]:
    """Open at `now` by category, on the open rows, within the recount's horizon `since`."""
    category = pending_category(now)
    stmt = (
        select(
            Dossier.receiving_unit_id,
            Dossier.procedure_id,
            *(count_if(category == c) for c in CATEGORIES),
        )
        .where(scope.dossier_filter(), open_at(now), relevant_since(since))
        .group_by(Dossier.receiving_unit_id, Dossier.procedure_id)
    )
    return {
        (u, p): dict(zip(DOSSIER_NAMES, (int(x) for x in counts), strict=True))
        for u, p, *counts in reporting_session().execute(stmt)
    }


def live_steps(scope: Scope, now: datetime, start: datetime) -> dict[int, dict[str, int]]:
    """Steps open at `now` by category, within the recount's horizon (finished since the
    period's `start`, or not finished)."""
    category = pending_category(now, STEPS)
    horizon = or_(StepTask.finished_at.is_(None), StepTask.finished_at >= start)
    return _per_agency(
        scope,
        [count_if(category == c) for c in CATEGORIES],
        and_(step_open_at(now), horizon),
    )


def _per_agency(
    scope: Scope, figures: list[Any], where: ColumnElement[bool]
) -> dict[int, dict[str, int]]:
    stmt = (
        select(StepTask.agency_id, *figures)
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .where(StepTask.agency_id.in_(scope.agency_ids), scope.dossier_filter(), where)
        .group_by(StepTask.agency_id)
    )
    return {
        agency: dict(zip(STEP_NAMES, (int(x) for x in counts), strict=True))
        for agency, *counts in reporting_session().execute(stmt)
    }
