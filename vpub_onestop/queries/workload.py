"""Who a leader may give a step to, with what each of them already carries: the open and
the overdue steps in his hands. A leader assigning blind gives the next file to whoever is
first in the list; with the figures beside each name he spreads the work and spares the
officer who is already late (docs/policies.md#assign-to-leaders).

One grouped COUNT over the agency's open steps (the open-steps index), not one per officer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, TaskState
from vpub_onestop.domain.task_scope import AGENCY_ROLES
from vpub_onestop.models import StepTask, User

# The states in which a step waits for its assignee (domain.task_scope: a specialist's
# working states); a proposal awaiting approval is the leader's turn, not his load.
IN_HAND = (TaskState.IN_PROGRESS,)

# An officer's load: his steps in hand, and how many of them are overdue.
Load = tuple[int, int]


@dataclass(frozen=True)
class Assignee:
    user_id: int
    name: str
    role: Role
    open_tasks: int
    overdue_tasks: int


def assignees(
    session: Session,
    agency_id: int,
    *,
    now: datetime,
    include_leaders: bool,
    loads: Mapping[int, Load] | None = None,
) -> list[Assignee]:
    """The agency's enabled specialists (and its leaders when the province lets leaders
    take steps themselves), specialists first, each with his open and overdue steps.
    Overdue counts as the officer's own badges count it (queries.agency_queues): past the
    step's due moment while the dossier's clock runs, read from the step's copy of that
    clock (services/step_clock.py: no probe of the dossier per step). `loads`: when the
    page has counted them already (queries.open_work, the task list)."""
    roles = {Role.SPECIALIST} if not include_leaders else set(AGENCY_ROLES)
    people = session.execute(
        select(User.id, User.full_name, User.role)
        .where(
            User.agency_id == agency_id,
            User.enabled.is_(True),
            User.role.in_(sorted(role.value for role in roles)),
        )
        .order_by(User.role.desc(), User.full_name)
    ).all()
    if not people:
        return []
    if loads is None:
        loads = _loads(session, agency_id, [int(uid) for uid, _name, _role in people], now)
    return [
        Assignee(int(uid), name, Role(role), *loads.get(int(uid), (0, 0)))
        for uid, name, role in people
    ]


def _loads(session: Session, agency_id: int, officers: list[int], now: datetime) -> dict[int, Load]:
    """One grouped COUNT over the officers' steps in hand at the agency."""
    late = and_(StepTask.due_at < now, StepTask.clock_running.is_(True))
    rows = session.execute(
        select(
            StepTask.assignee_id,
            func.count(),
            func.coalesce(func.sum(case((late, 1), else_=0)), 0),
        )
        .where(
            state_is(StepTask.state, *IN_HAND, indexed=ACTIVE_TASK_STATES),
            StepTask.agency_id == agency_id,
            StepTask.assignee_id.in_(officers),
        )
        .group_by(StepTask.assignee_id)
    ).all()
    return {int(uid): (int(total), int(overdue)) for uid, total, overdue in rows}
