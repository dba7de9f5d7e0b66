"""A dossier's files as one viewer may see them (domain.visibility), sorted the way the
officers' pages show them: the applicant's by document, the released results, and each
step's own drafts and working files."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from vpub_onestop.access.loading import load_dossier
from vpub_onestop.access.visibility import may_see_file, viewer_for, visible_files
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.visibility import FileKind, Viewer
from vpub_onestop.models import Dossier, DossierFile, StepTask


@dataclass(frozen=True)
class StepFiles:
    """One step's drafts and working files, as far as the viewer may see them."""

    task: StepTask
    drafts: list[DossierFile]
    working: list[DossierFile]


@dataclass
class FilesSeen:
    by_document: dict[int | None, list[DossierFile]] = field(default_factory=dict)
    released: list[DossierFile] = field(default_factory=list)  # KQ1, KQ2, ... in order
    steps: list[StepFiles] = field(default_factory=list)


def files_seen(viewer: Viewer, dossier: Dossier) -> FilesSeen:
    seen = FilesSeen()
    by_task: dict[int, tuple[list[DossierFile], list[DossierFile]]] = {}
    for stored in visible_files(viewer, dossier):
        if stored.released_at is not None:
            seen.released.append(stored)
        elif stored.task_id is not None:
            drafts, working = by_task.setdefault(stored.task_id, ([], []))
            (drafts if stored.kind == FileKind.DRAFT.value else working).append(stored)
        else:
            seen.by_document.setdefault(stored.required_document_id, []).append(stored)
    seen.released.sort(key=lambda f: (f.released_at, f.id))
    seen.steps = [StepFiles(t, *by_task[t.id]) for t in dossier.tasks if t.id in by_task]
    return seen


def staff_file(session: Session, dossier_id: int, file_id: int, actor: Actor) -> DossierFile | None:
    """One file for a download by staff: None unless it belongs to the dossier and the
    actor may see it (an agency never downloads another agency's draft or working file).
    NotFound when the actor may not see the dossier itself."""
    dossier = load_dossier(session, dossier_id, actor)
    stored = session.get(DossierFile, file_id)
    if stored is None or not may_see_file(viewer_for(actor, dossier), dossier, stored):
        return None
    return stored
