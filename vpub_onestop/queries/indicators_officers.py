"""Circular 01 scoring of officers (Art. 14): the per-dossier indicators 1, 2, 3, 4 and 7
over the dossiers processed in the period that the officer received at the counter or
worked a step of; the staff band follows from the total (domain.indicators.staff_band)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from vpub_onestop.models import Agency, Dossier, DossierEvent, StepTask, User
from vpub_onestop.queries import indicators_summary as summary
from vpub_onestop.queries.complaints import with_verified_complaint
from vpub_onestop.queries.indicators import (
    Scorecard,
    averaged,
    c1_points,
    c3_points,
    c7_points,
    step_mean,
    step_points,
    sum_of,
    timeliness_points,
)
from vpub_onestop.queries.stats import processed_between
from vpub_onestop.queries.stats_scope import Period, Scope
from vpub_onestop.reporting_db import reporting_session


def _pairs(scope: Scope, period: Period, *more: Any) -> Any:
    """(officer, dossier, own step points, own steps): once per officer and dossier (of the
    dossiers matching `more` too)."""
    where = and_(scope.dossier_filter(), processed_between(period.start_at, period.end_at), *more)
    own_steps = (
        select(
            StepTask.assignee_id.label("user_id"),
            StepTask.dossier_id.label("dossier_id"),
            timeliness_points(StepTask.timeliness).label("points"),
            literal(1).label("steps"),
        )
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .where(where, StepTask.assignee_id.is_not(None), StepTask.timeliness.is_not(None))
    )
    at_desk = (
        select(DossierEvent.actor_id, Dossier.id, null(), literal(0))
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(
            where,
            DossierEvent.trigger.in_(("receive", "receive_at_counter")),
            DossierEvent.actor_id.is_not(None),
        )
        .group_by(DossierEvent.actor_id, Dossier.id)
    )
    rows = union_all(own_steps, at_desk).subquery()
    return (
        select(
            rows.c.user_id,
            rows.c.dossier_id,
            func.sum(rows.c.points).label("points"),
            func.sum(rows.c.steps).label("steps"),
        )
        .group_by(rows.c.user_id, rows.c.dossier_id)
        .subquery()
    )


def recount_officer_scores(scope: Scope, period: Period) -> dict[int, Any]:
    """Per officer (dossiers, c1, c2 sum, dossiers rated on indicator 2, c3, c7), scored
    from the rows: a scope the summary has no dimension for, and the summary's recount."""
    pairs = _pairs(scope, period)
    route = step_points(
        and_(scope.dossier_filter(), processed_between(period.start_at, period.end_at))
    )
    d = aliased(Dossier)
    # Indicator 2: the officer's own steps on the dossier; without one, the whole route.
    c2 = func.coalesce(
        step_mean(pairs.c.points, pairs.c.steps), step_mean(route.c.points, route.c.steps)
    )
    rows = reporting_session().execute(
        select(
            pairs.c.user_id,
            func.count(),
            sum_of(c1_points(d)),
            sum_of(c2),
            func.count(c2),
            sum_of(c3_points(d)),
            sum_of(c7_points(d)),
        )
        .join(d, d.id == pairs.c.dossier_id)
        .outerjoin(route, route.c.dossier_id == pairs.c.dossier_id)
        .group_by(pairs.c.user_id)
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def _verified_pairs(scope: Scope, period: Period) -> Any:
    """(officer, dossier timeliness) for the dossiers with a verified complaint."""
    pairs = _pairs(scope, period, with_verified_complaint())
    return select(pairs.c.user_id, Dossier.timeliness).join(
        Dossier, Dossier.id == pairs.c.dossier_id
    )


def officer_scorecards(scope: Scope, period: Period) -> list[Scorecard]:
    session = reporting_session()
    scores = (
        summary.officer_scores(scope, period, _verified_pairs(scope, period))
        if summary.uses_summary(scope)
        else recount_officer_scores(scope, period)
    )
    totals = [(user_id, *figures) for user_id, figures in scores.items() if figures[0]]
    people = {
        uid: (name, agency or "")
        for uid, name, agency in session.execute(
            select(User.id, User.full_name, Agency.name)
            .outerjoin(Agency, Agency.id == User.agency_id)
            .where(User.id.in_([row[0] for row in totals]))
        )
    }
    cards = []
    for user_id, n, c1, c2_sum, with_steps, c3, c7 in totals:
        name, agency = people.get(user_id, ("?", ""))
        card = Scorecard(user_id, name, detail=agency, dossiers=n)
        card.scores = {
            "c1": averaged(c1, n),
            "c2": averaged(c2_sum, with_steps),
            "c3": averaged(c3, n),
            "c4": averaged(2 * n, n),
            "c7": averaged(c7, n),
        }
        cards.append(card)
    cards.sort(key=lambda card: (card.detail, card.label))
    return cards
