"""The dossier's public timeline, kept by the transition path
(docs/architecture.md#public-timeline).

Writing. `services/transition.write_event` calls `record` for every event it writes. Just
before the transaction commits, each dossier's new entries are appended to its row of
`dossier_public_timeline` by one INSERT ... ON CONFLICT DO UPDATE (the old text is never
read: the stored array is cut before its closing bracket and the new entries added). A
step's entry names its agency by a subquery in that statement (the step's agency is not
necessarily loaded). A rolled-back change appends nothing.

Rebuilding. `rebuild` recomputes the timelines from the events, set-based (the migration
that added the table, and `flask summary rebuild`), by the same wording rule
(domain/public_timeline.VARIANTS).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    Text,
    case,
    delete,
    event,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from vpub_onestop.domain.public_timeline import VARIANTS, as_json, encode_entry, wording_key
from vpub_onestop.models import Agency, Dossier, DossierEvent, DossierPublicTimeline, StepTask

_PENDING = "public_timeline_pending"
_TABLE = cast(Table, DossierPublicTimeline.__table__)

# One entry: its JSON text, or (for a step) a SQL expression that names the step's agency.
Fragment = str | ColumnElement[str]


class _JsonString(FunctionElement[str]):
    """A text value as a JSON string literal (`null` for NULL), by the database."""

    type = Text()
    name = "json_string"
    inherit_cache = True


@compiles(_JsonString, "postgresql")
def _json_string_pg(element: _JsonString, compiler: SQLCompiler, **kw: Any) -> str:
    return f"COALESCE(CAST(to_json({compiler.process(element.clauses, **kw)}) AS TEXT), 'null')"


@compiles(_JsonString, "sqlite")
def _json_string_sqlite(element: _JsonString, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_quote({compiler.process(element.clauses, **kw)})"


def record(session: Session, event_row: DossierEvent, record: Dossier | StepTask) -> None:
    """Note the public entry of one event just written (appended at commit)."""
    with session.no_autoflush:  # the step's dossier is loaded already; never flush here
        dossier = record.dossier if isinstance(record, StepTask) else record
    fields = encode_entry(
        event_row.at,
        wording_key(event_row.trigger, event_row.data),
        event_row.to_state,
        None,
        event_row.actor_role,
    )
    fragment: Fragment
    if isinstance(record, StepTask):
        head, tail = as_json(fields[:3])[:-1] + ",", "," + as_json(fields[4]) + "]"
        name = select(Agency.name).where(Agency.id == record.agency_id).scalar_subquery()
        fragment = literal(head, Text) + _JsonString(name) + literal(tail, Text)
    else:
        fragment = as_json(fields)
    pending: dict[int, tuple[Dossier, list[Fragment]]] = session.info.setdefault(_PENDING, {})
    pending.setdefault(id(dossier), (dossier, []))[1].append(fragment)


@event.listens_for(Session, "before_commit")
def _append_entries(session: Session) -> None:
    pending: dict[int, tuple[Dossier, list[Fragment]]] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # the id of a dossier opened in this transaction
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for dossier, fragments in pending.values():
        statement = dialect.insert(_TABLE).values(
            dossier_id=dossier.id, entries=_concat(["[", *_joined(fragments), "]"])
        )
        # The stored text always ends with "]": cut it, add the new entries (the new row's
        # text without its "["), which close it again.
        kept = func.substr(_TABLE.c.entries, 1, func.length(_TABLE.c.entries) - 1)
        added = func.substr(statement.excluded.entries, 2)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[_TABLE.c.dossier_id],
                set_={"entries": _concat([kept, ",", added])},
            )
        )


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_PENDING, None)


def _joined(fragments: list[Fragment]) -> list[Fragment]:
    if all(isinstance(fragment, str) for fragment in fragments):
        return [",".join(cast(list[str], fragments))]
    return [
        part
        for n, fragment in enumerate(fragments)
        for part in ([",", fragment] if n else [fragment])
    ]


def _concat(parts: list[Fragment]) -> ColumnElement[str]:
    """The parts as one text expression (plain text becomes a bound parameter)."""
    pieces = [literal(part, Text) if isinstance(part, str) else part for part in parts]
    expression = pieces[0]
    for piece in pieces[1:]:
        expression = expression + piece
    return expression


# --- rebuilding from the events ------------------------------------------------------------


def _wording_key_sql() -> ColumnElement[str]:
    """domain/public_timeline.wording_key, as SQL over the events' rows."""
    whens = []
    for variant in VARIANTS:
        fact = DossierEvent.data[variant.fact]
        holds = (
            fact.as_boolean().is_(True)
            if variant.value is True
            else fact.as_string() == variant.value
        )
        whens.append(((DossierEvent.trigger == variant.trigger) & holds, literal(variant.key)))
    return case(*whens, else_=DossierEvent.trigger)


def rebuild(session: Session, dossier_ids: list[int] | None = None) -> None:
    """Recompute the public timelines (of `dossier_ids`, or of every dossier) from the
    events, set-based; a dossier without events has no row."""
    fields = (
        DossierEvent.at,
        _wording_key_sql(),
        DossierEvent.to_state,
        Agency.name,
        DossierEvent.actor_role,
    )

    def with_steps(statement: Any) -> Any:
        return statement.outerjoin(StepTask, StepTask.id == DossierEvent.task_id).outerjoin(
            Agency, Agency.id == StepTask.agency_id
        )

    removal = delete(_TABLE)
    if dossier_ids is not None:
        removal = removal.where(_TABLE.c.dossier_id.in_(dossier_ids))
    session.execute(removal)
    if session.get_bind().dialect.name == "postgresql":
        entry = func.json_build_array(*fields)
        ordered = postgresql.aggregate_order_by(entry, DossierEvent.at, DossierEvent.id)
        found = with_steps(
            select(DossierEvent.dossier_id, func.cast(func.json_agg(ordered), Text))
        ).group_by(DossierEvent.dossier_id)
        if dossier_ids is not None:
            found = found.where(DossierEvent.dossier_id.in_(dossier_ids))
    else:
        dossier = cast(Table, Dossier.__table__)
        entries = (
            with_steps(select(func.json_array(*fields).label("entry")))
            .where(DossierEvent.dossier_id == dossier.c.id)
            .order_by(DossierEvent.at, DossierEvent.id)
            .correlate(dossier)  # per dossier (a FROM subquery is not correlated by default)
            .subquery()
        )
        # json(): the entry leaves the subquery as text; read it back as JSON.
        timeline = select(func.json_group_array(func.json(entries.c.entry))).scalar_subquery()
        found = select(dossier.c.id, timeline).where(
            select(DossierEvent.id).where(DossierEvent.dossier_id == dossier.c.id).exists()
        )
        if dossier_ids is not None:
            found = found.where(dossier.c.id.in_(dossier_ids))
    session.execute(insert(_TABLE).from_select(["dossier_id", "entries"], found))
