"""Dossiers brought to a given point through the services (never by writing states), at
moments set by the test clock, so the web tests start from real histories."""

from __future__ import annotations

from dataclasses import dataclass

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    dossier_version,
    draft_with_documents,
    procedure_id,
    submit_draft,
    task_version,
    unit_id,
)
from tests.web.officer.conftest import Clock, fresh
from vpub_onestop.domain.status import TaskState
from vpub_onestop.models import StepTask
from vpub_onestop.services import processing, reception

# Demo inter-agency procedures: the commune registers the birth, then police (residence)
# and social insurance (health card) work in parallel; land: vpdkdd -> thue -> vpdkdd.
PARALLEL = "LT.KS-TT-BHYT"
SEQUENTIAL = "1.012781"
SIMPLE = "1.000894"  # marriage registration at the commune, 5 working days
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Built:
    dossier_id: int

    def tasks(self) -> list[StepTask]:
        return list(fresh(self.dossier_id).tasks)

    def task(self, agency_key: str, stage: int | None = None) -> StepTask:
        return next(
            t
            for t in self.tasks()
            if t.agency.key == agency_key and (stage is None or t.stage == stage)
        )

    @property
    def version(self) -> int:
        return fresh(self.dossier_id).version


def submitted_online(clock: Clock, code: str = SIMPLE, unit: str = "px_quynhon") -> Built:
    owner = actor("citizen1")
    draft = draft_with_documents(owner, procedure_id(code), unit_id(unit), APPLICANT, now=clock.now)
    submit_draft(owner, draft, now=clock.now)
    return Built(draft)


def received_at_counter(
    clock: Clock, code: str = SIMPLE, desk: str = "reception.px_quynhon"
) -> Built:
    dossier = counter_receipt(actor(desk), procedure_id(code), APPLICANT, now=clock.now)
    return Built(dossier.id)


def dispatched(clock: Clock, code: str = SIMPLE, desk: str = "reception.px_quynhon") -> Built:
    built = received_at_counter(clock, code, desk)
    reception.dispatch_dossier(
        actor(desk),
        built.dossier_id,
        now=clock.advance(minutes=5),
        expected_version=dossier_version(built.dossier_id),
    )
    return built


def _after_arrival(clock: Clock, task: StepTask) -> None:
    """Paper dispatched after 15:00 reaches the agency next morning: wait until then."""
    if task.arrived_at is not None and task.arrived_at > clock.now:
        clock.set(task.arrived_at)


def work_step(
    clock: Clock, task: StepTask, agency_key: str, *, until: TaskState = TaskState.DONE
) -> None:
    """Assign, propose and approve one step (stopping at `until`)."""
    leader, specialist = actor(f"leader.{agency_key}"), actor(f"specialist.{agency_key}")
    _after_arrival(clock, task)
    processing.assign_task(
        leader,
        task.id,
        specialist.user_id or 0,
        now=clock.advance(minutes=10),
        expected_version=task_version(task.id),
    )
    if until is TaskState.IN_PROGRESS:
        return
    processing.propose_result(
        specialist,
        task.id,
        "Đủ điều kiện.",
        result_file=(f"du-thao-{agency_key}.pdf", PDF),  # the page requires the draft
        now=clock.advance(minutes=30),
        expected_version=task_version(task.id),
    )
    if until is TaskState.AWAITING_APPROVAL:
        return
    processing.approve_step(
        leader, task.id, now=clock.advance(minutes=20), expected_version=task_version(task.id)
    )


def parallel_stage(clock: Clock) -> Built:
    """LT.KS-TT-BHYT received and dispatched at the commune; the commune's own step done,
    so the police and social-insurance steps are both pending."""
    built = dispatched(clock, PARALLEL)
    work_step(clock, built.task("px_quynhon"), "px_quynhon")
    return built


def result_ready(clock: Clock, code: str = SIMPLE) -> Built:
    built = dispatched(clock, code)
    work_step(clock, built.tasks()[0], "px_quynhon")
    return built
