"""One stored file of a dossier, for staff who may see the dossier."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vpub_onestop.access.loading import load_dossier
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import DossierFile


def staff_file(session: Session, dossier_id: int, file_id: int, actor: Actor) -> DossierFile | None:
    """The file, when it belongs to the dossier (None otherwise). NotFound when the actor
    may not see the dossier itself."""
    load_dossier(session, dossier_id, actor)
    stored = session.get(DossierFile, file_id)
    if stored is None or stored.dossier_id != dossier_id:
        return None
    return stored
