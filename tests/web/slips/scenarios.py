"""Dossiers in the situations each form is printed for, built through the services with
fixed moments (March 2026, local time). Call inside an app context."""

from __future__ import annotations

from datetime import datetime

from tests.services import support
from tests.services.support import (
    APPLICANT,
    actor,
    dossier_version,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    receipt_code_of,
    submit_draft,
    task_version,
    unit_id,
)
from vpub_onestop.domain.checklist import MissingItem
from vpub_onestop.models import StepTask
from vpub_onestop.services import closing, processing, reception, supplements
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.counter import Guidance, log_guidance

COMMUNE_DESK = "reception.px_quynhon"
PROVINCE_DESK = "reception.ttpvhcc"

SUPPLEMENT_ITEMS = [
    {"name": "Bản vẽ ranh giới thửa đất", "reason": "Chưa có chữ ký của chủ sử dụng liền kề"},
    {"name": "Giấy chứng nhận đã cấp", "reason": "Bản chụp mờ, không đọc được số phát hành"},
]
REFUSAL_REASON = "Thủ tục không thuộc thẩm quyền giải quyết của phường Quy Nhơn."
APOLOGY_REASON = "Cần xác minh thêm thông tin nơi cư trú tại địa phương khác."


def counter_receipt(received: datetime | None = None, procedure: str = "LT.KS-TT-BHYT") -> int:
    """A complete paper file received at the commune centre (fee paid at the counter)."""
    return support.counter_receipt(
        actor(COMMUNE_DESK),
        procedure_id(procedure),
        APPLICANT,
        fee_vnd=20000,
        fee_receipt_number="0001234",
        now=received or local(2026, 3, 2, 9, 0),
    ).id


def _tasks(dossier_id: int) -> dict[str, StepTask]:
    return {task.agency.key: task for task in fresh(dossier_id).tasks}


def _work(task_id: int, agency: str, start: datetime, approve_at: datetime) -> None:
    leader, specialist = actor(f"leader.{agency}"), actor(f"specialist.{agency}")
    processing.assign_task(
        leader, task_id, specialist.user_id or 0, now=start, expected_version=task_version(task_id)
    )
    processing.propose_result(
        specialist,
        task_id,
        "Đủ điều kiện.",
        now=start.replace(minute=30),
        expected_version=task_version(task_id),
    )
    processing.approve_step(leader, task_id, now=approve_at, expected_version=task_version(task_id))


def inter_agency_worked_to_the_end() -> int:
    """LT.KS-TT-BHYT received Mon 2/3/2026 09:00 (due Thu 5/3 09:00): the commune step
    (due 3/3) is done early, the police (due 5/3) early, social insurance (due 5/3) only
    on Fri 6/3, late; the result is returned on 6/3."""
    dossier_id = counter_receipt()
    desk = actor(COMMUNE_DESK)
    reception.dispatch_dossier(
        desk, dossier_id, now=local(2026, 3, 2, 9, 30), expected_version=dossier_version(dossier_id)
    )
    tasks = _tasks(dossier_id)
    _work(tasks["px_quynhon"].id, "px_quynhon", local(2026, 3, 2, 14), local(2026, 3, 2, 15))
    _work(tasks["congan"].id, "congan", local(2026, 3, 4, 8), local(2026, 3, 5, 8, 45))
    _work(tasks["bhxh"].id, "bhxh", local(2026, 3, 5, 10), local(2026, 3, 6, 8))
    closing.return_result(
        desk,
        dossier_id,
        "counter",
        now=local(2026, 3, 6, 15, 10),
        expected_version=dossier_version(dossier_id),
        receipt_code=receipt_code_of(dossier_id),
    )
    return dossier_id


def online_submission(owner: str = "citizen1", procedure: str = "1.001193") -> int:
    """Submitted online on Sat 7/3/2026 21:00 to the commune centre."""
    citizen = actor(owner)
    draft_id = draft_with_documents(
        citizen,
        procedure_id(procedure),
        unit_id("px_quynhon"),
        APPLICANT,
        now=local(2026, 3, 7, 20, 40),
    )
    submit_draft(citizen, draft_id, now=local(2026, 3, 7, 21, 0))
    return draft_id


