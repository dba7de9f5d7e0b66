"""Which official forms a dossier's pages offer for download."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.visibility import APPLICANT, Item, Kind, may_see
from vpub_onestop.models import Dossier, DossierEvent
from vpub_onestop.slips.forms import CONTROL, DOSSIER_FORMS, applicable_keys


def applicable_slips(
    session: Session, dossier: Dossier, *, for_citizen: bool = False
) -> list[tuple[str, str]]:
    """(form key, print-link words) of every form that applies to `dossier`, in form order.
    `for_citizen=True` lists what the applicant may print: not the control slip (Mẫu 05),
    the officers' record of the hand-overs (domain.visibility)."""
    if dossier.code is None:
        return []
    triggers = set(
        session.scalars(
            select(DossierEvent.trigger).where(DossierEvent.dossier_id == dossier.id).distinct()
        )
    )
    keys = applicable_keys(dossier.received_at is not None, triggers)
    if for_citizen and not may_see(APPLICANT, Item(Kind.CONTROL_SLIP)):
        keys = [key for key in keys if key != CONTROL.key]
    return [(key, DOSSIER_FORMS[key].link) for key in keys]
