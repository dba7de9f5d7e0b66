"""Getting a dossier in: the steps shared by the portal's use cases (`services.portal`:
drafts, submission) and the counter's (`services.counter`: a walk-in received), each run
inside the caller's unit of work."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.agencies import is_open_on
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.codes import make_lookup_key
from vpub_onestop.domain.deadlines import TimeLimit, compute_due
from vpub_onestop.domain.errors import N_, NotFound, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Agency, Dossier, Procedure
from vpub_onestop.services import notify
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.codes import next_dossier_code
from vpub_onestop.services.routing import plan_route
from vpub_onestop.services.transition import fire_on_dossier


def _current_procedure(session: Session, procedure_id: int) -> Procedure:
    procedure = session.get(Procedure, procedure_id)
    if procedure is None or not procedure.is_current:
        raise NotFound(N_("Không tìm thấy thủ tục hành chính (hoặc thủ tục đã hết hiệu lực)."))
    return procedure


def _one_stop_unit(session: Session, agency_id: int | None) -> Agency:
    unit = session.get(Agency, agency_id) if agency_id else None
    # A unit closed by a merger receives nothing new (docs/domain.md#agency-merge).
    today = clock.now().astimezone(LOCAL_TZ).date()
    if (
        unit is None
        or not unit.is_one_stop_unit
        or not is_open_on(unit.valid_from, unit.valid_to, today)
    ):
        raise ValidationError(
            N_("Nơi nộp hồ sơ phải là một Bộ phận Một cửa."),
            {"receiving_unit_id": N_("Vui lòng chọn Trung tâm Phục vụ hành chính công.")},
        )
    return unit


def _apply_applicant(dossier: Dossier, applicant: Applicant) -> None:
    dossier.applicant_name = applicant.name
    dossier.applicant_id_number = applicant.id_number
    dossier.applicant_phone = applicant.phone
    dossier.applicant_email = applicant.email
    dossier.applicant_address = applicant.address
    dossier.owner_name = applicant.owner_name
    dossier.owner_id_number = applicant.owner_id_number
    dossier.owner_address = applicant.owner_address


def assign_code(session: Session, dossier: Dossier, now: datetime) -> None:
    """The code is given once (online submission or counter receipt) and then kept."""
    if dossier.code is None:
        unit = dossier.receiving_unit
        dossier.code = next_dossier_code(session, unit.code, now.astimezone(LOCAL_TZ).date())
        dossier.lookup_key = make_lookup_key(os.urandom(8))


def start_clock(session: Session, dossier: Dossier, now: datetime) -> None:
    """Receipt: store the legal due moment once and plan every step of the route."""
    with session.no_autoflush:  # reading the calendar must not split the row's UPDATE in two
        cal = load_work_calendar()
    deadline = compute_due(cal, now, TimeLimit.parse(dossier.procedure.limit_text))
    dossier.received_at = now
    dossier.due_at = deadline.due
    dossier.original_due_at = deadline.due
    dossier.appointment_at = deadline.due
    dossier.due_provisional = deadline.provisional
    plan_route(session, dossier, cal, now)


def add_draft(
    session: Session,
    actor: Actor,
    procedure_id: int,
    receiving_unit_id: int,
    applicant: Applicant,
    *,
    owner_user_id: int | None = None,
    result_delivery: str = "online",
    now: datetime,
) -> Dossier:
    """The draft row, inside the caller's unit of work (the portal adds files with it)."""
    if actor.role is not Role.CITIZEN:
        raise ValidationError(N_("Chỉ công dân, tổ chức tạo hồ sơ trực tuyến."))
    applicant = applicant.validated()
    procedure = _current_procedure(session, procedure_id)
    unit = _one_stop_unit(session, receiving_unit_id)
    dossier = Dossier(
        procedure=procedure,
        receiving_unit=unit,
        channel="online",
        state=DossierState.DRAFT,
        owner_user_id=owner_user_id or actor.user_id,
        created_at=now,
        result_delivery=result_delivery,
    )
    _apply_applicant(dossier, applicant)
    session.add(dossier)
    session.flush()
    return dossier


def update_draft_details(
    session: Session,
    dossier: Dossier,
    receiving_unit_id: int,
    applicant: Applicant,
    *,
    result_delivery: str | None = None,
) -> None:
    """New applicant details or receiving unit on a draft (not once submitted). The unit is
    fixed once a code exists: the code carries the unit's identifier."""
    if dossier.state is not DossierState.DRAFT:
        raise ValidationError(N_("Chỉ sửa được hồ sơ chưa nộp."))
    applicant = applicant.validated()
    if dossier.code is None:
        dossier.receiving_unit = _one_stop_unit(session, receiving_unit_id)
    _apply_applicant(dossier, applicant)
    if result_delivery is not None:
        dossier.result_delivery = result_delivery


def submit_loaded(
    session: Session,
    dossier: Dossier,
    actor: Actor,
    now: datetime,
    *,
    expected_version: int | None,
) -> None:
    """Submit inside the caller's unit of work: the code is given on the first submission
    and kept on a resubmission after a return for completion."""
    fire_on_dossier(session, dossier, "submit", actor, now, expected_version=expected_version)
    assign_code(session, dossier, now)
    dossier.submitted_at = now
    notify.dossier_message(session, dossier, "submitted", now)


@dataclass(frozen=True)
class PaperFile:
    """What the counter records about a paper file besides the applicant."""

    channel: str = "direct"
    sets_count: int = 1
    fee_vnd: int | None = None
    fee_receipt_number: str | None = None
    result_delivery: str = "counter"


def open_counter_dossier(
    session: Session,
    actor: Actor,
    unit: Agency,
    procedure: Procedure,
    applicant: Applicant,
    paper: PaperFile,
    now: datetime,
    *,
    data: dict[str, Any] | None = None,
) -> Dossier:
    """Inside the caller's unit of work: a complete paper file becomes a dossier directly
    in `received`, with its code, its clock and its planned route."""
    dossier = Dossier(
        procedure=procedure,
        receiving_unit=unit,
        channel=paper.channel,
        state=DossierState.DRAFT,
        created_at=now,
        sets_count=paper.sets_count,
        fee_vnd=paper.fee_vnd,
        fee_receipt_number=paper.fee_receipt_number,
        result_delivery=paper.result_delivery,
    )
    _apply_applicant(dossier, applicant)
    session.add(dossier)
    session.flush()
    # Created in this very transaction: the officer's page cannot have shown an older one.
    fire_on_dossier(
        session,
        dossier,
        "receive_at_counter",
        actor,
        now,
        data=data,
        expected_version=dossier.version,
    )
    assign_code(session, dossier, now)
    dossier.submitted_at = now
    start_clock(session, dossier, now)
    return dossier
