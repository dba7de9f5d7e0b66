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

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select, true

from vpub_onestop.domain.daily_flows import STOCKS, local_day
from vpub_onestop.models import (
    DailyDossierSummary,
    DailyStepSummary,
    MonthlyDossierSummary,
    MonthlyStepSummary,
)
from vpub_onestop.queries import stats_pending_now as pending_now
from vpub_onestop.queries import summary_spans as spans
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
MD, MS = MonthlyDossierSummary, MonthlyStepSummary
PENDING = ("pending_within", "pending_overdue", "in_supplement")  # in the order of STOCKS
CATEGORY_OF_STOCK = dict(zip(("W", "O", "S"), PENDING, strict=True))


def count_dossiers(scope: Scope, period: Period, now: datetime) -> DossierStats:
    """Counts per (unit, procedure) and the monthly series (see queries.stats.Counts)."""
    if scope.received_from is not None:
        return recount_dossiers(scope, period, now)
    months = period.months(at_least=6)[-MAX_CHART_MONTHS:]
    since = min(period.start_at, local_midnight(months[0]))
    through, midnight = _report_date(period, now, since)
    closed = spans.closed_months()
    in_period = spans.flow(period.start, period.end, closed)

    def stocks(t: Any) -> Any:
        return t.open_within + t.open_overdue + t.open_supplement

    figures: dict[str, Figure] = {
        "carried_over": (stocks, None, spans.level(period.start - timedelta(days=1), closed)),
        **{f"received_{c}": (_column("received"), _channel_is(c), in_period) for c in CHANNELS},
        **{kind: (_column(kind), None, in_period) for kind in _PERIOD_FLOWS},
    }
    if through is not None:
        at_through = spans.level(through, closed)
        for stock, kind in zip(STOCKS, PENDING, strict=True):
            figures[kind] = (_column(stock), None, at_through)
    rows = _sums((MD, D), ("unit_id", "procedure_id"), scope, figures)
    if midnight is not None:
        _take(rows, pending_now.dossier_changes(scope, now, midnight))
    elif through is None:
        _add(rows, pending_now.live_dossiers(scope, now, since))
    table: dict[GroupKey, Counts] = {}
    for key, found in rows.items():
        counts = Counts(**{kind: found.get(kind, 0) for kind in COUNTED_KINDS})
        if any(getattr(counts, kind) for kind in COUNTED_KINDS):
            table[key] = counts
    return DossierStats(table, _months(scope, months, closed))


def _months(scope: Scope, months: list[date], closed: spans.Closed) -> list[tuple[date, int, int]]:
    """(month, received, processed) for the chart: a closed month's row, else its days."""
    by_month = {month: [0, 0] for month in months}
    whole = [m for m in months if closed is not None and closed[0] <= m <= closed[1]]
    if whole:
        stmt = (
            select(MD.month, func.sum(MD.received), func.sum(MD.early + MD.on_time + MD.late))
            .where(summary_dims(MD, scope), MD.month.between(whole[0], whole[-1]))
            .group_by(MD.month)
        )
        for month, received, processed in reporting_session().execute(stmt):
            by_month[month] = [int(received or 0), int(processed or 0)]
    rest = [m for m in months if m not in whole]
    if rest:
        stmt = (
            select(D.day, func.sum(D.received), func.sum(D.early + D.on_time + D.late))
            .where(summary_dims(D, scope), D.day >= rest[0], D.day < _next_month(rest[-1]))
            .group_by(D.day)
        )
        for day, received, processed in reporting_session().execute(stmt):
            totals = by_month.get(day.replace(day=1))
            if totals is not None and day.replace(day=1) in rest:
                totals[0] += int(received or 0)
                totals[1] += int(processed or 0)
    return [(month, r, p) for month, (r, p) in by_month.items()]


_PERIOD_FLOWS = ("early", "on_time", "late", "stopped", "refused", "repeat_supplement")


def count_steps(scope: Scope, period: Period, now: datetime) -> dict[int, StepCounts]:
    """Per agency: steps finished in the period by timeliness, open at the report date."""
    if scope.received_from is not None:
        return recount_steps(scope, period, now)
    through, midnight = _report_date(period, now, period.start_at)
    closed = spans.closed_months()
    in_period = spans.flow(period.start, period.end, closed)
    figures: dict[str, Figure] = {
        kind: (_column(kind), None, in_period) for kind in ("early", "on_time", "late")
    }
    if through is not None:
        at_through = spans.level(through, closed)
        for stock, kind in zip(STOCKS, PENDING, strict=True):
            figures[kind] = (_column(stock), None, at_through)
    grouped = _sums((MS, S), ("agency_id",), scope, figures)
    rows: dict[int, dict[str, int]] = {key[0]: values for key, values in grouped.items()}
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


# --- summing the rows ----------------------------------------------------------------------

# A figure: its column on either table, an extra condition (or None), the rows it sums.
Figure = tuple[Callable[[Any], Any], Callable[[Any], Any] | None, spans.Span]


def _column(name: str) -> Callable[[Any], Any]:
    return lambda table: getattr(table, name)


def _channel_is(channel: str) -> Callable[[Any], Any]:
    return lambda table: table.channel == channel


def _sums(
    tables: tuple[Any, Any], keys: tuple[str, ...], scope: Scope, figures: dict[str, Figure]
) -> dict[Any, dict[str, int]]:
    """Each figure summed per `keys` over its span: one grouped statement on the monthly
    table and one on the daily table, each only when some figure reads it."""
    monthly, daily = tables
    found: dict[Any, dict[str, int]] = {}
    all_spans = [span for _, _, span in figures.values()]
    for table, bounds, inside in (
        (monthly, _month_where(monthly, all_spans), spans.in_months),
        (daily, spans.day_bounds(daily, all_spans), spans.in_days),
    ):
        if bounds is None:
            continue
        columns = []
        for column, extra, span in figures.values():
            when = inside(table, span)
            if extra is not None:
                when = and_(when, extra(table))
            columns.append(func.coalesce(func.sum(case((when, column(table)), else_=0)), 0))
        group = [getattr(table, key) for key in keys]
        stmt = select(*group, *columns).where(summary_dims(table, scope), bounds).group_by(*group)
        part = {
            tuple(row[: len(keys)]): dict(
                zip(figures, (int(v) for v in row[len(keys) :]), strict=True)
            )
            for row in reporting_session().execute(stmt)
        }
        _add(found, part)
    return found


def _month_where(table: Any, all_spans: list[spans.Span]) -> ColumnElement[bool] | None:
    bounds = spans.month_bounds(all_spans)
    return None if bounds is None else table.month.between(*bounds)


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


def summary_dims(table: Any, scope: Scope) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = []
    if set(scope.unit_ids) != set(scope.agency_ids):
        clauses.append(table.unit_id.in_(scope.unit_ids))
    if scope.procedure_ids is not None:
        clauses.append(table.procedure_id.in_(scope.procedure_ids))
    if scope.channel:
        clauses.append(table.channel == scope.channel)
    return and_(true(), *clauses)
