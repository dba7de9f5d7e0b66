"""Recomputing the daily summary (docs/architecture.md#reporting-read-model) from the
rows it summarises: the dossiers, their steps, clock pauses and ratings (and each
dossier's "has a component file" fact, first set again from its files), read in id order a
chunk at a time and passed through the same rule as the transition path
(domain.daily_flows via services.summary.flows_of), so a rebuilt summary and a kept one
can only differ if the keeping missed a change.

Writers wait while it runs (PostgreSQL: the summary tables are locked against writes for
the rebuild's transaction; SQLite: the write transaction is exclusive), so no transition's
difference is lost or counted twice; reports keep reading the previous rows meanwhile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import and_, delete, exists, false, select, text, true, update
from sqlalchemy.orm import Session

from vpub_onestop.domain.counting import Pause
from vpub_onestop.domain.daily_flows import DossierFacts, StepFacts
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import (
    ClockPause,
    DailyDossierSummary,
    DailyIndicatorSummary,
    DailyOfficerSummary,
    DailyRatingSummary,
    DailyStepSummary,
    Dossier,
    DossierFile,
    StepTask,
)
from vpub_onestop.services import summary_months
from vpub_onestop.services.summary import Flows, flows_of, plain_insert
from vpub_onestop.services.summary_indicators import indicator_keys, ratings_of, scoring_facts
from vpub_onestop.services.summary_months import month_of
from vpub_onestop.services.uow import unit_of_work

CHUNK = 5000
SUMMARY_TABLES = (
    DailyDossierSummary,
    DailyStepSummary,
    DailyIndicatorSummary,
    DailyOfficerSummary,
    DailyRatingSummary,
)


@dataclass(frozen=True)
class Rebuilt:
    dossiers: int
    dossier_rows: int
    step_rows: int
    months: int = 0  # closed months recomputed (services.summary_months)


def rebuild_summary(start: date | None = None, end: date | None = None) -> Rebuilt:
    """Replace the summary rows of the days [start, end] (every day when not given)."""
    with unit_of_work(send_outbox=False) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                text(
                    "LOCK TABLE daily_dossier_summary, daily_step_summary, "
                    "daily_indicator_summary, daily_officer_summary, daily_rating_summary "
                    "IN EXCLUSIVE MODE"
                )
            )
        refresh_component_files(session)
        flows: Flows = Counter()
        seen = 0
        for facts in dossier_facts(session):
            seen += 1
            for key, n in flows_of(facts).items():
                if _within(key[1], start, end):
                    flows[key] += n
        for model in SUMMARY_TABLES:
            session.execute(delete(model).where(_days(model, start, end)))
        plain_insert(session, flows)
        # The closed months from the first day rebuilt on follow from the new days.
        summary_months.reopen_from(session, None if start is None else month_of(start))
        months = summary_months.close_months(session)
        dossier_rows = len({k[1:5] for k, n in flows.items() if n and k[0] == "d"})
        step_rows = len({k[1:6] for k, n in flows.items() if n and k[0] == "s"})
    return Rebuilt(seen, dossier_rows, step_rows, months)


def rebuild_scores(session: Session) -> int:
    """Only the indicators' tables, from the processed dossiers alone (the migration that
    created them fills them so; docs/indicators.md#stored-scores). Returns the dossiers."""
    flows: Flows = Counter()
    seen = 0
    for facts in dossier_facts(session, processed_only=True):
        seen += 1
        flows.update(indicator_keys(facts))
    for model in (DailyIndicatorSummary, DailyOfficerSummary):
        session.execute(delete(model))
    plain_insert(session, flows)
    return seen


def refresh_component_files(session: Session) -> int:
    """Set each dossier's "has a component file" fact from its files again, where it
    differs (services.files keeps it; this repairs a row written around it). Returns the
    dossiers corrected."""
    has_file = exists().where(DossierFile.dossier_id == Dossier.id, DossierFile.kind == "component")
    result = session.execute(
        update(Dossier)
        .where(Dossier.has_component_file != has_file)
        .values(has_component_file=has_file)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _days(model: Any, start: date | None, end: date | None) -> Any:
    clauses = []
    if start is not None:
        clauses.append(model.day >= start)
    if end is not None:
        clauses.append(model.day <= end)
    return and_(True, *clauses)


def dossier_facts(session: Session, processed_only: bool = False) -> Iterator[DossierFacts]:
    """Every dossier that can count (received, or finished without receipt: refused),
    with its steps, pauses, rating (and, processed, its scoring facts), in id order, CHUNK
    dossiers per round of five queries. `processed_only` serves the migration that created
    the scores' tables, which runs before the component-file fact and the ratings' summary
    exist: it reads neither."""
    counted = and_(
        Dossier.state != DossierState.VOIDED,
        (Dossier.received_at.is_not(None)) | (Dossier.finished_at.is_not(None)),
        Dossier.timeliness.is_not(None) if processed_only else true(),
    )
    last = 0
    while True:
        rows = session.execute(
            select(
                Dossier.id,
                Dossier.receiving_unit_id,
                Dossier.procedure_id,
                Dossier.channel,
                Dossier.state,
                Dossier.received_at,
                Dossier.finished_at,
                Dossier.due_at,
                Dossier.timeliness,
                Dossier.supplement_requests,
                Dossier.has_component_file if not processed_only else false(),
            )
            .where(counted, Dossier.id > last)
            .order_by(Dossier.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        low, high = rows[0][0], rows[-1][0]
        steps = _steps(session, low, high)
        pauses = _pauses(session, low, high)
        scoring = scoring_facts(session, range(low, high + 1))
        ratings = {} if processed_only else ratings_of(session, range(low, high + 1))
        for row in rows:
            released, receivers = scoring.get(row.id, (False, ()))
            yield DossierFacts(
                unit_id=row.receiving_unit_id,
                procedure_id=row.procedure_id,
                channel=row.channel,
                state=row.state,
                received_at=row.received_at,
                finished_at=row.finished_at,
                due_at=row.due_at,
                timeliness=row.timeliness,
                supplement_requests=row.supplement_requests or 0,
                pauses=pauses.get(row.id, ()),
                steps=steps.get(row.id, ()),
                released_result=released,
                receivers=receivers,
                has_component_file=bool(row[-1]),
                rating=ratings.get(row.id),
            )
        last = high


def _steps(session: Session, low: int, high: int) -> dict[int, tuple[StepFacts, ...]]:
    rows = session.execute(
        select(
            StepTask.dossier_id,
            StepTask.agency_id,
            StepTask.state,
            StepTask.arrived_at,
            StepTask.finished_at,
            StepTask.due_at,
            StepTask.timeliness,
            StepTask.assignee_id,
        )
        .where(StepTask.dossier_id.between(low, high))
        .order_by(StepTask.dossier_id)
    )
    return {
        dossier_id: tuple(StepFacts(*row[1:]) for row in group)
        for dossier_id, group in groupby(rows, key=lambda row: row[0])
    }


def _pauses(session: Session, low: int, high: int) -> dict[int, tuple[Pause, ...]]:
    rows = session.execute(
        select(ClockPause.dossier_id, ClockPause.started_at, ClockPause.ended_at)
        .where(ClockPause.dossier_id.between(low, high))
        .order_by(ClockPause.dossier_id, ClockPause.id)
    )
    return {
        dossier_id: tuple((start, end) for _, start, end in group)
        for dossier_id, group in groupby(rows, key=lambda row: row[0])
    }
