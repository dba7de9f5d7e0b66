"""Small helpers for service tests: actors by username, local moments, ids by code, and
the UI's own entry points called the way its forms call them (every document of the
checklist ticked or uploaded, the version of the page just rendered)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.extensions import db
from vpub_onestop.models import (
    Agency,
    Dossier,
    DossierEvent,
    Procedure,
    RequiredDocument,
    StepTask,
    User,
)
from vpub_onestop.services import counter, portal
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.storage import file_store

APPLICANT = Applicant(
    name="Nguyễn Thị Hồng Nhung",
    id_number="052190001234",
    phone="0905123456",
    email="nhung@example.com",
    address="Phường Quy Nhơn, tỉnh Gia Lai",
)


# The smallest byte string the upload check recognises as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def actor(username: str) -> Actor:
    user = db.session.scalars(select(User).where(User.username == username)).one()
    return actor_for(user)


def procedure_id(code: str) -> int:
    """The version in force (a draft or a retired version has the same code)."""
    return db.session.scalars(
        select(Procedure.id).where(Procedure.code == code, Procedure.is_current.is_(True))
    ).one()


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


def dossier_version(dossier_id: int) -> int:
    """The version a page rendered now would carry (its forms post it back)."""
    return fresh(dossier_id).version


def task_version(task_id: int) -> int:
    db.session.expire_all()
    task = db.session.get(StepTask, task_id)
    assert task is not None
    return task.version


def document_ids(procedure: int, *, mandatory_only: bool = False) -> list[int]:
    stmt = select(RequiredDocument.id).where(RequiredDocument.procedure_id == procedure)
    if mandatory_only:
        stmt = stmt.where(RequiredDocument.mandatory.is_(True))
    return list(db.session.scalars(stmt.order_by(RequiredDocument.position)))


def counter_receipt(
    desk: Actor,
    procedure: int,
    applicant: Applicant = APPLICANT,
    *,
    channel: str = "direct",
    sets_count: int = 1,
    fee_vnd: int | None = None,
    fee_receipt_number: str | None = None,
    result_delivery: str = "counter",
    now: datetime | None = None,
) -> Dossier:
    """A complete paper file received at the counter: the desk's walk-in form with every
    document of the checklist ticked."""
    walk_in = counter.WalkIn(
        procedure_id=procedure,
        applicant=applicant,
        present_document_ids=frozenset(document_ids(procedure)),
        sets_count=sets_count,
        fee_vnd=fee_vnd,
        fee_receipt_number=fee_receipt_number,
        result_delivery=result_delivery,
        channel=channel,
    )
    return counter.receive_walk_in(desk, walk_in, now=now)


def draft_with_documents(
    citizen: Actor,
    procedure: int,
    unit: int,
    applicant: Applicant = APPLICANT,
    *,
    now: datetime | None = None,
) -> int:
    """An online draft with one PDF uploaded for each mandatory document (what the portal
    requires before submission)."""
    uploads = [
        portal.Upload(f"giay-to-{document}.pdf", PDF, document)
        for document in document_ids(procedure, mandatory_only=True)
    ]
    details = portal.DraftDetails(
        procedure_id=procedure, receiving_unit_id=unit, applicant=applicant
    )
    return portal.save_draft(citizen, details, uploads, now=now)


def submit_draft(citizen: Actor, dossier_id: int, *, now: datetime | None = None) -> Dossier:
    """The citizen's "submit" button on the review page of the draft."""
    return portal.submit(citizen, dossier_id, expected_version=dossier_version(dossier_id), now=now)


def online_submission(
    citizen: Actor,
    procedure: int,
    unit: int,
    applicant: Applicant = APPLICANT,
    *,
    now: datetime | None = None,
) -> int:
    dossier_id = draft_with_documents(citizen, procedure, unit, applicant, now=now)
    submit_draft(citizen, dossier_id, now=now)
    return dossier_id


def receipt_code_of(dossier_id: int) -> str:
    """What the officer types from the receipt the applicant brings to collect the result."""
    code = fresh(dossier_id).code
    assert code is not None
    return code


def stored_content(stored_name: str) -> bytes:
    """The bytes of a stored file, read back from the app's store (folder or bucket)."""
    opened = file_store().open(stored_name)
    with opened.stream as stream:
        return stream.read()
