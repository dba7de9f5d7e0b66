"""The dossier's result: the document the approving leader releases as the result, coded
`<dossier code>-KQ<n>` (Circular 01/2018 Art. 6). Drafts and working files stay with their
step; domain.visibility says who sees which."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.codes import result_code
from vpub_onestop.domain.visibility import FileKind, releases_result
from vpub_onestop.models import DossierEvent, DossierFile, StepTask


def release_result(
    session: Session, task: StepTask, event: DossierEvent, now: datetime
) -> DossierFile | None:
    """On the approval of a step whose document is the result: its latest draft becomes the
    dossier's next result `<code>-KQ<n>`, named on the approval event. Called inside the
    approval's transaction, right after the approval fired and before its event is
    written (`fire_on_task(write=False)`): the row is written once, already naming the
    result; the audit trail refuses a later UPDATE."""
    with session.no_autoflush:
        dossier = task.dossier
        last_stage = max(t.stage for t in dossier.tasks)
        if dossier.code is None or not releases_result(task.stage, last_stage):
            return None
        draft = session.scalars(
            select(DossierFile)
            .where(DossierFile.task_id == task.id, DossierFile.kind == FileKind.DRAFT.value)
            .order_by(DossierFile.id.desc())
            .limit(1)
        ).first()
        if draft is None:
            return None
        released = session.scalars(
            select(DossierFile.result_code).where(
                DossierFile.dossier_id == dossier.id, DossierFile.result_code.is_not(None)
            )
        ).all()
        draft.result_code = result_code(dossier.code, len(released) + 1)
        draft.released_at = now
        event.data = {**event.data, "result_code": draft.result_code}
    return draft


def released_results(session: Session, dossier_id: int) -> list[DossierFile]:
    """The dossier's released results, in release order (KQ1, KQ2, ...)."""
    return list(
        session.scalars(
            select(DossierFile)
            .where(DossierFile.dossier_id == dossier_id, DossierFile.released_at.is_not(None))
            .order_by(DossierFile.released_at, DossierFile.id)
        )
    )
