"""Which summary rows make a figure (docs/architecture.md#reporting-read-model): a flow over
days [a, b] is the closed months lying wholly inside plus the daily rows of the days left
over; a stock's level at the end of a day is the level of the last closed month ending by
then plus the daily changes since. So a report's cost follows its period (and at most a
month of days on each side), not the history before it.

Closed months are contiguous from the first summarised month (services/summary_months.py);
with none closed (a new database, or a month not closed yet) the figures come from the
days alone, as before: slower, never different.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select

from vpub_onestop.models import SummaryMonth
from vpub_onestop.reporting_db import reporting_session

Days = tuple[date, date]  # inclusive


@dataclass(frozen=True)
class Span:
    """Monthly rows whose month lies in `months` (first days, inclusive) plus daily rows
    whose day lies in one of `days`."""

    months: Days | None
    days: tuple[Days, ...]


Closed = tuple[date, date] | None  # first and last closed month (their first days)


def closed_months() -> Closed:
    """The closed months' range, or None."""
    first, last = (
        reporting_session()
        .execute(select(func.min(SummaryMonth.month), func.max(SummaryMonth.month)))
        .one()
    )
    return None if first is None else (first, last)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _month_end(month: date) -> date:
    return _next_month(month) - timedelta(days=1)


def _last_month_ending_by(day: date) -> date:
    month = day.replace(day=1)
    return month if _month_end(month) <= day else (month - timedelta(days=1)).replace(day=1)


def flow(start: date, end: date, closed: Closed) -> Span:
    """The rows summing to a flow over the days [start, end]."""
    if closed is None:
        return Span(None, ((start, end),))
    first = max(start if start.day == 1 else _next_month(start), closed[0])
    last = min(_last_month_ending_by(end), closed[1])
    if first > last:
        return Span(None, ((start, end),))
    days = []
    if start < first:
        days.append((start, first - timedelta(days=1)))
    if _month_end(last) < end:
        days.append((_month_end(last) + timedelta(days=1), end))
    return Span((first, last), tuple(days))


def level(day: date, closed: Closed) -> Span:
    """The rows summing to a stock's level at the end of `day`."""
    month = None if closed is None else min(_last_month_ending_by(day), closed[1])
    if closed is None or month is None or month < closed[0]:
        return Span(None, ((date.min, day),))
    rest = ((_month_end(month) + timedelta(days=1), day),) if _month_end(month) < day else ()
    return Span((month, month), rest)


def in_months(table: Any, span: Span) -> ColumnElement[bool]:
    if span.months is None:
        return false()
    return table.month.between(*span.months)


def in_days(table: Any, span: Span) -> ColumnElement[bool]:
    if not span.days:
        return false()
    return or_(*(_between(table.day, days) for days in span.days))


def _between(column: Any, days: Days) -> ColumnElement[bool]:
    if days[0] == date.min:
        return column <= days[1]
    return column.between(*days)


def month_bounds(spans: list[Span]) -> Days | None:
    """The months any span reads (for the statement's WHERE), or None."""
    found = [s.months for s in spans if s.months is not None]
    if not found:
        return None
    return min(m[0] for m in found), max(m[1] for m in found)


def day_bounds(table: Any, spans: list[Span]) -> ColumnElement[bool] | None:
    """The days any span reads (for the statement's WHERE), or None."""
    found = [days for s in spans for days in s.days]
    if not found:
        return None
    low, high = min(d[0] for d in found), max(d[1] for d in found)
    return table.day <= high if low == date.min else and_(table.day >= low, table.day <= high)
