"""The indicators' part of the daily summary (docs/indicators.md#stored-scores): the facts
a processed dossier's scores need beyond its row, steps and pauses (who received it at the
counter, whether a result was released), and its flows as summary keys. Kept with the
daily summary by services.summary, rebuilt by services.summary_rebuild."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Integer, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from vpub_onestop.domain.daily_flows import DossierFacts
from vpub_onestop.domain.indicator_flows import officer_flows, unit_flows
from vpub_onestop.models import DossierEvent, DossierFile

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
    return out
