"""Keeping the daily summary (docs/architecture.md#reporting-read-model) in step with
the dossiers, inside the transaction that changes them.

The transition path calls `track` each time it writes an event. The first call for a
dossier in a transaction notes the flows (domain.daily_flows) of the dossier as it was
when the transaction found it (the values the ORM loaded, before this transaction's
changes); at commit the flows of the dossier as it is now are computed, and only the
difference is written, in one statement per table (INSERT … ON CONFLICT DO UPDATE adding
to the counts, keys in a fixed order so two transactions never wait on each other in a
cycle). A use case that fires several transitions on one dossier writes once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from vpub_onestop.domain.counting import Pause
from vpub_onestop.domain.daily_flows import (
    DOSSIER_MEASURES,
    STEP_MEASURES,
    DossierFacts,
    RatingFacts,
    StepFacts,
    dossier_flows,
    step_flows,
)
from vpub_onestop.domain.indicator_flows import OFFICER_MEASURES, RATING_MEASURES, UNIT_MEASURES
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import (
    ClockPause,
    DailyDossierSummary,
    DailyIndicatorSummary,
    DailyOfficerSummary,
    DailyRatingSummary,
    DailyStepSummary,
    Dossier,
    StepTask,
)
from vpub_onestop.services.summary_indicators import (
    indicator_keys,
    may_score,
    ratings_of,
    scoring_facts,
)
from vpub_onestop.services.summary_months import add_to_closed

_TRACKED = "daily_summary_tracked"
DOSSIER_FIELDS = (
    "receiving_unit_id",
    "procedure_id",
    "channel",
    "state",
    "received_at",
    "finished_at",
    "due_at",
    "timeliness",
    "supplement_requests",
    "has_component_file",
)
STEP_FIELDS = (
    "agency_id",
    "state",
    "arrived_at",
    "finished_at",
    "due_at",
    "timeliness",
    "assignee_id",
)

# Keys of the summary's rows: ("d", day, unit, procedure, channel, measure),
# ("s", day, agency, unit, procedure, channel, measure), and the indicators' ("i", …),
# ("o", day, officer, …) and ratings' ("r", …) of services.summary_indicators.
Flows = Counter[tuple[Any, ...]]
# A tracked dossier: the object, its flows as found, its rating as found.
Tracked = tuple[Dossier, Flows, RatingFacts | None]
_DIMS = ("unit_id", "procedure_id", "channel")
# Per kind of key: the table, its measures and its key columns after the day.
TABLES: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
    "d": (DailyDossierSummary, DOSSIER_MEASURES, _DIMS),
    "s": (DailyStepSummary, STEP_MEASURES, ("agency_id", *_DIMS)),
    "i": (DailyIndicatorSummary, UNIT_MEASURES, _DIMS),
    "o": (DailyOfficerSummary, OFFICER_MEASURES, ("user_id", *_DIMS)),
    "r": (DailyRatingSummary, RATING_MEASURES, _DIMS),
}


def flows_of(facts: DossierFacts) -> Flows:
    """Every row key the dossier adds to, with how much."""
    out: Flows = Counter()
    for (day, measure), n in dossier_flows(facts).items():
        out[("d", day, *facts.dims, measure)] += n
    for (day, agency, measure), n in step_flows(facts).items():
        out[("s", day, agency, *facts.dims, measure)] += n
    out.update(indicator_keys(facts))
    return out


# --- the hook --------------------------------------------------------------------------


def track(session: Session, record: Dossier | StepTask) -> None:
    """Called once per event written (on the dossier or one of its steps): the summary
    will follow whatever this transaction does to the dossier, its steps and its pauses."""
    tracked: dict[int, Tracked] = session.info.setdefault(_TRACKED, {})
    with session.no_autoflush:  # the values the transaction found, not its pending changes
        dossier = record.dossier if isinstance(record, StepTask) else record
        if id(dossier) in tracked:
            return
        found = _facts(session, dossier, as_found=True)
    tracked[id(dossier)] = (dossier, flows_of(found), found.rating)


@event.listens_for(Session, "before_commit")
def _write_differences(session: Session) -> None:
    tracked: dict[int, Tracked] | None = session.info.pop(_TRACKED, None)
    if not tracked:
        return
    change: Flows = Counter()
    for dossier, before, rating in tracked.values():
        change.update(flows_of(_facts(session, dossier, as_found=False, rating=rating)))
        change.subtract(before)
    add_flows(session, change)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_TRACKED, None)


# --- facts from the ORM objects --------------------------------------------------------


def _found(obj: Any, name: str) -> Any:
    """The attribute's value as loaded (before changes not yet flushed)."""
    history = get_history(obj, name)
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return None


