"""A guidance logged at the counter for an incomplete file (Mẫu 02, no dossier created)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.errors import N_, NotFound
from vpub_onestop.models import CounterGuidance, Procedure, User


@dataclass(frozen=True)
class GuidanceView:
    guidance: CounterGuidance
    procedure_code: str
    procedure_name: str
    officer_name: str


def guidance_view(session: Session, guidance_id: int, unit_id: int | None) -> GuidanceView:
    """A guidance logged at the counter, for the unit that gave it (NotFound otherwise)."""
    row = session.execute(
        select(CounterGuidance, Procedure.code, Procedure.name, User.full_name)
        .join(Procedure, Procedure.id == CounterGuidance.procedure_id)
        .join(User, User.id == CounterGuidance.officer_id)
        .where(CounterGuidance.id == guidance_id, CounterGuidance.unit_id == unit_id)
    ).first()
    if row is None:
        raise NotFound(N_("Không tìm thấy phiếu hướng dẫn."))
    return GuidanceView(*row)
