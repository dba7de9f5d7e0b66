"""Timeliness ratings (docs/domain.md#timeliness): early / on time / late for finished work, and
within time / due soon / overdue for pending work. Pure: `now` is always passed in."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from enum import Enum

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import add_working_time, working_time_between

# Display precision of working_days_remaining.
_TENTH = Decimal("0.1")
_MICROSECOND = timedelta(microseconds=1)


class Timeliness(Enum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label_vi(self) -> str:
        return _TIMELINESS_LABELS_VI[self]


_TIMELINESS_LABELS_VI = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
}


class PendingStatus(Enum):
    WITHIN_TIME = "within_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label_vi(self) -> str:
        return _PENDING_LABELS_VI[self]


_PENDING_LABELS_VI = {
    PendingStatus.WITHIN_TIME: "Trong hạn",
    PendingStatus.DUE_SOON: "Sắp đến hạn",
    PendingStatus.OVERDUE: "Quá hạn",
}


def _require_aware(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{what} must be a timezone-aware datetime, got naive {moment.isoformat()}"
        )


def classify(finished_at: datetime, due_at: datetime) -> Timeliness:
    """LOCAL dates, not moments (docs/domain.md#timeliness): finishing at 16:59 on a day whose
    due moment was 09:00 is still on time; the same rule rates dossiers and steps."""
    _require_aware(finished_at, "finished_at")
    _require_aware(due_at, "due_at")
    finished_day = finished_at.astimezone(LOCAL_TZ).date()
    due_day = due_at.astimezone(LOCAL_TZ).date()
    if finished_day < due_day:
        return Timeliness.EARLY
    if finished_day == due_day:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def pending_status(cal: WorkCalendar, due_at: datetime, now: datetime) -> PendingStatus:
    """Overdue once `now` is past the due moment; due soon when the due moment comes within
    one working day (one day length of office time) of `now`; otherwise within time."""
    _require_aware(due_at, "due_at")
    _require_aware(now, "now")
    if now > due_at:
        return PendingStatus.OVERDUE
    if due_at <= add_working_time(cal, now, cal.policy.day_length):
        return PendingStatus.DUE_SOON
    return PendingStatus.WITHIN_TIME


def working_days_remaining(cal: WorkCalendar, due_at: datetime, now: datetime) -> Decimal:
    """Signed office time from `now` to the due moment, in working days, for
    "X ngày làm việc còn lại" (negative = overdue by that much).

    Rounding: to one decimal place, always downwards (ROUND_FLOOR), so the time left is
    never overstated and the time overdue never understated. When `now` is past the due
    moment but no office time has elapsed since (e.g. due Friday 17:00, now Saturday), the
    result is -0.1, so the sign always agrees with `pending_status` == OVERDUE.
    """
    _require_aware(due_at, "due_at")
    _require_aware(now, "now")
    day = cal.policy.day_length // _MICROSECOND
    if now <= due_at:
        left = working_time_between(cal, now, due_at) // _MICROSECOND
        return (Decimal(left) / Decimal(day)).quantize(_TENTH, rounding=ROUND_FLOOR)
    late = working_time_between(cal, due_at, now) // _MICROSECOND
    value = (-Decimal(late) / Decimal(day)).quantize(_TENTH, rounding=ROUND_FLOOR)
    return min(value, -_TENTH)


def working_days_late(cal: WorkCalendar, due_at: datetime, now: datetime) -> Decimal | None:
    """How late a pending item is, in working days ("quá hạn 1,5 ngày"), or None while it is
    within time: working_days_remaining's figure with the sign turned, so a list's "days
    late" and a page's "days left" never disagree. The caller asks it only while the
    dossier's clock runs (domain.dossier_clock): time in supplementation is not lateness."""
    if now <= due_at:
        return None
    return -working_days_remaining(cal, due_at, now)
