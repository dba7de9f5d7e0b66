"""Payments, apology, return of the result, withdrawal and voiding."""

from __future__ import annotations

from datetime import datetime

from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.codes import normalize_lookup_key
from vpub_onestop.domain.deadlines import extend_for_pause
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.permissions import Actor, require_dossier
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.time_windows import check_apology
from vpub_onestop.models import Dossier
from vpub_onestop.services import notify
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.results import released_results
from vpub_onestop.services.routing import cancel_open_tasks
from vpub_onestop.services.transition import (
    check_version,
    dossier_facts,
    dossier_transition,
    fire_on_dossier,
    load_dossier,
)
from vpub_onestop.services.uow import unit_of_work

RETURN_METHODS = ("counter", "post", "online")
TRACKING_MAX = 60  # Dossier.post_tracking_number
AUTHORISATION_MIN = 5
AUTHORISATION_MAX = 300
WITHDRAWAL_REASON_MIN, WITHDRAWAL_REASON_MAX = 5, 1000


def request_payment(
    actor: Actor,
    dossier_id: int,
    amount_vnd: int,
    note: str | None = None,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    if amount_vnd <= 0:
        raise ValidationError(
            N_("Số tiền phải lớn hơn 0."), {"amount_vnd": N_("Nhập số tiền (đồng).")}
        )
    with dossier_transition(
        actor,
        dossier_id,
        "request_payment",
        now=now,
        note=note,
        data={"amount_vnd": amount_vnd},
        expected_version=expected_version,
    ) as op:
        notify.dossier_message(
            op.session, op.dossier, "payment_requested", op.now, amount_vnd=amount_vnd
        )
    return op.dossier


def confirm_payment(
    actor: Actor,
    dossier_id: int,
    receipt_number: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    receipt_number = receipt_number.strip()
    if not receipt_number or len(receipt_number) > 40:
        raise ValidationError(
            N_("Vui lòng nhập số biên lai."), {"receipt_number": N_("1–40 ký tự.")}
        )
    with dossier_transition(
        actor,
        dossier_id,
        "confirm_payment",
        now=now,
        data={"receipt_number": receipt_number},
        expected_version=expected_version,
    ) as op:
        op.dossier.fee_receipt_number = receipt_number
    return op.dossier


def apologise(
    actor: Actor,
    dossier_id: int,
    reason: str,
    new_appointment: datetime,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    """Mẫu 04, once per dossier. Due by the closing time of the working day before the due
    date's day (domain.time_windows); a later one is still recorded, printed and sent to
    the applicant, flagged "late apology". The appointment and the open steps' due dates
    move with it; the dossier's legal due moment does not, so lateness is never erased."""
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        # Stale page and permission first: the rules below speak to the agency at fault.
        check_version(dossier, expected_version, "Hồ sơ")
        require_dossier(actor, "apologise", dossier_facts(dossier))
        if dossier.due_at is None or dossier.appointment_at is None:
            raise ValidationError(N_("Hồ sơ chưa có ngày hẹn trả kết quả để hẹn lại."))
        cal = load_work_calendar()
        check = check_apology(
            cal, dossier.due_at, now, already_apologised=dossier.apologised_at is not None
        )
        if not check.allowed:
            raise ValidationError(
                N_("Hồ sơ đã có một văn bản xin lỗi; chỉ được xin lỗi và hẹn lại một lần.")
            )
        if new_appointment <= dossier.appointment_at:
            raise ValidationError(
                N_("Ngày hẹn mới phải sau ngày hẹn hiện tại."),
                {"new_appointment": N_("Chọn ngày muộn hơn.")},
            )
        if new_appointment <= now:  # a late apology still promises a date to come
            raise ValidationError(
                N_("Ngày hẹn mới phải sau thời điểm hiện tại."),
                {"new_appointment": N_("Chọn ngày muộn hơn.")},
            )
        if not cal.is_working_day(new_appointment.astimezone(LOCAL_TZ).date()):
            raise ValidationError(
                N_("Ngày hẹn mới phải là ngày làm việc."),
                {"new_appointment": N_("Chọn ngày làm việc.")},
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
                "last_moment": check.last_moment.isoformat(),
                "late": check.late,
            },
            expected_version=expected_version,
        )
        dossier.apologised_at = now
        dossier.appointment_at = new_appointment
        move_open_steps(cal, dossier, old, new_appointment)
        notify.dossier_message(session, dossier, "apologised", now, reason=reason)
        return dossier


def move_open_steps(
    cal: WorkCalendar, dossier: Dossier, old_appointment: datetime, new_appointment: datetime
) -> None:
    """The steps still open get the extension the apology gave the applicant: as much
    office time as lies between the old and the new appointment."""
    for task in dossier.tasks:
        if not task.state.is_finished and task.due_at is not None:
            task.due_at = extend_for_pause(cal, task.due_at, old_appointment, new_appointment).due


def return_result(
    actor: Actor,
    dossier_id: int,
    method: str,
    *,
    tracking_number: str | None = None,
    receipt_code: str | None = None,
    authorisation: str | None = None,
    note: str | None = None,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    """Hand the result over. At the counter the officer checks the receipt (its dossier
    code or lookup key, `receipt_code`) or an authorisation (`authorisation`: who collects
    it and with which paper); by post the tracking number is recorded; online the result
    hands over exactly the released results, each with its code `<dossier code>-KQ<n>`
    (services.results); an approved dossier with no released document cannot be returned
    online."""
    if method not in RETURN_METHODS:
        raise ValidationError(
            N_("Hình thức trả kết quả không hợp lệ."),
            {"method": N_("Chọn quầy, bưu chính hoặc trực tuyến.")},
        )
    tracking_number = (tracking_number or "").strip() or None
    if method == "post" and not tracking_number:
        raise ValidationError(
            N_("Vui lòng nhập mã bưu gửi."),
            {"tracking_number": N_("Bắt buộc khi trả qua bưu chính.")},
        )
    if tracking_number and len(tracking_number) > TRACKING_MAX:
        raise ValidationError(
            N_("Mã bưu gửi quá dài."),
            {"tracking_number": N_("Tối đa %(n)s ký tự.", n=TRACKING_MAX)},
        )
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        check_version(dossier, expected_version, "Hồ sơ")
        data: dict[str, object] = {"method": method}
        if method == "counter":
            data.update(_counter_proof(dossier, receipt_code, authorisation))
        released = released_results(session, dossier.id)
        if method == "online":
            if not released and dossier.outcome != "denied":
                raise ValidationError(
                    N_("Hồ sơ chưa có văn bản kết quả được phê duyệt để trả trực tuyến."),
                    {"method": N_("Trả tại quầy hoặc qua bưu chính.")},
                )
            data["result_codes"] = [row.result_code for row in released]
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
        notify.dossier_message(session, dossier, "returned", now, results=released)
        return dossier


def _counter_proof(
    dossier: Dossier, receipt_code: str | None, authorisation: str | None
) -> dict[str, object]:
    """What the officer checked at the counter before handing the result over: the receipt
    (its dossier code or lookup key) or the authorisation of the person collecting it."""
    code = (receipt_code or "").strip()
    if code:
        if not _matches_receipt(dossier, code):
            raise ValidationError(
                N_("Mã trên giấy tiếp nhận không khớp với hồ sơ này."),
                {"receipt_code": N_("Nhập mã hồ sơ hoặc mã tra cứu in trên giấy tiếp nhận.")},
            )
        return {"proof": "receipt"}
    paper = " ".join((authorisation or "").split())
    if authorisation is not None:
        if not AUTHORISATION_MIN <= len(paper) <= AUTHORISATION_MAX:
            raise ValidationError(
                N_("Vui lòng ghi người nhận thay và giấy ủy quyền."),
                {
                    "authorisation": N_(
                        "Từ %(low)s đến %(high)s ký tự (họ tên, số giấy ủy quyền).",
                        low=AUTHORISATION_MIN,
                        high=AUTHORISATION_MAX,
                    )
                },
            )
        return {"proof": "authorisation", "authorisation": paper}
    raise ValidationError(
        N_("Kiểm tra giấy tiếp nhận (nhập mã) hoặc ghi giấy ủy quyền của người nhận thay."),
        {"receipt_code": N_("Nhập mã hồ sơ hoặc mã tra cứu in trên giấy tiếp nhận.")},
    )


def _matches_receipt(dossier: Dossier, typed: str) -> bool:
    if dossier.code and typed.upper() == dossier.code.upper():
        return True
    try:
        return dossier.lookup_key is not None and normalize_lookup_key(typed) == dossier.lookup_key
    except ValueError:
        return False


def request_withdrawal(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    """The applicant asks to withdraw: from the portal, or through the desk on their
    behalf (one use case, one set of rules)."""
    reason = reason.strip()
    if not WITHDRAWAL_REASON_MIN <= len(reason) <= WITHDRAWAL_REASON_MAX:
        raise ValidationError(
            N_("Vui lòng ghi lý do rút hồ sơ."),
            {
                "reason": N_(
                    "Từ %(low)s đến %(high)s ký tự.",
                    low=WITHDRAWAL_REASON_MIN,
                    high=WITHDRAWAL_REASON_MAX,
                )
            },
        )
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        if dossier.state in (DossierState.RESULT_READY, DossierState.RETURNED):
            raise ValidationError(N_("Hồ sơ đã có kết quả nên không thể rút."))
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
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    with dossier_transition(
        actor, dossier_id, "confirm_withdrawal", now=now, expected_version=expected_version
    ) as op:
        cancel_open_tasks(op.session, op.dossier, op.now)
        op.dossier.finished_at = op.now
    return op.dossier


def void_dossier(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    with dossier_transition(
        actor, dossier_id, "void", now=now, note=reason, expected_version=expected_version
    ) as op:
        cancel_open_tasks(op.session, op.dossier, op.now)
        op.dossier.void_reason = reason
    return op.dossier
