"""Inter-agency routing: plan step due dates at receipt, start stages, finish the route.

Steps of one stage run in parallel; the next stage is planned from the latest planned end
of the previous one (docs/domain.md#route-budgets). A late step never moves later steps' due dates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.deadlines import TimeLimit, compute_due
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import TaskState
from vpub_onestop.domain.timeliness import classify
from vpub_onestop.models import Dossier, RouteStep, StepTask
from vpub_onestop.services.transition import SYSTEM, fire_on_dossier, fire_on_task


def step_limit(step: RouteStep) -> TimeLimit:
    return TimeLimit.parse(step.budget_text)


def plan_route(session: Session, dossier: Dossier, cal: WorkCalendar, start: datetime) -> None:
    """Create one waiting task per route step with its planned start and due moment."""
    stages: dict[int, list[RouteStep]] = defaultdict(list)
    for step in dossier.procedure.steps:
        stages[step.stage].append(step)
    rows: list[dict[str, Any]] = []
    stage_start = start
    for stage in sorted(stages):
        stage_end = stage_start
        for step in stages[stage]:
            due = compute_due(cal, stage_start, step_limit(step)).due
            rows.append(
                {
                    **_NEW_TASK,
                    "dossier_id": dossier.id,
                    "route_step_id": step.id,
                    "stage": stage,
                    "agency_id": step.agency_id or dossier.receiving_unit_id,
                    "name": step.task_name or dossier.procedure.name,
                    "needs_approval": step.needs_approval,
                    "planned_start_at": stage_start,
                    "due_at": due,
                    "original_due_at": due,
                    "clock_running": clock_runs(dossier.state),  # services/step_clock.py
                    "data": {},
                }
            )
            stage_end = max(stage_end, due)
        stage_start = stage_end
    _insert_tasks(session, dossier, rows)


# Every column of a new step but those plan_route fills: the row and the object carry the
# same values, so the object needs no read after its INSERT.
_NEW_TASK: dict[str, Any] = {
    "state": TaskState.WAITING,
    "assignee_id": None,
    "arrived_at": None,
    "assigned_at": None,
    "finished_at": None,
    "timeliness": None,
    "result_note": None,
    "deadline_flag": None,
    "version": 1,
}
_TASKS = cast(Table, StepTask.__table__)
_INSERT_TASKS = insert(_TASKS).returning(_TASKS.c.id, sort_by_parameter_order=True)


def _insert_tasks(session: Session, dossier: Dossier, rows: list[dict[str, Any]]) -> None:
    """The steps in one plain INSERT … RETURNING id instead of the ORM's unit of work (a
    receipt's largest cost: bench/PROFILE.md, "Fifth round"), then handed to the session
    as loaded objects: the counter's hand-over and the summary read them in the same
    transaction, and a later change to one is an ordinary versioned UPDATE."""
    if not rows:
        return
    # No autoflush: the dossier's own changes leave in one UPDATE at the commit.
    with session.no_autoflush:
        ids = session.scalars(_INSERT_TASKS, rows).all()
    tasks = []
    for task_id, row in zip(ids, rows, strict=True):
        task = StepTask(id=task_id, **row)
        make_transient_to_detached(task)
        session.add(task)
        set_committed_value(task, "dossier", dossier)
        tasks.append(task)
    set_committed_value(dossier, "tasks", [*dossier.tasks, *tasks])


def replan_open_tasks(cal: WorkCalendar, dossier: Dossier, start: datetime) -> None:
    """`restart` clock: the route's unfinished steps are planned again from `start` with
    their cumulative budgets, stage by stage."""
    stage_start = start
    for stage in sorted({t.stage for t in dossier.tasks}):
        tasks = [t for t in dossier.tasks if t.stage == stage and not t.state.is_finished]
        if not tasks:
            continue
        stage_end = stage_start
        for task in tasks:
            task.planned_start_at = stage_start
            task.due_at = compute_due(cal, stage_start, step_limit(task.route_step)).due
            stage_end = max(stage_end, task.due_at)
        stage_start = stage_end


def start_stage(session: Session, dossier: Dossier, stage: int, now: datetime) -> None:
    for task in dossier.tasks:
        if task.stage == stage and task.state is TaskState.WAITING:
            fire_on_task(session, task, "arrive", SYSTEM, now)
            task.arrived_at = now


def first_stage(dossier: Dossier) -> int:
    return min(t.stage for t in dossier.tasks)


def close_task(task: StepTask, now: datetime) -> None:
    task.finished_at = now
    if task.due_at is not None:
        task.timeliness = classify(now, task.due_at).value


def advance_after_step(session: Session, dossier: Dossier, now: datetime) -> None:
    """After a step is approved: start the next stage when the whole stage is done, or
    finish the dossier when it was the last stage."""
    open_in_route = [t for t in dossier.tasks if not t.state.is_finished]
    if not open_in_route:
        finish_dossier(session, dossier, now, outcome="approved")
        return
    current = min(t.stage for t in open_in_route)
    stage_tasks = [t for t in open_in_route if t.stage == current]
    if all(t.state is TaskState.WAITING for t in stage_tasks):
        start_stage(session, dossier, current, now)


def end_route_denied(
    session: Session, dossier: Dossier, now: datetime, actor: Actor, reason: str
) -> None:
    """A reasoned denial ends the route with a negative result: the other steps stop. The
    reasons ride on the dossier's own event: they are the answer the applicant reads."""
    cancel_open_tasks(session, dossier, now)
    finish_dossier(
        session,
        dossier,
        now,
        outcome="denied",
        data={"denied_by": actor.user_id, "reason": reason},
    )


def cancel_open_tasks(session: Session, dossier: Dossier, now: datetime) -> None:
    for task in dossier.tasks:
        if not task.state.is_finished:
            fire_on_task(session, task, "cancel", SYSTEM, now)
            task.finished_at = now


def finish_dossier(
    session: Session,
    dossier: Dossier,
    now: datetime,
    *,
    outcome: str,
    data: dict[str, object] | None = None,
) -> None:
    fire_on_dossier(
        session, dossier, "finish", SYSTEM, now, data={"outcome": outcome, **(data or {})}
    )
    dossier.finished_at = now
    dossier.outcome = outcome
    if dossier.due_at is not None:
        dossier.timeliness = classify(now, dossier.due_at).value
