"""The indicators' part of the daily summary (docs/indicators.md#stored-scores): the facts
a processed dossier's scores need beyond its row, steps and pauses (who received it at the
counter, whether a result was released), a returned dossier's rating, and its flows as
summary keys. Kept with the daily summary by services.summary, rebuilt by
services.summary_rebuild.

A rating is counted where it is saved (docs/indicators.md#stored-facts): whatever adds a
Rating to a session (the citizen's page, an import) adds it to the ratings' summary in the
same transaction, before the rating's own INSERT; a void later takes it out through the
transition path (services.summary reads a returned dossier's rating as found)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Integer, cast, event, literal, null, select, union_all
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.daily_flows import DossierFacts, RatingFacts
from vpub_onestop.domain.indicator_flows import officer_flows, rating_flows, unit_flows
from vpub_onestop.models import Dossier, DossierEvent, DossierFile, Rating, RatingAnswer

# The counter triggers whose actor Circular 01 rates as the receiving officer.
RECEIVE_TRIGGERS = ("receive", "receive_at_counter")


def may_score(fields: Mapping[str, Any] | Any) -> bool:
    """Only a processed dossier has scores: the extra facts are read for it alone, so the
    transitions before the result (submission, receipt…) cost no statement here."""
    return fields["timeliness"] is not None and fields["finished_at"] is not None


def scoring_facts(
    session: Session, dossier_ids: list[int] | range
) -> dict[int, tuple[bool, tuple[int, ...]]]:
    """Per dossier: (a result released, the officers who received it), in one statement.
    `dossier_ids` as a range (the rebuild's chunks) reads every dossier of it."""

    def among(column: Any) -> Any:
        if isinstance(dossier_ids, range):
            return column.between(dossier_ids.start, dossier_ids.stop - 1)
        return column.in_(dossier_ids)

    receivers = (
        select(DossierEvent.dossier_id, DossierEvent.actor_id, literal(0))
        .where(
            among(DossierEvent.dossier_id),
            DossierEvent.trigger.in_(RECEIVE_TRIGGERS),
            DossierEvent.actor_id.is_not(None),
        )
        .distinct()
    )
    released = (
        select(DossierFile.dossier_id, cast(null(), Integer), literal(1))
        .where(among(DossierFile.dossier_id), DossierFile.released_at.is_not(None))
        .distinct()
    )
    found: dict[int, tuple[bool, set[int]]] = {}
    rows: Any = session.execute(union_all(receivers, released))
    for row in rows:
        dossier_id, actor, is_result = row[0], row[1], row[2]
        result, people = found.setdefault(dossier_id, (False, set()))
        if is_result:
            found[dossier_id] = (True, people)
        else:
            people.add(actor)
    return {d: (result, tuple(sorted(people))) for d, (result, people) in found.items()}


def indicator_keys(facts: DossierFacts) -> Counter[tuple[Any, ...]]:
    """The summary keys ("i", day, unit, procedure, channel, measure) and
    ("o", day, officer, unit, procedure, channel, measure) the dossier adds to."""
    out: Counter[tuple[Any, ...]] = Counter()
    for (day, measure), n in unit_flows(facts).items():
        out[("i", day, *facts.dims, measure)] += n
    for (day, officer, measure), n in officer_flows(facts).items():
        out[("o", day, officer, *facts.dims, measure)] += n
    for (day, measure), n in rating_flows(facts).items():
        out[("r", day, *facts.dims, measure)] += n
    return out


def ratings_of(session: Session, dossier_ids: list[int] | range) -> dict[int, RatingFacts]:
    """Per rated dossier: when it was rated and the answers' scores, in one statement."""
    among = (
        Rating.dossier_id.between(dossier_ids.start, dossier_ids.stop - 1)
        if isinstance(dossier_ids, range)
        else Rating.dossier_id.in_(dossier_ids)
    )
    found: dict[int, tuple[Any, list[int]]] = {}
    rows = session.execute(
        select(Rating.dossier_id, Rating.rated_at, RatingAnswer.score)
        .outerjoin(RatingAnswer, RatingAnswer.rating_id == Rating.id)
        .where(among)
    )
    for dossier_id, rated_at, score in rows:
        scores = found.setdefault(dossier_id, (rated_at, []))[1]
        if score is not None:
            scores.append(score)
    return {d: RatingFacts(at, tuple(sorted(scores))) for d, (at, scores) in found.items()}


@event.listens_for(Session, "before_flush")
def _count_new_ratings(session: Session, _context: Any, _instances: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, Rating)]
    if not new:
        return
    from vpub_onestop.services.summary import add_flows  # the writer (it imports us)

    flows: Counter[tuple[Any, ...]] = Counter()
    for rating in new:
        if rating.rated_at is None:  # the column's default, taken now so both agree
            rating.rated_at = clock.now()
        dossier = session.get(Dossier, rating.dossier_id)  # loaded already by the rating page
        if dossier is None:
            continue  # the rating's own INSERT will fail on its foreign key
        facts = DossierFacts(
            dossier.receiving_unit_id,
            dossier.procedure_id,
            dossier.channel,
            dossier.state,
            None,
            None,
            None,
            None,
            0,
            rating=RatingFacts(rating.rated_at, tuple(a.score for a in rating.answers)),
        )
        for (day, measure), n in rating_flows(facts).items():
            flows[("r", day, *facts.dims, measure)] += n
    add_flows(session, flows)
