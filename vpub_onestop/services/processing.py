"""Agency work on a step: assign, attach working files, propose, approve, send back, deny."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import object_session

from vpub_onestop import clock
from vpub_onestop.access.loading import load_task, task_facts
from vpub_onestop.domain import formatting
from vpub_onestop.domain.dossier_clock import step_may_finish
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.permissions import Actor, task_relations
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.visibility import FileKind
from vpub_onestop.models import DossierFile, StepTask, User
from vpub_onestop.services import notify
from vpub_onestop.services.files import store_file
from vpub_onestop.services.results import release_result
from vpub_onestop.services.routing import advance_after_step, close_task, end_route_denied
from vpub_onestop.services.transition import fire_on_task, write_event
from vpub_onestop.services.uow import unit_of_work


def assign_task(
    actor: Actor,
    task_id: int,
    assignee_id: int,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> StepTask:
    now = now or clock.now()
    with unit_of_work() as session:
        task = load_task(session, task_id, actor)
        assignee = session.get(User, assignee_id)
        if (
            assignee is None
            or assignee.agency_id != task.agency_id
            or assignee.role not in (Role.SPECIALIST.value, Role.LEADER.value)
            or not assignee.enabled
        ):
            raise ValidationError(
                N_("Người được phân công phải là chuyên viên hoặc lãnh đạo của cơ quan xử lý."),
                {"assignee_id": N_("Chọn một cán bộ của cơ quan.")},
            )
        if task.arrived_at is not None and now < task.arrived_at:
            # Paper dispatched after the cut-off reaches the agency next morning.
            raise ValidationError(
                N_(
                    "Hồ sơ giấy sẽ được chuyển đến cơ quan lúc %(at)s; "
                    "chưa thể phân công trước thời điểm đó.",
                    at=formatting.moment(task.arrived_at),
                )
            )
        trigger = "reassign" if task.assignee_id else "assign"
        fire_on_task(
            session,
            task,
            trigger,
            actor,
            now,
            data={"assignee_id": assignee_id, "assignee_name": assignee.full_name},
            expected_version=expected_version,
        )
        task.assignee_id = assignee_id
        task.assigned_at = now
        return task


def propose_result(
    actor: Actor,
    task_id: int,
    note: str,
    *,
    result_file: tuple[str, bytes] | None = None,
    expected_version: int | None,
    now: datetime | None = None,
) -> StepTask:
    """The specialist submits the draft for approval, with the draft document (name,
    content) stored as the step's draft file in the same transaction. It becomes the
    dossier's result only when a leader approves a result step (services.results)."""
    now = now or clock.now()
    if not note.strip():
        raise ValidationError(N_("Vui lòng ghi kết quả đề xuất."), {"note": N_("Bắt buộc.")})
    with unit_of_work() as session:
        task = load_task(session, task_id, actor)
        _require_dossier_processing(task)
        event = fire_on_task(
            session,
            task,
            "propose",
            actor,
            now,
            note=note,
            expected_version=expected_version,
            write=False,
        )
        task.result_note = note
        if result_file is not None:
            filename, content = result_file
            # The event is written after this, once, naming the file (append-only trail).
            stored = _store_step_file(
                task, actor, filename, content, now, FileKind.DRAFT, "result_file"
            )
            event.data = {**event.data, "result_file": stored.original_name}
        write_event(session, event, task)
        return task


def attach_working_file(
    actor: Actor,
    task_id: int,
    filename: str,
    content: bytes,
    *,
    now: datetime | None = None,
) -> DossierFile:
    """A file the agency keeps with its step while working on it (minutes of a site visit,
    a verification reply...), by the step's leader or assignee while the step is at the
    agency. It is not the result and never reaches the applicant or another agency."""
    now = now or clock.now()
    with unit_of_work() as session:
        task = load_task(session, task_id, actor)
        if not task_relations(actor, task_facts(task)) or not task.state.is_active:
            raise ValidationError(
                N_(
                    "Chỉ lãnh đạo hoặc chuyên viên được giao bước này mới đính kèm tài liệu, "
                    "khi bước đang được xử lý."
                )
            )
        if task.arrived_at is not None and now < task.arrived_at:
            raise ValidationError(N_("Hồ sơ chưa đến cơ quan: chưa thể đính kèm tài liệu."))
        return _store_step_file(
            task, actor, filename, content, now, FileKind.WORKING, "working_file"
        )


def _store_step_file(
    task: StepTask,
    actor: Actor,
    filename: str,
    content: bytes,
    now: datetime,
    kind: FileKind,
    field: str,
) -> DossierFile:
    """A file that belongs to the step (its draft or a working file): kept with the task so
    the visibility rule can tell whose it is, in the dossier's current supplement round."""
    session = object_session(task)
    assert session is not None
    return store_file(
        session,
        task.dossier,
        filename,
        content,
        now=now,
        uploaded_by_id=actor.user_id,
        kind=kind.value,
        task_id=task.id,
        round_number=task.dossier.supplement_requests,
        field=field,
    )


def approve_step(
    actor: Actor,
    task_id: int,
    *,
    note: str | None = None,
    expected_version: int | None,
    now: datetime | None = None,
) -> StepTask:
    now = now or clock.now()
    with unit_of_work() as session:
        task = load_task(session, task_id, actor)
        _require_dossier_processing(task)
        event = fire_on_task(
            session,
            task,
            "approve",
            actor,
            now,
            note=note,
            expected_version=expected_version,
            write=False,
        )
        release_result(session, task, event, now)
        write_event(session, event, task)
        close_task(task, now)
        dossier = task.dossier
        advance_after_step(session, dossier, now)
        if dossier.state is DossierState.RESULT_READY:
            notify.dossier_message(session, dossier, "result_ready", now)
        return task


def send_back_step(
    actor: Actor,
    task_id: int,
    note: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> StepTask:
    now = now or clock.now()
    with unit_of_work() as session:
        task = load_task(session, task_id, actor)
        fire_on_task(
            session, task, "send_back", actor, now, note=note, expected_version=expected_version
        )
        return task


def deny_step(
    actor: Actor,
    task_id: int,
    reason: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> StepTask:
    """A reasoned refusal to grant: the route ends and the dossier goes to result_ready
    with a negative result that the one-stop unit returns."""
    now = now or clock.now()
    with unit_of_work() as session:
        task = load_task(session, task_id, actor)
        _require_dossier_processing(task)
        fire_on_task(
            session, task, "deny", actor, now, note=reason, expected_version=expected_version
        )
        close_task(task, now)
        end_route_denied(session, task.dossier, now, actor, reason)
        # The applicant gets a written answer with the reasons (email, SMS, printable
        # notice), never the "ready early" message of an approved result.
        notify.dossier_message(session, task.dossier, "denied", now, reason=reason)
        return task


def _require_dossier_processing(task: StepTask) -> None:
    if not step_may_finish(task.dossier.state):
        raise ValidationError(
            N_(
                "Hồ sơ đang chờ người nộp (bổ sung giấy tờ, nộp phí hoặc rút hồ sơ): "
                "chưa thể trình hoặc kết thúc bước xử lý."
            )
        )
