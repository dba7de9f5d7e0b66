"""Satisfaction (Decree 61 Art. 31): the applicants' ratings by criterion and by receiving
unit, for a period (on the moment of rating). Grouped SQL counts only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from vpub_onestop.domain.satisfaction import CRITERIA, band
from vpub_onestop.models import Dossier, Rating, RatingAnswer
from vpub_onestop.queries.stats_report import agency_names
from vpub_onestop.queries.stats_scope import Period, Scope, percent
from vpub_onestop.queries.stats_tables import TOTAL_LABEL, Column, ReportTable, Row, values_of
from vpub_onestop.reporting_db import reporting_session


@dataclass
class Tally:
    """Answers on the three-level scale of domain.satisfaction.Answer."""

    very: int = 0
    satisfied: int = 0
    unsatisfied: int = 0

    def count(self, score: int, n: int) -> None:
        name = band(score)
        setattr(self, name, getattr(self, name) + n)

    @property
    def answers(self) -> int:
        return self.very + self.satisfied + self.unsatisfied

    @property
    def share(self) -> Decimal | None:
        """Satisfied or very satisfied, of all answers."""
        return percent(self.very + self.satisfied, self.answers)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    tally: Tally
    ratings: int = 0


@dataclass(frozen=True)
class Satisfaction:
    period: Period
    ratings: int
    total: Tally
    criteria: list[Line]
    units: list[Line]


def _rating_filter(scope: Scope, period: Period) -> Any:
    return and_(
        Rating.receiving_unit_id.in_(scope.unit_ids),
        Rating.rated_at >= period.start_at,
        Rating.rated_at < period.end_at,
        scope.dossier_filter(),
    )


def build_satisfaction(scope: Scope, period: Period) -> Satisfaction:
    where = _rating_filter(scope, period)
    answers = (
        select(Rating.receiving_unit_id, RatingAnswer.criterion, RatingAnswer.score, func.count())
        .select_from(RatingAnswer)
        .join(Rating, Rating.id == RatingAnswer.rating_id)
        .join(Dossier, Dossier.id == Rating.dossier_id)
        .where(where)
        .group_by(Rating.receiving_unit_id, RatingAnswer.criterion, RatingAnswer.score)
    )
    by_criterion: dict[str, Tally] = defaultdict(Tally)
    by_unit: dict[int, Tally] = defaultdict(Tally)
    total = Tally()
    for unit_id, criterion, score, n in reporting_session().execute(answers):
        by_criterion[criterion].count(score, n)
        by_unit[unit_id].count(score, n)
        total.count(score, n)
    ratings = dict(
        reporting_session()
        .execute(
            select(Rating.receiving_unit_id, func.count())
            .join(Dossier, Dossier.id == Rating.dossier_id)
            .where(where)
            .group_by(Rating.receiving_unit_id)
        )
        .all()
    )
    names = agency_names(set(by_unit) | set(ratings))
    units = [
        Line(str(uid), names.get(uid, "?"), by_unit[uid], ratings.get(uid, 0))
        for uid in sorted(set(by_unit) | set(ratings), key=lambda uid: names.get(uid, ""))
    ]
    criteria = [Line(key, label, by_criterion[key]) for key, label in CRITERIA]
    return Satisfaction(period, sum(ratings.values()), total, criteria, units)


TALLY_COLUMNS = (
    Column("very", _l("Rất hài lòng")),
    Column("satisfied", _l("Hài lòng")),
    Column("unsatisfied", _l("Không hài lòng")),
    Column("answers", _l("Số câu trả lời")),
    Column("share", _l("Tỷ lệ hài lòng (%)"), kind="percent"),
)


def satisfaction_tables(result: Satisfaction) -> list[ReportTable]:
    criterion = Column("label", _l("Tiêu chí đánh giá"), kind="text", width=56)
    unit = Column("label", _l("Đơn vị"), kind="text", width=44)
    ratings = Column("ratings", _l("Số phiếu đánh giá"))
    return [
        ReportTable(
            key="criteria",
            title=_l("Kết quả theo tiêu chí"),
            sheet=_l("Theo tiêu chí"),
            columns=(criterion, *TALLY_COLUMNS),
            rows=[
                Row(values_of(line.tally, TALLY_COLUMNS, label=line.label))
                for line in result.criteria
            ],
            totals=values_of(result.total, TALLY_COLUMNS, label=TOTAL_LABEL),
        ),
        ReportTable(
            key="units",
            title=_l("Kết quả theo đơn vị tiếp nhận"),
            sheet=_l("Theo đơn vị"),
            columns=(unit, ratings, *TALLY_COLUMNS),
            rows=[
                Row(values_of(line.tally, TALLY_COLUMNS, label=line.label, ratings=line.ratings))
                for line in result.units
            ],
            totals=values_of(
                result.total, TALLY_COLUMNS, label=TOTAL_LABEL, ratings=result.ratings
            ),
        ),
    ]


def satisfaction_charts(result: Satisfaction) -> dict[str, Any]:
    # The criteria keep the domain's Vietnamese; the chart shows them in the page's language.
    short = [str(_l(line.label)).split(",")[0][:48] for line in result.criteria]
    return {
        "criteria": {
            "type": "bar",
            "horizontal": True,
            "stacked": True,
            "colors": ["green", "lightgreen", "red"],
            "labels": short,
            "datasets": [
                {"label": str(_l("Rất hài lòng")), "data": [c.tally.very for c in result.criteria]},
                {
                    "label": str(_l("Hài lòng")),
                    "data": [c.tally.satisfied for c in result.criteria],
                },
                {
                    "label": str(_l("Không hài lòng")),
                    "data": [c.tally.unsatisfied for c in result.criteria],
                },
            ],
        }
    }
