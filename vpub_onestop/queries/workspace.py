"""Read models of the officer's dossier page and task page, with the actions offered.

A fixed number of statements per page: the dossier with its procedure checklist, files and
route steps is loaded with eager options, the history in one query, the triggers already
fired in one more. The actions offered are decided here, in Python, by the same permission
rules the services enforce (domain.permissions), so a button is shown exactly when the
request behind it would be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from vpub_onestop.access.declaration import Declaration, declaration_of
from vpub_onestop.access.loading import dossier_facts, load_dossier, load_task, task_facts
from vpub_onestop.access.policies import policies_on
from vpub_onestop.access.visibility import viewer_for
from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.dispatch import paper_moves_at
from vpub_onestop.domain.dossier_clock import step_may_finish
from vpub_onestop.domain.permissions import (
    Actor,
    allowed_dossier_triggers,
    allowed_task_triggers,
    task_relations,
)
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.time_windows import (
    check_apology,
    check_supplement_request,
    may_stop_unsupplemented,
)
from vpub_onestop.domain.visibility import Item, Kind, Viewer, may_see
from vpub_onestop.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    Procedure,
    RequiredDocument,
    StepTask,
)
from vpub_onestop.queries.agency_queues import Thresholds, Urgency
from vpub_onestop.queries.dossier_files import StepFiles, files_seen
from vpub_onestop.queries.timeline import TimelineEntry, dossier_timeline
from vpub_onestop.slips.forms import CONTROL, applicable_keys

# What the one-stop unit does from its dossier page, in the order the buttons appear.
DESK_ACTIONS = (
    "receive",
    "return_for_completion",
    "refuse",
    "dispatch",
    "supply_supplement",
    "close_unsupplemented",
    "confirm_payment",
    "return_result",
    "request_withdrawal",
    "confirm_withdrawal",
)
TASK_ACTIONS = ("assign", "reassign", "attach", "propose", "approve", "send_back", "deny")
# Dossier-level acts an agency does from one of its tasks (through the one-stop unit).
TASK_DOSSIER_ACTIONS = ("request_supplement", "request_payment", "apologise")
# Finishing or proposing a step waits while the applicant completes the file or pays
# (domain.dossier_clock.step_may_finish).
NEEDS_RUNNING_DOSSIER = frozenset({"propose", "approve", "deny"})


@dataclass(frozen=True)
class ChecklistItem:
    document: RequiredDocument
    files: list[DossierFile]


@dataclass
class DossierView:
    dossier: Dossier
    viewer: Viewer
    checklist: list[ChecklistItem]
    other_files: list[DossierFile]
    # The released results (`<code>-KQ<n>`) and the steps' own files the viewer may see.
    released: list[DossierFile]
    step_files: list[StepFiles]
    timeline: list[TimelineEntry]
    fired: frozenset[str]
    last_missing_items: list[dict[str, Any]] = field(default_factory=list)
    actions: tuple[str, ...] = ()
    # Paper received after the cut-off, dispatched now, moves at this later moment.
    dispatch_deferred_to: datetime | None = None
    # The apology was issued after its last day (recorded and sent, flagged).
    apology_late: bool = False
    # The applicant's deadline on the Mẫu 02 of the latest supplement request.
    supplement_deadline: datetime | None = None
    # Stopping for non-supplementation is refused until the deadline has passed.
    stop_refused_until: datetime | None = None
    # The electronic declaration's answers, read with the dossier's own form version.
    declaration: Declaration | None = None

    @property
    def tasks(self) -> list[StepTask]:
        return list(self.dossier.tasks)

    @property
    def awaiting_check(self) -> bool:
        """Submitted online, not yet checked by the one-stop unit (the check screen's case)."""
        return self.dossier.state is DossierState.SUBMITTED

    @property
    def result_files(self) -> list[DossierFile]:
        """Every step document shown (released or not), for the approval card's hint."""
        return [*self.released, *(f for step in self.step_files for f in step.drafts)]

    @property
    def slip_keys(self) -> list[str]:
        """The printable forms that apply to this dossier and this viewer, in form order:
        the control slip (Mẫu 05) only for those who may read it (domain.visibility)."""
        keys = applicable_keys(self.dossier.received_at is not None, self.fired)
        control = may_see(self.viewer, Item(Kind.CONTROL_SLIP))
        return [key for key in keys if control or key != CONTROL.key]


def _eager_dossier(session: Session, dossier_id: int) -> Dossier | None:
    """Load the dossier and everything its page shows in a fixed number of queries. The
    caller keeps the returned object: the session holds loaded rows only weakly, and a
    dossier dropped here would be loaded again, piece by piece, by the page."""
    return (
        session.execute(
            select(Dossier)
            .where(Dossier.id == dossier_id)
            .options(
                joinedload(Dossier.procedure).selectinload(Procedure.documents),
                joinedload(Dossier.receiving_unit),
                selectinload(Dossier.files),
                selectinload(Dossier.tasks).options(
                    joinedload(StepTask.agency), joinedload(StepTask.assignee)
                ),
            )
        )
        .unique()
        .scalar_one_or_none()
    )


def dossier_view(
    session: Session, dossier_id: int, actor: Actor, now: datetime, cal: WorkCalendar
) -> DossierView:
    """The one-stop unit's page of a dossier (NotFound for a dossier the actor may not see)."""
    loaded = _eager_dossier(session, dossier_id)
    dossier = load_dossier(session, dossier_id, actor)
    assert dossier is loaded
    view = _build(session, dossier, viewer_for(actor, dossier))
    allowed = allowed_dossier_triggers(actor, dossier.state, dossier_facts(dossier))
    view.actions = tuple(action for action in DESK_ACTIONS if action in allowed)
    deadline = view.supplement_deadline
    stoppable = "close_unsupplemented" in view.actions
    if stoppable and deadline is not None and not may_stop_unsupplemented(deadline, now):
        view.stop_refused_until = deadline
    if "dispatch" in view.actions:
        moves_at = paper_moves_at(cal, dossier.channel, now)
        view.dispatch_deferred_to = moves_at if moves_at > now else None
    return view


def _build(session: Session, dossier: Dossier, viewer: Viewer) -> DossierView:
    seen = files_seen(viewer, dossier)
    by_document = seen.by_document
    documents = list(dossier.procedure.documents)
    known = {doc.id for doc in documents}
    others = [f for key, files in by_document.items() if key not in known for f in files]
    events = session.execute(
        select(DossierEvent.trigger, DossierEvent.data)
        .where(DossierEvent.dossier_id == dossier.id)
        .order_by(DossierEvent.at, DossierEvent.id)
    ).all()
    missing: list[dict[str, Any]] = []
    apology_late = False
    deadline: datetime | None = None
    for trigger, data in events:
        if trigger in ("return_for_completion", "request_supplement"):
            missing = list((data or {}).get("missing_items") or (data or {}).get("items") or [])
        if trigger == "request_supplement" and isinstance((data or {}).get("deadline"), str):
            deadline = datetime.fromisoformat(data["deadline"])
        if trigger == "apologise":
            apology_late = bool((data or {}).get("late"))
    return DossierView(
        dossier=dossier,
        viewer=viewer,
        checklist=[ChecklistItem(doc, by_document.get(doc.id, [])) for doc in documents],
        other_files=others,
        released=seen.released,
        step_files=seen.steps,
        timeline=dossier_timeline(session, dossier.id, viewer),
        fired=frozenset(trigger for trigger, _ in events),
        last_missing_items=missing,
        apology_late=apology_late,
        supplement_deadline=deadline,
        declaration=declaration_of(dossier, viewer),
    )


@dataclass
class TaskView:
    task: StepTask
    dossier: DossierView
    task_actions: tuple[str, ...]
    dossier_actions: tuple[str, ...]
    # Supplement rule: free until this moment, a written justification after it (or on
    # a second request).
    supplement_free_until: datetime | None = None
    supplement_needs_justification: bool = False
    # Apology rule: once; by the closing of the working day before the due date's day,
    # later only as a "late apology" (still recorded and sent).
    apology_blocked_reason: str | None = None
    apology_last_moment: datetime | None = None
    apology_would_be_late: bool = False
    # Paper dispatched after the cut-off: when it reaches the agency (no act before).
    arrives_later: datetime | None = None
    # The step's due-date badge, as the agency's list shows it (None once it is closed).
    urgency: Urgency | None = None


def task_view(
    session: Session, task_id: int, actor: Actor, now: datetime, cal: WorkCalendar
) -> TaskView:
    """An agency's page of one step (NotFound outside the agency, see load_task)."""
    dossier_id = session.scalar(select(StepTask.dossier_id).where(StepTask.id == task_id))
    loaded = _eager_dossier(session, dossier_id) if dossier_id is not None else None
    task = load_task(session, task_id, actor)
    assert task.dossier is loaded
    dossier = task.dossier
    offered = offered_on_task(actor, task, now)
    view = TaskView(
        task=task,
        dossier=_build(session, dossier, viewer_for(actor, dossier)),
        task_actions=offered[0],
        dossier_actions=offered[1],
    )
    if not _arrived(task, now):
        view.arrives_later = task.arrived_at
    if task.state.is_active:
        view.urgency = Thresholds.at(cal, now).classify(cal, task.due_at, dossier.state)
    settings = policies_on(now.astimezone(LOCAL_TZ).date()).time_rules()
    if "request_supplement" in view.dossier_actions and dossier.received_at is not None:
        check = check_supplement_request(
            cal,
            dossier.received_at,
            now,
            previous_requests=dossier.supplement_requests,
            window_days=settings.supplement_window_days,
        )
        view.supplement_free_until = check.free_until
        view.supplement_needs_justification = check.needs_justification
    if "apologise" in view.dossier_actions and dossier.due_at is not None:
        apology = check_apology(
            cal, dossier.due_at, now, already_apologised=dossier.apologised_at is not None
        )
        view.apology_last_moment = apology.last_moment
        view.apology_would_be_late = apology.late
        if not apology.allowed:
            view.apology_blocked_reason = (
                "Hồ sơ đã có văn bản xin lỗi (chỉ được xin lỗi và hẹn lại một lần)."
            )
    return view


def offered_on_task(
    actor: Actor, task: StepTask, now: datetime
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The acts the task page offers `actor` now: on the step, and on its dossier through
    the one-stop unit (none before the paper reaches the agency). The API's step acts ask
    the same (web/task_gate.py)."""
    if not _arrived(task, now):
        return (), ()
    return _task_actions(actor, task), _task_dossier_actions(actor, task)


def act_of(action: str) -> str:
    """The act a request names for an offered action: a first assignment and a
    reassignment are one form ("assign"); the service tells them apart."""
    return "assign" if action == "reassign" else action


def _arrived(task: StepTask, now: datetime) -> bool:
    """Paper dispatched after the cut-off is at the agency only from the next morning."""
    return task.arrived_at is None or task.arrived_at <= now


def _task_actions(actor: Actor, task: StepTask) -> tuple[str, ...]:
    allowed = allowed_task_triggers(actor, task.state, task_facts(task))
    may_finish = step_may_finish(task.dossier.state)
    # Whoever holds an open step may keep working files with it (no state change).
    if task.state.is_active and task_relations(actor, task_facts(task)):
        allowed = (*allowed, "attach")
    return tuple(
        action
        for action in TASK_ACTIONS
        if action in allowed and (may_finish or action not in NEEDS_RUNNING_DOSSIER)
    )


def _task_dossier_actions(actor: Actor, task: StepTask) -> tuple[str, ...]:
    """Offered from this task only to whoever holds it (its leader or its assignee) while
    the step is at the agency; the rules themselves are the dossier's permissions."""
    if not task.state.is_active or not task_relations(actor, task_facts(task)):
        return ()
    dossier = task.dossier
    allowed = allowed_dossier_triggers(actor, dossier.state, dossier_facts(dossier))
    return tuple(action for action in TASK_DOSSIER_ACTIONS if action in allowed)
