"""The moves of a merger (docs/domain.md#agency-merge): each carries one kind of row of the
merged agencies to the agency that takes them over (open steps, accounts, route steps, child
agencies) and says how many moved, for the audit. They run inside the merger's transaction
(services/agency_merge.carry_out), never alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.models import Agency, Procedure, RouteStep, StepTask, User
from vpub_onestop.queries.agency_merge import (
    children_of,
    current_steps_of,
    open_tasks_of,
    users_of,
)
from vpub_onestop.services.catalogue_versions import VERSION_ATTRIBUTES, put_in_force
from vpub_onestop.services.version_copy import copy_version

# One move: (name, function). Each takes the session, the merged ids, the target id and
# the day of the change, moves its rows and returns how many moved (kept in the audit).
Move = Callable[[Session, Sequence[int], int, date], int]


def move_tasks(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    # The version moves too: an officer's page opened before the merger is stale.
    statement = (
        update(StepTask)
        .where(open_tasks_of(sources))
        .values(agency_id=target, version=StepTask.version + 1)
    )
    return rowcount(session.execute(statement))


def move_users(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    return rowcount(session.execute(update(User).where(users_of(sources)).values(agency_id=target)))


def move_route_steps(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    """A published version is never edited (docs/domain.md#catalogue-versions): each
    published procedure whose route names a merged agency gets a new version, a copy with
    the target in the merged agency's place, in force from today (the dossiers received
    under the old version keep it). A draft is changed in place."""
    drafts = update(RouteStep).where(current_steps_of(sources, (ProcedureStatus.DRAFT,)))
    moved = rowcount(session.execute(drafts.values(agency_id=target)))
    published = session.scalars(
        select(Procedure)
        .where(
            Procedure.id.in_(
                select(RouteStep.procedure_id).where(
                    current_steps_of(sources, (ProcedureStatus.PUBLISHED,))
                )
            )
        )
        .order_by(Procedure.code)
    ).all()
    for old in published:
        latest = session.scalar(
            select(func.max(Procedure.version)).where(Procedure.code == old.code)
        )
        new = copy_version(old, skip=VERSION_ATTRIBUTES)
        new.version = int(latest or 0) + 1
        for step in new.steps:
            if step.agency_id in sources:
                step.agency_id = target
                moved += 1
        session.add(new)
        put_in_force(session, new, today)
    return moved


def move_children(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    statement = (
        update(Agency)
        .where(children_of(sources, target))
        .values(parent_id=target, version=Agency.version + 1)
    )
    return rowcount(session.execute(statement))


def rowcount(result: Any) -> int:
    """Rows an UPDATE changed (a CursorResult's count; typed loosely by SQLAlchemy)."""
    return int(result.rowcount)
