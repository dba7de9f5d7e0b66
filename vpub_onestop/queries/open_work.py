"""An agency's (or an officer's) open steps counted in one pass: the tabs' counts, the
urgency cards and each officer's load, as the task list shows them side by side.

They used to be three statements, each walking the same open steps of the agency in the
open-steps index: at the busiest agency of a million dossiers 17,784 + 8,788 + 12,766
index entries and 12,847 buffers per page, now 17,784 entries and 6,331 buffers once
(bench/PROFILE.md, "Fifth round: task list tail"). Each figure keeps its own rule: the
urgency buckets are `agency_queues.due_bucket` (the row badges' thresholds), the load is
`workload.IN_HAND` with the same overdue bucket.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, TaskState
from vpub_onestop.domain.task_scope import TaskScope
from vpub_onestop.models import StepTask
from vpub_onestop.queries.agency_queues import (
    COUNTED_URGENCIES,
    Thresholds,
    Urgency,
    due_bucket,
    scoped,
)
from vpub_onestop.queries.workload import IN_HAND, Load

OVERDUE_AT = COUNTED_URGENCIES.index(Urgency.OVERDUE)


@dataclass(frozen=True)
class OpenWork:
    """`states`: steps per state (the states not asked count 0); `urgency`: the scope's
    steps in its working states per badge, clock running; `in_hand`: per officer, his
    steps in hand and how many of them are overdue (queries.workload)."""

    states: dict[TaskState, int]
    urgency: dict[Urgency, int]
    in_hand: dict[int, Load]


def open_work(
    session: Session,
    *,
    cal: WorkCalendar,
    now: datetime,
    scope: TaskScope,
    states: Iterable[TaskState] = ACTIVE_TASK_STATES,
) -> OpenWork:
    """The scope's steps that have reached it by `now`, in `states` and in its working
    states, grouped by state and assignee: one index-only scan of the open-steps index
    (its entries carry every column tested here)."""
    limits = Thresholds.at(cal, now)
    running = StepTask.clock_running.is_(True)
    asked = set(states) | set(scope.working_states)
    stmt = (
        select(
            StepTask.state,
            StepTask.assignee_id,
            func.count(),
            *(
                func.count().filter(and_(running, due_bucket(limits, key)))
                for key in COUNTED_URGENCIES
            ),
        )
        .where(state_is(StepTask.state, *asked, indexed=ACTIVE_TASK_STATES))
        .group_by(StepTask.state, StepTask.assignee_id)
    )
    per_state = dict.fromkeys(TaskState, 0)
    urgency = dict.fromkeys(COUNTED_URGENCIES, 0)
    in_hand: dict[int, Load] = {}
    for state, assignee_id, count, *buckets in session.execute(scoped(stmt, scope, now)):
        per_state[state] += count
        if state in scope.working_states:
            for key, found in zip(COUNTED_URGENCIES, buckets, strict=True):
                urgency[key] += found
        if state in IN_HAND and assignee_id is not None:
            held, late = in_hand.get(assignee_id, (0, 0))
            in_hand[assignee_id] = (held + count, late + buckets[OVERDUE_AT])
    wanted = set(states)
    return OpenWork(
        {state: n if state in wanted else 0 for state, n in per_state.items()},
        urgency,
        in_hand,
    )


def urgency_counts(
    session: Session, *, cal: WorkCalendar, now: datetime, scope: TaskScope
) -> dict[Urgency, int]:
    """The scope's steps in its working states (domain.task_scope) that are overdue / due
    today / due within one working day, against the row badges' thresholds. Steps of a
    dossier whose clock is stopped are left out, as the dashboard and the sweep leave them
    out: the step's copy of its dossier's clock says so (services/step_clock.py)."""
    return open_work(session, cal=cal, now=now, scope=scope, states=()).urgency
