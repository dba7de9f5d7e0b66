"""Circular 01/2018 scoring, read from our data: per receiving unit and per officer, over
the dossiers processed in a period. The points themselves are the pure rules of
domain.indicators (docs/indicators.md); this module only counts them in SQL.

Per dossier, averaged over the dossiers and rounded to one decimal (half up):
  1. total time vs the limit by local date: early 2, on time 1, late 0 (Dossier.timeliness);
  2. each step against its own share, 2 / 1 / 0, the dossier's mean over its rated steps
     (an officer: the officer's own steps; a counter officer without a step on the
     dossier: the dossier's whole route);
  3. contacts to complete the file: no supplement request 2, one 1, more 0;
  4. agencies contacted: one (the one-stop unit) -> 2;
  7. early and no verified complaint 2, on time and none 1, late or a verified one 0.
Per unit: 8 from the complaint record (handled on time), 9 from the catalogue and the
dossiers received online. Entered by a manager ("nhập thủ công"): 5 and 6.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, case, func, null, select

from vpub_onestop.access.policies import policies_on
from vpub_onestop.domain import indicators as rules
from vpub_onestop.domain.indicators import StaffBand, Thresholds, UnitBand
from vpub_onestop.domain.policies import POLICIES
from vpub_onestop.domain.timeliness import Timeliness
from vpub_onestop.models import Agency, Dossier, ManualIndicator, Procedure, StepTask
from vpub_onestop.queries import indicators_summary as summary
from vpub_onestop.queries.complaints import feedback_counts, verified_complaint_on
from vpub_onestop.queries.stats import count_if, processed_between, received_between
from vpub_onestop.queries.stats_scope import Period, Scope
from vpub_onestop.reporting_db import reporting_session

MANUAL = ("c5", "c6")
OFFICER_INDICATORS = ("c1", "c2", "c3", "c4", "c7")
INDICATORS: dict[str, Any] = {
    "c1": _l("1. Tổng thời gian giải quyết so với thời hạn"),
    "c2": _l("2. Thời gian của từng cơ quan so với thời hạn của bước"),
    "c3": _l("3. Số lần phải liên hệ để hoàn thiện hồ sơ"),
    "c4": _l("4. Số cơ quan phải liên hệ"),
    "c5": _l("5. Giải quyết tại Bộ phận Một cửa"),
    "c6": _l("6. Công khai thủ tục hành chính"),
    "c7": _l("7. Thái độ của cán bộ, công chức"),
    "c8": _l("8. Xử lý phản ánh, kiến nghị đúng hạn"),
    "c9": _l("9. Cung cấp dịch vụ công trực tuyến"),
}
UNIT_BAND_LABELS: dict[UnitBand, Any] = {
    UnitBand.EXCELLENT: _l("Xuất sắc"),
    UnitBand.GOOD: _l("Tốt"),
    UnitBand.FAIR: _l("Khá"),
    UnitBand.AVERAGE: _l("Trung bình"),
    UnitBand.WEAK: _l("Yếu"),
}
STAFF_BAND_LABELS: dict[StaffBand, Any] = {
    StaffBand.FULL: _l("Hoàn thành 100 % nhiệm vụ"),
    StaffBand.MOST: _l("Hoàn thành từ 70 % đến dưới 100 %"),
    StaffBand.UNDER: _l("Hoàn thành dưới 70 %"),
}
ONLINE_LEVELS = ("full", "partial")  # the catalogue's online services (eligible = current)


def thresholds(on: date) -> Thresholds:
    """The Circular's figures in force on the local day `on`: a report passes its period's
    last day, so a period is graded by the figures in force at its end and a change
    effective later never regrades it (docs/policies.md#effective-dates)."""
    values = policies_on(on)
    cfg = {spec.config_key: values[spec.key] for spec in POLICIES}
    cfg["INDICATOR8_NONE_POINTS"] = current_app.config["INDICATOR8_NONE_POINTS"]
    return Thresholds(
        handled_at_unit_percent=(
            ("province", cfg["INDICATOR5_PROVINCE_PERCENT"]),
            ("district", cfg["INDICATOR5_DISTRICT_PERCENT"]),
            ("commune", cfg["INDICATOR5_COMMUNE_PERCENT"]),
        ),
        feedback_full_percent=cfg["INDICATOR8_FULL_PERCENT"],
        feedback_one_percent=cfg["INDICATOR8_ONE_PERCENT"],
        feedback_none_points=cfg["INDICATOR8_NONE_POINTS"],
        online_procedures_percent=cfg["INDICATOR9_PROCEDURES_PERCENT"],
        online_dossiers_full_percent=cfg["INDICATOR9_FULL_PERCENT"],
        online_dossiers_one_percent=cfg["INDICATOR9_ONE_PERCENT"],
    )


@dataclass(frozen=True)
class Score:
    points: Decimal | None  # None: no data, counts 0 in the total
    source: str  # computed | manual | missing
    basis: int = 0  # dossiers (or complaints) behind a computed figure


@dataclass
class Scorecard:
    key: int
    label: str
    scores: dict[str, Score] = field(default_factory=dict)
    detail: str = ""  # officers: agency
    dossiers: int = 0

    @property
    def total(self) -> Decimal:
        return sum((s.points or Decimal(0) for s in self.scores.values()), Decimal(0))

    @property
    def classification(self) -> Any:
        return UNIT_BAND_LABELS[rules.unit_band(self.total)]

    @property
    def staff_band(self) -> Any:
        return STAFF_BAND_LABELS[rules.staff_band(self.total)]

    @property
    def completes_duties(self) -> bool:
        return rules.staff_band(self.total) is StaffBand.FULL


def averaged(points: Any, count: int) -> Score:
    mean = rules.average(rules.from_float(points or 0), count)
    return Score(mean, "computed", count) if mean is not None else Score(None, "missing")


def _fixed(points: int | None, basis: int) -> Score:
    return (
        Score(Decimal(points), "computed", basis) if points is not None else Score(None, "missing")
    )


# --- per-dossier points as SQL expressions (the values of domain.indicators) ---------------


def timeliness_points(column: Any) -> Any:
    points = [(column == t.value, rules.timeliness_points(t)) for t in Timeliness]
    return case(*points, else_=0)


def c1_points(d: Any = Dossier) -> Any:
    return timeliness_points(d.timeliness)


def c3_points(d: Any = Dossier) -> Any:
    """Supplement requests are the contacts; our data does not say which ones the applicant
    caused, so all count (domain.indicators.indicator3 with caused_by_applicant=0)."""
    n = d.supplement_requests
    return case(
        (n == 0, rules.indicator3(0)), (n == 1, rules.indicator3(1)), else_=rules.indicator3(2)
    )


def c7_points(d: Any = Dossier) -> Any:
    verified = rules.indicator7(Timeliness.EARLY, verified_complaint=True)
    return case((verified_complaint_on(d.id), verified), else_=timeliness_points(d.timeliness))


def step_points(dossiers: ColumnElement[bool]) -> Any:
    """Indicator 2: the rated steps of the dossiers matching `dossiers`, per dossier (sum of
    points, number of steps)."""
    return (
        select(
            StepTask.dossier_id.label("dossier_id"),
            func.sum(timeliness_points(StepTask.timeliness)).label("points"),
            func.count().label("steps"),
        )
        .where(
            StepTask.timeliness.is_not(None),
            StepTask.dossier_id.in_(select(Dossier.id).where(dossiers)),
        )
        .group_by(StepTask.dossier_id)
        .subquery()
    )


def sum_of(expression: Any) -> Any:
    return func.coalesce(func.sum(expression), 0)


def step_mean(points: Any, steps: Any) -> Any:
    """A dossier's indicator 2 (points / steps) as a real number; NULL without steps."""
    return case((steps > 0, points * 1.0 / steps), else_=null())


# --- units ---------------------------------------------------------------------------------


def manual_entries(unit_ids: list[int], period: Period) -> dict[tuple[int, str], ManualIndicator]:
    rows = reporting_session().scalars(
        select(ManualIndicator).where(
            ManualIndicator.unit_id.in_(unit_ids),
            ManualIndicator.user_id.is_(None),
            ManualIndicator.period_start == period.start,
            ManualIndicator.period_end == period.end,
        )
    )
    return {(row.unit_id, row.indicator): row for row in rows}


@dataclass(frozen=True)
class OnlineFigures:
    """Indicator 9's inputs for one unit."""

    received: int = 0
    online: int = 0
    online_late: int = 0  # online dossiers processed late in the period


def online_procedures(scope: Scope) -> tuple[int, int]:
    """(procedures offered online, eligible procedures): the current catalogue in scope."""
    stmt = select(count_if(Procedure.online_level.in_(ONLINE_LEVELS)), func.count()).where(
        Procedure.is_current.is_(True)
    )
    if scope.procedure_ids is not None:
        stmt = stmt.where(Procedure.id.in_(scope.procedure_ids))
    online, eligible = reporting_session().execute(stmt).one()
    return int(online), int(eligible)


def online_figures(scope: Scope, period: Period) -> dict[int, OnlineFigures]:
    found = (
        summary.online_received(scope, period)
        if summary.uses_summary(scope)
        else recount_online(scope, period)
    )
    return {unit: OnlineFigures(*figures) for unit, figures in found.items()}


def recount_online(scope: Scope, period: Period) -> dict[int, tuple[int, int, int]]:
    """Per unit (received, received online, online processed late), from the rows."""
    start, end = period.start_at, period.end_at
    is_online = Dossier.channel == "online"
    rows = reporting_session().execute(
        select(
            Dossier.receiving_unit_id,
            count_if(received_between(start, end)),
            count_if(and_(received_between(start, end), is_online)),
            count_if(
                and_(
                    processed_between(start, end),
                    is_online,
                    Dossier.timeliness == Timeliness.LATE.value,
                )
            ),
        )
        .where(scope.dossier_filter())
        .group_by(Dossier.receiving_unit_id)
    )
    return {u: (int(r), int(o), int(late)) for u, r, o, late in rows}


def recount_unit_scores(scope: Scope, period: Period) -> dict[int, Any]:
    """Per unit (processed, c1, c2 sum, dossiers with rated steps, c3, c7), scored from the
    rows: a scope the summary has no dimension for, and the summary's recount."""
    unit = Dossier.receiving_unit_id
    where = and_(scope.dossier_filter(), processed_between(period.start_at, period.end_at))
    steps = step_points(where)
    return {
        row[0]: tuple(row[1:])
        for row in reporting_session().execute(
            select(
                unit,
                func.count(),
                sum_of(c1_points()),
                sum_of(step_mean(steps.c.points, steps.c.steps)),
                func.count(steps.c.dossier_id),
                sum_of(c3_points()),
                sum_of(c7_points()),
            )
            .outerjoin(steps, steps.c.dossier_id == Dossier.id)
            .where(where)
            .group_by(unit)
        )
    }


def unit_scorecards(scope: Scope, period: Period, today: date) -> list[Scorecard]:
    session = reporting_session()
    processed = (
        summary.unit_scores(scope, period)
        if summary.uses_summary(scope)
        else recount_unit_scores(scope, period)
    )
    units = session.execute(
        select(Agency.id, Agency.name)
        .where(Agency.id.in_(scope.unit_ids), Agency.is_one_stop_unit.is_(True))
        .order_by(Agency.name)
    ).all()
    unit_ids = [u for u, _ in units]
    manual = manual_entries(unit_ids, period)
    feedback = feedback_counts(unit_ids, period, today)
    online = online_figures(scope, period)
    procedures_online, procedures = online_procedures(scope)
    limits = thresholds(period.end)
    cards = []
    for unit_id, name in units:
        n, c1, c2, with_steps, c3, c7 = processed.get(unit_id, (0, 0, 0, 0, 0, 0))
        fb = feedback.get(unit_id)
        on = online.get(unit_id, OnlineFigures())
        card = Scorecard(unit_id, name, dossiers=n)
        card.scores = {
            "c1": averaged(c1, n),
            "c2": averaged(c2, with_steps),
            "c3": averaged(c3, n),
            "c4": averaged(2 * n, n),
            "c7": averaged(c7, n),
            "c8": _fixed(
                rules.indicator8(fb.on_time if fb else 0, fb.due if fb else 0, limits),
                fb.due if fb else 0,
            ),
            "c9": _fixed(
                rules.indicator9(
                    procedures_online, procedures, on.online, on.received, on.online_late, limits
                ),
                on.received,
            ),
        }
        for key in MANUAL:
            entry = manual.get((unit_id, key))
            card.scores[key] = (
                Score(Decimal(entry.points), "manual", 1) if entry else Score(None, "missing")
            )
        cards.append(card)
    return cards
