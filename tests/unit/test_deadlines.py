"""Time limits and due moments (docs/domain.md#deadlines). Expected values are worked out by hand
from the seed calendar and the default office hours 07:00-11:30, 13:30-17:00."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.unit.calendar_fixture import at
from vpub_onestop.domain.calendar import LOCAL_TZ, CalendarPolicy, WorkCalendar
from vpub_onestop.domain.deadlines import (
    Deadline,
    LimitUnit,
    TimeLimit,
    add_working_time,
    compute_due,
    effective_start,
    extend_for_pause,
    working_time_between,
)


def due(cal: WorkCalendar, received: datetime, limit: str) -> datetime:
    return compute_due(cal, received, TimeLimit.parse(limit)).due


# --- TimeLimit ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("3 working_days", Decimal(3), LimitUnit.WORKING_DAYS),
        ("4 working_hours", Decimal(4), LimitUnit.WORKING_HOURS),
        ("10 calendar_days", Decimal(10), LimitUnit.CALENDAR_DAYS),
        ("0.5 working_days", Decimal("0.5"), LimitUnit.WORKING_DAYS),
        ("1.25 working_hours", Decimal("1.25"), LimitUnit.WORKING_HOURS),
        ("same_day", Decimal(0), LimitUnit.SAME_DAY),
        ("  15   Working_Days ", Decimal(15), LimitUnit.WORKING_DAYS),
        ("0 working_days", Decimal(0), LimitUnit.WORKING_DAYS),
    ],
)
def test_parse_accepts_the_documented_forms(text: str, amount: Decimal, unit: LimitUnit) -> None:
    limit = TimeLimit.parse(text)
    assert (limit.amount, limit.unit) == (amount, unit)


@pytest.mark.parametrize(
    "text",
    ["3 working_days", "0.5 working_days", "10 calendar_days", "same_day", "1.25 working_hours"],
)
def test_str_round_trips_with_parse(text: str) -> None:
    assert str(TimeLimit.parse(text)) == text
    assert TimeLimit.parse(str(TimeLimit.parse(text))) == TimeLimit.parse(text)


def test_str_drops_trailing_zeros_and_never_uses_exponents() -> None:
    assert str(TimeLimit.parse("2.50 working_days")) == "2.5 working_days"
    assert str(TimeLimit(Decimal("1E+1"), LimitUnit.CALENDAR_DAYS)) == "10 calendar_days"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-3 working_days", "negative"),
        ("3 weeks", "unknown unit"),
        ("1.5 calendar_days", "whole number"),
        ("3", "expected"),
        ("", "expected"),
        ("five working_days", "expected"),
        ("2 same_day", "same_day takes no amount"),
        ("working_days 3", "expected"),
        ("0,5 working_days", "expected"),
    ],
)
def test_parse_rejects_bad_text_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimeLimit.parse(text)


def test_direct_construction_is_validated() -> None:
    with pytest.raises(ValueError, match="no amount"):
        TimeLimit(Decimal(1), LimitUnit.SAME_DAY)
    with pytest.raises(TypeError):
        TimeLimit(1.5, LimitUnit.WORKING_DAYS)  # type: ignore[arg-type]
    assert TimeLimit(3, LimitUnit.WORKING_DAYS) == TimeLimit.parse("3 working_days")  # type: ignore[arg-type]


def test_vietnamese_labels() -> None:
    assert [u.label_vi for u in LimitUnit] == [
        "ngày làm việc",
        "giờ làm việc",
        "ngày",
        "trong ngày",
    ]
    assert TimeLimit.parse("0.5 working_days").label_vi == "0,5 ngày làm việc"
    assert TimeLimit.parse("same_day").label_vi == "trong ngày"


# --- Deadline ------------------------------------------------------------------------------


def test_deadline_isoformat_is_local_with_offset() -> None:
    deadline = Deadline(datetime(2026, 2, 25, 9, 30, tzinfo=UTC), provisional=False)
    assert deadline.isoformat() == "2026-02-25T16:30:00+07:00"
    assert deadline.due.tzinfo == LOCAL_TZ


def test_deadline_rejects_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Deadline(datetime(2026, 2, 25, 16, 30), provisional=False)


# --- effective start (§4 step 1) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 3, 10, 8, 15), at(2026, 3, 10, 8, 15)),  # inside: unchanged
        (at(2026, 3, 10, 7), at(2026, 3, 10, 7)),  # the opening itself is inside
        (at(2026, 3, 10, 6, 59, 59), at(2026, 3, 10, 7)),  # before opening
        (at(2026, 3, 10, 11, 29, 59), at(2026, 3, 10, 11, 29, 59)),
        (at(2026, 3, 10, 11, 30), at(2026, 3, 10, 13, 30)),  # lunch starts at 11:30
        (at(2026, 3, 10, 12, 15), at(2026, 3, 10, 13, 30)),  # lunch
        (at(2026, 3, 10, 16, 59, 59), at(2026, 3, 10, 16, 59, 59)),
        (at(2026, 3, 10, 17), at(2026, 3, 11, 7)),  # closing is outside (half-open)
        (at(2026, 3, 13, 18), at(2026, 3, 16, 7)),  # Friday evening -> Monday
        (at(2026, 3, 7, 21), at(2026, 3, 9, 7)),  # Saturday night
        (at(2026, 4, 30, 9), at(2026, 5, 4, 7)),  # holiday 30/4, 1/5, then the weekend
        (at(2026, 2, 13, 17, 30), at(2026, 2, 23, 7)),  # after closing before Tết
    ],
)
def test_effective_start(cal: WorkCalendar, moment: datetime, expected: datetime) -> None:
    assert effective_start(cal, moment) == expected


def test_effective_start_converts_other_zones_to_local(cal: WorkCalendar) -> None:
    # 01:00 UTC is 08:00 in Hà Nội: inside office hours, so unchanged.
    result = effective_start(cal, datetime(2026, 3, 10, 1, tzinfo=UTC))
    assert result == at(2026, 3, 10, 8)
    assert result.tzinfo == LOCAL_TZ
    # 23:30 UTC on Monday is 06:30 Tuesday local: before opening on Tuesday.
    assert effective_start(cal, datetime(2026, 3, 9, 23, 30, tzinfo=UTC)) == at(2026, 3, 10, 7)


def test_effective_start_rejects_naive_moments(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        effective_start(cal, datetime(2026, 3, 10, 8))


# --- the worked examples of docs/domain.md#deadline-examples ------------------------------------


def test_example_friday_before_tet_2026_three_working_days(cal: WorkCalendar) -> None:
    deadline = compute_due(cal, at(2026, 2, 13, 16, 30), TimeLimit.parse("3 working_days"))
    assert deadline.due == at(2026, 2, 25, 16, 30)
    assert deadline.isoformat() == "2026-02-25T16:30:00+07:00"
    assert deadline.provisional is False


def test_example_five_working_days_over_30_april_and_1_may(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 4, 29, 10), "5 working_days") == at(2026, 5, 8, 10)


def test_example_four_working_hours(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 10), "4 working_hours") == at(2026, 3, 10, 16)
    assert due(cal, at(2026, 3, 10, 16), "4 working_hours") == at(2026, 3, 11, 10)


def test_example_same_day_cutoff_is_inclusive_to_the_second(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 15, 0, 0), "same_day") == at(2026, 3, 10, 17)
    assert due(cal, at(2026, 3, 10, 15, 0, 1), "same_day") == at(2026, 3, 11, 17)


def test_example_online_dossier_counts_from_acceptance(cal: WorkCalendar) -> None:
    # Submitted Sat 7/3 21:00 but accepted Mon 9/3 08:15: the receipt is the acceptance.
    assert due(cal, at(2026, 3, 9, 8, 15), "5 working_days") == at(2026, 3, 16, 8, 15)


def test_example_supplementation_restart_and_pause(cal: WorkCalendar) -> None:
    limit = TimeLimit.parse("10 working_days")
    original = compute_due(cal, at(2026, 3, 2, 9), limit)
    assert original.due == at(2026, 3, 16, 9)
    restarted = compute_due(cal, at(2026, 3, 10, 9), limit)
    assert restarted.due == at(2026, 3, 24, 9)
    paused = extend_for_pause(cal, original.due, at(2026, 3, 4, 9), at(2026, 3, 10, 9))
    assert paused.due == at(2026, 3, 20, 9)
    assert paused.provisional is False


# --- working days -----------------------------------------------------------------------------


def test_receipt_at_lunch_counts_from_13_30(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 12, 15), "1 working_days") == at(2026, 3, 11, 13, 30)


def test_receipt_after_closing_counts_from_the_next_opening(cal: WorkCalendar) -> None:
    # Tue 17:30 -> R = Wed 11/3 07:00; two working days after Wed -> Fri 13/3 07:00.
    assert due(cal, at(2026, 3, 10, 17, 30), "2 working_days") == at(2026, 3, 13, 7)


def test_receipt_on_a_holiday_counts_from_the_next_working_day(cal: WorkCalendar) -> None:
    # Thu 30/4 -> R = Mon 4/5 07:00 -> Tue 5/5 07:00.
    assert due(cal, at(2026, 4, 30, 9), "1 working_days") == at(2026, 5, 5, 7)


def test_working_days_over_tet_2025(cal: WorkCalendar) -> None:
    assert due(cal, at(2025, 1, 24, 10), "2 working_days") == at(2025, 2, 4, 10)


def test_working_days_over_hung_kings_2026(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 4, 24, 10), "1 working_days") == at(2026, 4, 28, 10)


def test_working_days_over_the_new_year_2026_swap(cal: WorkCalendar) -> None:
    # 1/1 and 2/1 are off, then the weekend.
    assert due(cal, at(2025, 12, 31, 10), "1 working_days") == at(2026, 1, 5, 10)


@pytest.mark.parametrize(("makeup", "expected_day"), [(True, 10), (False, 12)])
def test_makeup_saturday_10_january_2026(
    cal: WorkCalendar, cal_no_makeup: WorkCalendar, makeup: bool, expected_day: int
) -> None:
    calendar = cal if makeup else cal_no_makeup
    assert due(calendar, at(2026, 1, 9, 10), "1 working_days") == at(2026, 1, expected_day, 10)


@pytest.mark.parametrize(("makeup", "expected_day"), [(True, 22), (False, 24)])
def test_makeup_saturday_22_august_2026(
    cal: WorkCalendar, cal_no_makeup: WorkCalendar, makeup: bool, expected_day: int
) -> None:
    calendar = cal if makeup else cal_no_makeup
    assert due(calendar, at(2026, 8, 21, 10), "1 working_days") == at(2026, 8, expected_day, 10)


def test_national_day_2026_skips_31_august_to_2_september(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 8, 28, 10), "1 working_days") == at(2026, 9, 3, 10)


def test_zero_working_days_is_due_at_the_effective_start(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 12), "0 working_days") == at(2026, 3, 10, 13, 30)


def test_half_a_working_day_adds_four_office_hours(cal: WorkCalendar) -> None:
    # 09:00 + 2h30 to 11:30, then 1h30 after 13:30.
    assert due(cal, at(2026, 3, 10, 9), "0.5 working_days") == at(2026, 3, 10, 15)


def test_fractional_working_days_whole_days_first_then_the_fraction(cal: WorkCalendar) -> None:
    # 4 WD from Mon 2/3 16:30 -> Fri 6/3 16:30; + 4h: 30 min Friday, 3h30 Monday -> 10:30.
    assert due(cal, at(2026, 3, 2, 16, 30), "4.5 working_days") == at(2026, 3, 9, 10, 30)


# --- working hours ------------------------------------------------------------------------------


def test_working_hours_cross_lunch(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 10), "2 working_hours") == at(2026, 3, 10, 14)


def test_working_hours_cross_a_night_and_a_holiday(cal: WorkCalendar) -> None:
    # Wed 29/4 15:00: 2h until closing; 30/4, 1/5 and the weekend are off; 2h on Mon 4/5.
    assert due(cal, at(2026, 4, 29, 15), "4 working_hours") == at(2026, 5, 4, 9)


def test_working_hours_crossing_tet_2026(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 2, 13, 16), "1.5 working_hours") == at(2026, 2, 23, 7, 30)


def test_working_hours_ending_exactly_at_closing_stay_on_that_day(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 7), "8 working_hours") == at(2026, 3, 10, 17)
    # Received at lunch: R = 13:30, plus 3h30 = 17:00 (not 07:00 the next day).
    assert due(cal, at(2026, 3, 10, 13), "3.5 working_hours") == at(2026, 3, 10, 17)
    assert due(cal, at(2026, 3, 10, 7), "24 working_hours") == at(2026, 3, 12, 17)


def test_many_working_hours_skip_whole_days(cal: WorkCalendar) -> None:
    # Mon 9/3 07:00 + 41h = 5 whole days (to Fri 13/3 17:00) + 1h on Mon 16/3.
    assert due(cal, at(2026, 3, 9, 7), "41 working_hours") == at(2026, 3, 16, 8)


# --- calendar days and same day ------------------------------------------------------------------


def test_calendar_days_end_at_closing_time(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 10), "3 calendar_days") == at(2026, 3, 13, 17)


def test_calendar_days_ending_on_a_weekend_move_to_monday(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 10), "4 calendar_days") == at(2026, 3, 16, 17)


def test_calendar_days_ending_on_a_holiday_move_to_the_next_working_day(cal: WorkCalendar) -> None:
    # Mon 20/4 + 10 days = Thu 30/4 (holiday), 1/5 holiday, weekend -> Mon 4/5.
    assert due(cal, at(2026, 4, 20, 10), "10 calendar_days") == at(2026, 5, 4, 17)


@pytest.mark.parametrize(("makeup", "expected_day"), [(True, 10), (False, 12)])
def test_calendar_days_ending_on_the_makeup_saturday(
    cal: WorkCalendar, cal_no_makeup: WorkCalendar, makeup: bool, expected_day: int
) -> None:
    calendar = cal if makeup else cal_no_makeup
    assert due(calendar, at(2026, 1, 5, 10), "5 calendar_days") == at(2026, 1, expected_day, 17)


def test_calendar_days_count_from_the_effective_start(cal: WorkCalendar) -> None:
    # Fri 13/3 18:00 -> R = Mon 16/3; + 2 days = Wed 18/3.
    assert due(cal, at(2026, 3, 13, 18), "2 calendar_days") == at(2026, 3, 18, 17)


def test_same_day_after_the_cutoff_on_a_friday_goes_to_monday(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 13, 15, 0, 1), "same_day") == at(2026, 3, 16, 17)


def test_same_day_after_the_cutoff_before_a_holiday(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 4, 29, 15, 30), "same_day") == at(2026, 5, 4, 17)


def test_same_day_at_lunch_is_the_same_day(cal: WorkCalendar) -> None:
    assert due(cal, at(2026, 3, 10, 12), "same_day") == at(2026, 3, 10, 17)


def test_same_day_after_closing_is_the_next_working_day(cal: WorkCalendar) -> None:
    # R moves to Wed 07:00, which is before the cutoff.
    assert due(cal, at(2026, 3, 10, 18), "same_day") == at(2026, 3, 11, 17)


def test_same_day_with_a_custom_policy(cal: WorkCalendar) -> None:
    custom = cal.with_policy(CalendarPolicy.from_settings("08:00-12:00,13:00-16:30", "14:00"))
    assert due(custom, at(2026, 3, 10, 14), "same_day") == at(2026, 3, 10, 16, 30)
    assert due(custom, at(2026, 3, 10, 14, 30), "same_day") == at(2026, 3, 11, 16, 30)


# --- provisional years and 24/11/2026 ---------------------------------------------------------


def test_tet_2027_is_skipped_provisionally(cal: WorkCalendar) -> None:
    # Package: 4/2-5/2 and 8/2-10/2/2027 off around the lunar new year (Sat 6/2).
    deadline = compute_due(cal, at(2027, 2, 3, 10), TimeLimit.parse("1 working_days"))
    assert deadline.due == at(2027, 2, 11, 10)
    assert deadline.provisional is True


def test_a_2026_receipt_due_in_2027_is_provisional(cal: WorkCalendar) -> None:
    # Thu 31/12 (1), 1/1/2027 off, weekend, Mon 4/1 (2), Tue 5/1 (3).
    deadline = compute_due(cal, at(2026, 12, 30, 10), TimeLimit.parse("3 working_days"))
    assert deadline.due == at(2027, 1, 5, 10)
    assert deadline.provisional is True
    assert (
        compute_due(cal, at(2026, 12, 30, 10), TimeLimit.parse("1 working_days")).provisional
        is False
    )


def test_24_november_2026_counts_as_a_working_day(cal: WorkCalendar) -> None:
    deadline = compute_due(cal, at(2026, 11, 23, 10), TimeLimit.parse("1 working_days"))
    assert deadline.due == at(2026, 11, 24, 10)
    assert deadline.provisional is False


# --- working time arithmetic ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (at(2026, 3, 10, 8), at(2026, 3, 10, 10), 2),
        (at(2026, 3, 10, 11), at(2026, 3, 10, 14), 1),  # 30 min + lunch + 30 min
        (at(2026, 3, 10, 16), at(2026, 3, 11, 8), 2),  # across the night
        (at(2026, 3, 13, 16), at(2026, 3, 16, 8), 2),  # across the weekend
        (at(2026, 4, 29, 16), at(2026, 5, 4, 8), 2),  # across 30/4, 1/5 and the weekend
        (at(2026, 3, 4, 9), at(2026, 3, 10, 9), 32),  # the pause of the worked example
        (at(2026, 3, 14, 8), at(2026, 3, 15, 16), 0),  # a weekend only
        (at(2026, 3, 10, 12), at(2026, 3, 10, 13), 0),  # lunch only
        (at(2026, 3, 10, 10), at(2026, 3, 10, 10), 0),  # empty
        (at(2026, 3, 10, 10), at(2026, 3, 10, 9), 0),  # reversed
    ],
)
def test_working_time_between(
    cal: WorkCalendar, start: datetime, end: datetime, hours: int
) -> None:
    assert working_time_between(cal, start, end) == timedelta(hours=hours)


def test_add_working_time_with_zero_returns_the_start(cal: WorkCalendar) -> None:
    assert add_working_time(cal, at(2026, 3, 14, 20), timedelta(0)) == at(2026, 3, 14, 20)


def test_add_working_time_rejects_negative_amounts(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_time(cal, at(2026, 3, 10, 9), timedelta(minutes=-1))


def test_add_working_time_from_a_holiday_starts_at_the_next_opening(cal: WorkCalendar) -> None:
    assert add_working_time(cal, at(2026, 9, 2, 10), timedelta(hours=1)) == at(2026, 9, 3, 8)


def test_add_working_time_rejects_naive_moments(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_time(cal, datetime(2026, 3, 10, 9), timedelta(hours=1))


def test_pause_on_a_weekend_or_at_lunch_does_not_move_the_due_moment(cal: WorkCalendar) -> None:
    original = at(2026, 3, 20, 9)
    weekend = extend_for_pause(cal, original, at(2026, 3, 14, 8), at(2026, 3, 15, 18))
    lunch = extend_for_pause(cal, original, at(2026, 3, 10, 11, 30), at(2026, 3, 10, 13, 30))
    assert weekend.due == original
    assert lunch.due == original


def test_pause_keeps_a_closing_time_due_at_closing_time(cal: WorkCalendar) -> None:
    # A one-day pause moves a 17:00 deadline to 17:00 of the next working day.
    moved = extend_for_pause(cal, at(2026, 3, 13, 17), at(2026, 3, 10, 7), at(2026, 3, 10, 17))
    assert moved.due == at(2026, 3, 16, 17)


def test_pause_into_2027_is_provisional(cal: WorkCalendar) -> None:
    moved = extend_for_pause(cal, at(2026, 12, 31, 16), at(2026, 12, 1, 7), at(2026, 12, 1, 9))
    assert moved.due == at(2027, 1, 4, 8)  # 1h on 31/12, 1/1/2027 off, weekend, 1h Monday
    assert moved.provisional is True
