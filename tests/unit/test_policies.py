"""The value of a policy in force on a day (docs/policies.md#effective-dates), and what an
administrator may type for each kind of policy."""

from __future__ import annotations

from datetime import date

from vpub_onestop.domain.policies import BY_KEY, Scheduled, parse_value, stable_span, value_in_force

DECISIONS = [
    Scheduled("supplement_deadline_working_days", date(2026, 4, 1), 1, 20),
    Scheduled("supplement_deadline_working_days", date(2026, 6, 1), 2, 25),
    # A correction recorded later for the same first day replaces the first decision.
    Scheduled("supplement_deadline_working_days", date(2026, 4, 1), 3, 15),
    Scheduled("office_hours", date(2026, 5, 1), 4, "07:00-11:00"),
]


def test_a_day_keeps_the_value_in_force_on_it() -> None:
    key = "supplement_deadline_working_days"
    assert value_in_force(DECISIONS, key, date(2026, 3, 31), 30) == 30  # config, before any
    assert value_in_force(DECISIONS, key, date(2026, 4, 1), 30) == 15  # the correction
    assert value_in_force(DECISIONS, key, date(2026, 5, 31), 30) == 15
    assert value_in_force(DECISIONS, key, date(2026, 6, 1), 30) == 25


def test_the_span_over_which_the_values_hold() -> None:
    keys = ("supplement_deadline_working_days",)
    assert stable_span(DECISIONS, keys, date(2026, 3, 2)) == (None, date(2026, 4, 1))
    assert stable_span(DECISIONS, keys, date(2026, 4, 15)) == (date(2026, 4, 1), date(2026, 6, 1))
    assert stable_span(DECISIONS, keys, date(2026, 7, 1)) == (date(2026, 6, 1), None)
    assert stable_span(DECISIONS, ("same_day_cutoff",), date(2026, 4, 15)) == (None, None)


def test_what_an_administrator_may_type() -> None:
    assert parse_value(BY_KEY["office_hours"], "07:30-11:30,13:00-16:30") == (
        "07:30-11:30,13:00-16:30",
        None,
    )
    assert parse_value(BY_KEY["office_hours"], "17:00-07:00")[1] is not None  # end before start
    assert parse_value(BY_KEY["same_day_cutoff"], "25:00")[1] is not None
    assert parse_value(BY_KEY["makeup_saturday_is_working_day"], "không") == (False, None)
    assert parse_value(BY_KEY["supplement_clock"], "pause") == ("pause", None)
    assert parse_value(BY_KEY["supplement_clock"], "stop")[1] is not None
    assert parse_value(BY_KEY["supplement_free_working_days"], "0")[1] is not None  # 1..30
    assert parse_value(BY_KEY["indicator8_one_percent"], "100") == (100, None)
    assert parse_value(BY_KEY["indicator8_one_percent"], "101")[1] is not None
