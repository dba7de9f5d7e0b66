"""Circular 01/2018 scoring (Art. 13-15 and the annex), worked by hand from the text: each
indicator 0 / 1 / 2, one-decimal averages rounded half up, staff and unit bands at their
edges, and the Decision 766 satisfaction figure."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from vpub_onestop.domain import indicators as ind
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.indicators import StaffBand, Thresholds, UnitBand
from vpub_onestop.domain.timeliness import Timeliness, classify

EARLY, ON_TIME, LATE = Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE
CIRCULAR = Thresholds()


def test_a_step_finished_on_its_due_day_scores_one_not_two() -> None:
    # Due Mon 9/3/2026 09:00, approved the same day at 15:00 (after the due moment, but the
    # Circular compares dates): on time -> 1. The day before -> early, 2. The day after -> 0.
    due = datetime(2026, 3, 9, 9, tzinfo=LOCAL_TZ)
    same_day = classify(datetime(2026, 3, 9, 15, tzinfo=LOCAL_TZ), due)
    assert ind.indicator2([same_day]) == 1
    assert ind.indicator2([classify(datetime(2026, 3, 6, 16, tzinfo=LOCAL_TZ), due)]) == 2
    assert ind.indicator2([classify(datetime(2026, 3, 10, 8, tzinfo=LOCAL_TZ), due)]) == 0


def test_the_local_date_decides_not_the_utc_date() -> None:
    # Finished 06:30 local Tue 10/3 = 23:30 UTC Mon 9/3; due Mon 9/3 (local): late, 0 points,
    # although the UTC date is the due day.
    due = datetime(2026, 3, 9, 9, tzinfo=LOCAL_TZ)
    finished = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    assert ind.indicator1(classify(finished, due)) == 0


def test_indicator_one_gives_two_one_zero() -> None:
    assert [ind.indicator1(t) for t in (EARLY, ON_TIME, LATE)] == [2, 1, 0]


def test_indicator_two_is_the_mean_of_the_dossiers_steps() -> None:
    # Three agencies: early 2, early 2, late 0 -> 4/3 for the dossier (unrounded here; the
    # unit's average over dossiers is what gets rounded).
    assert ind.indicator2([EARLY, EARLY, LATE]) == Decimal(4) / 3
    assert ind.indicator2([]) is None


def test_indicator_three_counts_the_contacts_the_unit_caused() -> None:
    assert [ind.indicator3(n) for n in (0, 1, 2, 5)] == [2, 1, 0, 0]
    # Two supplement rounds, one of them because the applicant changed the request: one
    # contact is the unit's -> 1.
    assert ind.indicator3(2, caused_by_applicant=1) == 1


def test_indicator_four_one_agency_to_deal_with() -> None:
    assert [ind.indicator4(n) for n in (1, 2, 3)] == [2, 1, 0]


def test_indicator_seven_per_dossier_from_timeliness_and_verified_complaints() -> None:
    # A unit of three dossiers, early, on time, late, no complaint: (2 + 1 + 0) / 3 = 1.0.
    points = [ind.indicator7(t, verified_complaint=False) for t in (EARLY, ON_TIME, LATE)]
    assert points == [2, 1, 0]
    assert ind.mean_points(points) == Decimal("1.0")
    # A verified complaint on the early one: (0 + 1 + 0) / 3 = 0.333 -> 0.3.
    points[0] = ind.indicator7(EARLY, verified_complaint=True)
    assert ind.mean_points(points) == Decimal("0.3")


def test_averages_round_to_one_decimal_half_up() -> None:
    assert ind.average(5, 3) == Decimal("1.7")  # 1.666...
    assert ind.average(9, 7) == Decimal("1.3")  # 1.2857
    # 1.25 exactly: half up gives 1.3 where Python's round() gives 1.2 (half to even).
    assert ind.average(5, 4) == Decimal("1.3")
    assert round(1.25, 1) == 1.2
    assert ind.average(Decimal("0.05"), 1) == Decimal("0.1")
    assert ind.average(3, 0) is None


def test_an_sql_float_sum_is_snapped_before_rounding() -> None:
    # A sum of fractions that is 1.25 exactly but arrives from SQL as the float
    # 1.2499999999999998 must still round to 1.3.
    assert ind.average(ind.from_float(1.2499999999999998), 1) == Decimal("1.3")


def test_indicator_eight_feedback_handled_on_time() -> None:
    assert ind.indicator8(10, 10, CIRCULAR) == 2  # 100 %
    assert ind.indicator8(9, 10, CIRCULAR) == 1  # 90 %
    assert ind.indicator8(8, 10, CIRCULAR) == 0  # 80 %
    assert ind.indicator8(89, 100, CIRCULAR) == 0  # 89 %
    assert ind.indicator8(0, 0, CIRCULAR) == 2  # nothing due: nothing handled late


@pytest.mark.parametrize(
    ("procedures", "dossiers", "late", "points"),
    [
        ((20, 100), (30, 100), 0, 2),  # both thresholds exactly met, none late
        ((20, 100), (30, 100), 1, 1),  # one online dossier late: not 2; still >= 15 %
        ((19, 100), (90, 100), 0, 0),  # too few procedures online
        ((20, 100), (29, 100), 0, 1),  # the 15-30 % band
        ((20, 100), (15, 100), 0, 1),  # 15 % exactly
        ((20, 100), (14, 100), 0, 0),  # under 15 %
        ((1, 5), (3, 10), 0, 2),  # 20 % and 30 % as fractions
    ],
)
def test_indicator_nine_at_its_thresholds(
    procedures: tuple[int, int], dossiers: tuple[int, int], late: int, points: int
) -> None:
    assert ind.indicator9(*procedures, *dossiers, late, CIRCULAR) == points


def test_indicator_nine_defaults_are_the_circulars() -> None:
    assert (
        CIRCULAR.online_procedures_percent,
        CIRCULAR.online_dossiers_full_percent,
        CIRCULAR.online_dossiers_one_percent,
    ) == (20, 30, 15)


def test_indicator_five_thresholds_per_level() -> None:
    assert ind.indicator5(20, 100, "province", CIRCULAR) == 2
    assert ind.indicator5(19, 100, "province", CIRCULAR) == 0
    assert ind.indicator5(49, 100, "district", CIRCULAR) == 0
    assert ind.indicator5(99, 100, "commune", CIRCULAR) == 0
    assert ind.indicator5(100, 100, "commune", CIRCULAR) == 2


def test_indicator_six_publicity() -> None:
    assert ind.indicator6(posted=True, electronic=True) == 2
    assert ind.indicator6(posted=True, electronic=False) == 1
    assert ind.indicator6(posted=False, electronic=False) == 0


@pytest.mark.parametrize(
    ("total", "band"),
    [
        ("18", UnitBand.EXCELLENT),
        ("15.0", UnitBand.EXCELLENT),
        ("14.9", UnitBand.GOOD),
        ("12.0", UnitBand.GOOD),
        ("11.9", UnitBand.FAIR),
        ("9.0", UnitBand.FAIR),
        ("8.9", UnitBand.AVERAGE),
        ("6.0", UnitBand.AVERAGE),
        ("5.9", UnitBand.WEAK),
        ("0", UnitBand.WEAK),
    ],
)
def test_unit_bands_at_their_edges(total: str, band: UnitBand) -> None:
    assert ind.unit_band(Decimal(total)) is band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        ("5.0", StaffBand.FULL),
        ("4.9", StaffBand.MOST),
        ("3.5", StaffBand.MOST),
        ("3.4", StaffBand.UNDER),
    ],
)
def test_staff_bands_at_their_edges(total: str, band: StaffBand) -> None:
    assert ind.staff_band(Decimal(total)) is band


def test_decision_766_satisfaction_figure() -> None:
    # 12 dossiers to process, 1 late, 0 complaints: 100 - 8.33 = 91.7 -> full marks.
    assert ind.d766_satisfaction(1, 0, 12) == (Decimal("91.7"), True)
    # 4 late and 1 complaint of 12: 100 - 33.33 - 8.33 = 58.3, not full marks.
    assert ind.d766_satisfaction(4, 1, 12) == (Decimal("58.3"), False)
    # Exactly 90 %: 1 late + 0 complaint of 10 -> full marks.
    assert ind.d766_satisfaction(1, 0, 10) == (Decimal("90.0"), True)
    assert ind.d766_satisfaction(0, 0, 0) is None


def test_an_online_dossier_counts_with_its_electronic_result() -> None:
    assert ind.has_electronic_result(True, paper_result=True, e_result=True)
    assert not ind.has_electronic_result(True, paper_result=True, e_result=False)
    assert ind.has_electronic_result(True, paper_result=False, e_result=False)
    assert not ind.has_electronic_result(False, paper_result=False, e_result=True)
