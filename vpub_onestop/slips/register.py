"""Mẫu 06, the register (Sổ theo dõi hồ sơ): every dossier a unit received in a period.

One query for the whole register, reading only the columns printed: the procedure is a
join, the lead agency (the first step of the route) and a late apology (an apology event
flagged late, Decree 61/2018 Art. 19) correlated subqueries, so a month of a busy centre
costs one round trip and no ORM object (bench/PROFILE.md, "Register").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, false, select, text, true
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
    # Asked only of the few dossiers that apologised; as a LIMIT 1 subquery PostgreSQL probes
    # the dossier's events by index instead of hashing every apology of every year.
    late_apology = case(
        (
            Dossier.apologised_at.is_not(None),
            select(true())
            .where(
                DossierEvent.dossier_id == Dossier.id,
                DossierEvent.trigger == "apologise",
                DossierEvent.data["late"].as_boolean().is_(True),
            )
            .limit(1)
            .correlate(Dossier)
            .scalar_subquery(),
        ),
        else_=false(),
    )
    if session.get_bind().dialect.name == "postgresql":
        # The planner prices the subqueries for every row of the month and compiles the plan
        # (JIT): seconds of compiling for a query that runs in a fraction of one.
        session.execute(text("SET LOCAL jit = off"))
    d = Dossier
    rows = session.execute(
        select(
            d.code,
            Procedure.name,
            d.sets_count,
            d.applicant_name,
            d.applicant_address,
            d.applicant_phone,
            lead_agency,
            d.received_at,
            d.appointment_at,
            d.dispatched_at,
            d.finished_at,
            d.returned_at,
            d.outcome,
            d.state,
            d.supplement_requests,
            d.apologised_at,
            d.timeliness,
            late_apology,
        )
        .join(Procedure, Procedure.id == d.procedure_id)
        .where(
            d.receiving_unit_id == unit_id,
            d.received_at >= lower,
            d.received_at < upper,
        )
        .order_by(d.received_at, d.id)
    ).all()
    return [
        RegisterRow(
            code=code or "",
            procedure=procedure,
            sets_count=sets_count,
            applicant=applicant,
            address=address,
            phone=phone,
            lead_agency=lead,
            received_at=received_at,
            appointment_at=appointment_at,
            dispatched_at=dispatched_at,
            finished_at=finished_at if outcome else None,
            returned_at=returned_at,
            notes=_notes(
                DossierNotes(state, outcome, supplements, apologised_at, timeliness, bool(late))
            ),
        )
        for (
            code,
            procedure,
            sets_count,
            applicant,
            address,
            phone,
            lead,
            received_at,
            appointment_at,
            dispatched_at,
            finished_at,
            returned_at,
            outcome,
            state,
            supplements,
            apologised_at,
            timeliness,
            late,
        ) in rows
    ]


@dataclass(frozen=True)
class DossierNotes:
    """What the notes column is made of (read with the row, no object loaded)."""

    state: DossierState
    outcome: str | None
    supplement_requests: int
    apologised_at: datetime | None
    timeliness: str | None
    late_apology: bool


def _notes(row: DossierNotes) -> str:
    """What a reader of the register needs beyond the dates, in a few words."""
    parts: list[str] = []
    if row.state in (
        DossierState.STOPPED,
        DossierState.VOIDED,
        DossierState.WITHDRAWAL_REQUESTED,
        DossierState.SUPPLEMENT_REQUESTED,
        DossierState.AWAITING_PAYMENT,
    ):
        parts.append(row.state.label_vi)
    if row.outcome == "denied":
        parts.append("Không giải quyết (có văn bản trả lời)")
    if row.supplement_requests:
        parts.append(f"Bổ sung {row.supplement_requests} lần")
    if row.apologised_at is not None:
        late = " (xin lỗi muộn)" if row.late_apology else ""
        parts.append("Có phiếu xin lỗi, hẹn lại" + late)
    if row.timeliness == "late":
        parts.append("Quá hạn")
    return "; ".join(parts)
