"""The dossier's public timeline, kept on its row by the transition path
(docs/architecture.md#public-timeline).

Writing. `services/transition.write_event` calls `record` for every event it writes. At the
transaction's next flush the new entries are appended to `dossier.public_timeline` inside
the UPDATE of the dossier row that the transition makes anyway (every change bumps the
dossier's version), as a SQL expression: no read of the old value, no extra statement. A
step's entry names its agency by a subquery in that same UPDATE (the step's agency is not
necessarily loaded). A rolled-back change appends nothing.

Rebuilding. `rebuild` recomputes the timelines from the events in one set-based statement
(the migration that added the column, and `flask summary rebuild`), by the same wording
rule (domain/public_timeline.VARIANTS).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    Text,
    case,
    event,
    exists,
    func,
    inspect,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from vpub_onestop.domain.public_timeline import VARIANTS, as_json, encode_entry, wording_key
from vpub_onestop.models import Agency, Dossier, DossierEvent, StepTask

_PENDING = "public_timeline_pending"
_DOSSIER = cast(Table, Dossier.__table__)

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
    """Note the public entry of one event just written (appended at the next flush)."""
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


@event.listens_for(Session, "before_flush")
def _append_entries(session: Session, flush_context: Any, instances: Any) -> None:
    pending: dict[int, tuple[Dossier, list[Fragment]]] | None = session.info.pop(_PENDING, None)
    for dossier, fragments in (pending or {}).values():
        dossier.public_timeline = _appended(dossier, fragments)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_PENDING, None)


def _appended(dossier: Dossier, fragments: list[Fragment]) -> str | ColumnElement[str]:
    if all(isinstance(fragment, str) for fragment in fragments):
        joined: Fragment = ",".join(cast(list[str], fragments))
    else:
        joined = _concat(
            [part for n, f in enumerate(fragments) for part in ([",", f] if n else [f])]
        )
    if not inspect(dossier).has_identity:
        # A dossier inserted by this flush: no stored timeline yet.
        return f"[{joined}]" if isinstance(joined, str) else _concat(["[", joined, "]"])
    column = _DOSSIER.c.public_timeline
    # The stored text always ends with "]": cut it, add the new entries, close it again.
    kept = func.substr(column, 1, func.length(column) - 1)
    return case(
        (column.is_(None), _concat(["[", joined, "]"])),
        else_=_concat([kept, ",", joined, "]"]),
    )


def _concat(parts: list[Fragment | ColumnElement[str]]) -> ColumnElement[str]:
    expression: ColumnElement[str] = (
        literal(parts[0], Text) if isinstance(parts[0], str) else parts[0]
    )
    for part in parts[1:]:
        expression = expression + (literal(part, Text) if isinstance(part, str) else part)
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
    events, in one statement; a dossier without events keeps NULL."""
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

    target = _DOSSIER.c.id
    if session.get_bind().dialect.name == "postgresql":
        entry = func.json_build_array(*fields)
        entries = with_steps(
            select(
                DossierEvent.dossier_id,
                func.cast(
                    func.json_agg(aggregate_order_by(entry, DossierEvent.at, DossierEvent.id)),
                    Text,
                ).label("entries"),
            )
        ).group_by(DossierEvent.dossier_id)
        if dossier_ids is not None:
            entries = entries.where(DossierEvent.dossier_id.in_(dossier_ids))
        found = entries.subquery()
        statement = (
            update(_DOSSIER)
            .where(target == found.c.dossier_id)
            .values(public_timeline=found.c.entries)
        )
    else:
        ordered = (
            with_steps(select(func.json_array(*fields).label("entry")))
            .where(DossierEvent.dossier_id == target)
            .order_by(DossierEvent.at, DossierEvent.id)
            .correlate(_DOSSIER)  # the row being updated (a FROM subquery is not by default)
            .subquery()
        )
        # json(): the entry leaves the subquery as text; read it back as JSON.
        timeline = select(func.json_group_array(func.json(ordered.c.entry))).scalar_subquery()
        statement = (
            update(_DOSSIER)
            .where(exists().where(DossierEvent.dossier_id == target))
            .values(public_timeline=timeline)
        )
        if dossier_ids is not None:
            statement = statement.where(target.in_(dossier_ids))
    session.execute(statement)
