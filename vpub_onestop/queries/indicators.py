"""Circular 01/2018 scoring: nine indicators of 0, 1 or 2 points, per receiving unit and per
officer, over the dossiers processed in a period (docs/domain.md#circular-01-scoring).

Computed from our data (per-dossier points, averaged over the dossiers):
  1. total time vs the limit: early 2, on time 1, late 0 (Dossier.timeliness);
  2. each agency's time vs its share: 2 when no step of the dossier was late, else 0 (for an
     officer: the officer's own steps on the dossier);
  3. contacts needed to complete the file: no supplement request 2, one 1, more 0;
  4. agencies contacted: 2, since the applicant deals with the one-stop unit only;
  7. staff attitude: the "attitude" answer of the applicant's rating (3 -> 2, 2 -> 1, 1 -> 0);
  9. online services (units only): share of the period's dossiers received online; at least
     INDICATOR9_FULL_PERCENT % -> 2, at least INDICATOR9_ONE_PERCENT % -> 1 (settings).
Entered by a manager ("nhập thủ công", ManualIndicator rows): 5 (handled at the unit),
6 (publicity), 8 (feedback handled on time). A missing figure scores 0 and is shown missing.
Units: excellent >= 15, good 12-15, fair 9-12, average 6-9, weak < 6. Officers: the five
per-dossier indicators (max 10); 5 points or more means duties completed in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, case, exists, func, literal, select, union_all
from sqlalchemy.orm import aliased

from vpub_onestop.extensions import db
from vpub_onestop.models import (
    Agency,
    Dossier,
    DossierEvent,
    ManualIndicator,
    Rating,
    RatingAnswer,
    StepTask,
    User,
)
from vpub_onestop.queries.stats import count_if, processed_between, received_between
from vpub_onestop.queries.stats_scope import Period, Scope

MANUAL = ("c5", "c6", "c8")
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
CLASSES: tuple[tuple[Decimal, Any], ...] = (
    (Decimal(15), _l("Xuất sắc")),
    (Decimal(12), _l("Tốt")),
    (Decimal(9), _l("Khá")),
    (Decimal(6), _l("Trung bình")),
    (Decimal(0), _l("Yếu")),
)
OFFICER_PASS = Decimal(5)
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Score:
    points: Decimal | None  # None: no data, counts 0 in the total
    source: str  # computed | manual | missing
    basis: int = 0  # dossiers or answers behind a computed figure


@dataclass
class Scorecard:
    key: int
    label: str
    scores: dict[str, Score] = field(default_factory=dict)
    detail: str = ""  # officers: role and agency
    dossiers: int = 0

    @property
    def total(self) -> Decimal:
        return sum((s.points or Decimal(0) for s in self.scores.values()), Decimal(0))

    @property
    def classification(self) -> Any:
        return next(label for floor, label in CLASSES if self.total >= floor)

    @property
    def completes_duties(self) -> bool:
        return self.total >= OFFICER_PASS


def _computed(points: int, count: int) -> Score:
    if not count:
        return Score(None, "missing")
    average = (Decimal(points) / count).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    return Score(average, "computed", count)


# --- per-dossier points as SQL expressions -----------------------------------------------


def c1_points(d: Any = Dossier) -> Any:
    return case((d.timeliness == "early", 2), (d.timeliness == "on_time", 1), else_=0)


def c3_points(d: Any = Dossier) -> Any:
    return case((d.supplement_requests == 0, 2), (d.supplement_requests == 1, 1), else_=0)


def late_step_exists() -> ColumnElement[bool]:
    late = aliased(StepTask)
    return exists().where(late.dossier_id == Dossier.id, late.timeliness == "late")


def attitude_points() -> Any:
    return case((RatingAnswer.score >= 3, 2), (RatingAnswer.score == 2, 1), else_=0)


def _sum(expression: Any) -> Any:
    return func.coalesce(func.sum(expression), 0)


def c9_points(online: int, received: int) -> Score:
    if not received:
        return Score(None, "missing")
    share = Decimal(100) * online / received
    cfg = current_app.config
    if share >= Decimal(cfg.get("INDICATOR9_FULL_PERCENT", 50)):
        points = 2
    elif share >= Decimal(cfg.get("INDICATOR9_ONE_PERCENT", 20)):
        points = 1
    else:
        points = 0
    return Score(Decimal(points), "computed", received)


# --- units -------------------------------------------------------------------------------


def manual_entries(unit_ids: list[int], period: Period) -> dict[tuple[int, str], ManualIndicator]:
    rows = db.session.scalars(
        select(ManualIndicator).where(
            ManualIndicator.unit_id.in_(unit_ids),
            ManualIndicator.user_id.is_(None),
            ManualIndicator.period_start == period.start,
            ManualIndicator.period_end == period.end,
        )
    )
    return {(row.unit_id, row.indicator): row for row in rows}


def unit_scorecards(scope: Scope, period: Period) -> list[Scorecard]:
    session = db.session
    unit = Dossier.receiving_unit_id
    where = and_(scope.dossier_filter(), processed_between(period.start_at, period.end_at))
    processed = {
        u: (n, int(a), int(b), int(c))
        for u, n, a, b, c in session.execute(
            select(
                unit,
                func.count(),
                _sum(c1_points()),
                _sum(case((late_step_exists(), 0), else_=2)),
                _sum(c3_points()),
            )
            .where(where)
            .group_by(unit)
        )
    }
    attitude = {
        u: (n, int(points))
        for u, n, points in session.execute(
            select(unit, func.count(), _sum(attitude_points()))
            .join(Rating, Rating.dossier_id == Dossier.id)
            .join(RatingAnswer, RatingAnswer.rating_id == Rating.id)
            .where(where, RatingAnswer.criterion == "attitude")
            .group_by(unit)
        )
    }
    online = {
        u: (n, int(on))
        for u, n, on in session.execute(
            select(unit, func.count(), count_if(Dossier.channel == "online"))
            .where(scope.dossier_filter(), received_between(period.start_at, period.end_at))
            .group_by(unit)
        )
    }
    units = session.execute(
        select(Agency.id, Agency.name)
        .where(Agency.id.in_(scope.unit_ids), Agency.is_one_stop_unit.is_(True))
        .order_by(Agency.name)
    ).all()
    manual = manual_entries([u for u, _ in units], period)
    cards = []
    for unit_id, name in units:
        n, c1, c2, c3 = processed.get(unit_id, (0, 0, 0, 0))
        card = Scorecard(unit_id, name, dossiers=n)
        card.scores = {
            "c1": _computed(c1, n),
            "c2": _computed(c2, n),
            "c3": _computed(c3, n),
            "c4": _computed(2 * n, n),
            "c7": _computed(attitude.get(unit_id, (0, 0))[1], attitude.get(unit_id, (0, 0))[0]),
            "c9": c9_points(online.get(unit_id, (0, 0))[1], online.get(unit_id, (0, 0))[0]),
        }
        for key in MANUAL:
            entry = manual.get((unit_id, key))
            card.scores[key] = (
                Score(Decimal(entry.points), "manual", 1) if entry else Score(None, "missing")
            )
        cards.append(card)
    return cards


# --- officers ----------------------------------------------------------------------------


def officer_scorecards(scope: Scope, period: Period) -> list[Scorecard]:
    """Each officer over the dossiers processed in the period that the officer received at
    the counter or worked a step of (indicator 2 then rates the officer's own steps)."""
    session = db.session
    where = and_(scope.dossier_filter(), processed_between(period.start_at, period.end_at))
    by_steps = (
        select(
            StepTask.assignee_id.label("user_id"),
            Dossier.id.label("dossier_id"),
            func.max(case((StepTask.timeliness == "late", 1), else_=0)).label("own_late"),
        )
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .where(where, StepTask.assignee_id.is_not(None))
        .group_by(StepTask.assignee_id, Dossier.id)
    )
    at_desk = (
        select(DossierEvent.actor_id, Dossier.id, literal(0))
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(
            where,
            DossierEvent.trigger.in_(("receive", "receive_at_counter")),
            DossierEvent.actor_id.is_not(None),
        )
    )
    pairs = union_all(by_steps, at_desk).subquery()
    d = aliased(Dossier)
    totals = session.execute(
        select(
            pairs.c.user_id,
            func.count(),
            _sum(c1_points(d)),
            _sum(case((pairs.c.own_late == 1, 0), else_=2)),
            _sum(c3_points(d)),
        )
        .join(d, d.id == pairs.c.dossier_id)
        .group_by(pairs.c.user_id)
    ).all()
    attitude = {
        user_id: (n, int(points))
        for user_id, n, points in session.execute(
            select(pairs.c.user_id, func.count(), _sum(attitude_points()))
            .join(Rating, Rating.dossier_id == pairs.c.dossier_id)
            .join(RatingAnswer, RatingAnswer.rating_id == Rating.id)
            .where(RatingAnswer.criterion == "attitude")
            .group_by(pairs.c.user_id)
        )
    }
    people = {
        uid: (name, role, agency or "")
        for uid, name, role, agency in session.execute(
            select(User.id, User.full_name, User.role, Agency.name)
            .outerjoin(Agency, Agency.id == User.agency_id)
            .where(User.id.in_([row[0] for row in totals]))
        )
    }
    cards = []
    for user_id, n, c1, c2, c3 in totals:
        name, role, agency = people.get(user_id, ("?", "", ""))
        rated, points = attitude.get(user_id, (0, 0))
        card = Scorecard(user_id, name, detail=agency, dossiers=n)
        card.scores = {
            "c1": _computed(int(c1), n),
            "c2": _computed(int(c2), n),
            "c3": _computed(int(c3), n),
            "c4": _computed(2 * n, n),
            "c7": _computed(points, rated),
        }
        cards.append(card)
    cards.sort(key=lambda card: (card.detail, card.label))
    return cards
