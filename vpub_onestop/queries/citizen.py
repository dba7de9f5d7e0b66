"""Read models of "my dossiers": the paginated list, and the owner's own codes and files
(one dossier's page is built in `citizen_dossier`).

Only the owner's dossiers are ever returned: every query filters on the owner, so another
citizen's id or code gives None (the view answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop.access.visibility import may_see_file, viewer_for
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.timeliness import working_days_remaining
from vpub_onestop.models import Dossier, DossierFile, Procedure
from vpub_onestop.queries.lookup import (
    DeadlineState,
    deadline_state,
    public_state_label,
)

PER_PAGE = 10


def days_left(
    state: DossierState, due_at: datetime | None, cal: WorkCalendar, now: datetime
) -> Decimal | None:
    if not clock_runs(state) or due_at is None:
        return None
    return working_days_remaining(cal, due_at, now)


@dataclass(frozen=True)
class MyDossierRow:
    id: int
    code: str | None
    procedure_name: str
    state: DossierState
    state_label: str
    created_at: datetime
    submitted_at: datetime | None
    appointment_at: datetime | None
    days_left: Decimal | None
    deadline: DeadlineState | None


@dataclass(frozen=True)
class MyDossiersPage:
    rows: list[MyDossierRow]
    total: int
    page: int
    pages: int


def my_dossiers(
    session: Session,
    user_id: int,
    page: int,
    cal: WorkCalendar,
    now: datetime,
    per_page: int = PER_PAGE,
) -> MyDossiersPage:
    mine = Dossier.owner_user_id == user_id
    total = session.scalar(select(func.count()).select_from(Dossier).where(mine)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    # Plain columns, newest first along the (owner, created_at, id) index.
    rows = session.execute(
        select(
            Dossier.id,
            Dossier.code,
            Dossier.state,
            Dossier.created_at,
            Dossier.submitted_at,
            Dossier.appointment_at,
            Dossier.due_at,
            Dossier.timeliness,
            Procedure.name,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(mine)
        .order_by(Dossier.created_at.desc(), Dossier.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return MyDossiersPage(
        rows=[
            MyDossierRow(
                id=d.id,
                code=d.code,
                procedure_name=d.name,
                state=d.state,
                state_label=public_state_label(d.state, d.code is not None),
                created_at=d.created_at,
                submitted_at=d.submitted_at,
                appointment_at=d.appointment_at,
                days_left=days_left(d.state, d.due_at, cal, now),
                deadline=deadline_state(d.state, d.due_at, d.timeliness, cal, now),
            )
            for d in rows
        ],
        total=total,
        page=page,
        pages=pages,
    )


def own_dossier_id(session: Session, user_id: int, code: str) -> int | None:
    return session.scalar(
        select(Dossier.id).where(
            Dossier.code == code.strip().upper(), Dossier.owner_user_id == user_id
        )
    )


def own_file(session: Session, actor: Actor, dossier_id: int, file_id: int) -> DossierFile | None:
    """A file of the citizen's own dossier that is theirs to download: what they submitted,
    and the released result once handed over (never a draft or a working file)."""
    row = session.execute(
        select(DossierFile, Dossier)
        .join(Dossier, Dossier.id == DossierFile.dossier_id)
        .where(
            DossierFile.id == file_id,
            DossierFile.dossier_id == dossier_id,
            Dossier.owner_user_id == actor.user_id,
        )
    ).first()
    if row is None or actor.user_id is None:
        return None
    stored, dossier = row
    return stored if may_see_file(viewer_for(actor, dossier), dossier, stored) else None
