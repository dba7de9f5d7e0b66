"""The public lookup (`/tra-cuu`): a dossier's progress for whoever holds its code and key.

The key is the random lookup key printed on the receipt (and encoded in its QR code): the
only way to look a dossier up without signing in (docs/domain.md#identifiers). What comes
back never names the applicant: status, dates, the agency holding the file now, whether it
is late, and a timeline without names or internal notes. A wrong code and a wrong key give
the same answer (None) after the same work (one query, one constant-time comparison), so
the page cannot be used to learn which codes exist.

The page is public and asked often: it reads plain columns (never full ORM objects) and
the calendar the process keeps (services/clock.py).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.codes import LOOKUP_KEY_LENGTH, normalize_lookup_key
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, DossierState
from vpub_onestop.domain.timeliness import PendingStatus, Timeliness, pending_status
from vpub_onestop.models import Agency, Dossier, DossierPublicTimeline, Procedure, StepTask
from vpub_onestop.queries.timeline import TimelineEntry, public_entries

CODE_MAX_LENGTH = 60
# Compared against when the code does not exist: never equal to a typed key, because a
# normalised key has no dashes.
_NO_SUCH_KEY = "-" * LOOKUP_KEY_LENGTH


@dataclass(frozen=True)
class DeadlineState:
    """How a dossier stands against its due date, in words and as a flag for colour."""

    label: str
    late: bool


def deadline_state(
    state: DossierState,
    due_at: datetime | None,
    timeliness: str | None,
    cal: WorkCalendar | Callable[[], WorkCalendar],
    now: datetime,
) -> DeadlineState | None:
    """`cal`: the calendar, or what loads it (read only when the clock runs)."""
    if clock_runs(state) and due_at is not None:
        status = pending_status(cal() if callable(cal) else cal, due_at, now)
        return DeadlineState(status.label_vi, status is PendingStatus.OVERDUE)
    if state is DossierState.SUPPLEMENT_REQUESTED:
        return DeadlineState("Tạm dừng tính thời hạn (chờ bổ sung hồ sơ)", False)
    if timeliness is not None:
        rated = Timeliness(timeliness)
        return DeadlineState(rated.label_vi, rated is Timeliness.LATE)
    return None


def public_state_label(state: DossierState, has_code: bool) -> str:
    # A draft that has a code was returned for completion before receipt (Mẫu 02).
    if state is DossierState.DRAFT and has_code:
        return "Chờ người nộp hoàn thiện hồ sơ"
    return state.label_vi


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure_name: str
    receiving_unit: str
    state_label: str
    national_code: int | None
    submitted_at: datetime | None
    received_at: datetime | None
    appointment_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    holder: str | None
    deadline: DeadlineState | None
    timeline: list[TimelineEntry]


def key_matches(typed_key: str, lookup_key: str | None) -> bool:
    """The receipt's key (case, spaces and dashes forgiven), compared in constant time.
    `lookup_key` None (no dossier with that code): the comparison is still made, against
    a stand-in, so that "no such code" and "wrong key" cost the same."""
    try:
        typed = normalize_lookup_key(typed_key)
    except ValueError:
        typed = ""
    expected = lookup_key or _NO_SUCH_KEY
    same = hmac.compare_digest(typed.encode(), expected.encode())
    return same and lookup_key is not None


# The columns the answer shows, read by the code's unique index with the dossier's public
# timeline (one primary-key join; no ORM object); built once per process (SQLAlchemy caches
# its compiled form).
_BY_CODE = (
    select(
        Dossier.id,
        Dossier.lookup_key,
        Dossier.state,
        Dossier.submitted_at,
        Dossier.received_at,
        Dossier.appointment_at,
        Dossier.finished_at,
        Dossier.returned_at,
        Dossier.due_at,
        Dossier.timeliness,
        DossierPublicTimeline.entries.label("timeline"),
        Procedure.name.label("procedure_name"),
        Agency.name.label("unit_name"),
    )
    .join(Procedure, Procedure.id == Dossier.procedure_id)
    .join(Agency, Agency.id == Dossier.receiving_unit_id)
    .outerjoin(DossierPublicTimeline, DossierPublicTimeline.dossier_id == Dossier.id)
    .where(Dossier.code == bindparam("code"))
)


def lookup_dossier(
    session: Session,
    code: str,
    typed_key: str,
    calendar: Callable[[], WorkCalendar],
    now: datetime,
) -> PublicStatus | None:
    """`calendar` loads the working calendar: asked only for a dossier whose clock runs
    (most dossiers looked up are finished; their answer needs no calendar)."""
    code = code.strip().upper()[:CODE_MAX_LENGTH]
    if not code or not typed_key.strip():
        return None
    # Through the connection, not the ORM session: plain rows of columns need none of the
    # ORM's result handling (about a hundred calls a query), and the page writes nothing.
    row = session.connection().execute(_BY_CODE, {"code": code}).first()
    # Compare first, whether or not the code exists (the same work on both paths).
    matched = key_matches(typed_key, row.lookup_key if row is not None else None)
    if row is None or not matched:
        return None
    state = row.state
    return PublicStatus(
        code=code,
        procedure_name=row.procedure_name,
        receiving_unit=row.unit_name,
        state_label=public_state_label(state, has_code=True),
        national_code=state.national_code,
        submitted_at=row.submitted_at,
        received_at=row.received_at,
        appointment_at=row.appointment_at,
        finished_at=row.finished_at,
        returned_at=row.returned_at,
        holder=current_holder(session, row.id, state, row.unit_name),
        deadline=deadline_state(state, row.due_at, row.timeliness, calendar, now),
        # Kept on the row by the transition path: the answer needs no read of the events.
        timeline=public_entries(row.timeline),
    )


def current_holder(
    session: Session, dossier_id: int, state: DossierState, unit_name: str
) -> str | None:
    """Who has the file now, in the words the applicant would use."""
    if state in (DossierState.SUBMITTED, DossierState.RECEIVED):
        return unit_name
    if state is DossierState.RESULT_READY:
        return f"{unit_name} (chờ trả kết quả)"
    if state in (DossierState.DRAFT, DossierState.SUPPLEMENT_REQUESTED):
        return "Người nộp hồ sơ (đang bổ sung, hoàn thiện hồ sơ)"
    if state in (
        DossierState.PROCESSING,
        DossierState.AWAITING_PAYMENT,
        DossierState.WITHDRAWAL_REQUESTED,
    ):
        names = (
            session.connection()
            .scalars(
                select(Agency.name)
                .join(StepTask, StepTask.agency_id == Agency.id)
                .where(StepTask.dossier_id == dossier_id, StepTask.state.in_(ACTIVE_TASK_STATES))
                .distinct()
                .order_by(Agency.name)
            )
            .all()
        )
        return ", ".join(names) if names else unit_name
    return None
