"""The working calendar (docs/domain.md#calendar; Labour Code 2019 Art. 112) from the seed file."""

from __future__ import annotations

from datetime import date, time, timedelta

import holidays
import pytest

from tests.unit.calendar_fixture import seed_data
from vpub_onestop.domain.calendar import (
    CalendarPolicy,
    DayOverride,
    WorkCalendar,
    load_calendar_json,
    load_unconfirmed_json,
)

# --- policy -------------------------------------------------------------------------------


def test_default_policy_is_the_office_day_of_one_stop_section_4() -> None:
    policy = CalendarPolicy()
    assert policy.opening_time == time(7)
    assert policy.closing_time == time(17)
    assert policy.day_length == timedelta(hours=8)
    assert policy.same_day_cutoff == time(15)
    assert policy.makeup_saturday_is_working_day is True


def test_from_settings_defaults_equal_the_dataclass_defaults() -> None:
    assert CalendarPolicy.from_settings() == CalendarPolicy()


def test_from_settings_parses_custom_hours_cutoff_and_flag() -> None:
    policy = CalendarPolicy.from_settings(" 07:30-11:30 , 13:00-16:30 ", "14:30", False)
    assert policy.office_periods == ((time(7, 30), time(11, 30)), (time(13), time(16, 30)))
    assert policy.day_length == timedelta(hours=7, minutes=30)
    assert policy.same_day_cutoff == time(14, 30)
    assert policy.makeup_saturday_is_working_day is False


def test_a_single_office_period_is_allowed() -> None:
    policy = CalendarPolicy.from_settings("08:00-16:00")
    assert (policy.opening_time, policy.closing_time) == (time(8), time(16))
    assert policy.day_length == timedelta(hours=8)


