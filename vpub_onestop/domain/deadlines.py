"""Time limits and due moments (docs/domain.md#deadlines). Pure: every moment is passed in.

Every datetime crossing this API must be timezone-aware; results are in LOCAL_TZ. Office
periods are half-open [start, end). A due moment is the *latest* moment that is still in
time, so working time that runs out exactly at the end of a period gives that end (17:00),
not the next opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import assert_never

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar

_ZERO = timedelta(0)
_LIMIT_RE = re.compile(r"([+-]?\d+(?:\.\d+)?)\s+([a-z_]+)")


class LimitUnit(Enum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"

    @property
    def label_vi(self) -> str:
        return _UNIT_LABELS_VI[self]


_UNIT_LABELS_VI = {
    LimitUnit.WORKING_DAYS: "ngày làm việc",
    LimitUnit.WORKING_HOURS: "giờ làm việc",
    LimitUnit.CALENDAR_DAYS: "ngày",
    LimitUnit.SAME_DAY: "trong ngày",
}
_UNITS_HELP = "working_days, working_hours, calendar_days, or the bare word same_day"


def _plain(amount: Decimal) -> str:
    # normalize() drops trailing zeros ("0.50" -> "0.5"); "f" avoids "1E+1" for 10.
    return format(amount.normalize(), "f")


@dataclass(frozen=True)
class TimeLimit:
    """A procedure's (or a step's) limit, e.g. 3 working days. same_day has amount 0."""

    amount: Decimal
    unit: LimitUnit

    def __post_init__(self) -> None:
        raw: object = self.amount
        if isinstance(raw, bool) or not isinstance(raw, Decimal | int):
            raise TypeError(f"time limit amount must be a Decimal or an int, not {raw!r}")
        amount = Decimal(raw)
        if not amount.is_finite():
            raise ValueError(f"time limit amount must be a finite number, not {amount}")
        if amount < 0:
            raise ValueError(f"time limit amount must not be negative (got {amount})")
        if self.unit is LimitUnit.SAME_DAY and amount != 0:
            raise ValueError("a same_day limit takes no amount")
        if self.unit is LimitUnit.CALENDAR_DAYS and amount != amount.to_integral_value():
            raise ValueError(f"calendar_days must be a whole number of days (got {amount})")
        # Decimal("-0") would print as "-0"; store a plain zero.
        object.__setattr__(self, "amount", amount if amount else Decimal(0))

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """Parse "3 working_days", "4 working_hours", "10 calendar_days", "0.5 working_days",
        "same_day"; ValueError with the reason otherwise."""
        cleaned = " ".join(text.split()).lower()
        if cleaned == LimitUnit.SAME_DAY.value:
            return cls(Decimal(0), LimitUnit.SAME_DAY)
        match = _LIMIT_RE.fullmatch(cleaned)
        if match is None:
            raise ValueError(
                f"time limit {text!r}: expected '<amount> <unit>' with unit {_UNITS_HELP}"
            )
        try:
            unit = LimitUnit(match[2])
        except ValueError:
            raise ValueError(
                f"time limit {text!r}: unknown unit {match[2]!r}; use {_UNITS_HELP}"
            ) from None
        if unit is LimitUnit.SAME_DAY:
            raise ValueError(
                f"time limit {text!r}: same_day takes no amount; write just 'same_day'"
            )
        return cls(Decimal(match[1]), unit)

    def __str__(self) -> str:
        if self.unit is LimitUnit.SAME_DAY:
            return self.unit.value
        return f"{_plain(self.amount)} {self.unit.value}"

    @property
    def label_vi(self) -> str:
        """For forms: "3 ngày làm việc", "0,5 ngày làm việc", "trong ngày"."""
        if self.unit is LimitUnit.SAME_DAY:
            return self.unit.label_vi
        return f"{_plain(self.amount).replace('.', ',')} {self.unit.label_vi}"


@dataclass(frozen=True)
class Deadline:
    """A computed due moment; provisional when its year's swaps are not yet decided."""

    due: datetime
    provisional: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "due", _to_local(self.due, "due"))

    def isoformat(self) -> str:
        return self.due.isoformat()


def _to_local(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{what} must be a timezone-aware datetime, got naive {moment.isoformat()}"
        )
    return moment.astimezone(LOCAL_TZ)


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LOCAL_TZ)


def _duration(seconds: Decimal) -> timedelta:
    # Round to the microsecond (timedelta's resolution); rounding is monotonic, so a larger
    # amount never gives an earlier due moment.
    micro = (seconds * 1_000_000).to_integral_value(rounding=ROUND_HALF_UP)
    return timedelta(microseconds=int(micro))


