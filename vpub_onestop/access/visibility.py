"""The facts `domain.visibility` needs, read from a loaded dossier: who the viewer is to it,
and what each stored file is. Pages, downloads, slips and messages all come through here,
so they all ask the one rule."""

from __future__ import annotations

from collections import defaultdict

from vpub_onestop.access.loading import dossier_facts, reached_agency
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.visibility import Item, Viewer, file_item, may_see, viewer_of
from vpub_onestop.models import Dossier, DossierFile


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
