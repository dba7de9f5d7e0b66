"""The statistics of docs/domain.md#statistics read from the daily summary
(docs/architecture.md#reporting-read-model): a period's figures are sums over its days,
so a report costs what the summary holds for the units and procedures asked, not what the
dossier table holds.

* flows (received by channel, processed early / on time / late, stopped, refused, repeated
  supplements, and the chart's months): summed over the days of the period (of each month);
* carried over: the open stocks' changes summed over every day before the period;
* pending at the report date: the stocks' changes summed up to the period's last day, when
  the report date is the period's end. When the period runs on past now, the report date is
  now, which is not a midnight: pending work is then counted on the open rows themselves
  (the (state, due) indexes find them; their number does not grow with history).

A scope with a "received in" filter (the dashboard's) has no summary dimension: it is
recounted from the rows (queries.stats_recount).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true

from vpub_onestop.domain.daily_flows import STOCKS
from vpub_onestop.models import DailyDossierSummary, DailyStepSummary, Dossier, StepTask
from vpub_onestop.queries.stats import (
    COUNTED_KINDS,
    MAX_CHART_MONTHS,
    STEP_CATEGORIES,
    Counts,
    DossierStats,
    GroupKey,
    StepCounts,
    count_if,
    open_at,
    pending_category,
    relevant_since,
    step_open_at,
)
from vpub_onestop.queries.stats_recount import recount_dossiers, recount_steps
from vpub_onestop.queries.stats_scope import CHANNELS, Period, Scope, local_midnight
from vpub_onestop.reporting_db import reporting_session

D, S = DailyDossierSummary, DailyStepSummary
PENDING = ("pending_within", "pending_overdue", "in_supplement")  # in the order of STOCKS
CATEGORY_OF_STOCK = dict(zip(("W", "O", "S"), PENDING, strict=True))


def count_dossiers(scope: Scope, period: Period, now: datetime) -> DossierStats:
    """Counts per (unit, procedure) and the monthly series (see queries.stats.Counts)."""
    if scope.received_from is not None:
        return recount_dossiers(scope, period, now)
    months = period.months(at_least=6)[-MAX_CHART_MONTHS:]
    month_ends = [*months[1:], _next_month(months[-1])]
    in_period = D.day.between(period.start, period.end)
    live = _pending_is_live(period, now)

    def total(column: Any, when: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((when, column), else_=0)), 0)

    stocks = D.open_within + D.open_overdue + D.open_supplement
    figures = {
        "carried_over": total(stocks, D.day < period.start),
        **{f"received_{c}": total(D.received, and_(in_period, D.channel == c)) for c in CHANNELS},
        **{kind: total(getattr(D, kind), in_period) for kind in _PERIOD_FLOWS},
    }
    if not live:
        for stock, kind in zip(STOCKS, PENDING, strict=True):
            figures[kind] = total(getattr(D, stock), D.day <= period.end)
    processed = D.early + D.on_time + D.late
    series = [
        (
            total(D.received, D.day.between(a, b - timedelta(days=1))),
            total(processed, D.day.between(a, b - timedelta(days=1))),
        )
        for a, b in zip(months, month_ends, strict=True)
    ]
    names = list(figures)
    stmt = (
        select(D.unit_id, D.procedure_id, *figures.values(), *(x for pair in series for x in pair))
        .where(_dims(D, scope), D.day < max(month_ends[-1], period.end + timedelta(days=1)))
        .group_by(D.unit_id, D.procedure_id)
    )
    rows: dict[GroupKey, dict[str, int]] = {}
    by_month = [[0, 0] for _ in months]
    for row in reporting_session().execute(stmt):
        values = [int(v) for v in row[2:]]
        rows[(row[0], row[1])] = dict(zip(names, values[: len(names)], strict=True))
        monthly = values[len(names) :]
        for index in range(len(months)):
            by_month[index][0] += monthly[2 * index]
            by_month[index][1] += monthly[2 * index + 1]
    if live:
        since = min(period.start_at, local_midnight(months[0]))
        for key, pending in _live_pending(scope, now, since).items():
            rows.setdefault(key, {}).update(pending)
    table: dict[GroupKey, Counts] = {}
    for key, found in rows.items():
        counts = Counts(**{kind: found.get(kind, 0) for kind in COUNTED_KINDS})
        if any(getattr(counts, kind) for kind in COUNTED_KINDS):
            table[key] = counts
    return DossierStats(table, [(m, r, p) for m, (r, p) in zip(months, by_month, strict=True)])


_PERIOD_FLOWS = ("early", "on_time", "late", "stopped", "refused", "repeat_supplement")


def count_steps(scope: Scope, period: Period, now: datetime) -> dict[int, StepCounts]:
    """Per agency: steps finished in the period by timeliness, open at the report date."""
    if scope.received_from is not None:
        return recount_steps(scope, period, now)
    live = _pending_is_live(period, now)
    in_period = S.day.between(period.start, period.end)

    def total(column: Any, when: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((when, column), else_=0)), 0)

    figures = {kind: total(getattr(S, kind), in_period) for kind in ("early", "on_time", "late")}
    if not live:
        for stock, kind in zip(STOCKS, PENDING, strict=True):
            figures[kind] = total(getattr(S, stock), S.day <= period.end)
    where = S.day <= period.end if not live else in_period
    stmt = (
        select(S.agency_id, *figures.values()).where(_dims(S, scope), where).group_by(S.agency_id)
    )
    rows: dict[int, dict[str, int]] = {}
    for row in reporting_session().execute(stmt):
        rows[row[0]] = dict(zip(figures, (int(v) for v in row[1:]), strict=True))
    if live:
        for agency, pending in _live_step_pending(scope, period, now).items():
            rows.setdefault(agency, {}).update(pending)
    table: dict[int, StepCounts] = {}
    for agency, values in rows.items():
        counts = StepCounts(**{k: values.get(k, 0) for k in ("early", "on_time", "late", *PENDING)})
        if any(values.values()):
            table[agency] = counts
    return table


# --- helpers -----------------------------------------------------------------------------


def _pending_is_live(period: Period, now: datetime) -> bool:
    """The report date is now (not a midnight the summary's stocks are kept at)."""
    return period.as_of(now) < period.end_at


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _dims(table: Any, scope: Scope) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = []
    if set(scope.unit_ids) != set(scope.agency_ids):
        clauses.append(table.unit_id.in_(scope.unit_ids))
    if scope.procedure_ids is not None:
        clauses.append(table.procedure_id.in_(scope.procedure_ids))
    if scope.channel:
        clauses.append(table.channel == scope.channel)
    return and_(true(), *clauses)


def _live_pending(scope: Scope, now: datetime, since: datetime) -> dict[GroupKey, dict[str, int]]:
    """Open at `now`, by pending category, per (unit, procedure): the recount's predicates
    over the open rows only (and its horizon `since`, which matters only for a period
    that starts after now)."""
    category = pending_category(now)
    unit, proc = Dossier.receiving_unit_id, Dossier.procedure_id
    stmt = (
        select(unit, proc, *(count_if(category == c) for c in CATEGORY_OF_STOCK))
        .where(scope.dossier_filter(), open_at(now), relevant_since(since))
        .group_by(unit, proc)
    )
    return {
        (u, p): dict(zip(PENDING, (int(x) for x in counts), strict=True))
        for u, p, *counts in reporting_session().execute(stmt)
    }


def _live_step_pending(scope: Scope, period: Period, now: datetime) -> dict[int, dict[str, int]]:
    category = pending_category(now, StepTask.due_at, StepTask.dossier_id)
    names = [STEP_CATEGORIES[c] for c in CATEGORY_OF_STOCK]
    start = period.start_at  # the recount's horizon (only a period after now feels it)
    stmt = (
        select(StepTask.agency_id, *(count_if(category == c) for c in CATEGORY_OF_STOCK))
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .where(StepTask.agency_id.in_(scope.agency_ids), scope.dossier_filter())
        .where(step_open_at(now))
        .where(or_(StepTask.finished_at.is_(None), StepTask.finished_at >= start))
        .group_by(StepTask.agency_id)
    )
    return {
        agency: dict(zip(names, (int(x) for x in counts), strict=True))
        for agency, *counts in reporting_session().execute(stmt)
    }