def _deadline(cal: WorkCalendar, due: datetime) -> Deadline:
    return Deadline(due=due, provisional=cal.is_provisional(due.date()))


def effective_start(cal: WorkCalendar, moment: datetime) -> datetime:
    """docs/domain.md#deadlines step 1: the moment itself in office hours; before a period of a
    working day -> that period's start (so lunch -> 13:30); after closing or on a day off ->
    the opening of the next working day."""
    local = _to_local(moment, "moment")
    day = local.date()
    if cal.is_working_day(day):
        clock = local.time()
        for start, end in cal.policy.office_periods:
            if clock < start:
                return _at(day, start)
            if clock < end:
                return local
    return _at(cal.next_working_day(day), cal.policy.opening_time)


def add_working_time(cal: WorkCalendar, start: datetime, amount: timedelta) -> datetime:
    """The moment when `amount` of office time has elapsed counting from `start`.

    Time outside office periods and on non-working days does not count. A zero amount
    returns `start` unchanged (in LOCAL_TZ), even outside office hours.
    """
    cursor = _to_local(start, "start")
    if amount < _ZERO:
        raise ValueError(f"add_working_time: amount must not be negative (got {amount})")
    if amount == _ZERO:
        return cursor
    policy = cal.policy
    remaining = amount
    day = cursor.date()
    if not cal.is_working_day(day):
        day = cal.next_working_day(day)
        cursor = _at(day, policy.opening_time)
    while True:
        for period_start, period_end in policy.office_periods:
            begin = max(cursor, _at(day, period_start))
            end = _at(day, period_end)
            if begin >= end:
                continue
            if remaining <= end - begin:
                return begin + remaining
            remaining -= end - begin
        # Whole days are skipped in one step; strictly greater, so an amount ending exactly
        # at closing time stays on that day (due 17:00 rather than 07:00 the next day).
        day = cal.next_working_day(day)
        while remaining > policy.day_length:
            remaining -= policy.day_length
            day = cal.next_working_day(day)
        cursor = _at(day, policy.opening_time)


def working_time_between(cal: WorkCalendar, start: datetime, end: datetime) -> timedelta:
    """Office time inside [start, end); zero if end <= start."""
    first, last = _to_local(start, "start"), _to_local(end, "end")
    if last <= first:
        return _ZERO
    policy = cal.policy
    total = _ZERO
    day = first.date()
    while day <= last.date():
        if cal.is_working_day(day):
            if first.date() < day < last.date():
                total += policy.day_length  # a full day in the middle: no clipping needed
            else:
                for period_start, period_end in policy.office_periods:
                    low = max(first, _at(day, period_start))
                    high = min(last, _at(day, period_end))
                    if high > low:
                        total += high - low
        day += timedelta(days=1)
    return total


def _due_moment(cal: WorkCalendar, start: datetime, limit: TimeLimit) -> datetime:
    policy = cal.policy
    unit = limit.unit
    if unit is LimitUnit.WORKING_DAYS:
        # Whole days: same clock time on the N-th working day after R's day (Civil Code
        # Art. 147 does not count the start day); a fraction is then added as office time.
        whole = int(limit.amount)
        fraction = limit.amount - whole
        due = _at(cal.add_working_days(start.date(), whole), start.time())
        seconds = fraction * Decimal(policy.day_length.total_seconds())
        return add_working_time(cal, due, _duration(seconds)) if fraction else due
    if unit is LimitUnit.WORKING_HOURS:
        return add_working_time(cal, start, _duration(limit.amount * 3600))
    if unit is LimitUnit.CALENDAR_DAYS:
        day = start.date() + timedelta(days=int(limit.amount))
        if not cal.is_working_day(day):
            day = cal.next_working_day(day)
        return _at(day, policy.closing_time)
    if unit is LimitUnit.SAME_DAY:
        # R is on a working day (effective_start guarantees it); the cutoff is inclusive.
        same = start.time() <= policy.same_day_cutoff
        day = start.date() if same else cal.next_working_day(start.date())
        return _at(day, policy.closing_time)
    assert_never(unit)


def compute_due(cal: WorkCalendar, received: datetime, limit: TimeLimit) -> Deadline:
    """The due moment of `limit` for a dossier received (accepted) at `received`."""
    return _deadline(cal, _due_moment(cal, effective_start(cal, received), limit))


def extend_for_pause(
    cal: WorkCalendar, due: datetime, pause_start: datetime, pause_end: datetime
) -> Deadline:
    """supplement_clock = "pause": the due moment moves later by the office time that the
    pause [pause_start, pause_end) consumed, so the remaining working time resumes intact."""
    consumed = working_time_between(cal, pause_start, pause_end)
    return _deadline(cal, add_working_time(cal, due, consumed))