@pytest.mark.parametrize(
    ("office_hours", "cutoff", "message"),
    [
        ("07:00", "15:00", "not a period"),
        ("", "15:00", "not a period"),
        ("7h-11h", "15:00", "not a clock time"),
        ("07:00-25:00", "15:00", "not a time of day"),
        ("11:30-07:00", "15:00", "does not end after it starts"),
        ("07:00-07:00", "15:00", "does not end after it starts"),
        ("13:30-17:00,07:00-11:30", "15:00", "must be in order"),
        ("07:00-12:00,11:30-17:00", "15:00", "must not overlap"),
        ("07:00-11:30,13:30-17:00", "3pm", "same-day cutoff"),
    ],
)
def test_from_settings_rejects_malformed_text_with_a_clear_message(
    office_hours: str, cutoff: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CalendarPolicy.from_settings(office_hours, cutoff)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(ValueError, match="at least one period"):
        CalendarPolicy(office_periods=())


# --- loading the seed -----------------------------------------------------------------------


def test_seed_decides_2025_and_2026_only_and_carries_the_default_policy() -> None:
    overrides, decided, policy = load_calendar_json(seed_data())
    assert decided == [2025, 2026]
    assert policy == CalendarPolicy()
    assert all(isinstance(o, DayOverride) for o in overrides)


def test_every_off_and_work_entry_of_the_seed_becomes_an_override() -> None:
    data = seed_data()
    expected = {
        (date.fromisoformat(day), kind, name)
        for entry in data["years"].values()
        for kind in ("off", "work")
        for day, name in entry[kind]
    }
    overrides, _, _ = load_calendar_json(data)
    assert {(o.day, o.kind, o.name) for o in overrides} == expected


def test_unconfirmed_entries_are_not_overrides_but_can_be_listed() -> None:
    overrides, _, _ = load_calendar_json(seed_data())
    assert date(2026, 11, 24) not in {o.day for o in overrides}
    unconfirmed = load_unconfirmed_json(seed_data())
    assert [day for day, _ in unconfirmed] == [date(2026, 11, 24)]


def test_policy_defaults_of_the_json_are_applied() -> None:
    data = seed_data()
    data["policy_defaults"] = {
        "office_hours": [["08:00", "12:00"], ["13:00", "17:30"]],
        "same_day_cutoff": "14:00",
        "makeup_saturday_is_working_day": False,
    }
    _, _, policy = load_calendar_json(data)
    assert policy == CalendarPolicy(
        ((time(8), time(12)), (time(13), time(17, 30))), time(14), False
    )


@pytest.mark.parametrize(
    ("year_key", "entry", "message"),
    [
        ("2026", {"off": [["2025-12-31", "x"]]}, "2025-12-31"),
        ("2026", {"off": [["31/12/2026", "x"]]}, "YYYY-MM-DD"),
        ("2026", {"work": [["2026-01-10"]]}, "pair"),
        ("26", {"off": []}, "four-digit year"),
    ],
)
def test_malformed_calendar_data_is_rejected(year_key: str, entry: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_calendar_json({"years": {year_key: entry}})


def test_an_override_kind_other_than_off_or_work_is_rejected() -> None:
    with pytest.raises(ValueError, match="'off' or 'work'"):
        DayOverride(date(2026, 3, 2), "holiday", "x")


def test_a_day_both_off_and_work_is_rejected() -> None:
    day = date(2026, 3, 7)
    with pytest.raises(ValueError, match="both"):
        WorkCalendar([DayOverride(day, "off", "a"), DayOverride(day, "work", "b")])


# --- ordinary weeks -------------------------------------------------------------------------


def test_weekdays_work_and_weekends_rest_in_an_ordinary_week(cal: WorkCalendar) -> None:
    week = [date(2026, 3, 9) + timedelta(days=i) for i in range(7)]  # Mon 9/3 .. Sun 15/3
    assert [cal.is_working_day(d) for d in week] == [True] * 5 + [False] * 2
    assert cal.non_working_reason(date(2026, 3, 14)) == "Thứ Bảy"
    assert cal.non_working_reason(date(2026, 3, 15)) == "Chủ nhật"
    assert cal.non_working_reason(date(2026, 3, 9)) is None


def test_next_working_day_is_strictly_after(cal: WorkCalendar) -> None:
    assert cal.next_working_day(date(2026, 3, 9)) == date(2026, 3, 10)
    assert cal.next_working_day(date(2026, 3, 13)) == date(2026, 3, 16)  # Fri -> Mon


def test_add_working_days_does_not_count_the_start_day(cal: WorkCalendar) -> None:
    assert cal.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert cal.add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 10)
    assert cal.add_working_days(date(2026, 3, 14), 1) == date(2026, 3, 16)  # from a Saturday
    assert cal.add_working_days(date(2026, 3, 9), 10) == date(2026, 3, 23)


def test_add_working_days_rejects_a_negative_count(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_days(date(2026, 3, 9), -1)


# --- holidays of the decided years ---------------------------------------------------------


def test_tet_2025_is_off_from_27_to_31_january(cal: WorkCalendar) -> None:
    for day in range(27, 32):
        reason = cal.non_working_reason(date(2025, 1, day))
        assert reason is not None and reason.startswith("Tết Nguyên Đán")
    assert cal.is_working_day(date(2025, 1, 24))
    assert cal.is_working_day(date(2025, 2, 3))
    assert cal.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)


def test_tet_2026_is_off_from_16_to_20_february(cal: WorkCalendar) -> None:
    for day in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, day))
    assert cal.non_working_reason(date(2026, 2, 17)) == "Tết Nguyên Đán (mùng 1)"
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_hung_kings_2026_on_a_sunday_moves_the_day_off_to_monday(cal: WorkCalendar) -> None:
    assert cal.non_working_reason(date(2026, 4, 26)) == "Chủ nhật"
    reason = cal.non_working_reason(date(2026, 4, 27))
    assert reason is not None and "Giỗ Tổ Hùng Vương" in reason
    assert cal.is_working_day(date(2026, 4, 28))


def test_national_day_2026_swap(cal: WorkCalendar, cal_no_makeup: WorkCalendar) -> None:
    for off in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not cal.is_working_day(off)
    assert cal.is_working_day(date(2026, 9, 3))
    assert cal.is_working_day(date(2026, 8, 22))  # the make-up Saturday
    assert not cal_no_makeup.is_working_day(date(2026, 8, 22))
    assert cal_no_makeup.non_working_reason(date(2026, 8, 22)) == "Thứ Bảy"


@pytest.mark.parametrize("makeup", [True, False])
def test_new_year_2026_swap_under_both_makeup_policies(
    cal: WorkCalendar, cal_no_makeup: WorkCalendar, makeup: bool
) -> None:
    calendar = cal if makeup else cal_no_makeup
    # 2/1 is off either way: the swap itself is decided, only the Saturday is a policy.
    assert (
        calendar.non_working_reason(date(2026, 1, 2)) == "Nghỉ hoán đổi (làm bù thứ Bảy 10/1/2026)"
    )
    assert calendar.is_working_day(date(2026, 1, 10)) is makeup
    assert not calendar.is_working_day(date(2026, 1, 11))
    assert calendar.next_working_day(date(2026, 1, 9)) == (
        date(2026, 1, 10) if makeup else date(2026, 1, 12)
    )


