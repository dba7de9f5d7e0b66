"""Small helpers for service tests: actors by username, local moments, ids by code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Dossier, DossierEvent, Procedure, User
from vpub_onestop.services.applicants import Applicant

APPLICANT = Applicant(
    name="Nguyễn Thị Hồng Nhung",
    id_number="052190001234",
    phone="0905123456",
    email="nhung@example.com",
    address="Phường Quy Nhơn, tỉnh Gia Lai",
)


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def actor(username: str) -> Actor:
    user = db.session.scalars(select(User).where(User.username == username)).one()
    return actor_for(user)


def procedure_id(code: str) -> int:
    return db.session.scalars(select(Procedure.id).where(Procedure.code == code)).one()


def unit_id(key: str) -> int:
    return db.session.scalars(select(Agency.id).where(Agency.key == key)).one()


def fresh(dossier_id: int) -> Dossier:
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier_id)
    assert dossier is not None
    return dossier


def event_count(dossier_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(DossierEvent)
    if dossier_id is not None:
        stmt = stmt.where(DossierEvent.dossier_id == dossier_id)
    return db.session.scalar(stmt) or 0


def triggers(dossier_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(DossierEvent.trigger)
            .where(DossierEvent.dossier_id == dossier_id)
            .order_by(DossierEvent.id)
        )
    )


def as_local(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment.astimezone(LOCAL_TZ)
