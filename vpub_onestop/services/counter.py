"""Walk-in applicants at the counter (docs/domain.md#receipt; Decree 61/2018 Art. 19).

A complete paper file becomes a dossier directly in `received`, with the ticked checklist,
the scans, the fee and its receipt number, in one transaction. An incomplete file gets the
one-time, complete guidance of Mẫu 02 instead: no dossier is created, but the guidance is
logged (CounterGuidance) so that the unit can count it and print the slip again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.access.declaration import declaration_document_id
from vpub_onestop.domain.checklist import DEFAULT_MISSING_REASON, MissingItem, missing_mandatory
from vpub_onestop.domain.errors import N_, NotFound, PermissionDenied, ValidationError
from vpub_onestop.domain.formatting import local_day
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, CounterGuidance, Dossier, Procedure
from vpub_onestop.services import declaration, notify
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.codes import next_slip_number
from vpub_onestop.services.files import store_file
from vpub_onestop.services.intake import PaperFile, open_counter_dossier
from vpub_onestop.services.routing import close_task, finish_dossier
from vpub_onestop.services.transition import SYSTEM, fire_on_dossier, fire_on_task
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.slips.forms import SUPPLEMENT

CHANNELS = ("direct", "post")
DELIVERIES = ("counter", "post", "online")
MAX_SETS = 20
MAX_FEE_VND = 1_000_000_000  # one billion đồng: far above any administrative fee
RECEIPT_NUMBER_MAX = 40  # Dossier.fee_receipt_number
REASON_MAX = 300
NOTE_MAX = 1000


@dataclass(frozen=True)
class Scan:
    """One scanned page set, attached to a checklist item (or to none: "other papers")."""

    required_document_id: int | None
    filename: str
    content: bytes


@dataclass(frozen=True)
class WalkIn:
    procedure_id: int
    applicant: Applicant
    present_document_ids: frozenset[int]
    scans: tuple[Scan, ...] = ()
    sets_count: int = 1
    fee_vnd: int | None = None
    fee_receipt_number: str | None = None
    result_delivery: str = "counter"
    channel: str = "direct"
    # The declaration typed at the counter (services/declaration.py); None: no form shown.
    answers: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Guidance:
    procedure_id: int
    applicant: Applicant
    items: tuple[MissingItem, ...]
    note: str | None = None


def _require_counter_officer(session: Session, actor: Actor) -> Agency:
    if actor.role not in (Role.RECEPTION, Role.UNIT_HEAD):
        raise PermissionDenied(N_("Chỉ cán bộ Bộ phận Một cửa tiếp nhận hồ sơ tại quầy."))
    unit = session.get(Agency, actor.agency_id) if actor.agency_id else None
    if unit is None or not unit.is_one_stop_unit:
        raise PermissionDenied(N_("Tài khoản của bạn không thuộc một Bộ phận Một cửa."))
    return unit


def _current_procedure(session: Session, procedure_id: int) -> Procedure:
    procedure = session.get(Procedure, procedure_id)
    if procedure is None or not procedure.is_current:
        raise NotFound(N_("Không tìm thấy thủ tục hành chính (hoặc thủ tục đã hết hiệu lực)."))
    return procedure


def _check_walk_in(walk_in: WalkIn) -> dict[str, str]:
    errors: dict[str, str] = {}
    if walk_in.channel not in CHANNELS:
        errors["channel"] = N_("Chọn trực tiếp hoặc qua bưu chính.")
    if walk_in.result_delivery not in DELIVERIES:
        errors["result_delivery"] = N_("Chọn nơi nhận kết quả.")
    if not 1 <= walk_in.sets_count <= MAX_SETS:
        errors["sets_count"] = N_("Từ 1 đến %(n)s bộ.", n=MAX_SETS)
    if walk_in.fee_vnd is not None and not 0 <= walk_in.fee_vnd <= MAX_FEE_VND:
        errors["fee_vnd"] = N_("Số tiền không hợp lệ.")
    receipt = walk_in.fee_receipt_number or ""
    if len(receipt) > RECEIPT_NUMBER_MAX:
        errors["fee_receipt_number"] = N_("Tối đa %(n)s ký tự.", n=RECEIPT_NUMBER_MAX)
    if walk_in.fee_vnd and not receipt.strip():
        errors["fee_receipt_number"] = N_("Đã thu phí, lệ phí thì phải ghi số biên lai.")
    return errors


def _validated(
    session: Session, walk_in: WalkIn, now: datetime
) -> tuple[Applicant, Procedure, frozenset[int]]:
    """Every problem at once (the officer fixes the form in one go), the checklist first.
    Also the papers in hand: those ticked, and the declaration when typed in its form."""
    procedure = _current_procedure(session, walk_in.procedure_id)
    errors = _check_walk_in(walk_in)
    filled, answer_errors = declaration.typed_problems(
        procedure, walk_in.answers, today=local_day(now)
    )
    errors.update(answer_errors)
    present_ids = walk_in.present_document_ids
    if filled:
        present_ids = present_ids | {declaration_document_id(procedure) or 0}
    message = "Thông tin tiếp nhận chưa hợp lệ."
    try:
        applicant = walk_in.applicant.validated()
    except ValidationError as invalid:
        errors.update(invalid.field_errors)
        applicant = walk_in.applicant
    missing = missing_mandatory(procedure.documents, present_ids)
    if missing:
        names = "; ".join(doc.name for doc in missing)
        message = N_(
            "Hồ sơ chưa đủ thành phần bắt buộc: %(names)s. "
            "Hãy hướng dẫn bổ sung (Mẫu 02) thay vì tiếp nhận.",
            names=names,
        )
        errors["checklist"] = N_("Chưa đủ thành phần bắt buộc.")
    known = {doc.id for doc in procedure.documents}
    if any(scan.required_document_id not in (None, *known) for scan in walk_in.scans):
        errors["checklist"] = N_("Tệp quét gắn với giấy tờ không thuộc thủ tục này.")
    if answer_errors and not missing:
        message = N_("Tờ khai còn %(n)s mục chưa hợp lệ.", n=len(answer_errors))
    if errors:
        raise ValidationError(message, errors)
    return applicant, procedure, present_ids


def receive_walk_in(actor: Actor, walk_in: WalkIn, *, now: datetime | None = None) -> Dossier:
    """Receive a complete paper file: dossier, code, clock, route, scans, one event."""
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = _open_walk_in(session, actor, walk_in, now)
        notify.dossier_message(session, dossier, "received", now)
        return dossier


def hand_over_at_counter(actor: Actor, walk_in: WalkIn, *, now: datetime | None = None) -> Dossier:
    """An immediate-result procedure (trả ngay): received, processed and returned in one
    counter operation, in the same visit. No Mẫu 01 is handed out unless the applicant asks
    (it stays printable), but the dossier is recorded with every event and counted."""
    now = now or clock.now()
    with unit_of_work() as session:
        procedure = _current_procedure(session, walk_in.procedure_id)
        if not procedure.immediate_result:
            raise ValidationError(
                N_("Thủ tục này không trả kết quả ngay tại quầy: hãy tiếp nhận hồ sơ và hẹn trả.")
            )
        dossier = _open_walk_in(session, actor, walk_in, now, immediate=True)
        same_visit: dict[str, object] = {"immediate": True}
        # The dossier was opened a moment ago in this transaction: no page can have shown
        # an older version of it, so the officer's acts carry the one it has.
        fire_on_dossier(
            session,
            dossier,
            "dispatch",
            actor,
            now,
            data={"moves_at": now.isoformat()},
            expected_version=dossier.version,
        )
        dossier.dispatched_at = now
        for task in dossier.tasks:
            fire_on_task(session, task, "arrive", SYSTEM, now)
            task.arrived_at = now
            fire_on_task(
                session, task, "complete_at_counter", SYSTEM, now, data={"officer": actor.user_id}
            )
            close_task(task, now)
        finish_dossier(session, dossier, now, outcome="approved", data=same_visit)
        fire_on_dossier(
            session,
            dossier,
            "return_result",
            actor,
            now,
            data={"method": "counter", "proof": "same_visit", **same_visit},
            expected_version=dossier.version,
        )
        dossier.returned_at = now
        notify.dossier_message(session, dossier, "returned", now)
        return dossier


def _open_walk_in(
    session: Session, actor: Actor, walk_in: WalkIn, now: datetime, *, immediate: bool = False
) -> Dossier:
    unit = _require_counter_officer(session, actor)
    applicant, procedure, present_ids = _validated(session, walk_in, now)
    known = {doc.id for doc in procedure.documents}
    present = sorted(present_ids & known)
    paper = PaperFile(
        channel=walk_in.channel,
        sets_count=walk_in.sets_count,
        fee_vnd=walk_in.fee_vnd,
        fee_receipt_number=(walk_in.fee_receipt_number or "").strip() or None,
        result_delivery="counter" if immediate else walk_in.result_delivery,
    )
    data: dict[str, object] = {"checklist": present, "scans": len(walk_in.scans)}
    if immediate:
        data["immediate"] = True
    dossier = open_counter_dossier(
        session, actor, unit, procedure, applicant, paper, now, data=data
    )
    for scan in walk_in.scans:
        store_file(
            session,
            dossier,
            scan.filename,
            scan.content,
            now=now,
            uploaded_by_id=actor.user_id,
            required_document_id=scan.required_document_id,
            field=f"scan-{scan.required_document_id or 'other'}",
        )
    declaration.apply_answers(dossier, walk_in.answers, today=local_day(now), complete=True)
    declaration.print_and_file(session, dossier, now=now, user_id=actor.user_id)
    return dossier


def log_guidance(actor: Actor, guidance: Guidance, *, now: datetime | None = None) -> int:
    """Record the guidance given for an incomplete file (Mẫu 02 at the counter)."""
    applicant = guidance.applicant.validated()
    items = list(guidance.items)
    if not items:
        raise ValidationError(
            N_("Hãy chọn ít nhất một giấy tờ còn thiếu hoặc cần hoàn thiện."),
            {"checklist": N_("Chưa chọn giấy tờ cần bổ sung.")},
        )
    if any(len(item.reason) > REASON_MAX or len(item.name) > 500 for item in items):
        raise ValidationError(
            N_("Nội dung hướng dẫn quá dài."), {"checklist": N_("Rút gọn lý do.")}
        )
    note = (guidance.note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise ValidationError(
            N_("Ghi chú quá dài."), {"note": N_("Tối đa %(n)s ký tự.", n=NOTE_MAX)}
        )
    now = now or clock.now()
    with unit_of_work() as session:
        unit = _require_counter_officer(session, actor)
        procedure = _current_procedure(session, guidance.procedure_id)
        assert actor.user_id is not None
        year = local_day(now).year
        row = CounterGuidance(
            # Allocated once, with the row: a reprint shows the same number.
            number_year=year,
            number_seq=next_slip_number(session, unit.id, SUPPLEMENT.key, year),
            unit_id=unit.id,
            officer_id=actor.user_id,
            procedure_id=procedure.id,
            applicant_name=applicant.name,
            applicant_phone=applicant.phone,
            applicant_address=applicant.address,
            items=[
                {"name": item.name, "reason": item.reason or DEFAULT_MISSING_REASON}
                for item in items
            ],
            note=note,
            at=now,
        )
        session.add(row)
        session.flush()
        return row.id
