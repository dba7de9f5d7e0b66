"""Pending work at a report date that is now, not a midnight (a period that runs on past
today). The transition path keeps today's row of the daily summary as it goes, and the
facts it sums already say where each open dossier (step) will stand at tonight's midnight,
so the summary up to today gives the stocks at tonight's midnight. Between now and that
midnight only a dossier (step) with a fact in [now, midnight) can move: in practice one due
later today (overdue at midnight, still within time now). Those few rows are found through
the due-date indexes and how each moves is subtracted (`dossier_changes(scope, now,
midnight)`): the cost is what falls due in the rest of today, not the day's activity nor
the open backlog. The counting itself is the rules' (domain.counting, in SQL through
queries.stats), at both moments.

A period that starts after now is counted on the open rows directly (`live_*`): the
recount then leaves out work that will have finished before the period starts, and only
the rows can say which.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true

from vpub_onestop.domain.status import DossierState, TaskState
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
from vpub_onestop.reporting_db import reporting_session, without_jit

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


def _between(column: Any, earlier: datetime, later: datetime) -> ColumnElement[bool]:
    return and_(column >= earlier, column < later)


def _paused_between(earlier: datetime, later: datetime) -> Select[Any]:
    return select(ClockPause.dossier_id).where(
        or_(
            _between(ClockPause.started_at, earlier, later),
            _between(ClockPause.ended_at, earlier, later),
        )
    )


def dossier_changes(
    scope: Scope, earlier: datetime, later: datetime
) -> dict[GroupKey, dict[str, int]]:
    """Per (unit, procedure) and pending category: at `later` minus at `earlier`. Only a
    dossier with a fact in [earlier, later) can differ (the rules compare facts with the
    moment), so only those rows are read."""
    unit = Dossier.receiving_unit_id.in_(scope.unit_ids)
    stamped = or_(
        and_(unit, _between(Dossier.received_at, earlier, later)),
        and_(unit, _between(Dossier.finished_at, earlier, later)),
        _between(Dossier.due_at, earlier, later),
    )
    paused = Dossier.id.in_(_paused_between(earlier, later))
    columns, fold = _moved(
        [Dossier.receiving_unit_id, Dossier.procedure_id],
        open_at(later),
        pending_category(later),
        open_at(earlier),
        pending_category(earlier),
        DOSSIER_NAMES,
    )
    base = select(*columns).where(scope.dossier_filter())
    without_jit()
    return _sum(
        fold(reporting_session().execute(base.where(where).group_by(*columns[:-1])))
        for where in _each_once(stamped, paused)
    )


def step_changes(scope: Scope, earlier: datetime, later: datetime) -> dict[int, dict[str, int]]:
    """Per agency and pending category of its steps: at `later` minus at `earlier`."""
    agency = StepTask.agency_id.in_(scope.agency_ids)
    every_state = StepTask.state.in_(list(TaskState))  # lets the (agency, state, due) index serve
    stamped = or_(
        _between(StepTask.arrived_at, earlier, later),
        and_(agency, _between(StepTask.finished_at, earlier, later)),
        and_(agency, every_state, _between(StepTask.due_at, earlier, later)),
    )
    paused = StepTask.dossier_id.in_(_paused_between(earlier, later))

    def category(moment: datetime) -> Any:
        return pending_category(moment, STEPS)

    columns, fold = _moved(
        [StepTask.agency_id],
        step_open_at(later),
        category(later),
        step_open_at(earlier),
        category(earlier),
        STEP_NAMES,
    )
    if scope.is_everything:  # only voided dossiers to leave out: no join (as the recount)
        voided = select(Dossier.id).where(Dossier.state == DossierState.VOIDED)
        base = select(*columns).where(StepTask.dossier_id.not_in(voided))
    else:
        base = select(*columns).join(Dossier, Dossier.id == StepTask.dossier_id)
        base = base.where(scope.dossier_filter())
    without_jit()
    return _sum(
        fold(reporting_session().execute(base.where(agency, where).group_by(*columns[:-1])))
        for where in _each_once(stamped, paused)
    )


def _each_once(
    stamped: ColumnElement[bool], paused: ColumnElement[bool]
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Two conditions that together select the rows with a fact in the window, each row
    once: stamped in the window (an OR of indexed ranges: each range read from its own
    index), else paused or resumed in it (the dossiers of a few clock pauses). `IS NOT
    TRUE`, because a range on a NULL moment is neither true nor false."""
    return stamped, and_(paused, stamped.is_not(true()))


def _sum(parts: Any) -> dict[Any, dict[str, int]]:
    out: dict[Any, dict[str, int]] = {}
    for part in parts:
        for key, values in part.items():
            found = out.setdefault(key, dict.fromkeys(values, 0))
            for name, n in values.items():
                found[name] += n
    return out


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
