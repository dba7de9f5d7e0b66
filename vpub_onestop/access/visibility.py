"""The facts `domain.visibility` needs, read from a loaded dossier: who the viewer is to it,
and what each stored file is. Pages, downloads, slips and messages all come through here,
so they all ask the one rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, exists, or_, true

from vpub_onestop.access.loading import dossier_facts, reached_agency
from vpub_onestop.access.state_sql import task_reached_agency
from vpub_onestop.domain.permissions import Actor, desk_units
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.visibility import Item, Viewer, file_item, may_see, viewer_of
from vpub_onestop.models import Dossier, DossierFile, StepTask


def viewer_for(actor: Actor, dossier: Dossier) -> Viewer:
    """What `actor` is to `dossier` (Audience.NONE when the dossier is not theirs to see)."""
    stages: dict[int, set[int]] = defaultdict(set)
    for task in dossier.tasks:
        if reached_agency(task):  # a step still waiting hands its agency nothing yet
            stages[task.agency_id].add(task.stage)
    return viewer_of(
        actor,
        dossier_facts(dossier, for_viewing=True),
        {agency: frozenset(found) for agency, found in stages.items()},
    )


def item_of_file(dossier: Dossier, stored: DossierFile) -> Item:
    task = next((t for t in dossier.tasks if t.id == stored.task_id), None)
    return file_item(
        stored.kind,
        released=stored.released_at is not None,
        agency_id=task.agency_id if task else None,
        stage=task.stage if task else None,
        approved=task is not None and task.state is TaskState.DONE,
        handed_over=dossier.state is DossierState.RETURNED,
    )


def may_see_file(viewer: Viewer, dossier: Dossier, stored: DossierFile) -> bool:
    return stored.dossier_id == dossier.id and may_see(viewer, item_of_file(dossier, stored))


def visible_files(viewer: Viewer, dossier: Dossier) -> list[DossierFile]:
    """The dossier's files `viewer` may see, in upload order."""
    return [stored for stored in dossier.files if may_see(viewer, item_of_file(dossier, stored))]


def received_by(unit_ids: Sequence[int]) -> ColumnElement[bool]:
    """Dossiers received by these units (a desk's own unit and those merged into it,
    domain.permissions.desk_units): one IN over a short list keeps the (receiving_unit_id,
    ...) indexes usable; a single unit stays a plain equality, the plan it always had."""
    if len(unit_ids) == 1:
        return Dossier.receiving_unit_id == unit_ids[0]
    return Dossier.receiving_unit_id.in_(unit_ids)


def visible_dossiers(actor: Actor) -> ColumnElement[bool] | None:
    """The SQL form of domain.permissions.may_view_dossier, for lists that search across
    dossiers: None when the role lists none (a citizen's own dossiers have their own page).
    The receiving unit sees what it received (and what the units merged into it
    received); an agency the dossiers with a step of its own
    (or assigned to the officer) that has reached it; supervisors and admins every one."""
    if actor.is_system or actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return true()
    if actor.role in (Role.RECEPTION, Role.UNIT_HEAD):
        return received_by(desk_units(actor))
    if actor.role in (Role.SPECIALIST, Role.LEADER):
        # The dossier's own steps, even inside a query that reads step_task itself (an
        # agency's list walks its steps): only the dossier is taken from the outer query.
        return (
            exists()
            .where(
                StepTask.dossier_id == Dossier.id,
                or_(StepTask.agency_id == actor.agency_id, StepTask.assignee_id == actor.user_id),
                task_reached_agency(),
            )
            .correlate_except(StepTask)
        )
    return None
