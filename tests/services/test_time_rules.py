"""The time rules counted in days, through the services on a real session: the supplement
window, the apology deadline (late apologies recorded and flagged), the supplement deadline
before a stop and the stop notice, the written answer to a denial.

Expected moments are worked out by hand on the 2026 calendar of the seed (comments say how).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask, current_app, render_template
from sqlalchemy import select

from tests.services.support import (
    APPLICANT,
    actor,
    as_local,
    counter_receipt,
    dossier_version,
    fresh,
    local,
    procedure_id,
    task_version,
)
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.visibility import PUBLIC_LOOKUP, Audience, Viewer
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent, OutboxMessage
from vpub_onestop.queries.timeline import dossier_timeline
from vpub_onestop.services import closing, processing, reception, slips, supplements

LAND = "1.012781"  # 10 WD, three stages: land office 5 WD, tax 3 WD, land office 2 WD
MARRIAGE = "1.000894"  # 5 WD, one step at the receiving commune


def _land_dossier(received: datetime) -> int:
    """Received at the province centre, dispatched at once, assigned in the land office."""
    desk = actor("reception.ttpvhcc")
    dossier_id = counter_receipt(desk, procedure_id(LAND), APPLICANT, now=received).id
    reception.dispatch_dossier(
        desk, dossier_id, now=received, expected_version=dossier_version(dossier_id)
    )
    task = fresh(dossier_id).tasks[0]
    moment = max(received, as_local(task.arrived_at))
    processing.assign_task(
        actor("leader.vpdkdd"),
        task.id,
        actor("specialist.vpdkdd").user_id or 0,
        now=moment,
        expected_version=task_version(task.id),
    )
    return dossier_id


def _marriage_dossier(received: datetime) -> tuple[int, int]:
    desk = actor("reception.px_quynhon")
    dossier_id = counter_receipt(desk, procedure_id(MARRIAGE), APPLICANT, now=received).id
    reception.dispatch_dossier(
        desk, dossier_id, now=received, expected_version=dossier_version(dossier_id)
    )
    task = fresh(dossier_id).tasks[0]
    processing.assign_task(
        actor("leader.px_quynhon"),
        task.id,
        actor("specialist.px_quynhon").user_id or 0,
        now=received,
        expected_version=task_version(task.id),
    )
    return dossier_id, task.id


def _event(dossier_id: int, trigger: str) -> DossierEvent:
    return db.session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id, DossierEvent.trigger == trigger)
        .order_by(DossierEvent.id.desc())
    ).first()


def _messages(dossier_id: int) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.dossier_id == dossier_id)
            .order_by(OutboxMessage.id)
        )
    )


def _printed(form: str, dossier_id: int, who: str) -> str:
    page = slips.prepare_dossier_slip(form, dossier_id, actor(who))
    with current_app.test_request_context():
        return render_template(page.template, **page.context)


# --- the supplement window -----------------------------------------------------------------


def test_a_request_at_17_00_on_the_third_working_day_is_free_at_17_00_01_it_is_flagged(
    app: Flask,
) -> None:
    with app.app_context():
        # Received Mon 2/3/2026 09:00: Tue 3, Wed 4, Thu 5 -> free until Thu 5/3 17:00.
        first = _land_dossier(local(2026, 3, 2, 9))
        supplements.request_supplement(
            actor("specialist.vpdkdd"),
            first,
            "Thiếu bản vẽ.",
            now=local(2026, 3, 5, 17, 0),
            expected_version=dossier_version(first),
        )
        assert fresh(first).state is DossierState.SUPPLEMENT_REQUESTED
        assert _event(first, "request_supplement").data["flagged"] is False

        second = _land_dossier(local(2026, 3, 2, 9))
        late = datetime(2026, 3, 5, 17, 0, 1, tzinfo=local(2026, 3, 5).tzinfo)
        with pytest.raises(ValidationError) as refused:
            supplements.request_supplement(
                actor("specialist.vpdkdd"),
                second,
                "Thiếu bản vẽ.",
                now=late,
                expected_version=dossier_version(second),
            )
        assert "đã quá 3 ngày làm việc" in refused.value.message
        assert fresh(second).state is DossierState.PROCESSING


def test_received_just_before_tet_the_window_runs_to_wednesday_25_february(app: Flask) -> None:
    with app.app_context():
        # Received Fri 13/2/2026 16:30; 14/2-22/2 off: Mon 23 (1), Tue 24 (2), Wed 25 (3).
        in_time = _land_dossier(local(2026, 2, 13, 16, 30))
        supplements.request_supplement(
            actor("specialist.vpdkdd"),
            in_time,
            "Thiếu bản vẽ.",
            now=local(2026, 2, 25, 16, 59),
            expected_version=dossier_version(in_time),
        )
        assert _event(in_time, "request_supplement").data["flagged"] is False

        late = _land_dossier(local(2026, 2, 13, 16, 30))
        supplements.request_supplement(
            actor("specialist.vpdkdd"),
            late,
            "Thiếu bản vẽ.",
            justification="Kết quả đo đạc thực địa khác với bản vẽ đã nộp.",
            now=local(2026, 2, 26, 8),
            expected_version=dossier_version(late),
        )
        data = _event(late, "request_supplement").data
        assert data["flagged"] is True and data["late"] is True


# --- the apology ---------------------------------------------------------------------------


def test_an_apology_at_16_59_on_the_friday_before_a_monday_due_date_is_on_time(
    app: Flask,
) -> None:
    with app.app_context():
        # Received Mon 2/3 09:00, 10 WD -> due Mon 16/3/2026 09:00; last day Fri 13/3 17:00.
        dossier_id = _land_dossier(local(2026, 3, 2, 9))
        closing.apologise(
            actor("leader.vpdkdd"),
            dossier_id,
            "Chờ kết quả đo đạc lại.",
            local(2026, 3, 19, 9),
            now=local(2026, 3, 13, 16, 59),
            expected_version=dossier_version(dossier_id),
        )
        event = _event(dossier_id, "apologise")
        assert event.data["late"] is False
        assert (
            "muộn"
            not in dossier_timeline(db.session, dossier_id, Viewer(Audience.ONE_STOP))[-1].action
        )


def test_an_apology_moves_the_appointment_and_the_open_steps_not_the_legal_due(
    app: Flask,
) -> None:
    with app.app_context():
        # Steps planned from the receipt Mon 2/3 09:00: land office 5 WD -> Mon 9/3 09:00,
        # tax 3 WD -> Thu 12/3 09:00, land office 2 WD -> Mon 16/3 09:00.
        dossier_id = _land_dossier(local(2026, 3, 2, 9))
        # Appointment Mon 16/3 09:00 -> Thu 19/3 09:00: three working days (Mon 16 09:00 to
        # Thu 19 09:00 = 24 office hours) are added to every open step.
        closing.apologise(
            actor("leader.vpdkdd"),
            dossier_id,
            "Chờ kết quả đo đạc lại.",
            local(2026, 3, 19, 9),
            now=local(2026, 3, 6, 9),
            expected_version=dossier_version(dossier_id),
        )
        dossier = fresh(dossier_id)
        assert as_local(dossier.appointment_at) == local(2026, 3, 19, 9)
        assert as_local(dossier.due_at) == local(2026, 3, 16, 9)
        assert [as_local(t.due_at) for t in dossier.tasks] == [
            local(2026, 3, 12, 9),
            local(2026, 3, 17, 9),
            local(2026, 3, 19, 9),
        ]
        assert [as_local(t.original_due_at) for t in dossier.tasks][0] == local(2026, 3, 9, 9)


def test_a_late_apology_is_recorded_printed_sent_and_flagged_and_lateness_stays(
    app: Flask,
) -> None:
    with app.app_context():
        # Marriage, 5 WD, received Mon 2/3/2026 09:00 -> due Mon 9/3 09:00; the last day for
        # the apology is Fri 6/3 until 17:00. The leader apologises on Mon 9/3 at 10:00,
        # after the due moment itself.
        dossier_id, task_id = _marriage_dossier(local(2026, 3, 2, 9))
        before = len(_messages(dossier_id))
        closing.apologise(
            actor("leader.px_quynhon"),
            dossier_id,
            "Chờ xác minh tình trạng hôn nhân.",
            local(2026, 3, 11, 9),
            now=local(2026, 3, 9, 10),
            expected_version=dossier_version(dossier_id),
        )
        dossier = fresh(dossier_id)
        assert dossier.apologised_at is not None
        assert as_local(dossier.appointment_at) == local(2026, 3, 11, 9)
        event = _event(dossier_id, "apologise")
        assert event.data["late"] is True
        assert as_local(datetime.fromisoformat(event.data["last_moment"])) == local(2026, 3, 6, 17)
        sent = _messages(dossier_id)[before:]
        assert {m.channel for m in sent} == {"email", "sms"}
        assert "xin lỗi" in sent[0].body
        printed = _printed("mau-04", dossier_id, "reception.px_quynhon")
        assert "được lập muộn" in printed
        assert "muộn" in dossier_timeline(db.session, dossier_id, PUBLIC_LOOKUP)[-1].action

        # Finished on Tue 10/3, before the new appointment but after the legal due date.
        processing.propose_result(
            actor("specialist.px_quynhon"),
            task_id,
            "Đủ điều kiện.",
            now=local(2026, 3, 10, 9),
            expected_version=task_version(task_id),
        )
        processing.approve_step(
            actor("leader.px_quynhon"),
            task_id,
            now=local(2026, 3, 10, 10),
            expected_version=task_version(task_id),
        )
        assert fresh(dossier_id).timeliness == "late"


# --- the supplement deadline and the stop notice --------------------------------------------


def test_stopping_is_refused_before_the_supplement_deadline_and_notified_after(
    app: Flask,
) -> None:
    with app.app_context():
        app.config["POLICY_SUPPLEMENT_DEADLINE_WORKING_DAYS"] = 30
        dossier_id = _land_dossier(local(2026, 3, 2, 9))
        supplements.request_supplement(
            actor("specialist.vpdkdd"),
            dossier_id,
            "Thiếu bản vẽ.",
            now=local(2026, 3, 4, 9),
            expected_version=dossier_version(dossier_id),
        )
        # 30 working days after Wed 4/3/2026 end on Wed 15/4/2026 at 17:00 (19 in March,
        # then 1-3, 6-10, 13, 14, 15 April). Mẫu 02 tells the applicant so.
        assert "17 giờ 00 phút, ngày 15/04/2026" in _printed(
            "mau-02", dossier_id, "reception.ttpvhcc"
        )
        desk = actor("reception.ttpvhcc")
        with pytest.raises(ValidationError) as early:
            supplements.close_unsupplemented(
                desk,
                dossier_id,
                "Không bổ sung hồ sơ.",
                now=local(2026, 4, 14, 10),
                expected_version=dossier_version(dossier_id),
            )
        assert "còn thời hạn bổ sung đến 17:00 ngày 15/04/2026" in early.value.message
        assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED

        before = len(_messages(dossier_id))
        supplements.close_unsupplemented(
            desk,
            dossier_id,
            "Quá thời hạn không bổ sung bản vẽ.",
            now=local(2026, 4, 16, 8),
            expected_version=dossier_version(dossier_id),
        )
        dossier = fresh(dossier_id)
        assert dossier.state is DossierState.STOPPED
        assert all(t.state is TaskState.CANCELLED for t in dossier.tasks)
        sent = _messages(dossier_id)[before:]
        email = next(m for m in sent if m.channel == "email")
        sms = next(m for m in sent if m.channel == "sms")
        assert "Thông báo dừng giải quyết hồ sơ" in email.subject
        assert "Quá thời hạn không bổ sung bản vẽ." in email.body
        assert "Qua thoi han khong bo sung ban ve" in sms.body
        notice = _printed("thong-bao-dung", dossier_id, "reception.ttpvhcc")
        assert "Thông báo dừng giải quyết hồ sơ" in notice
        assert "Mẫu số 05 - Thông tư 03/2025/TT-VPCP" in notice
        assert "15/04/2026" in notice and "Quá thời hạn không bổ sung bản vẽ." in notice
        public = [entry.action for entry in dossier_timeline(db.session, dossier_id, PUBLIC_LOOKUP)]
        assert "Dừng giải quyết hồ sơ, đã gửi thông báo cho người nộp" in public


# --- a denial after appraisal -------------------------------------------------------------------


def test_a_denial_reaches_the_applicant_as_a_written_answer_with_its_reasons(
    app: Flask,
) -> None:
    with app.app_context():
        # Denied on Tue 3/3, well before the due date Mon 9/3: never "ready early".
        dossier_id, task_id = _marriage_dossier(local(2026, 3, 2, 9))
        before = len(_messages(dossier_id))
        reason = "Một bên đang có vợ theo xác minh của UBND nơi cư trú."
        processing.deny_step(
            actor("leader.px_quynhon"),
            task_id,
            reason,
            now=local(2026, 3, 3, 9),
            expected_version=task_version(task_id),
        )
        dossier = fresh(dossier_id)
        assert dossier.state is DossierState.RESULT_READY and dossier.outcome == "denied"
        sent = _messages(dossier_id)[before:]
        assert {m.channel for m in sent} == {"email", "sms"}
        email = next(m for m in sent if m.channel == "email")
        sms = next(m for m in sent if m.channel == "sms")
        assert "từ chối giải quyết" in email.subject and reason in email.body
        assert "Mot ben dang co vo" in sms.body
        assert not any("sớm" in m.body or "som hon" in m.body for m in sent)
        answer = _printed("thong-bao-tu-choi", dossier_id, "reception.px_quynhon")
        assert reason in answer and "không giải quyết" in answer
        public = [entry.action for entry in dossier_timeline(db.session, dossier_id, PUBLIC_LOOKUP)]
        assert "Từ chối giải quyết, có văn bản trả lời nêu lý do" in public