def _facts(
    session: Session, dossier: Dossier, *, as_found: bool, rating: RatingFacts | None = None
) -> DossierFacts:
    """`rating`: as now, the rating found (a rating never changes, and a new one is counted
    where it is saved: services.summary_indicators)."""
    if as_found and inspect(dossier).pending:
        return _nothing(dossier)
    value = (lambda obj, name: _found(obj, name)) if as_found else getattr
    fields = {name: value(dossier, name) for name in DOSSIER_FIELDS}
    state: DossierState = fields["state"]
    if fields["received_at"] is None or state is DossierState.VOIDED:
        # Never received (draft, submitted, refused) or voided: no steps, no pauses count.
        return _build(fields, (), ())
    steps = tuple(
        StepFacts(*(value(task, name) for name in STEP_FIELDS))
        for task in dossier.tasks
        if not (as_found and inspect(task).pending)
    )
    pauses: tuple[Pause, ...] = ()
    if fields["supplement_requests"]:
        pauses = _pauses(session, dossier.id)
    scoring: tuple[bool, tuple[int, ...]] = (False, ())
    if may_score(fields):
        scoring = scoring_facts(session, [dossier.id]).get(dossier.id, scoring)
    if as_found and state is DossierState.RETURNED:  # only a returned dossier is rated
        rating = ratings_of(session, [dossier.id]).get(dossier.id)
    return _build(fields, steps, pauses, scoring, rating)


def _pauses(session: Session, dossier_id: int) -> tuple[Pause, ...]:
    """As found (the hook runs without autoflush) or as now (at commit, after a flush)."""
    rows = session.execute(
        select(ClockPause.started_at, ClockPause.ended_at)
        .where(ClockPause.dossier_id == dossier_id)
        .order_by(ClockPause.id)
    )
    return tuple((start, end) for start, end in rows)


def _nothing(dossier: Dossier) -> DossierFacts:
    return DossierFacts(0, 0, "", DossierState.DRAFT, None, None, None, None, 0)


def _build(
    fields: dict[str, Any],
    steps: tuple[StepFacts, ...],
    pauses: tuple[Pause, ...],
    scoring: tuple[bool, tuple[int, ...]] = (False, ()),
    rating: RatingFacts | None = None,
) -> DossierFacts:
    return DossierFacts(
        unit_id=fields["receiving_unit_id"],
        procedure_id=fields["procedure_id"],
        channel=fields["channel"],
        state=fields["state"],
        received_at=fields["received_at"],
        finished_at=fields["finished_at"],
        due_at=fields["due_at"],
        timeliness=fields["timeliness"],
        supplement_requests=fields["supplement_requests"] or 0,
        pauses=pauses,
        steps=steps,
        released_result=scoring[0],
        receivers=scoring[1],
        has_component_file=bool(fields["has_component_file"]),
        rating=rating,
    )


# --- writing ---------------------------------------------------------------------------


def rows_of(flows: Flows) -> dict[str, list[dict[str, Any]]]:
    """The counter as table rows per kind of key (TABLES), keys sorted, zeros left out."""
    rows: dict[str, dict[Hashable, dict[str, Any]]] = {kind: {} for kind in TABLES}
    for key in sorted(k for k, n in flows.items() if n):
        kind, day, *dims, measure = key
        _, measures, columns = TABLES[kind]
        row = rows[kind].get(key[1:-1])
        if row is None:
            row = rows[kind][key[1:-1]] = _zero(
                measures, day, dict(zip(columns, dims, strict=True))
            )
        row[measure] += flows[key]
    return {kind: list(found.values()) for kind, found in rows.items()}


def _zero(measures: Iterable[str], day: Any, dims: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"day": day, **dims}
    row.update(dict.fromkeys(measures, 0))
    return row


def add_flows(session: Session, flows: Flows) -> None:
    """Add `flows` to the summary rows (creating the missing ones): one statement a table."""
    for kind, rows in rows_of(flows).items():
        if rows:
            model, measures, _ = TABLES[kind]
            _upsert(session, model, measures, rows)
    # After the daily rows: a month closed meanwhile is then seen (services.summary_months).
    add_to_closed(session, flows)


def _upsert(
    session: Session, model: Any, measures: Iterable[str], rows: list[dict[str, Any]]
) -> None:
    # Every row has every key (rows_of), so one statement serves them all (executemany).
    session.execute(
        _upsert_statement(session.get_bind().dialect.name, model, tuple(measures)), rows
    )


_UPSERTS: dict[tuple[str, Any, tuple[str, ...]], Any] = {}


def _upsert_statement(dialect: str, model: Any, measures: tuple[str, ...]) -> Any:
    """INSERT … ON CONFLICT (the row's key) DO UPDATE adding each measure: built once per
    dialect and table (a receipt writes one row; building the expression cost more than
    sending it)."""
    key = (dialect, model, measures)
    if key not in _UPSERTS:
        table = model.__table__
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
        stmt = dialect_insert(table)
        _UPSERTS[key] = stmt.on_conflict_do_update(
            index_elements=[c.name for c in table.primary_key.columns],
            set_={m: table.c[m] + stmt.excluded[m] for m in measures},
        )
    return _UPSERTS[key]


def plain_insert(session: Session, flows: Flows) -> None:
    """Write `flows` into empty rows (the rebuild, after clearing its days)."""
    for kind, rows in rows_of(flows).items():
        model = TABLES[kind][0]
        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start : start + 5000])
