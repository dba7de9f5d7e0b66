"""Circular 01/2018/TT-VPCP Art. 13-15 and its annex: the nine indicators of 0, 1 or 2
points, the one-decimal averages and the bands, as pure functions (docs/indicators.md).

Readings of the text where it leaves a gap (each one is tested):

* Indicators 1 and 2 compare LOCAL dates (domain.timeliness.classify): a dossier or step
  finished on its due day scores 1, not 2; before it 2; after it 0.
* Indicator 2 scores every step of the dossier's route against its own share, then takes
  the dossier's mean (a dossier with steps early, on time, late scores (2+1+0)/3 = 1).
* Indicator 3 counts the times the applicant had to come back to complete the file; the
  times the applicant caused are not counted against the unit.
* Indicator 4: the applicant deals with the one-stop unit only, so one agency (2 points);
  two agencies 1, more 0.
* Indicator 7 is read from timeliness and VERIFIED complaints, never from the optional
  ratings: early and no verified complaint 2, on time and no verified complaint 1, any
  verified complaint 0. The text gives points to early and on-time work only, so a late
  dossier without complaint scores 0 (the Circular rewards a dossier's handling as a whole,
  and lateness is already a failure of it).
* Indicator 8 with no feedback due in the period: nothing was handled late, 2 points
  (settings: FEEDBACK_NONE_POINTS).
* Indicator 9: 2 when at least 20 % of the eligible procedures are offered online AND at
  least 30 % of the dossiers came online with none of them late; 1 when the procedure share
  holds and the dossier share is at least 15 % (the 15-30 % band, or 30 % with a late one).

Rounding: averages are rounded to ONE decimal, half away from zero on the exact decimal
value (Decimal ROUND_HALF_UP: 1.25 -> 1.3, 5/3 -> 1.7), never Python's round(), which rounds
half to even (round(1.25, 1) == 1.2). Totals add the rounded indicators, as the score sheet
does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from vpub_onestop.domain.timeliness import Timeliness

ONE_DECIMAL = Decimal("0.1")
# Sums of fractions arrive from SQL as floats; snapping to 1e-9 first removes the binary
# error (1.25 stored as 1.2499999999) before the half-up rounding to one decimal.
_SNAP = Decimal("0.000000001")


@dataclass(frozen=True)
class Thresholds:
    """The Circular's figures, kept as settings (config.py INDICATOR_*)."""

    # Indicator 5: share of procedures fully handled at the unit, by level of the unit.
    handled_at_unit_percent: tuple[tuple[str, int], ...] = (
        ("province", 20),
        ("district", 50),
        ("commune", 100),
    )
    feedback_full_percent: int = 100  # indicator 8
    feedback_one_percent: int = 90
    feedback_none_points: int = 2
    online_procedures_percent: int = 20  # indicator 9
    online_dossiers_full_percent: int = 30
    online_dossiers_one_percent: int = 15


def round_one(value: Decimal) -> Decimal:
    """One decimal, half up on the decimal value (see the module docstring)."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def from_float(value: float | int | Decimal) -> Decimal:
    """An SQL sum as an exact-enough Decimal (snapped, not yet rounded)."""
    return Decimal(str(value)).quantize(_SNAP, rounding=ROUND_HALF_UP)


def average(total: Decimal | int, count: int) -> Decimal | None:
    """Points summed over `count` dossiers, as the one-decimal average (None: no dossier)."""
    if count <= 0:
        return None
    return round_one(Decimal(total) / count)


def mean_points(points: Iterable[int | Decimal]) -> Decimal | None:
    values = [Decimal(p) for p in points]
    return average(sum(values, Decimal(0)), len(values))


# --- per dossier ---------------------------------------------------------------------------

_TIMELINESS_POINTS = {Timeliness.EARLY: 2, Timeliness.ON_TIME: 1, Timeliness.LATE: 0}


def timeliness_points(timeliness: Timeliness) -> int:
    """Indicator 1 for a dossier, and the score of one step for indicator 2."""
    return _TIMELINESS_POINTS[timeliness]


def indicator1(timeliness: Timeliness) -> int:
    return timeliness_points(timeliness)


def indicator2(steps: Sequence[Timeliness]) -> Decimal | None:
    """The dossier's mean over its rated steps, unrounded (None: no rated step)."""
    if not steps:
        return None
    return Decimal(sum(timeliness_points(step) for step in steps)) / len(steps)


