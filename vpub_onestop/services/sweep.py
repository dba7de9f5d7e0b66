"""The deadline sweep (`flask --app wsgi sweep`): flags dossiers and steps that are due soon
(within one working day) or overdue, and tells the people concerned through the outbox,
once per threshold.

* A dossier's flag goes to the unit heads of its receiving unit; a step's flag to the
  officer assigned to it or, while nobody is, to the leaders of its agency.
* "Once": the flag records the last threshold announced, and every message carries a unique
  dedupe_key naming the item, the threshold, the due moment and the recipient, so a second
  run (or two overlapping runs) sends nothing twice. A due moment that moves later
  (supplementation) clears the flag: the new deadline gets its own announcements.
* A recipient without an e-mail address is skipped; the flag is set all the same.
* The flag is a monitoring mark, not a change of the dossier: it is written with a bulk
  UPDATE that leaves the version alone, so an officer's open page does not turn stale.
* It also deletes the API's expired idempotency keys (docs/api.md#idempotency): a reused
  key replaces its expired row, but most keys are never reused and would stay for ever.
* Each run leaves a `SweepRun` row (its duration, the items flagged overdue after it): the
  sweep runs from cron in a process of its own, and /metrics reads the last row.
* Set-based, so a backlog of tens of thousands takes seconds (bench/PROFILE.md): one
  UPDATE ... RETURNING per table flags the items and hands back what the messages need; the
  messages (services/sweep_notices.py) are written in batches of plain rows with INSERT ...
  ON CONFLICT (dedupe_key) DO NOTHING, never one ORM object each.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.access.state_sql import clock_running
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.status import ACTIVE_TASK_STATES
from vpub_onestop.models import (
    Agency,
    Dossier,
    IdempotencyKey,
    Procedure,
    StepTask,
    SweepRun,
)
from vpub_onestop.queries.stats_scope import moments
from vpub_onestop.services.agency_merge_schedule import run_due_merges
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.summary_months import close_finished_months
from vpub_onestop.services.sweep_notices import DUE_SOON, OVERDUE, SweepItem, notify
from vpub_onestop.services.uow import unit_of_work


@dataclass(frozen=True)
class SweepResult:
    dossiers_due_soon: int
    dossiers_overdue: int
    tasks_due_soon: int
    tasks_overdue: int
    messages: int
    expired_keys: int = 0


def run_sweep(now: datetime | None = None) -> SweepResult:
    started = time.perf_counter()  # a duration, not a moment: the app's clock is not for it
    now = now or clock.now()
    soon = moments(load_work_calendar(), now).soon
    with unit_of_work() as session:
        _clear_moved_flags(session, now, soon)
        dossiers = _flag_dossiers(session, now, soon)
        tasks = _flag_tasks(session, now, soon)
        messages = notify(session, [*dossiers, *tasks], now)
        expired_keys = _forget_expired_keys(session, now)
    _record_run(started, now, messages)
    # The sweep is the app's schedule (worker or cron): a month just over is closed for the
    # reports here (docs/architecture.md#reporting-read-model).
    close_finished_months()
    # And a merger confirmed ahead of its effective day is carried out on that day
    # (docs/domain.md#scheduled-merge).
    run_due_merges(now.astimezone(LOCAL_TZ).date())
    return SweepResult(
        dossiers_due_soon=sum(i.flag == DUE_SOON for i in dossiers),
        dossiers_overdue=sum(i.flag == OVERDUE for i in dossiers),
        tasks_due_soon=sum(i.flag == DUE_SOON for i in tasks),
        tasks_overdue=sum(i.flag == OVERDUE for i in tasks),
        messages=messages,
        expired_keys=expired_keys,
    )


def _forget_expired_keys(session: Session, now: datetime) -> int:
    """Delete the idempotency keys that no longer answer a repeat (services.api_submission
    replays only a key whose expires_at lies after now), read on their expires_at index."""
    removed = session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= now))
    return int(getattr(removed, "rowcount", 0) or 0)


def _record_run(started: float, now: datetime, messages: int) -> None:
    """The run's row for /metrics: how long it took (delivery after its commit included)
    and how many running items stand flagged overdue now (a finished one keeps the last
    flag it was announced at, but is no longer overdue work): counted on the open-item
    indexes, never over every dossier the province ever had."""
    with unit_of_work(send_outbox=False) as session:
        overdue = {
            model: session.scalar(
                select(func.count())
                .select_from(model)
                .where(_running(model), model.due_at < now, model.deadline_flag == OVERDUE)
            )
            or 0
            for model in (Dossier, StepTask)
        }
        session.add(
            SweepRun(
                duration_ms=round((time.perf_counter() - started) * 1000),
                dossiers_overdue=overdue[Dossier],
                tasks_overdue=overdue[StepTask],
                messages=messages,
            )
        )


def _needs_flag(model: Any, now: datetime, soon: datetime) -> Any:
    """Due within the threshold and not yet announced at this threshold."""
    return and_(
        model.due_at <= soon,
        or_(
            model.deadline_flag.is_(None),
            and_(model.deadline_flag == DUE_SOON, model.due_at < now),
        ),
    )


def _new_flag(model: Any, now: datetime) -> Any:
    return case((model.due_at < now, OVERDUE), else_=DUE_SOON)


def _running(model: Any) -> Any:
    """The dossiers whose clock runs, the open steps of such dossiers (the step's copy of
    its dossier's clock, services/step_clock.py): the only items the sweep flags. Written
    so that the open-item indexes serve: (state, due_at) on dossiers; the open-steps
    (agency, state, due_at, …, clock_running) index on steps, every agency listed."""
    if model is Dossier:
        return clock_running()
    return and_(
        StepTask.agency_id.in_(select(Agency.id).scalar_subquery()),
        StepTask.state.in_(ACTIVE_TASK_STATES),
        StepTask.clock_running.is_(True),
    )


def _clear_moved_flags(session: Session, now: datetime, soon: datetime) -> None:
    """A due moment that moved later (an apology, a completed file) clears the flag. Due
    moments move only while an item is open, and only running items are flagged again, so
    the running items are the ones read (the indexes above), not every row ever flagged."""
    for model in (Dossier, StepTask):
        moved = or_(
            and_(model.deadline_flag == OVERDUE, model.due_at >= now),
            and_(model.deadline_flag == DUE_SOON, model.due_at > soon),
        )
        session.execute(
            update(model)
            .where(_running(model), model.due_at >= now, moved)
            .values(deadline_flag=None),
            execution_options={"synchronize_session": False},
        )


def _flag_dossiers(session: Session, now: datetime, soon: datetime) -> list[SweepItem]:
    """Flag in one statement; it returns what the messages say. (SQLite's RETURNING may
    not name another table, hence the procedure's name as a correlated subquery.)"""
    procedure_name = (
        select(Procedure.name).where(Procedure.id == Dossier.procedure_id).scalar_subquery()
    )
    rows = session.execute(
        update(Dossier)
        .where(_running(Dossier), _needs_flag(Dossier, now, soon))
        .values(deadline_flag=_new_flag(Dossier, now))
        .returning(
            Dossier.id,
            Dossier.deadline_flag,
            Dossier.due_at,
            Dossier.code,
            procedure_name,
            Dossier.receiving_unit_id,
        ),
        execution_options={"synchronize_session": False},
    )
    return [
        SweepItem("dossier", i, flag, due, code or "", name, ("unit_head", unit))
        for i, flag, due, code, name, unit in rows
    ]


def _flag_tasks(session: Session, now: datetime, soon: datetime) -> list[SweepItem]:
    dossier = select(Dossier.code).where(Dossier.id == StepTask.dossier_id)
    rows = session.execute(
        update(StepTask)
        # The step's copy of its dossier's clock: no probe of the dossier per open step.
        .where(_running(StepTask), _needs_flag(StepTask, now, soon))
        .values(deadline_flag=_new_flag(StepTask, now))
        .returning(
            StepTask.id,
            StepTask.deadline_flag,
            StepTask.due_at,
            dossier.scalar_subquery(),
            StepTask.name,
            StepTask.assignee_id,
            StepTask.agency_id,
        ),
        execution_options={"synchronize_session": False},
    )
    return [
        SweepItem(
            "task",
            i,
            flag,
            due,
            code or "",
            name,
            ("user", assignee) if assignee else ("leader", agency),
        )
        for i, flag, due, code, name, assignee, agency in rows
    ]
