"""Timeliness (docs/domain.md#timeliness): early / on time / late by LOCAL date, and the status of
pending work at a given `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.unit.calendar_fixture import at
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.timeliness import (
    PendingStatus,
    Timeliness,
    classify,
    pending_status,
    working_days_remaining,
)

DUE = at(2026, 3, 16, 9)  # Mon 16/3/2026 09:00


# --- classify -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (at(2026, 3, 13, 16, 59), Timeliness.EARLY),  # the working day before
        (at(2026, 3, 15, 23, 59, 59), Timeliness.EARLY),  # the evening before
        (at(2026, 3, 16, 0, 0), Timeliness.ON_TIME),
        (at(2026, 3, 16, 8), Timeliness.ON_TIME),
        (at(2026, 3, 16, 16, 59), Timeliness.ON_TIME),  # later than 09:00, same date
        (at(2026, 3, 16, 23, 59, 59), Timeliness.ON_TIME),
        (at(2026, 3, 17, 0, 0), Timeliness.LATE),
    ],
)
def test_classify_compares_dates_not_moments(finished: datetime, expected: Timeliness) -> None:
    assert classify(finished, DUE) is expected


def test_classify_uses_local_dates_not_utc_dates() -> None:
    # 17:30 UTC on 15/3 is 00:30 on 16/3 in Hà Nội: the due date itself, so on time
    # (a UTC comparison would call it early).
    assert classify(datetime(2026, 3, 15, 17, 30, tzinfo=UTC), DUE) is Timeliness.ON_TIME
    # The due moment given in UTC is compared by its local date too.
    due_utc = datetime(2026, 3, 15, 18, 0, tzinfo=UTC)  # 01:00 on 16/3 local
    assert classify(at(2026, 3, 16, 16), due_utc) is Timeliness.ON_TIME


def test_classify_rejects_naive_moments() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        classify(datetime(2026, 3, 16, 8), DUE)
    with pytest.raises(ValueError, match="timezone-aware"):
        classify(DUE, datetime(2026, 3, 16, 8))


def test_labels_in_vietnamese() -> None:
    assert [t.label_vi for t in Timeliness] == ["Trước hạn", "Đúng hạn", "Quá hạn"]
    assert [s.label_vi for s in PendingStatus] == ["Trong hạn", "Sắp đến hạn", "Quá hạn"]


# --- pending_status ---------------------------------------------------------------------------


def test_overdue_once_now_is_past_the_due_moment(cal: WorkCalendar) -> None:
    assert pending_status(cal, DUE, DUE + timedelta(seconds=1)) is PendingStatus.OVERDUE
    assert pending_status(cal, DUE, at(2026, 3, 20, 9)) is PendingStatus.OVERDUE


def test_at_the_due_moment_it_is_due_soon_not_overdue(cal: WorkCalendar) -> None:
    assert pending_status(cal, DUE, DUE) is PendingStatus.DUE_SOON


def test_due_soon_boundary_is_one_working_day_of_office_time(cal: WorkCalendar) -> None:
    now = at(2026, 3, 13, 9)  # Fri 09:00; one working day later is Mon 16/3 09:00
    assert pending_status(cal, DUE, now) is PendingStatus.DUE_SOON
    later_due = DUE + timedelta(seconds=1)
    assert pending_status(cal, later_due, now) is PendingStatus.WITHIN_TIME


def test_within_time_when_more_than_a_working_day_remains(cal: WorkCalendar) -> None:
    assert pending_status(cal, DUE, at(2026, 3, 11, 9)) is PendingStatus.WITHIN_TIME


def test_due_soon_counts_working_time_across_a_holiday(cal: WorkCalendar) -> None:
    # Wed 29/4 10:00: 5h left that day, 30/4-3/5 off, then 3h on Mon 4/5 -> up to 10:00.
    now = at(2026, 4, 29, 10)
    assert pending_status(cal, at(2026, 5, 4, 9), now) is PendingStatus.DUE_SOON
    assert pending_status(cal, at(2026, 5, 4, 11), now) is PendingStatus.WITHIN_TIME


def test_due_soon_from_a_night_counts_from_the_next_opening(cal: WorkCalendar) -> None:
    # Fri 20:00: the next working day of office time ends Mon 16/3 17:00.
    now = at(2026, 3, 13, 20)
    assert pending_status(cal, at(2026, 3, 16, 17), now) is PendingStatus.DUE_SOON
    assert pending_status(cal, at(2026, 3, 17, 7, 30), now) is PendingStatus.WITHIN_TIME


def test_pending_status_rejects_naive_moments(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        pending_status(cal, DUE, datetime(2026, 3, 13, 9))


# --- working_days_remaining -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 3, 2, 9), Decimal("10.0")),  # ten whole working days
        (DUE, Decimal("0.0")),
        (at(2026, 3, 13, 13, 30), Decimal("0.6")),  # 3h30 + 2h = 5.5h / 8h = 0.6875
        (at(2026, 3, 16, 7), Decimal("0.2")),  # 2h / 8h = 0.25 -> rounded down
        (at(2026, 3, 16, 8, 59), Decimal("0.0")),  # 1 min left: floor, never overstated
        (at(2026, 3, 16, 9, 1), Decimal("-0.1")),  # 1 min late: floor, never understated
        (at(2026, 3, 16, 15), Decimal("-0.5")),  # 2h30 + 1h30 = 4h late
        (at(2026, 3, 18, 9), Decimal("-2.0")),
    ],
)
def test_working_days_remaining(cal: WorkCalendar, now: datetime, expected: Decimal) -> None:
    assert working_days_remaining(cal, DUE, now) == expected


def test_remaining_is_negative_when_overdue_even_without_office_time_elapsed(
    cal: WorkCalendar,
) -> None:
    due = at(2026, 3, 13, 17)  # Fri closing time
    now = at(2026, 3, 14, 10)  # Saturday: no office time since, but overdue
    assert pending_status(cal, due, now) is PendingStatus.OVERDUE
    assert working_days_remaining(cal, due, now) == Decimal("-0.1")


def test_remaining_skips_holidays(cal: WorkCalendar) -> None:
    # Wed 29/4 07:00 to Tue 5/5 07:00: 29/4 and 4/5 only (30/4, 1/5 and the weekend off).
    assert working_days_remaining(cal, at(2026, 5, 5, 7), at(2026, 4, 29, 7)) == Decimal("2.0")
