"""Supplementation clock, the 3-working-day rule, apology rules, withdrawal, visibility."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.services.support import (
    APPLICANT,
    actor,
    as_local,
    counter_receipt,
    dossier_version,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    submit_draft,
    task_version,
    triggers,
    unit_id,
)
from vpub_onestop.domain.errors import NotFound, ValidationError
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import DossierEvent
from vpub_onestop.services import closing, processing, reception, supplements


def _in_progress_land_dossier(received_hour: int = 9) -> int:
    """1.012781 (10 WD) received Mon 2/3/2026, dispatched and assigned to a specialist."""
    desk = actor("reception.ttpvhcc")
    dossier_id = counter_receipt(
        desk, procedure_id("1.012781"), APPLICANT, now=local(2026, 3, 2, received_hour)
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
    return dossier_id


def _supplement_round(dossier_id: int) -> None:
    supplements.request_supplement(
        actor("specialist.vpdkdd"),
        dossier_id,
        "Thiếu bản vẽ ranh giới thửa đất.",
        now=local(2026, 3, 4, 9),
        expected_version=dossier_version(dossier_id),
    )
    assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED
    supplements.supply_supplement(
        actor("reception.ttpvhcc"),
        dossier_id,
        now=local(2026, 3, 10, 9),
        expected_version=dossier_version(dossier_id),
    )


def test_restart_policy_counts_the_whole_limit_again(app: Flask) -> None:
    with app.app_context():
        app.config["POLICY_SUPPLEMENT_CLOCK"] = "restart"
        dossier_id = _in_progress_land_dossier()
        assert as_local(fresh(dossier_id).due_at) == local(2026, 3, 16, 9)
        _supplement_round(dossier_id)
        dossier = fresh(dossier_id)
        assert dossier.state is DossierState.PROCESSING
        assert as_local(dossier.due_at) == local(2026, 3, 24, 9)
        assert as_local(dossier.original_due_at) == local(2026, 3, 16, 9)
        assert dossier.code is not None and dossier.code.endswith("-0001")


def test_pause_policy_resumes_the_remaining_time(app: Flask) -> None:
    with app.app_context():
        app.config["POLICY_SUPPLEMENT_CLOCK"] = "pause"
        dossier_id = _in_progress_land_dossier()
        _supplement_round(dossier_id)
        assert as_local(fresh(dossier_id).due_at) == local(2026, 3, 20, 9)


def test_supplement_after_three_working_days_needs_a_justification(app: Flask) -> None:
    with app.app_context():
        dossier_id = _in_progress_land_dossier()
        specialist = actor("specialist.vpdkdd")
        # Thu 5/3 09:00 is the end of the free window; Fri 6/3 is beyond it
        with pytest.raises(ValidationError) as refused:
            supplements.request_supplement(
                specialist,
                dossier_id,
                "Thiếu giấy tờ.",
                now=local(2026, 3, 6, 9),
                expected_version=dossier_version(dossier_id),
            )
        assert "3 ngày làm việc" in refused.value.message
        assert fresh(dossier_id).state is DossierState.PROCESSING

        supplements.request_supplement(
            specialist,
            dossier_id,
            "Thiếu giấy tờ.",
            justification="Kết quả đo đạc thực địa cho thấy ranh giới khác hồ sơ.",
            now=local(2026, 3, 6, 9),
            expected_version=dossier_version(dossier_id),
        )
        event = fresh(dossier_id)
        assert event.state is DossierState.SUPPLEMENT_REQUESTED
        from vpub_onestop.extensions import db

        last = (
            db.session.query(DossierEvent)
            .filter_by(dossier_id=dossier_id, trigger="request_supplement")
            .one()
        )
        assert last.data["flagged"] is True


def test_an_apology_is_given_only_once_and_moves_the_appointment_not_the_legal_due(
    app: Flask,
) -> None:
    with app.app_context():
        dossier_id = _in_progress_land_dossier()
        leader = actor("leader.vpdkdd")
        new_date = local(2026, 3, 19, 9)
        # due Mon 16/3 09:00: the last day is Fri 13/3 until 17:00, so Thu 12/3 is in time
        closing.apologise(
            leader,
            dossier_id,
            "Chờ xác minh.",
            new_date,
            now=local(2026, 3, 12, 9),
            expected_version=dossier_version(dossier_id),
        )
        dossier = fresh(dossier_id)
        assert as_local(dossier.appointment_at) == new_date
        # lateness is still rated on the legal date
        assert as_local(dossier.due_at) == local(2026, 3, 16, 9)

        with pytest.raises(ValidationError) as second:
            closing.apologise(
                leader,
                dossier_id,
                "Lần hai.",
                local(2026, 3, 20, 9),
                now=local(2026, 3, 12, 10),
                expected_version=dossier_version(dossier_id),
            )
        assert "một lần" in second.value.message
        assert triggers(dossier_id).count("apologise") == 1


def test_withdrawal_is_refused_once_the_result_is_ready(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier_id = counter_receipt(
            desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2, 9)
        ).id
        reception.dispatch_dossier(
            desk,
            dossier_id,
            now=local(2026, 3, 2, 9, 10),
            expected_version=dossier_version(dossier_id),
        )
        task = fresh(dossier_id).tasks[0]
        leader, specialist = actor("leader.px_quynhon"), actor("specialist.px_quynhon")
        processing.assign_task(
            leader,
            task.id,
            specialist.user_id or 0,
            now=local(2026, 3, 2, 9, 20),
            expected_version=task_version(task.id),
        )
        processing.propose_result(
            specialist,
            task.id,
            "Đủ điều kiện.",
            now=local(2026, 3, 2, 10),
            expected_version=task_version(task.id),
        )
        processing.approve_step(
            leader, task.id, now=local(2026, 3, 2, 10, 30), expected_version=task_version(task.id)
        )
        with pytest.raises(ValidationError) as refused:
            closing.request_withdrawal(
                desk,
                dossier_id,
                "Không cần nữa.",
                now=local(2026, 3, 2, 11),
                expected_version=dossier_version(dossier_id),
            )
        assert "đã có kết quả" in refused.value.message
        assert fresh(dossier_id).state is DossierState.RESULT_READY


def test_another_citizens_dossier_is_not_found(app: Flask) -> None:
    with app.app_context():
        owner = actor("citizen1")
        draft_id = draft_with_documents(
            owner,
            procedure_id("1.001193"),
            unit_id("px_quynhon"),
            APPLICANT,
            now=local(2026, 3, 2, 9),
        )
        submit_draft(owner, draft_id, now=local(2026, 3, 2, 9, 5))
        with pytest.raises(NotFound):
            closing.request_withdrawal(
                actor("citizen2"),
                draft_id,
                "Rút hộ.",
                now=local(2026, 3, 2, 10),
                expected_version=dossier_version(draft_id),
            )
        assert fresh(draft_id).state is DossierState.SUBMITTED


def test_paper_brought_to_the_counter_is_kept_as_a_new_round_of_scans(app: Flask) -> None:
    with app.app_context():
        dossier_id = _in_progress_land_dossier()
        supplements.request_supplement(
            actor("specialist.vpdkdd"),
            dossier_id,
            "Thiếu bản vẽ.",
            now=local(2026, 3, 4, 9),
            expected_version=dossier_version(dossier_id),
        )
        desk = actor("reception.ttpvhcc")
        pdf = b"%PDF-1.4\n% ban ve ranh gioi\n"
        supplements.supply_supplement(
            desk,
            dossier_id,
            note="Bản vẽ ranh giới",
            scans=[("bản-vẽ.pdf", pdf)],
            now=local(2026, 3, 10, 9),
            expected_version=dossier_version(dossier_id),
        )
        dossier = fresh(dossier_id)
        assert dossier.state is DossierState.PROCESSING
        assert [(f.original_name, f.round) for f in dossier.files] == [("bản-vẽ.pdf", 1)]


def test_a_wrong_scan_leaves_the_dossier_waiting_for_the_supplement(app: Flask) -> None:
    with app.app_context():
        dossier_id = _in_progress_land_dossier()
        supplements.request_supplement(
            actor("specialist.vpdkdd"),
            dossier_id,
            "Thiếu bản vẽ.",
            now=local(2026, 3, 4, 9),
            expected_version=dossier_version(dossier_id),
        )
        with pytest.raises(ValidationError) as refused:
            supplements.supply_supplement(
                actor("reception.ttpvhcc"),
                dossier_id,
                scans=[("virus.pdf", b"MZ\x90\x00")],
                now=local(2026, 3, 10, 9),
                expected_version=dossier_version(dossier_id),
            )
        assert "PDF, JPEG hoặc PNG" in refused.value.message
        dossier = fresh(dossier_id)
        assert dossier.state is DossierState.SUPPLEMENT_REQUESTED
        assert dossier.files == []
        assert triggers(dossier_id).count("supply_supplement") == 0
