"""The statistics of docs/domain.md#statistics read from the daily summary
(docs/architecture.md#reporting-read-model): a period's figures are sums over its days,
so a report costs what the summary holds for the units and procedures asked, not what the
dossier table holds.

* flows (received by channel, processed early / on time / late, stopped, refused, repeated
  supplements, and the chart's months): summed over the days of the period (of each month);
* carried over: the open stocks' changes summed over every day before the period;
* pending at the report date: the stocks' changes summed up to the period's last day, when
  the report date is the period's end. When the period runs on past now, the report date is
  now, which is not a midnight: the summary up to today gives the stocks at tonight's
  midnight, and what will move between now and then (due later today) is read from those
  few rows and taken off (queries.stats_pending_now).

A scope with a "received in" filter (the dashboard's) has no summary dimension: it is
recounted from the rows (queries.stats_recount).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select, true

from vpub_onestop.domain.daily_flows import STOCKS, local_day
from vpub_onestop.models import DailyDossierSummary, DailyStepSummary
from vpub_onestop.queries import stats_pending_now as pending_now
from vpub_onestop.queries.stats import (
    COUNTED_KINDS,
    MAX_CHART_MONTHS,
    Counts,
    DossierStats,
    GroupKey,
    StepCounts,
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
    in_period = D.day.between(period.start, period.end)
    since = min(period.start_at, local_midnight(months[0]))
    through, midnight = _report_date(period, now, since)

    def total(column: Any, when: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((when, column), else_=0)), 0)

    stocks = D.open_within + D.open_overdue + D.open_supplement
    figures = {
        "carried_over": total(stocks, D.day < period.start),
        **{f"received_{c}": total(D.received, and_(in_period, D.channel == c)) for c in CHANNELS},
        **{kind: total(getattr(D, kind), in_period) for kind in _PERIOD_FLOWS},
    }
    if through is not None:
        for stock, kind in zip(STOCKS, PENDING, strict=True):
            figures[kind] = total(getattr(D, stock), D.day <= through)
    names = list(figures)
    stmt = (
        select(D.unit_id, D.procedure_id, *figures.values())
        .where(_dims(D, scope), D.day <= period.end)
        .group_by(D.unit_id, D.procedure_id)
    )
    rows: dict[GroupKey, dict[str, int]] = {
        (unit, procedure): dict(zip(names, (int(v) for v in values), strict=True))
        for unit, procedure, *values in reporting_session().execute(stmt)
    }
    if midnight is not None:
        _take(rows, pending_now.dossier_changes(scope, now, midnight))
    elif through is None:
        _add(rows, pending_now.live_dossiers(scope, now, since))
    table: dict[GroupKey, Counts] = {}
    for key, found in rows.items():
        counts = Counts(**{kind: found.get(kind, 0) for kind in COUNTED_KINDS})
        if any(getattr(counts, kind) for kind in COUNTED_KINDS):
            table[key] = counts
    return DossierStats(table, _months(scope, months))


def _months(scope: Scope, months: list[date]) -> list[tuple[date, int, int]]:
    """(month, received, processed) for the chart: one row per day of those months."""
    end = _next_month(months[-1])
    stmt = (
        select(D.day, func.sum(D.received), func.sum(D.early + D.on_time + D.late))
        .where(_dims(D, scope), D.day >= months[0], D.day < end)
        .group_by(D.day)
    )
    by_month = {month: [0, 0] for month in months}
    for day, received, processed in reporting_session().execute(stmt):
        totals = by_month[day.replace(day=1)]
        totals[0] += int(received or 0)
        totals[1] += int(processed or 0)
    return [(month, r, p) for month, (r, p) in by_month.items()]


_PERIOD_FLOWS = ("early", "on_time", "late", "stopped", "refused", "repeat_supplement")


def count_steps(scope: Scope, period: Period, now: datetime) -> dict[int, StepCounts]:
    """Per agency: steps finished in the period by timeliness, open at the report date."""
    if scope.received_from is not None:
        return recount_steps(scope, period, now)
    in_period = S.day.between(period.start, period.end)
    through, midnight = _report_date(period, now, period.start_at)

    def total(column: Any, when: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((when, column), else_=0)), 0)

    figures = {kind: total(getattr(S, kind), in_period) for kind in ("early", "on_time", "late")}
    if through is not None:
        for stock, kind in zip(STOCKS, PENDING, strict=True):
            figures[kind] = total(getattr(S, stock), S.day <= through)
    where = S.day <= max(through, period.end) if through is not None else in_period
    stmt = (
        select(S.agency_id, *figures.values()).where(_dims(S, scope), where).group_by(S.agency_id)
    )
    rows: dict[int, dict[str, int]] = {}
    for row in reporting_session().execute(stmt):
        rows[row[0]] = dict(zip(figures, (int(v) for v in row[1:]), strict=True))
    if midnight is not None:
        _take(rows, pending_now.step_changes(scope, now, midnight))
    elif through is None:
        _add(rows, pending_now.live_steps(scope, now, period.start_at))
    table: dict[int, StepCounts] = {}
    for agency, values in rows.items():
        counts = StepCounts(**{k: values.get(k, 0) for k in ("early", "on_time", "late", *PENDING)})
        if any(values.values()):
            table[agency] = counts
    return table


# --- helpers -----------------------------------------------------------------------------


def _report_date(
    period: Period, now: datetime, horizon: datetime
) -> tuple[date | None, datetime | None]:
    """(the last day whose stocks the summary adds, the midnight back from which the rows
    take what moves after now). The report date is the period's end: its last day, no
    rows. It is now: the stocks at tonight's midnight less what moves from now until then;
    but for a period starting after now (now before the recount's `horizon`), (None, None):
    all from rows."""
    if period.as_of(now) >= period.end_at:
        return period.end, None
    if now < horizon:
        return None, None
    today = local_day(now)
    return today, local_midnight(today + timedelta(days=1))


def _add(rows: dict[Any, dict[str, int]], more: dict[Any, dict[str, int]]) -> None:
    for key, values in more.items():
        found = rows.setdefault(key, {})
        for name, n in values.items():
            found[name] = found.get(name, 0) + n


def _take(rows: dict[Any, dict[str, int]], moves: dict[Any, dict[str, int]]) -> None:
    _add(rows, {key: {name: -n for name, n in values.items()} for key, values in moves.items()})


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
