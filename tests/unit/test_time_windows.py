"""Time rules counted in days (domain/time_windows.py), on the project's 2026 calendar.

Each expected moment is worked out by hand from the law and the seed calendar, not from the
code: 2026 Tết Bính Ngọ is off from Sat 14/2 to Sun 22/2 (Mon 16/2 to Fri 20/2 are the
holiday, framed by two weekends); 30/4 and 1/5 are off; Sat 10/1/2026 is a make-up working
day. Office hours close at 17:00, so a window counted in days ends at 17:00 of its last day.
"""

from __future__ import annotations

import pytest

from tests.unit.calendar_fixture import at, build_calendar
from vpub_onestop.domain.time_windows import (
    TimeRuleSettings,
    apology_last_moment,
    check_apology,
    check_supplement_request,
    may_stop_unsupplemented,
    previous_working_day,
    supplement_deadline,
    supplement_free_until,
)

CAL = build_calendar()


# --- the 3-working-day supplement window -------------------------------------------------


@pytest.mark.parametrize("hour", [7, 9, 16])
def test_received_monday_at_any_hour_may_be_asked_for_supplements_through_thursday(
    hour: int,
) -> None:
    # Received Mon 2/3/2026; the receipt day is not counted: Tue 3 (1), Wed 4 (2), Thu 5 (3).
    assert supplement_free_until(CAL, at(2026, 3, 2, hour, 5), 3) == at(2026, 3, 5, 17)


def test_received_on_the_last_day_before_tet_the_window_skips_the_whole_holiday() -> None:
    # Received Fri 13/2/2026 16:30. Sat 14 to Sun 22/2 are all off (weekend, Tết, weekend):
    # Mon 23/2 (1), Tue 24/2 (2), Wed 25/2 (3) -> the window ends Wed 25/2/2026 17:00.
    assert supplement_free_until(CAL, at(2026, 2, 13, 16, 30), 3) == at(2026, 2, 25, 17)


def test_a_makeup_saturday_counts_as_a_working_day_by_policy() -> None:
    # Received Thu 8/1/2026: Fri 9/1 (1), Sat 10/1 make-up day (2), Mon 12/1 (3).
    assert supplement_free_until(CAL, at(2026, 1, 8, 10), 3) == at(2026, 1, 12, 17)
    # Policy off: Fri 9/1 (1), Mon 12/1 (2), Tue 13/1 (3).
    closed = build_calendar(makeup_saturday_is_working_day=False)
    assert supplement_free_until(closed, at(2026, 1, 8, 10), 3) == at(2026, 1, 13, 17)


def test_around_30_april_both_holidays_are_skipped() -> None:
    # Received Wed 29/4/2026: Thu 30/4 and Fri 1/5 off, weekend -> Mon 4/5 (1), Tue 5/5 (2),
    # Wed 6/5 (3).
    assert supplement_free_until(CAL, at(2026, 4, 29, 10), 3) == at(2026, 5, 6, 17)


def test_a_request_at_closing_time_of_the_last_day_is_free_one_second_later_it_is_late() -> None:
    received = at(2026, 3, 2, 9)  # window ends Thu 5/3/2026 17:00
    on_time = check_supplement_request(
        CAL, received, at(2026, 3, 5, 17, 0, 0), previous_requests=0, window_days=3
    )
    late = check_supplement_request(
        CAL, received, at(2026, 3, 5, 17, 0, 1), previous_requests=0, window_days=3
    )
    assert not on_time.late and not on_time.needs_justification
    assert late.late and late.needs_justification


def test_a_second_request_needs_a_justification_even_inside_the_window() -> None:
    check = check_supplement_request(
        CAL, at(2026, 3, 2, 9), at(2026, 3, 3, 9), previous_requests=1, window_days=3
    )
    assert check.repeated and not check.late and check.needs_justification


# --- the apology deadline ----------------------------------------------------------------


def test_due_on_a_monday_the_last_apology_day_is_the_friday_before_until_closing() -> None:
    # Due Mon 16/3/2026 09:00 -> the working day before is Fri 13/3/2026, until 17:00.
    assert apology_last_moment(CAL, at(2026, 3, 16, 9)) == at(2026, 3, 13, 17)


def test_due_right_after_tet_the_last_apology_day_is_the_last_working_day_before_tet() -> None:
    # Due Mon 23/2/2026: Sun 22 back to Sat 14/2 are all off -> Fri 13/2/2026 17:00.
    assert apology_last_moment(CAL, at(2026, 2, 23, 10)) == at(2026, 2, 13, 17)


def test_due_after_30_april_and_1_may_the_last_apology_day_is_29_april() -> None:
    # Due Mon 4/5/2026: Sun 3, Sat 2, Fri 1/5 (off), Thu 30/4 (off) -> Wed 29/4/2026.
    assert apology_last_moment(CAL, at(2026, 5, 4, 8)) == at(2026, 4, 29, 17)


def test_an_apology_on_the_last_day_at_16_59_is_on_time_and_at_17_00_01_late() -> None:
    due = at(2026, 3, 16, 9)
    on_time = check_apology(CAL, due, at(2026, 3, 13, 16, 59), already_apologised=False)
    late = check_apology(CAL, due, at(2026, 3, 13, 17, 0, 1), already_apologised=False)
    after_due = check_apology(CAL, due, at(2026, 3, 17, 9), already_apologised=False)
    assert on_time.allowed and not on_time.late
    assert late.allowed and late.late  # recorded and sent, but flagged
    assert after_due.allowed and after_due.late


def test_only_one_apology() -> None:
    check = check_apology(CAL, at(2026, 3, 16, 9), at(2026, 3, 10, 9), already_apologised=True)
    assert not check.allowed


def test_previous_working_day_skips_weekends_and_holidays() -> None:
    assert previous_working_day(CAL, at(2026, 1, 5).date()) == at(2025, 12, 31).date()
    # Mon 12/1/2026: the day before is the make-up Saturday 10/1.
    assert previous_working_day(CAL, at(2026, 1, 12).date()) == at(2026, 1, 10).date()


# --- the supplement deadline --------------------------------------------------------------


def test_thirty_working_days_from_a_request_on_4_march_end_on_15_april() -> None:
    # Requested Wed 4/3/2026. March after the 4th: 5, 6, 9-13, 16-20, 23-27, 30, 31 = 19
    # working days; April: 1, 2, 3 (22), 6-10 (27), 13 (28), 14 (29), 15 (30) -> Wed 15/4
    # 17:00. (Giỗ Tổ is observed Mon 27/4, after the end.)
    deadline = supplement_deadline(CAL, at(2026, 3, 4, 9), 30)
    assert deadline == at(2026, 4, 15, 17)
    assert not may_stop_unsupplemented(deadline, at(2026, 4, 14, 10))  # one day before
    assert not may_stop_unsupplemented(deadline, at(2026, 4, 15, 17))  # the last moment
    assert may_stop_unsupplemented(deadline, at(2026, 4, 16, 7))


def test_the_day_counts_come_from_the_settings() -> None:
    settings = TimeRuleSettings.from_config(
        {"SUPPLEMENT_FREE_WORKING_DAYS": "3", "POLICY_SUPPLEMENT_DEADLINE_WORKING_DAYS": "10"}
    )
    assert settings == TimeRuleSettings(supplement_window_days=3, supplement_deadline_days=10)


def test_a_naive_moment_is_refused() -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        apology_last_moment(CAL, datetime(2026, 3, 16, 9))