def refused_online() -> int:
    dossier_id = online_submission()
    reception.refuse_dossier(
        actor(COMMUNE_DESK),
        dossier_id,
        REFUSAL_REASON,
        now=local(2026, 3, 9, 8, 15),
        expected_version=dossier_version(dossier_id),
    )
    return dossier_id


def returned_for_completion_online() -> int:
    dossier_id = online_submission()
    reception.return_for_completion(
        actor(COMMUNE_DESK),
        dossier_id,
        "Hồ sơ thiếu giấy tờ bắt buộc.",
        missing_items=[{"name": "Giấy chứng sinh", "reason": "Chưa đính kèm"}],
        now=local(2026, 3, 9, 8, 20),
        expected_version=dossier_version(dossier_id),
    )
    return dossier_id


def supplement_requested() -> int:
    """1.012781 at the provincial centre, received Mon 2/3/2026 09:00; the land office asks
    for two documents on Wed 4/3 (within 3 working days)."""
    desk = actor(PROVINCE_DESK)
    dossier_id = support.counter_receipt(
        desk, procedure_id("1.012781"), APPLICANT, now=local(2026, 3, 2, 9)
    ).id
    reception.dispatch_dossier(
        desk, dossier_id, now=local(2026, 3, 2, 10), expected_version=dossier_version(dossier_id)
    )
    task = fresh(dossier_id).tasks[0]
    processing.assign_task(
        actor("leader.vpdkdd"),
        task.id,
        actor("specialist.vpdkdd").user_id or 0,
        now=local(2026, 3, 2, 11),
        expected_version=task_version(task.id),
    )
    supplements.request_supplement(
        actor("specialist.vpdkdd"),
        dossier_id,
        "Hồ sơ đo đạc chưa đầy đủ.",
        items=SUPPLEMENT_ITEMS,
        now=local(2026, 3, 4, 9, 40),
        expected_version=dossier_version(dossier_id),
    )
    return dossier_id


def apologised(at: datetime | None = None) -> int:
    """1.004222 (7 WD, police) received Mon 2/3/2026 09:00, due Wed 11/3 09:00; the police
    leader apologises on Thu 5/3 (or `at`) and sets the new appointment to Fri 13/3 15:00."""
    dossier_id = counter_receipt(procedure="1.004222")
    reception.dispatch_dossier(
        actor(COMMUNE_DESK),
        dossier_id,
        now=local(2026, 3, 2, 9, 30),
        expected_version=dossier_version(dossier_id),
    )
    task = fresh(dossier_id).tasks[0]
    processing.assign_task(
        actor("leader.congan"),
        task.id,
        actor("specialist.congan").user_id or 0,
        now=local(2026, 3, 2, 14),
        expected_version=task_version(task.id),
    )
    closing.apologise(
        actor("leader.congan"),
        dossier_id,
        APOLOGY_REASON,
        local(2026, 3, 13, 15, 0),
        now=at or local(2026, 3, 5, 10),
        expected_version=dossier_version(dossier_id),
    )
    return dossier_id


def counter_guidance(at: datetime | None = None, desk_user: str = COMMUNE_DESK) -> int:
    """An incomplete paper file at the commune counter: guidance logged, no dossier."""
    return log_guidance(
        actor(desk_user),
        Guidance(
            procedure_id=procedure_id("1.001193"),
            applicant=Applicant(
                name="Trần Văn Bình",
                phone="0912345678",
                address="Phường Quy Nhơn Nam, tỉnh Gia Lai",
            ),
            items=(
                MissingItem(None, "Giấy chứng sinh", "Không mang theo bản chính"),
                MissingItem(None, "Giấy tờ tùy thân của người đi đăng ký", "Căn cước đã hết hạn"),
            ),
            note="Bổ sung đủ giấy tờ rồi nộp lại tại quầy.",
        ),
        now=at or local(2026, 3, 3, 10, 5),
    )
