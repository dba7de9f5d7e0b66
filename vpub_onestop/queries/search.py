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

from sqlalchemy import ColumnElement, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

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
    scope = visible_dossiers(actor)
    if scope is None:
        return HitPage([], None)
    stmt = _hits(actor).where(scope, Dossier.code.is_not(None), _matches(session, query))
    if after is not None:
        stmt = stmt.where(Dossier.id < after)
    rows = session.execute(stmt.order_by(Dossier.id.desc()).limit(PAGE_SIZE + 1)).all()
    hits = [Hit(*row) for row in rows[:PAGE_SIZE]]
    return HitPage(hits, hits[-1].dossier_id if len(rows) > PAGE_SIZE else None)


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
    code through their own small tables."""
    conditions = [_text_match(session, query)]
    procedures = session.scalars(
        select(Procedure.id)
        .where(Procedure.search_text.contains(query, autoescape=True))
        .limit(_MAX_PROCEDURES + 1)
    ).all()
    if 0 < len(procedures) <= _MAX_PROCEDURES:
        conditions.append(Dossier.procedure_id.in_(procedures))
    tax_code = tax_code_of(query)
    if tax_code:
        owners = session.scalars(select(User.id).where(User.tax_code == tax_code)).all()
        if owners:
            conditions.append(Dossier.owner_user_id.in_(owners))
    return or_(*conditions)


def _text_match(session: Session, query: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        # A quoted FTS5 string: with the trigram tokenizer, the query as a substring.
        phrase = '"' + query.replace('"', '""') + '"'
        matching = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :phrase")
        return Dossier.id.in_(matching.bindparams(phrase=phrase))
    # PostgreSQL's default LIKE escape is the backslash; pg_trgm's GIN index serves it.
    pattern = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Dossier.search_text.like(f"%{pattern}%")
