"""The statistics recounted from the raw rows (dossiers, steps, clock pauses) with the
predicates of queries.stats (the rules of domain.counting, in SQL): what the daily summary
must always equal (the test tests/services/test_summary_agrees.py compares them), and the
answer for a scope the summary has no dimension for (the dashboard's "received in"
filter)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, literal, select

from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Dossier, StepTask
from vpub_onestop.models.base import UTCDateTime
from vpub_onestop.queries.counting_sql import STEPS
from vpub_onestop.queries.stats import (
    COUNTED_KINDS,
    MAX_CHART_MONTHS,
    REPORT_KINDS,
    STEP_CATEGORIES,
    TIMELINESS,
    Counts,
    DossierStats,
    GroupKey,
    StepCounts,
    count_if,
    month_spans,
    pending_category,
    processed_between,
    received_between,
    relevant_since,
    step_open_at,
    step_rated_between,
)
from vpub_onestop.queries.stats_scope import Period, Scope, Window
from vpub_onestop.reporting_db import reporting_session


def recount_dossiers(scope: Scope, period: Period, now: datetime) -> DossierStats:
    """ONE pass over the relevant dossiers, grouped by (unit, procedure): each figure is
    SUM(CASE WHEN <its drill-down predicate>), and the chart's months ride along."""
    window = Window(now=now, period=period)
    months = period.months(at_least=6)[-MAX_CHART_MONTHS:]
    spans = month_spans(months)
    figures = [count_if(REPORT_KINDS[kind](window)) for kind in COUNTED_KINDS]
    received = [count_if(received_between(a, b)) for a, b in spans]
    processed = [count_if(processed_between(a, b)) for a, b in spans]
    # Grouped on expressions, not bare columns: SQLite would otherwise walk a whole
    # (receiving_unit_id, ...) index to save the sort, fetching each row at random.
    unit, proc = Dossier.receiving_unit_id + 0, Dossier.procedure_id + 0
    stmt = (
        select(unit, proc, *figures, *received, *processed)
        .where(
            scope.dossier_filter(scanning=True),
            relevant_since(min(period.start_at, spans[0][0])),
        )
        .group_by(unit, proc)
    )
    table: dict[GroupKey, Counts] = {}
    by_month = [[0, 0] for _ in months]
    n, m = len(COUNTED_KINDS), len(months)
    for row in reporting_session().execute(stmt):
        values = [int(v) for v in row[2:]]
        counts = Counts(**dict(zip(COUNTED_KINDS, values[:n], strict=True)))
        if any(values[:n]):
            table[(row[0], row[1])] = counts
        for index in range(m):
            by_month[index][0] += values[n + index]
            by_month[index][1] += values[n + m + index]
    series = [(month, r, p) for month, (r, p) in zip(months, by_month, strict=True)]
    return DossierStats(table, series)


def recount_steps(scope: Scope, period: Period, now: datetime) -> dict[int, StepCounts]:
    """Per agency, in one pass: steps finished in the period by timeliness, and steps open
    at the report date by pending category. The dossier filters of `scope` apply through
    the join, except for the whole province, where only voided dossiers need leaving out."""
    as_of = period.as_of(now)
    agency = StepTask.agency_id + 0  # an expression: scanned, not walked in index order
    is_open = step_open_at(as_of)
    category = pending_category(as_of, STEPS)
    rated = [step_rated_between(t, period.start_at, period.end_at) for t in TIMELINESS]
    figures = [count_if(condition) for condition in rated] + [
        count_if(and_(is_open, category == c)) for c in STEP_CATEGORIES
    ]
    # Finished since the start, or not finished: written as one expression so that the
    # database reads the table through rather than walking the (agency, finished) index.
    still_open = literal(period.end_at, UTCDateTime())
    stmt = select(agency, *figures).where(
        func.coalesce(StepTask.finished_at, still_open) >= period.start_at
    )
    if scope.is_everything:
        voided = select(Dossier.id).where(Dossier.state == DossierState.VOIDED)
        stmt = stmt.where(StepTask.dossier_id.not_in(voided))
    else:
        stmt = stmt.join(Dossier, Dossier.id == StepTask.dossier_id).where(scope.dossier_filter())
    names = [*TIMELINESS, *STEP_CATEGORIES.values()]
    table: dict[int, StepCounts] = {}
    for row in reporting_session().execute(stmt.group_by(agency)):
        values = [int(v) for v in row[1:]]
        if any(values):
            table[row[0]] = StepCounts(**dict(zip(names, values, strict=True)))
    return table
