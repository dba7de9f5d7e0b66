"""Which steps an agency officer works on, and which step pages he may open.

A leader answers for his agency: he sees every step that has arrived at it (to assign,
approve, send back). A specialist sees the steps assigned to him. A step of another agency
on the same inter-agency dossier stays closed to both, unless it was assigned to him.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpub_onestop.domain.permissions import Actor, TaskFacts
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, TaskState

AGENCY_ROLES = frozenset({Role.SPECIALIST, Role.LEADER})


@dataclass(frozen=True)
class TaskScope:
    """The filter of an officer's task list: one agency's steps, or one officer's steps.
    `working_states` are the states in which the step waits for *him* (what his urgency
    badges count): a leader acts on every active step, a specialist on the steps in
    progress (a proposal awaiting approval is the leader's turn)."""

    agency_id: int | None
    assignee_id: int | None
    working_states: tuple[TaskState, ...]


def task_scope(actor: Actor) -> TaskScope:
    if actor.role is Role.LEADER:
        # Ids start at 1: a leader attached to no agency matches no step.
        return TaskScope(actor.agency_id or 0, None, ACTIVE_TASK_STATES)
    if actor.role is Role.SPECIALIST:
        return TaskScope(None, actor.user_id or 0, (TaskState.IN_PROGRESS,))
    raise ValueError(f"no task list for the role {actor.role.value}")


def may_open_task(actor: Actor, task: TaskFacts) -> bool:
    """An agency officer opens the steps of his agency and the steps assigned to him, once
    they have reached the agency (a waiting step does not exist for him). Other roles reach
    a step through the dossier, whose visibility decides."""
    if actor.is_system or actor.role not in AGENCY_ROLES:
        return True
    if not task.reached_agency:
        return False
    same_agency = actor.agency_id is not None and actor.agency_id == task.agency_id
    mine = actor.user_id is not None and actor.user_id == task.assignee_id
    return same_agency or mine
