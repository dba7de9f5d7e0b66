"""Inter-agency routes: planned step due dates, parallel stages, denial ends the route."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

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
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.models import StepTask
from vpub_onestop.services import processing, reception


def _work(task: StepTask, leader: Actor, specialist: Actor, start: datetime) -> None:
    processing.assign_task(
        leader, task.id, specialist.user_id or 0, now=start, expected_version=task_version(task.id)
    )
    processing.propose_result(
        specialist,
        task.id,
        "Đủ điều kiện.",
        now=start.replace(minute=30),
        expected_version=task_version(task.id),
    )
    processing.approve_step(
        leader,
        task.id,
        now=start.replace(hour=start.hour + 1),
        expected_version=task_version(task.id),
    )


def _tasks(dossier_id: int) -> dict[str, StepTask]:
    return {task.agency.key: task for task in fresh(dossier_id).tasks}


def test_parallel_stage_plans_each_step_and_finishes_only_after_both(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        # Mon 2/3/2026 09:00; LT.KS-TT-BHYT: commune 1 WD, then police and social insurance
        # in parallel, 2 WD each (3 WD in all).
        received = local(2026, 3, 2, 9, 0)
        dossier_id = counter_receipt(
            desk, procedure_id("LT.KS-TT-BHYT"), APPLICANT, now=received
        ).id
        dossier = fresh(dossier_id)
        assert as_local(dossier.due_at) == local(2026, 3, 5, 9, 0)
        tasks = _tasks(dossier_id)
        assert as_local(tasks["px_quynhon"].due_at) == local(2026, 3, 3, 9, 0)
        assert as_local(tasks["congan"].due_at) == local(2026, 3, 5, 9, 0)
        assert as_local(tasks["bhxh"].due_at) == local(2026, 3, 5, 9, 0)
        assert {t.state for t in tasks.values()} == {TaskState.WAITING}

        reception.dispatch_dossier(
            desk,
            dossier_id,
            now=local(2026, 3, 2, 9, 30),
            expected_version=dossier_version(dossier_id),
        )
        assert _tasks(dossier_id)["px_quynhon"].state is TaskState.PENDING
        assert _tasks(dossier_id)["congan"].state is TaskState.WAITING

        _work(
            _tasks(dossier_id)["px_quynhon"],
            actor("leader.px_quynhon"),
            actor("specialist.px_quynhon"),
            local(2026, 3, 2, 14),
        )
        tasks = _tasks(dossier_id)
        assert tasks["px_quynhon"].state is TaskState.DONE
        assert tasks["px_quynhon"].timeliness == "early"
        assert (
            tasks["congan"].state is TaskState.PENDING and tasks["bhxh"].state is TaskState.PENDING
        )

        _work(
            tasks["congan"],
            actor("leader.congan"),
            actor("specialist.congan"),
            local(2026, 3, 4, 8),
        )
        assert (
            fresh(dossier_id).state is DossierState.PROCESSING
        )  # social insurance is not done yet

        _work(
            _tasks(dossier_id)["bhxh"],
            actor("leader.bhxh"),
            actor("specialist.bhxh"),
            local(2026, 3, 5, 14),
        )
        dossier = fresh(dossier_id)
        assert dossier.state is DossierState.RESULT_READY
        assert dossier.outcome == "approved"
        # finished on the due date itself (due 09:00, approved 15:00 the same day): on time
        assert dossier.timeliness == "on_time"
        assert _tasks(dossier_id)["bhxh"].timeliness == "on_time"
        assert _tasks(dossier_id)["congan"].timeliness == "early"


def test_sequential_stages_plan_from_the_previous_stage_end(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.ttpvhcc")
        # 1.012781: land office 5 WD, tax 3 WD, land office 2 WD = 10 WD from Mon 2/3/2026.
        dossier_id = counter_receipt(
            desk, procedure_id("1.012781"), APPLICANT, now=local(2026, 3, 2, 9)
        ).id
        tasks = sorted(fresh(dossier_id).tasks, key=lambda t: t.stage)
        assert [as_local(t.due_at) for t in tasks] == [
            local(2026, 3, 9, 9),
            local(2026, 3, 12, 9),
            local(2026, 3, 16, 9),
        ]
        assert as_local(fresh(dossier_id).due_at) == local(2026, 3, 16, 9)


def test_a_late_step_does_not_move_later_steps(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.ttpvhcc")
        dossier_id = counter_receipt(
            desk, procedure_id("1.012781"), APPLICANT, now=local(2026, 3, 2, 9)
        ).id
        reception.dispatch_dossier(
            desk,
            dossier_id,
            now=local(2026, 3, 2, 9, 30),
            expected_version=dossier_version(dossier_id),
        )
        first = sorted(fresh(dossier_id).tasks, key=lambda t: t.stage)[0]
        # the land office finishes on Wed 11/3, two days after its own due date
        _work(first, actor("leader.vpdkdd"), actor("specialist.vpdkdd"), local(2026, 3, 11, 8))
        tasks = sorted(fresh(dossier_id).tasks, key=lambda t: t.stage)
        assert tasks[0].timeliness == "late"
        assert as_local(tasks[1].due_at) == local(2026, 3, 12, 9)
        assert tasks[1].state is TaskState.PENDING


def test_a_reasoned_denial_ends_the_route_with_a_negative_result(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier_id = counter_receipt(
            desk, procedure_id("LT.KS-TT-BHYT"), APPLICANT, now=local(2026, 3, 2, 9)
        ).id
        reception.dispatch_dossier(
            desk,
            dossier_id,
            now=local(2026, 3, 2, 9, 30),
            expected_version=dossier_version(dossier_id),
        )
        _work(
            _tasks(dossier_id)["px_quynhon"],
            actor("leader.px_quynhon"),
            actor("specialist.px_quynhon"),
            local(2026, 3, 2, 14),
        )
        police = _tasks(dossier_id)["congan"]
        processing.assign_task(
            actor("leader.congan"),
            police.id,
            actor("specialist.congan").user_id or 0,
            now=local(2026, 3, 3, 8),
            expected_version=task_version(police.id),
        )
        processing.deny_step(
            actor("leader.congan"),
            police.id,
            "Địa chỉ thường trú không hợp lệ.",
            now=local(2026, 3, 3, 9),
            expected_version=task_version(police.id),
        )
        dossier = fresh(dossier_id)
        assert dossier.state is DossierState.RESULT_READY
        assert dossier.outcome == "denied"
        states = {key: task.state for key, task in _tasks(dossier_id).items()}
        assert states == {
            "px_quynhon": TaskState.DONE,
            "congan": TaskState.DENIED,
            "bhxh": TaskState.CANCELLED,
        }
