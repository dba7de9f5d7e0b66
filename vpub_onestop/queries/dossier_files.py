"""A dossier's files as one viewer may see them (domain.visibility), sorted the way the
officers' pages show them: the applicant's by document, the released results, and each
step's own drafts and working files."""

from __future__ import annotations

from dataclasses import dataclass, field

from vpub_onestop.access.visibility import visible_files
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
