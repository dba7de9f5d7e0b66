"""Properties of deadline computation over moments and limits in 2025-2027 (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.calendar_fixture import build_calendar
from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import (
    LimitUnit,
    TimeLimit,
    add_working_time,
    compute_due,
    effective_start,
    working_time_between,
)

# Module-level calendars: hypothesis re-runs a test body many times and function-scoped
# fixtures would not be reset between examples.
CALENDARS = [build_calendar(), build_calendar(makeup_saturday_is_working_day=False)]
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

calendars = st.sampled_from(CALENDARS)
local_moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31, 23, 59, 59)
).map(lambda naive: naive.replace(tzinfo=LOCAL_TZ))
# The same instants seen from UTC: the functions must convert, not read the wall clock.
moments = st.one_of(local_moments, local_moments.map(lambda m: m.astimezone(UTC)))
units = st.sampled_from([LimitUnit.WORKING_DAYS, LimitUnit.WORKING_HOURS, LimitUnit.CALENDAR_DAYS])


def amounts(unit: LimitUnit) -> st.SearchStrategy[Decimal]:
    if unit is LimitUnit.CALENDAR_DAYS:
        return st.integers(0, 60).map(Decimal)
    top = 30 if unit is LimitUnit.WORKING_DAYS else 200
    return st.decimals(min_value=0, max_value=top, places=2, allow_nan=False)


def in_office_hours(cal: WorkCalendar, moment: datetime, *, closing_included: bool) -> bool:
    clock = moment.astimezone(LOCAL_TZ).time()
    for start, end in cal.policy.office_periods:
        if start <= clock < end or (closing_included and clock == end):
            return True
    return False


@PROPERTY_SETTINGS
@given(cal=calendars, moment=moments)
def test_effective_start_is_a_working_moment_not_before_the_moment(
    cal: WorkCalendar, moment: datetime
) -> None:
    start = effective_start(cal, moment)
    assert start.tzinfo == LOCAL_TZ
    assert start >= moment
    assert cal.is_working_day(start.date())
    assert in_office_hours(cal, start, closing_included=False)
    assert effective_start(cal, start) == start  # idempotent
    if cal.is_working_day(moment.astimezone(LOCAL_TZ).date()) and in_office_hours(
        cal, moment, closing_included=False
    ):
        assert start == moment


@PROPERTY_SETTINGS
@given(cal=calendars, moment=moments, data=st.data())
def test_due_moment_is_on_a_working_day_within_office_hours(
    cal: WorkCalendar, moment: datetime, data: st.DataObject
) -> None:
    unit = data.draw(st.sampled_from(list(LimitUnit)))
    amount = Decimal(0) if unit is LimitUnit.SAME_DAY else data.draw(amounts(unit))
    deadline = compute_due(cal, moment, TimeLimit(amount, unit))
    assert cal.is_working_day(deadline.due.date())
    assert deadline.due >= effective_start(cal, moment)
    assert deadline.provisional == (deadline.due.year not in (2025, 2026))
    if unit in (LimitUnit.CALENDAR_DAYS, LimitUnit.SAME_DAY):
        assert deadline.due.time() == time(17)
    else:
        # A due moment may be a period's end (time that runs out exactly at 17:00).
        assert in_office_hours(cal, deadline.due, closing_included=True)


@PROPERTY_SETTINGS
@given(cal=calendars, moment=moments, unit=units, data=st.data())
def test_compute_due_is_monotonic_in_the_amount(
    cal: WorkCalendar, moment: datetime, unit: LimitUnit, data: st.DataObject
) -> None:
    first, second = data.draw(amounts(unit)), data.draw(amounts(unit))
    low, high = min(first, second), max(first, second)
    due_low = compute_due(cal, moment, TimeLimit(low, unit)).due
    due_high = compute_due(cal, moment, TimeLimit(high, unit)).due
    assert due_low <= due_high


@PROPERTY_SETTINGS
@given(cal=calendars, moment=moments, whole=st.integers(0, 20))
def test_one_more_working_day_is_one_more_day_of_office_time(
    cal: WorkCalendar, moment: datetime, whole: int
) -> None:
    start = effective_start(cal, moment)
    due = compute_due(cal, moment, TimeLimit(Decimal(whole), LimitUnit.WORKING_DAYS)).due
    assert working_time_between(cal, start, due) == whole * cal.policy.day_length


@PROPERTY_SETTINGS
@given(cal=calendars, moment=moments, minutes=st.integers(0, 60 * 8 * 15))
def test_working_time_between_inverts_add_working_time(
    cal: WorkCalendar, moment: datetime, minutes: int
) -> None:
    amount = timedelta(minutes=minutes)
    end = add_working_time(cal, moment, amount)
    assert end >= moment
    assert working_time_between(cal, moment, end) == amount
