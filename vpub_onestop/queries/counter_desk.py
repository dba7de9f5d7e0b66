"""The walk-in counter's read models: finding the procedure, and a guidance logged for an
incomplete file (Mẫu 02, no dossier created)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.codes import format_slip_number
from vpub_onestop.domain.errors import N_, NotFound
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.text import fold
from vpub_onestop.domain.visibility import Audience, counter_guidance_viewer
from vpub_onestop.models import CounterGuidance, Procedure, User


@dataclass(frozen=True)
class GuidanceView:
    guidance: CounterGuidance
    procedure_code: str
    procedure_name: str
    officer_name: str
    read_only: bool  # a supervisor or an administrator reading it: no counter actions

    @property
    def number(self) -> str:
        """The slip's number as printed on it ("07/HDHS")."""
        return format_slip_number(self.guidance.number_seq)


def guidance_view(session: Session, guidance_id: int, actor: Actor) -> GuidanceView:
    """A guidance logged at the counter, for whoever may see it (domain.visibility's
    counter_guidance_viewer); NotFound otherwise, as if it did not exist."""
    row = session.execute(
        select(CounterGuidance, Procedure.code, Procedure.name, User.full_name)
        .join(Procedure, Procedure.id == CounterGuidance.procedure_id)
        .join(User, User.id == CounterGuidance.officer_id)
        .where(CounterGuidance.id == guidance_id)
    ).first()
    viewer = counter_guidance_viewer(actor, row[0].unit_id) if row is not None else None
    if row is None or viewer is None or viewer.audience is Audience.NONE:
        raise NotFound(N_("Không tìm thấy phiếu hướng dẫn."))
    return GuidanceView(*row, read_only=viewer.audience is not Audience.ONE_STOP)


SEARCH_LIMIT = 30


def search_procedures(session: Session, text: str) -> list[Procedure]:
    """Current procedures whose code or name contains the words typed (accents ignored)."""
    query = select(Procedure).where(Procedure.is_current.is_(True))
    for word in fold(text).split()[:6]:
        query = query.where(Procedure.search_text.contains(word, autoescape=True))
    return list(
        session.scalars(query.order_by(Procedure.field, Procedure.name).limit(SEARCH_LIMIT))
    )
