"""Recording and following up feedback and complaints (phản ánh, kiến nghị) at the
receiving one-stop unit: one public function = one transaction (docs/indicators.md).

Dates typed on the form are local dates; a moment is kept for them (now when the date is
today, else local noon of that day) because only the local date matters to the rules
(domain.complaints.handled_on_time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.complaints import (
    CHANNELS,
    CONTENT_MAX_LENGTH,
    handled_on_time,
    may_record_complaint,
)
from vpub_onestop.domain.errors import (
    N_,
    NotFound,
    PermissionDenied,
    StaleDossier,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Agency, Complaint, Dossier
from vpub_onestop.services.uow import unit_of_work

NOTE_MAX_LENGTH = 2000
_NOON = time(12)


@dataclass(frozen=True)
class ComplaintInput:
    received_on: date
    channel: str
    content: str
    handling_due_on: date
    dossier_code: str | None = None
    sender_name: str | None = None


@dataclass(frozen=True)
class ComplaintUpdate:
    version: int | None  # as the page showed the complaint; None is refused (428)
    verified: bool
    handled_on: date | None
    handling_note: str | None = None


def moment_of(day: date, now: datetime) -> datetime:
    """The moment kept for a typed local date (see the module docstring)."""
    if now.astimezone(LOCAL_TZ).date() == day:
        return now
    return datetime.combine(day, _NOON, tzinfo=LOCAL_TZ)


def _check_input(data: ComplaintInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.channel not in CHANNELS:
        errors["channel"] = N_("Chọn kênh tiếp nhận.")
    content = data.content.strip()
    if not content:
        errors["content"] = N_("Nhập nội dung phản ánh, kiến nghị.")
    elif len(content) > CONTENT_MAX_LENGTH:
        errors["content"] = N_("Nội dung tối đa %(n)s ký tự.", n=CONTENT_MAX_LENGTH)
    if data.received_on > today:
        errors["received_on"] = N_("Ngày tiếp nhận không được sau hôm nay.")
    if data.handling_due_on < data.received_on:
        errors["handling_due_on"] = N_("Hạn xử lý không được trước ngày tiếp nhận.")
    return errors


def record_complaint(
    actor: Actor, unit_id: int, data: ComplaintInput, *, now: datetime | None = None
) -> int:
    """Record a complaint received by the unit; returns its id."""
    if actor.user_id is None or not may_record_complaint(actor, unit_id):
        raise PermissionDenied(
            N_("Bạn không có quyền ghi nhận phản ánh, kiến nghị của đơn vị này.")
        )
    now = now or clock.now()
    errors = _check_input(data, now.astimezone(LOCAL_TZ).date())
    with unit_of_work() as session:
        unit = session.get(Agency, unit_id)
        if unit is None or not unit.is_one_stop_unit:
            raise NotFound(N_("Không tìm thấy Bộ phận Một cửa."))
        dossier_id = None
        code = (data.dossier_code or "").strip()
        if code:
            dossier_id = session.scalar(
                select(Dossier.id).where(Dossier.code == code, Dossier.receiving_unit_id == unit_id)
            )
            if dossier_id is None:
                errors["dossier_code"] = N_("Không có hồ sơ mã này do đơn vị tiếp nhận.")
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại phản ánh, kiến nghị."), errors)
        complaint = Complaint(
            unit_id=unit_id,
            dossier_id=dossier_id,
            received_at=moment_of(data.received_on, now),
            channel=data.channel,
            sender_name=(data.sender_name or "").strip() or None,
            content=data.content.strip(),
            handling_due_on=data.handling_due_on,
            recorded_by_id=actor.user_id,
            recorded_at=now,
        )
        session.add(complaint)
        session.flush()
        return complaint.id


def update_complaint(
    actor: Actor, complaint_id: int, change: ComplaintUpdate, *, now: datetime | None = None
) -> None:
    """Record the verification and the handling. Verifying keeps who and when; clearing the
    mark clears them. A handled date may be corrected but not put in the future."""
    now = now or clock.now()
    today = now.astimezone(LOCAL_TZ).date()
    with unit_of_work() as session:
        complaint = session.get(Complaint, complaint_id)
        if complaint is None:
            raise NotFound(N_("Không tìm thấy phản ánh, kiến nghị."))
        if actor.user_id is None or not may_record_complaint(actor, complaint.unit_id):
            raise PermissionDenied(N_("Bạn không có quyền cập nhật phản ánh, kiến nghị này."))
        if change.version is None:
            raise VersionMissing()
        if complaint.version != change.version:
            raise StaleDossier(
                N_(
                    "Phản ánh vừa được người khác cập nhật. "
                    "Vui lòng tải lại trang rồi thực hiện lại."
                )
            )
        errors: dict[str, str] = {}
        received_on = complaint.received_at.astimezone(LOCAL_TZ).date()
        if change.handled_on is not None and change.handled_on > today:
            errors["handled_on"] = N_("Ngày xử lý xong không được sau hôm nay.")
        elif change.handled_on is not None and change.handled_on < received_on:
            errors["handled_on"] = N_("Ngày xử lý xong không được trước ngày tiếp nhận.")
        note = (change.handling_note or "").strip() or None
        if note and len(note) > NOTE_MAX_LENGTH:
            errors["handling_note"] = N_("Kết quả xử lý tối đa %(n)s ký tự.", n=NOTE_MAX_LENGTH)
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại phản ánh, kiến nghị."), errors)
        if change.verified and not complaint.verified:
            complaint.verified_at, complaint.verified_by_id = now, actor.user_id
        elif not change.verified:
            complaint.verified_at, complaint.verified_by_id = None, None
        complaint.verified = change.verified
        handled_before = complaint.handled_at
        if change.handled_on is None:
            complaint.handled_at = None
        elif handled_before is None or handled_before.astimezone(LOCAL_TZ).date() != (
            change.handled_on
        ):
            complaint.handled_at = moment_of(change.handled_on, now)
        complaint.handled_on_time = handled_on_time(complaint.handled_at, complaint.handling_due_on)
        complaint.handling_note = note