def indicator3(contacts: int, caused_by_applicant: int = 0) -> int:
    counted = max(contacts - caused_by_applicant, 0)
    return 2 if counted == 0 else 1 if counted == 1 else 0


def indicator4(agencies_contacted: int) -> int:
    return 2 if agencies_contacted <= 1 else 1 if agencies_contacted == 2 else 0


def indicator7(timeliness: Timeliness, verified_complaint: bool) -> int:
    if verified_complaint:
        return 0
    return {Timeliness.EARLY: 2, Timeliness.ON_TIME: 1, Timeliness.LATE: 0}[timeliness]


# --- per unit ------------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal:
    return Decimal(100) * part / whole


def indicator5(handled_at_unit: int, procedures: int, level: str, t: Thresholds) -> int | None:
    """2 when the share of procedures fully handled at the unit reaches the level's
    threshold, else 0 (None: no procedure or unknown level)."""
    floor = dict(t.handled_at_unit_percent).get(level)
    if floor is None or procedures <= 0:
        return None
    return 2 if _share(handled_at_unit, procedures) >= floor else 0


def indicator6(posted: bool, electronic: bool) -> int:
    """Publicity: posted at the unit and published electronically 2, one of the two 1."""
    return int(posted) + int(electronic)


def indicator8(handled_on_time: int, due: int, t: Thresholds) -> int:
    if due <= 0:
        return t.feedback_none_points
    share = _share(handled_on_time, due)
    if share >= t.feedback_full_percent:
        return 2
    return 1 if share >= t.feedback_one_percent else 0


def indicator9(
    online_procedures: int,
    eligible_procedures: int,
    online_dossiers: int,
    dossiers: int,
    online_late: int,
    t: Thresholds,
) -> int | None:
    if eligible_procedures <= 0 or dossiers <= 0:
        return None
    if _share(online_procedures, eligible_procedures) < t.online_procedures_percent:
        return 0
    dossier_share = _share(online_dossiers, dossiers)
    if dossier_share >= t.online_dossiers_full_percent and online_late == 0:
        return 2
    return 1 if dossier_share >= t.online_dossiers_one_percent else 0


# --- bands ---------------------------------------------------------------------------------


class UnitBand(Enum):
    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    WEAK = "weak"


_UNIT_FLOORS = (
    (Decimal(15), UnitBand.EXCELLENT),
    (Decimal(12), UnitBand.GOOD),
    (Decimal(9), UnitBand.FAIR),
    (Decimal(6), UnitBand.AVERAGE),
)


def unit_band(total: Decimal) -> UnitBand:
    """Excellent >= 15, good 12-< 15, fair 9-< 12, average 6-< 9, weak < 6."""
    return next((band for floor, band in _UNIT_FLOORS if total >= floor), UnitBand.WEAK)


class StaffBand(Enum):
    FULL = "full"  # 100 % of duties
    MOST = "most"  # 70 % to under 100 %
    UNDER = "under"  # under 70 %


def staff_band(total: Decimal) -> StaffBand:
    """>= 5 points: duties done in full; 3.5-< 5: 70-< 100 %; < 3.5: under 70 %."""
    if total >= 5:
        return StaffBand.FULL
    return StaffBand.MOST if total >= Decimal("3.5") else StaffBand.UNDER


# --- Decision 766, satisfaction group ------------------------------------------------------


def d766_satisfaction(
    late: int, complaints: int, dossiers: int, full_marks_percent: int = 90
) -> tuple[Decimal, bool] | None:
    """100 % - late-dossier rate - complaint rate (one decimal), and whether it earns full
    marks (>= 90 % by default). None when there is no dossier to rate."""
    if dossiers <= 0:
        return None
    value = round_one(Decimal(100) - _share(late, dossiers) - _share(complaints, dossiers))
    return value, value >= full_marks_percent


def has_electronic_result(channel_online: bool, paper_result: bool, e_result: bool) -> bool:
    """Decision 766: an online dossier counts in the online share, except when its
    procedure returns a paper result and no electronic result is attached."""
    return channel_online and (e_result or not paper_result)
