"""The indicators read from their daily summary (docs/indicators.md#stored-scores): a
period's per-dossier scores are sums over its days (models.summary_indicators), so the page
costs what the summary holds for the units and procedures asked, not the dossiers processed.

Only indicator 7 needs the present: a complaint verified as founded takes the dossier's
points whenever it comes, so the few processed dossiers with one are read from the rows and
their points taken off (domain.indicators.indicator7).

A scope with a "received in" filter has no summary dimension: the callers score it from the
rows (queries.indicators, queries.indicators_officers), which is also the recount the
summary is tested against.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from vpub_onestop.domain import indicators as rules
from vpub_onestop.domain.indicator_flows import OFFICER_MEASURES
from vpub_onestop.domain.satisfaction import BANDS
from vpub_onestop.domain.timeliness import Timeliness
from vpub_onestop.models import (
    DailyDossierSummary,
    DailyIndicatorSummary,
    DailyOfficerSummary,
    DailyRatingSummary,
    Dossier,
    Procedure,
)
from vpub_onestop.queries.complaints import with_verified_complaint
from vpub_onestop.queries.stats import processed_between
from vpub_onestop.queries.stats_scope import Period, Scope
from vpub_onestop.queries.stats_summary import summary_dims
from vpub_onestop.reporting_db import reporting_session

UNIT, OFFICER = DailyIndicatorSummary, DailyOfficerSummary
SECONDS_PER_DAY = 86400.0
# (processed, c1, c2 sum, dossiers with a rated step, c3, c7): queries.indicators' order.
Scores = tuple[int, int, float, int, int, int]


def uses_summary(scope: Scope) -> bool:
    return scope.received_from is None


def _where(table: Any, scope: Scope, period: Period) -> Any:
    return and_(summary_dims(table, scope), table.day.between(period.start, period.end))


def _score_columns(table: Any) -> list[Any]:
    return [func.coalesce(func.sum(getattr(table, m)), 0) for m in OFFICER_MEASURES]


def _scores(row: Any) -> Scores:
    n, c1, c2, c2n, c3, c7 = row
    return (int(n), int(c1), float(c2), int(c2n), int(c3), int(c7))


def _complaint_cost(timeliness: Any) -> int:
    """What a verified complaint takes off a dossier's indicator 7."""
    rating = Timeliness(timeliness)
    return rules.indicator7(rating, verified_complaint=False) - rules.indicator7(
        rating, verified_complaint=True
    )


def _verified(scope: Scope, period: Period) -> Any:
    """The processed dossiers of the period in scope with a verified complaint (few)."""
    return and_(
        scope.dossier_filter(),
        processed_between(period.start_at, period.end_at),
        with_verified_complaint(),
    )


def _summed(table: Any, key: Any, scope: Scope, period: Period, verified: Any) -> dict[int, Scores]:
    """The scores per `key` over the period's days, less what the verified complaints take
    (`verified` lists (key, dossier timeliness) for their dossiers)."""
    session = reporting_session()
    found: dict[int, Scores] = {
        row[0]: _scores(row[1:])
        for row in session.execute(
            select(key, *_score_columns(table)).where(_where(table, scope, period)).group_by(key)
        )
    }
    for owner, timeliness in session.execute(verified):
        n, c1, c2, c2n, c3, c7 = found[owner]
        found[owner] = (n, c1, c2, c2n, c3, c7 - _complaint_cost(timeliness))
    return found


def unit_scores(scope: Scope, period: Period) -> dict[int, Scores]:
    verified = select(Dossier.receiving_unit_id, Dossier.timeliness).where(_verified(scope, period))
    return _summed(UNIT, UNIT.unit_id, scope, period, verified)


def officer_scores(scope: Scope, period: Period, verified_pairs: Any) -> dict[int, Scores]:
    """Per officer; `verified_pairs` (queries.indicators_officers) lists (officer, dossier
    timeliness) for the dossiers with a verified complaint."""
    return _summed(OFFICER, OFFICER.user_id, scope, period, verified_pairs)


def procedure_days(scope: Scope, period: Period) -> list[tuple[str, str, int, float]]:
    """(code, name, processed, days from receipt to result net of supplement waits) per
    procedure version."""
    rows = reporting_session().execute(
        select(
            Procedure.code,
            Procedure.name,
            func.sum(UNIT.processed),
            func.sum(UNIT.net_seconds),
        )
        .join(Procedure, Procedure.id == UNIT.procedure_id)
        .where(_where(UNIT, scope, period))
        .group_by(Procedure.code, Procedure.name)
        .having(func.sum(UNIT.processed) > 0)
    )
    return [(code, name, int(n), float(s or 0) / SECONDS_PER_DAY) for code, name, n, s in rows]


def results_released(scope: Scope, period: Period) -> tuple[int, int, int]:
    """(processed with an electronic result, online processed, online with one)."""
    online = UNIT.channel == "online"
    e, online_n, online_e = (
        reporting_session()
        .execute(
            select(
                func.coalesce(func.sum(UNIT.e_result), 0),
                func.coalesce(func.sum(UNIT.processed).filter(online), 0),
                func.coalesce(func.sum(UNIT.e_result).filter(online), 0),
            ).where(_where(UNIT, scope, period))
        )
        .one()
    )
    return int(e), int(online_n), int(online_e)


def online_received(scope: Scope, period: Period) -> dict[int, tuple[int, int, int]]:
    """Indicator 9 per unit, from the daily summary (models.summary): (received, received
    online, online processed late)."""
    D = DailyDossierSummary
    online = D.channel == "online"
    rows = reporting_session().execute(
        select(
            D.unit_id,
            func.coalesce(func.sum(D.received), 0),
            func.coalesce(func.sum(D.received).filter(online), 0),
            func.coalesce(func.sum(D.late).filter(online), 0),
        )
        .where(_where(D, scope, period))
        .group_by(D.unit_id)
    )
    return {unit: (int(r), int(o), int(late)) for unit, r, o, late in rows}


def digitised(scope: Scope, period: Period) -> int:
    """Dossiers received in the period with a component file (Decision 766 group 4),
    counted on their day of receipt (docs/indicators.md#stored-facts)."""
    D = DailyDossierSummary
    found = reporting_session().scalar(
        select(func.coalesce(func.sum(D.digitised), 0)).where(_where(D, scope, period))
    )
    return int(found or 0)


def rating_tally(scope: Scope, period: Period) -> tuple[int, ...]:
    """The period's answers in domain.satisfaction's tallies (very, satisfied, not), on
    the day of rating (docs/indicators.md#stored-facts)."""
    R = DailyRatingSummary
    row = (
        reporting_session()
        .execute(
            select(*(func.coalesce(func.sum(getattr(R, b)), 0) for b in BANDS)).where(
                _where(R, scope, period)
            )
        )
        .one()
    )
    return tuple(int(n) for n in row)
