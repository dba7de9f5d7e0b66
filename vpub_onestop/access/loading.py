"""Load a dossier or a task for an actor, with the facts the permission rules need.

A record the actor may not see answers NotFound, never PermissionDenied: a citizen must not
learn that another's dossier exists, nor an agency that another agency has a step.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.interfaces import ORMOption

from vpub_onestop.domain.errors import N_, NotFound
from vpub_onestop.domain.permissions import (
    Actor,
    DossierFacts,
    TaskFacts,
    may_view_dossier,
    step_reached_agency,
)
from vpub_onestop.domain.task_scope import may_open_task
from vpub_onestop.models import Dossier, DossierEvent, Procedure, StepTask

# Each of these asks the applicant for documents: what comes back is a new round of files.
ROUND_TRIGGERS = ("return_for_completion", "request_supplement")

# What a use case reads of the dossier, fetched with it in one statement instead of a lazy
# load per relation (bench/PROFILE.md). Joined collections multiply rows, so a set joins
# at most one collection besides the tasks, which a dossier has none of before receipt.
FOR_ACTING: tuple[ORMOption, ...] = (
    joinedload(Dossier.tasks),
    joinedload(Dossier.procedure),
    joinedload(Dossier.receiving_unit),
)
# Online submission: the checklist (documents) and the unit whose code starts the code.
FOR_SUBMISSION: tuple[ORMOption, ...] = (
    *FOR_ACTING,
    joinedload(Dossier.procedure).joinedload(Procedure.documents),
)
# Receipt: the time limit (procedure) and the route to plan (steps).
FOR_RECEIPT: tuple[ORMOption, ...] = (
    *FOR_ACTING,
    joinedload(Dossier.procedure).joinedload(Procedure.steps),
)


def dossier_facts(dossier: Dossier, *, for_viewing: bool = False) -> DossierFacts:
    """Facts the permission rules need. Acting counts the active tasks; viewing counts every
    task that has reached its agency (a step still waiting shows its agency nothing)."""
    tasks = (
        [t for t in dossier.tasks if reached_agency(t)]
        if for_viewing
        else [t for t in dossier.tasks if t.state.is_active]
    )
    return DossierFacts(
        owner_user_id=dossier.owner_user_id,
        receiving_unit_id=dossier.receiving_unit_id,
        active_task_agency_ids=frozenset(t.agency_id for t in tasks),
        active_task_assignee_ids=frozenset(t.assignee_id for t in tasks if t.assignee_id),
    )


def reached_agency(task: StepTask) -> bool:
    return step_reached_agency(task.state, arrival_recorded=task.arrived_at is not None)


def task_facts(task: StepTask) -> TaskFacts:
    return TaskFacts(
        agency_id=task.agency_id,
        assignee_id=task.assignee_id,
        receiving_unit_id=task.dossier.receiving_unit_id,
        reached_agency=reached_agency(task),
    )


def load_dossier(
    session: Session, dossier_id: int, actor: Actor, *, load: Sequence[ORMOption] = ()
) -> Dossier:
    """The dossier, for an actor who may see it (NotFound otherwise); `load` names the
    relations the use case reads (FOR_SUBMISSION, FOR_RECEIPT...)."""
    dossier = session.get(Dossier, dossier_id, options=load)
    if dossier is None:
        raise NotFound(N_("Không tìm thấy hồ sơ."))
    if not actor.is_system and not may_view_dossier(
        actor, dossier_facts(dossier, for_viewing=True)
    ):
        raise NotFound(N_("Không tìm thấy hồ sơ."))
    return dossier


def load_task(session: Session, task_id: int, actor: Actor) -> StepTask:
    """The task for an actor who may see it. An agency sees only its own steps: the police
    never open the social-insurance step of the same inter-agency dossier (NotFound)."""
    task = session.get(StepTask, task_id)
    if task is None:
        raise NotFound(N_("Không tìm thấy nhiệm vụ xử lý."))
    load_dossier(session, task.dossier_id, actor)  # NotFound when the actor may not see it
    if not may_open_task(actor, task_facts(task)):
        raise NotFound(N_("Không tìm thấy nhiệm vụ xử lý."))
    return task


def supplement_round(session: Session, dossier_id: int) -> int:
    """Files brought for the n-th request (supplement or completion) form round n; the
    original submission is round 0, so the history keeps every version."""
    count = session.scalar(
        select(func.count())
        .select_from(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id, DossierEvent.trigger.in_(ROUND_TRIGGERS))
    )
    return int(count or 0)
