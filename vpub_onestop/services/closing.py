"""Payments, apology, return of the result, withdrawal and voiding."""

from __future__ import annotations

from datetime import datetime

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.codes import result_code
from vpub_onestop.domain.deadlines import TimeLimit, compute_due
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Dossier
from vpub_onestop.services import notify
from vpub_onestop.services.clock import load_work_calendar, utcnow
from vpub_onestop.services.routing import cancel_open_tasks
from vpub_onestop.services.transition import fire_on_dossier, load_dossier
from vpub_onestop.services.uow import unit_of_work

RETURN_METHODS = ("counter", "post", "online")


def request_payment(
    actor: Actor,
    dossier_id: int,
    amount_vnd: int,
    note: str | None = None,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    if amount_vnd <= 0:
        raise ValidationError("Số tiền phải lớn hơn 0.", {"amount_vnd": "Nhập số tiền (đồng)."})
    now = now or utcnow()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        fire_on_dossier(
            session,
            dossier,
            "request_payment",
            actor,
            now,
            note=note,
            data={"amount_vnd": amount_vnd},
            expected_version=expected_version,
        )
        notify.dossier_message(session, dossier, "payment_requested", now, amount_vnd=amount_vnd)
        return dossier


def confirm_payment(
    actor: Actor,
    dossier_id: int,
    receipt_number: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    receipt_number = receipt_number.strip()
    if not receipt_number or len(receipt_number) > 40:
        raise ValidationError("Vui lòng nhập số biên lai.", {"receipt_number": "1–40 ký tự."})
    now = now or utcnow()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        fire_on_dossier(
            session,
            dossier,
            "confirm_payment",
            actor,
            now,
            data={"receipt_number": receipt_number},
            expected_version=expected_version,
        )
        dossier.fee_receipt_number = receipt_number
        return dossier


def apologise(
    actor: Actor,
    dossier_id: int,
    reason: str,
    new_appointment: datetime,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Mẫu 04: once per dossier, at least one working day before the due moment."""
    now = now or utcnow()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        if dossier.apologised_at is not None:
            raise ValidationError(
                "Hồ sơ đã có một văn bản xin lỗi; chỉ được xin lỗi và hẹn lại một lần."
            )
        cal = load_work_calendar()
        assert dossier.due_at is not None and dossier.appointment_at is not None
        latest = compute_due(cal, now, TimeLimit.parse("1 working_days")).due
        if latest > dossier.due_at:
            raise ValidationError(
                "Văn bản xin lỗi phải gửi chậm nhất 01 ngày làm việc trước hạn trả kết quả "
                f"({dossier.due_at.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M})."
            )
        if new_appointment <= dossier.appointment_at:
            raise ValidationError(
                "Ngày hẹn mới phải sau ngày hẹn hiện tại.",
                {"new_appointment": "Chọn ngày muộn hơn."},
            )
        if not cal.is_working_day(new_appointment.astimezone(LOCAL_TZ).date()):
            raise ValidationError(
                "Ngày hẹn mới phải là ngày làm việc.", {"new_appointment": "Chọn ngày làm việc."}
            )
        old = dossier.appointment_at
        fire_on_dossier(
            session,
            dossier,
            "apologise",
            actor,
            now,
            note=reason,
            data={
                "old_appointment": old.isoformat(),
                "new_appointment": new_appointment.isoformat(),
                "agency_id": actor.agency_id,
            },
            expected_version=expected_version,
        )
        dossier.apologised_at = now
        dossier.appointment_at = new_appointment
        notify.dossier_message(session, dossier, "apologised", now, reason=reason)
        return dossier


def return_result(
    actor: Actor,
    dossier_id: int,
    method: str,
    *,
    tracking_number: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    if method not in RETURN_METHODS:
        raise ValidationError(
            "Hình thức trả kết quả không hợp lệ.",
            {"method": "Chọn quầy, bưu chính hoặc trực tuyến."},
        )
    if method == "post" and not (tracking_number or "").strip():
        raise ValidationError(
            "Vui lòng nhập mã bưu gửi.", {"tracking_number": "Bắt buộc khi trả qua bưu chính."}
        )
    now = now or utcnow()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        data: dict[str, object] = {"method": method}
        if method == "online":
            assert dossier.code is not None
            data["result_code"] = result_code(dossier.code, 1)
        if method == "post":
            data["tracking_number"] = tracking_number
            dossier.post_tracking_number = tracking_number
        fire_on_dossier(
            session,
            dossier,
            "return_result",
            actor,
            now,
            note=note,
            data=data,
            expected_version=expected_version,
        )
        dossier.returned_at = now
        notify.dossier_message(session, dossier, "returned", now)
        return dossier


def request_withdrawal(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    now = now or utcnow()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        if dossier.state in ("result_ready", "returned"):
            raise ValidationError("Hồ sơ đã có kết quả nên không thể rút.")
        fire_on_dossier(
            session,
            dossier,
            "request_withdrawal",
            actor,
            now,
            note=reason,
            expected_version=expected_version,
        )
        return dossier


def confirm_withdrawal(
    actor: Actor,
    dossier_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    now = now or utcnow()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        fire_on_dossier(
            session, dossier, "confirm_withdrawal", actor, now, expected_version=expected_version
        )
        cancel_open_tasks(session, dossier, now)
        dossier.finished_at = now
        return dossier


def void_dossier(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    now = now or utcnow()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        fire_on_dossier(
            session, dossier, "void", actor, now, note=reason, expected_version=expected_version
        )
        cancel_open_tasks(session, dossier, now)
        dossier.void_reason = reason
        return dossier
