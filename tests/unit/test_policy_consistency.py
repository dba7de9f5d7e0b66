"""Rules between policies (docs/policies.md#consistency): a decision is refused when, on
its first day or on a later day while it is in force, it would break a rule with another
policy's value; the refusal names both policies."""

from __future__ import annotations

from datetime import date

from vpub_onestop.domain.policies import BY_KEY, Scheduled, conflict_of_decision, parse_value

# The configuration's values (config.py) when no administrator ever decided.
DEFAULTS = {
    "OFFICE_HOURS": "07:00-11:30,13:30-17:00",
    "SAME_DAY_CUTOFF": "15:00",
    "POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY": True,
    "POLICY_SUPPLEMENT_CLOCK": "restart",
    "SUPPLEMENT_FREE_WORKING_DAYS": 3,
    "POLICY_SUPPLEMENT_DEADLINE_WORKING_DAYS": 30,
    "COMPLAINT_HANDLING_WORKING_DAYS": 10,
    "INDICATOR5_PROVINCE_PERCENT": 20,
    "INDICATOR5_DISTRICT_PERCENT": 50,
    "INDICATOR5_COMMUNE_PERCENT": 100,
    "INDICATOR8_FULL_PERCENT": 100,
    "INDICATOR8_ONE_PERCENT": 90,
    "INDICATOR9_PROCEDURES_PERCENT": 20,
    "INDICATOR9_FULL_PERCENT": 30,
    "INDICATOR9_ONE_PERCENT": 15,
    "D766_SATISFACTION_FULL_PERCENT": 90,
}
APRIL = date(2026, 4, 1)


def test_the_one_point_threshold_may_not_exceed_the_two_points_one() -> None:
    # Config: 2 points from 100 %, 1 point from 90 %. Raising "1 point" to 100 % (equal)
    # is allowed; lowering "2 points" to 85 %, below the 90 % for 1 point, is not.
    assert conflict_of_decision([], DEFAULTS, "indicator8_one_percent", 100, APRIL) is None
    conflict = conflict_of_decision([], DEFAULTS, "indicator8_full_percent", 85, APRIL)
    assert conflict is not None
    assert conflict.keys == ("indicator8_one_percent", "indicator8_full_percent")
    # The message names both policies, both values and the day.
    assert "Chỉ số 8: tỷ lệ phản ánh xử lý đúng hạn để đạt 1 điểm" in conflict.message
    assert "Chỉ số 8: tỷ lệ phản ánh xử lý đúng hạn để đạt 2 điểm" in conflict.message
    assert "(90%)" in conflict.message and "(85%)" in conflict.message
    assert "01/04/2026" in conflict.message
    # Indicator 9 follows the same rule: 1 point from 40 % above 2 points from 30 %.
    assert conflict_of_decision([], DEFAULTS, "indicator9_one_percent", 40, APRIL) is not None


def test_a_conflict_with_a_decision_already_scheduled_later_is_found() -> None:
    # "1 point" goes to 95 % from 1/6; lowering "2 points" to 92 % from 1/4 is fine in
    # April and May (90 % ≤ 92 %) but not from 1/6 (95 % > 92 %).
    later = [Scheduled("indicator8_one_percent", date(2026, 6, 1), 1, 95)]
    conflict = conflict_of_decision(later, DEFAULTS, "indicator8_full_percent", 92, APRIL)
    assert conflict is not None and "01/06/2026" in conflict.message
    # If "2 points" is itself decided again from 1/5, the 1/4 value no longer meets 1/6.
    again = [*later, Scheduled("indicator8_full_percent", date(2026, 5, 1), 2, 100)]
    assert conflict_of_decision(again, DEFAULTS, "indicator8_full_percent", 92, APRIL) is None


def test_the_cut_off_must_fall_within_the_office_hours() -> None:
    # 15:00 lies in the afternoon period 13:30-17:00; 12:00 is the lunch break, 18:00 after
    # closing: receipts after them could not be told apart from the next day's.
    assert conflict_of_decision([], DEFAULTS, "same_day_cutoff", "16:30", APRIL) is None
    for cutoff in ("12:00", "18:00"):
        conflict = conflict_of_decision([], DEFAULTS, "same_day_cutoff", cutoff, APRIL)
        assert conflict is not None
        assert "Giờ chốt nhận trong ngày" in conflict.message
        assert "Giờ làm việc" in conflict.message
    # Office hours ending at 14:00 would leave the 15:00 cut-off outside them.
    hours = conflict_of_decision([], DEFAULTS, "office_hours", "07:00-11:00,12:00-14:00", APRIL)
    assert hours is not None and hours.keys == ("same_day_cutoff", "office_hours")


def test_rules_that_do_not_involve_the_policy_are_not_its_fault() -> None:
    broken = {**DEFAULTS, "INDICATOR8_ONE_PERCENT": 100, "INDICATOR8_FULL_PERCENT": 80}
    assert conflict_of_decision([], broken, "supplement_free_working_days", 5, APRIL) is None


def test_office_hours_must_be_ordered_and_not_overlap() -> None:
    spec = BY_KEY["office_hours"]
    assert parse_value(spec, "07:00-11:30,13:30-17:00") == ("07:00-11:30,13:30-17:00", None)
    # The afternoon starting at 11:00 overlaps the morning; listed afternoon-first is out
    # of order: both refused, saying why.
    for hours in ("07:00-12:00,11:00-17:00", "13:30-17:00,07:00-11:30"):
        value, problem = parse_value(spec, hours)
        assert value is None and problem is not None
        assert "theo thứ tự và không chồng lên nhau" in problem
