"""The staff search (`/tim-kiem`): dossiers by code (or any part of it), applicant or owner
name without accents, phone, ID number, the owner's tax code, or procedure, among the
dossiers the officer may see (access.visibility.visible_dossiers), newest first, a page
at a time (keyset on the id: the next page starts below the last id shown).

The text match reads the database's own index (models/search_index.py): the FTS5
trigram table on SQLite, the pg_trgm GIN index on PostgreSQL. docs/architecture.md#staff-search.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from vpub_onestop.access.state_sql import task_reached_agency
from vpub_onestop.access.visibility import visible_dossiers
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.search import tax_code_of
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Agency, Dossier, Procedure, StepTask, User
from vpub_onestop.models.search_index import FTS_TABLE

PAGE_SIZE = 20
# A query naming a procedure matches its dossiers; a word found in hundreds of procedure
# names ("giay") is not a procedure search.
_MAX_PROCEDURES = 50


@dataclass(frozen=True)
class Hit:
    dossier_id: int
    code: str
    applicant_name: str
    procedure_name: str
    unit_name: str
    state: DossierState
    received_at: datetime | None
    due_at: datetime | None
    # For an agency officer, the step of theirs the result opens (the task page).
    task_id: int | None


@dataclass(frozen=True)
class HitPage:
    hits: list[Hit]
    # The id the next page starts below (None on the last page).
    next_after: int | None


def may_search(actor: Actor) -> bool:
    """Staff search the dossiers they may see; a citizen has their own list instead."""
    return visible_dossiers(actor) is not None


def search_dossiers(
    session: Session, actor: Actor, query: str, *, after: int | None = None
) -> HitPage:
    """One page of the dossiers matching the normalised `query` (domain.search) that
    `actor` may see. An actor without staff search gets an empty page."""
    stmt = search_statement(session, actor, query, after=after)
    if stmt is None:
        return HitPage([], None)
    rows = session.execute(stmt).all()
    hits = [Hit(*row) for row in rows[:PAGE_SIZE]]
    return HitPage(hits, hits[-1].dossier_id if len(rows) > PAGE_SIZE else None)


def search_statement(
    session: Session, actor: Actor, query: str, *, after: int | None = None
) -> Any:
    """The SELECT of one page (None for an actor without staff search); bench/PLANS.md
    shows its plans."""
    scope = visible_dossiers(actor)
    if scope is None:
        return None
    stmt = _hits(actor).where(scope, Dossier.code.is_not(None), _matches(session, query))
    if after is not None:
        stmt = stmt.where(Dossier.id < after)
    return stmt.order_by(Dossier.id.desc()).limit(PAGE_SIZE + 1)


def _hits(actor: Actor) -> Any:  # a Select of Hit's columns
    task: ColumnElement[int | None] | None = None
    if actor.role in (Role.SPECIALIST, Role.LEADER):
        # The officer's own step (the latest one that reached the agency) opens the dossier.
        task = (
            select(func.max(StepTask.id))
            .where(
                StepTask.dossier_id == Dossier.id,
                or_(StepTask.agency_id == actor.agency_id, StepTask.assignee_id == actor.user_id),
                task_reached_agency(),
            )
            .scalar_subquery()
        )
    return (
        select(
            Dossier.id,
            Dossier.code,
            Dossier.applicant_name,
            Procedure.name,
            Agency.name,
            Dossier.state,
            Dossier.received_at,
            Dossier.due_at,
            task if task is not None else literal_column("NULL"),
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Agency, Agency.id == Dossier.receiving_unit_id)
    )


def _matches(session: Session, query: str) -> ColumnElement[bool]:
    """Code, names and numbers through the text index; the procedure and the owner's tax
    code through their own small tables, then the dossiers' indexed foreign keys."""
    procedures = list(
        session.scalars(
            select(Procedure.id)
            .where(Procedure.search_text.contains(query, autoescape=True))
            .limit(_MAX_PROCEDURES + 1)
        )
    )
    if len(procedures) > _MAX_PROCEDURES:
        procedures = []
    tax_code = tax_code_of(query)
    owners = (
        list(session.scalars(select(User.id).where(User.tax_code == tax_code))) if tax_code else []
    )
    if session.get_bind().dialect.name == "sqlite":
        return Dossier.id.in_(_sqlite_candidates(query, procedures, owners))
    # PostgreSQL's default LIKE escape is the backslash; pg_trgm's GIN index serves it,
    # and the planner combines it with the other indexes (BitmapOr) or walks the ids.
    pattern = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    conditions = [Dossier.search_text.like(f"%{pattern}%")]
    if procedures:
        conditions.append(Dossier.procedure_id.in_(procedures))
    if owners:
        conditions.append(Dossier.owner_user_id.in_(owners))
    return or_(*conditions)


def _sqlite_candidates(query: str, procedures: list[int], owners: list[int]) -> Any:
    """One list of candidate ids, each part read through its own index (an OR across the
    FTS table and a column would make SQLite scan the dossier table)."""
    # A quoted FTS5 string: with the trigram tokenizer, the query as a substring.
    phrase = '"' + query.replace('"', '""') + '"'
    fts = table(FTS_TABLE, column("rowid", Integer))
    match = text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase)
    parts: list[Any] = [select(fts.c.rowid).where(match)]
    other = aliased(Dossier)
    if procedures:
        parts.append(select(other.id).where(other.procedure_id.in_(procedures)))
    if owners:
        parts.append(select(other.id).where(other.owner_user_id.in_(owners)))
    return union_all(*parts) if len(parts) > 1 else parts[0]
