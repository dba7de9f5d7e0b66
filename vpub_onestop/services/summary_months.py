"""The closed months of the reporting read model (docs/architecture.md#reporting-read-model):
per month, the month's flows summed and the open stocks' levels at its end, so that a
report's carried-over and pending figures read one month's levels plus the days since,
not every summary day before the period.

* Closing: a month is closed once it is over (`close_months`, run by the deadline sweep's
  schedule, `flask summary close` and `flask summary rebuild`), in order and idempotently:
  its rows are the previous month's levels plus the month's daily rows. Until then a report
  reads the month's days (queries/summary_spans.py), so a late close costs speed, never a
  figure.
* Keeping: a change the transition path writes on a day of a closed month (a void, a
  correction of past facts) is added to that month's flows and to the levels of it and of
  every later closed month, in the same transaction as the daily rows (`add_to_closed`).
  Days of the current month and later never touch a closed month, so the usual write costs
  no statement here.

Writers and the closer never miss each other: on PostgreSQL the closer locks the daily
tables against writes (SHARE ROW EXCLUSIVE, which also excludes a second closer) while it
reads them, and a writer adds to closed months after writing its daily rows, so it either
committed before the closer read or sees the closed month once it may write; on SQLite
every write transaction is exclusive.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.daily_flows import DOSSIER_MEASURES, STEP_MEASURES, STOCKS, local_day
from vpub_onestop.models import (
    DailyDossierSummary,
    DailyStepSummary,
    MonthlyDossierSummary,
    MonthlyStepSummary,
    SummaryMonth,
)

# (daily table, monthly table, key columns besides the day, measures)
_DOSSIER_KEYS = ("unit_id", "procedure_id", "channel")
_STEP_KEYS = ("agency_id", "unit_id", "procedure_id", "channel")
TABLES: tuple[tuple[Any, Any, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        DailyDossierSummary.__table__,
        MonthlyDossierSummary.__table__,
        _DOSSIER_KEYS,
        DOSSIER_MEASURES,
    ),
    (DailyStepSummary.__table__, MonthlyStepSummary.__table__, _STEP_KEYS, STEP_MEASURES),
)


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def current_month() -> date:
    return month_of(local_day(clock.now()))


# --- closing -----------------------------------------------------------------------------


def close_months(session: Session) -> int:
    """Close every month before the current one not closed yet; how many were closed."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("LOCK TABLE daily_dossier_summary, daily_step_summary IN SHARE ROW EXCLUSIVE MODE")
        )
    last = session.scalar(select(func.max(SummaryMonth.month)))
    if last is not None:
        month = next_month(last)
    else:
        first = min(
            (d for d in (session.scalar(select(func.min(t.c.day))) for t, *_ in TABLES) if d),
            default=None,
        )
        if first is None:
            return 0
        month = month_of(first)
    closed, end = 0, current_month()
    while month < end:
        _close(session, month, last)
        last, month, closed = month, next_month(month), closed + 1
    return closed


def _close(session: Session, month: date, previous: date | None) -> None:
    for daily, monthly, keys, measures in TABLES:
        parts = [
            select(*(daily.c[k] for k in keys), *(daily.c[m] for m in measures)).where(
                daily.c.day >= month, daily.c.day < next_month(month)
            )
        ]
        if previous is not None:
            # The levels carried from the previous month (its flows are not this month's).
            parts.append(
                select(
                    *(monthly.c[k] for k in keys),
                    *(monthly.c[m] if m in STOCKS else literal(0) for m in measures),
                ).where(monthly.c.month == previous)
            )
        rows = union_all(*parts).subquery()
        sums = [func.sum(rows.c[m]) for m in measures]
        session.execute(
            insert(monthly).from_select(
                ["month", *keys, *measures],
                select(literal(month, Date), *(rows.c[k] for k in keys), *sums)
                .group_by(*(rows.c[k] for k in keys))
                .having(or_(*(total != 0 for total in sums))),
            )
        )
    session.execute(insert(SummaryMonth).values(month=month))


def close_finished_months() -> int:
    """`close_months` in a transaction of its own (the sweep's schedule, the command line)."""
    from vpub_onestop.services.uow import unit_of_work

    with unit_of_work(send_outbox=False) as session:
        last = session.scalar(select(func.max(SummaryMonth.month)))
        if last is not None and next_month(last) >= current_month():
            return 0  # nothing to close: no lock taken (the usual case, each sweep)
        return close_months(session)


def reopen_from(session: Session, month: date | None) -> None:
    """Forget the closed months from `month` on (every one when None): the rebuild then
    closes them again from its new daily rows."""
    for model in (MonthlyDossierSummary, MonthlyStepSummary, SummaryMonth):
        stmt = delete(model)
        if month is not None:
            stmt = stmt.where(model.month >= month)
        session.execute(stmt)


# --- keeping -----------------------------------------------------------------------------


def add_to_closed(session: Session, flows: Counter[tuple[Any, ...]]) -> None:
    """Add the transition path's changes on days of closed months (services.summary keys:
    ("d", day, unit, procedure, channel, measure), ("s", day, agency, …, measure))."""
    before = current_month()
    per_month: dict[str, dict[tuple[Any, ...], dict[str, int]]] = {"d": {}, "s": {}}
    for key, n in flows.items():
        day = key[1]
        # The indicators' tables (kinds "i", "o") have no closed months: read by day.
        if not n or day >= before or key[0] not in per_month:
            continue
        row = per_month[key[0]].setdefault((month_of(day), *key[2:-1]), {})
        row[key[-1]] = row.get(key[-1], 0) + n
    for (_, monthly, keys, measures), kind in zip(TABLES, ("d", "s"), strict=True):
        if per_month[kind]:
            params = [
                {"m": month, **dict(zip(keys, rest, strict=True)), **_zeros(measures, found)}
                for (month, *rest), found in sorted(per_month[kind].items())
            ]
            session.execute(_add_statement(session, monthly, keys, measures), params)


def _zeros(measures: tuple[str, ...], found: dict[str, int]) -> dict[str, int]:
    return {f"n_{m}": found.get(m, 0) for m in measures}


def _add_statement(session: Session, monthly: Any, keys: tuple[str, ...], measures: Any) -> Any:
    """A month's flows go to that month's row; a stock's change to the level of that month
    and of every closed month after it (INSERT … SELECT over the closed months, adding to a
    row already there)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    closed = SummaryMonth.__table__
    m = bindparam("m", type_=Date)
    values = [
        bindparam(f"n_{name}")
        if name in STOCKS
        else case((closed.c.month == m, bindparam(f"n_{name}")), else_=0)
        for name in measures
    ]
    stmt = dialect_insert(monthly).from_select(
        ["month", *keys, *measures],
        select(closed.c.month, *(bindparam(k) for k in keys), *values).where(closed.c.month >= m),
    )
    return stmt.on_conflict_do_update(
        index_elements=[c.name for c in monthly.primary_key.columns],
        set_={name: monthly.c[name] + stmt.excluded[name] for name in measures},
    )