def test_makeup_days_lists_working_saturdays_only_when_the_policy_allows(
    cal: WorkCalendar, cal_no_makeup: WorkCalendar
) -> None:
    assert [d for d, _ in cal.makeup_days(2026)] == [date(2026, 1, 10), date(2026, 8, 22)]
    assert cal.makeup_days(2026)[0][1] == "Làm bù cho ngày 2/1/2026"
    assert cal_no_makeup.makeup_days(2026) == []
    assert [d for d, _ in cal.makeup_days(2025)] == [date(2025, 4, 26)]


def test_days_off_2026_are_exactly_the_weekday_off_entries_of_the_seed(cal: WorkCalendar) -> None:
    expected = [
        (date.fromisoformat(day), name)
        for day, name in seed_data()["years"]["2026"]["off"]
        if date.fromisoformat(day).weekday() < 5
    ]
    assert cal.days_off(2026) == sorted(expected)


def test_24_november_2026_is_a_working_day_in_the_decided_year(cal: WorkCalendar) -> None:
    # The pinned package lists it; the decided table does not, and the table wins.
    assert date(2026, 11, 24) in holidays.country_holidays("VN", years=2026)
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.non_working_reason(date(2026, 11, 24)) is None
    assert date(2026, 11, 24) not in {d for d, _ in cal.days_off(2026)}


def test_decided_years_ignore_the_package_entirely() -> None:
    # An empty table for a decided year means "no holidays", however wrong that is.
    decided = WorkCalendar(decided_years=[2026])
    assert decided.is_working_day(date(2026, 2, 17))
    assert not WorkCalendar().is_working_day(date(2026, 2, 17))


# --- provisional years ------------------------------------------------------------------------


def test_2027_is_provisional_and_2025_2026_are_not(cal: WorkCalendar) -> None:
    assert cal.is_provisional(date(2027, 2, 8))
    assert not cal.is_provisional(date(2026, 12, 31))
    assert not cal.is_provisional(date(2025, 1, 1))
    assert cal.is_provisional(date(2030, 6, 3))


def test_tet_2027_is_known_provisionally_from_the_package(cal: WorkCalendar) -> None:
    # Lunar new year is Sat 6/2/2027; the eve and the days after it are off.
    assert not cal.is_working_day(date(2027, 2, 5))
    assert not cal.is_working_day(date(2027, 2, 8))
    assert not cal.is_working_day(date(2027, 2, 9))
    assert cal.non_working_reason(date(2027, 2, 5)) == "Giao thừa Tết Nguyên Đán"
    assert cal.is_working_day(date(2027, 2, 11))
    assert cal.is_working_day(date(2027, 2, 3))


def test_every_package_holiday_of_a_provisional_year_is_off(cal: WorkCalendar) -> None:
    for day in holidays.country_holidays("VN", years=2027):
        assert not cal.is_working_day(day), day


def test_overrides_of_a_provisional_year_still_apply(cal: WorkCalendar) -> None:
    assert cal.non_working_reason(date(2027, 5, 3)) == (
        "Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)"
    )


def test_a_year_absent_from_the_table_uses_the_package(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2030, 1, 1))
    assert cal.is_working_day(date(2030, 1, 2))


def test_work_override_beats_a_package_holiday_in_a_provisional_year() -> None:
    calendar = WorkCalendar([DayOverride(date(2027, 2, 10), "work", "Đi làm")])
    assert calendar.is_working_day(date(2027, 2, 10))
    assert not calendar.is_working_day(date(2027, 2, 9))


def test_off_override_name_beats_the_package_name() -> None:
    calendar = WorkCalendar([DayOverride(date(2027, 2, 8), "off", "Nghỉ Tết")])
    assert calendar.non_working_reason(date(2027, 2, 8)) == "Nghỉ Tết"


def test_a_sunday_work_override_counts_whatever_the_saturday_policy() -> None:
    sunday = date(2026, 3, 15)
    policy = CalendarPolicy(makeup_saturday_is_working_day=False)
    calendar = WorkCalendar([DayOverride(sunday, "work", "Làm bù")], [2026], policy)
    assert calendar.is_working_day(sunday)


def test_with_policy_keeps_the_table_and_changes_the_policy(cal: WorkCalendar) -> None:
    strict = cal.with_policy(CalendarPolicy(makeup_saturday_is_working_day=False))
    assert not strict.is_working_day(date(2026, 1, 10))
    assert not strict.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))


def test_a_calendar_without_working_days_fails_loudly_instead_of_looping() -> None:
    start = date(2026, 1, 1)
    all_off = [DayOverride(start + timedelta(days=i), "off", "x") for i in range(3 * 366)]
    calendar = WorkCalendar(all_off, [2026, 2027, 2028, 2029])
    with pytest.raises(ValueError, match="no working day"):
        calendar.next_working_day(start)
