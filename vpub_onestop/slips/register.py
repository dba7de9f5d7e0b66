"""Mẫu 06, the register (Sổ theo dõi hồ sơ): every dossier a unit received in a period.

One query for the whole register: the procedure is a join, the lead agency (the first step
of the route) and a late apology (an apology event flagged late, Decree 61/2018 Art. 19)
correlated subqueries, so a month of a busy centre costs one round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Agency, Dossier, DossierEvent, Procedure, StepTask


@dataclass(frozen=True)
class RegisterRow:
    code: str
    procedure: str
    sets_count: int
    applicant: str
    address: str | None
    phone: str | None
    lead_agency: str | None
    received_at: datetime | None
    appointment_at: datetime | None
    dispatched_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    notes: str


def local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in local time: the whole of both days."""
    return (
        datetime.combine(start, time.min, tzinfo=LOCAL_TZ),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LOCAL_TZ),
    )


def register_rows(session: Session, unit_id: int, start: date, end: date) -> list[RegisterRow]:
    lower, upper = local_bounds(start, end)
    lead_agency = (
        select(Agency.name)
        .join(StepTask, StepTask.agency_id == Agency.id)
        .where(StepTask.dossier_id == Dossier.id)
        .order_by(StepTask.stage, StepTask.id)
        .limit(1)
        .correlate(Dossier)
        .scalar_subquery()
    )
    late_apology = exists().where(
        DossierEvent.dossier_id == Dossier.id,
        DossierEvent.trigger == "apologise",
        DossierEvent.data["late"].as_boolean().is_(True),
    )
    rows = session.execute(
        select(Dossier, Procedure.name, lead_agency, late_apology)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(
            Dossier.receiving_unit_id == unit_id,
            Dossier.received_at >= lower,
            Dossier.received_at < upper,
        )
        .order_by(Dossier.received_at, Dossier.id)
    ).all()
    return [
        RegisterRow(
            code=dossier.code or "",
            procedure=procedure,
            sets_count=dossier.sets_count,
            applicant=dossier.applicant_name,
            address=dossier.applicant_address,
            phone=dossier.applicant_phone,
            lead_agency=lead,
            received_at=dossier.received_at,
            appointment_at=dossier.appointment_at,
            dispatched_at=dossier.dispatched_at,
            finished_at=dossier.finished_at if dossier.outcome else None,
            returned_at=dossier.returned_at,
            notes=_notes(dossier, late_apology=late),
        )
        for dossier, procedure, lead, late in rows
    ]


def _notes(dossier: Dossier, *, late_apology: bool) -> str:
    """What a reader of the register needs beyond the dates, in a few words."""
    parts: list[str] = []
    state = dossier.state
    if state in (
        DossierState.STOPPED,
        DossierState.VOIDED,
        DossierState.WITHDRAWAL_REQUESTED,
        DossierState.SUPPLEMENT_REQUESTED,
        DossierState.AWAITING_PAYMENT,
    ):
        parts.append(state.label_vi)
    if dossier.outcome == "denied":
        parts.append("Không giải quyết (có văn bản trả lời)")
    if dossier.supplement_requests:
        parts.append(f"Bổ sung {dossier.supplement_requests} lần")
    if dossier.apologised_at is not None:
        parts.append("Có phiếu xin lỗi, hẹn lại" + (" (xin lỗi muộn)" if late_apology else ""))
    if dossier.timeliness == "late":
        parts.append("Quá hạn")
    return "; ".join(parts)
