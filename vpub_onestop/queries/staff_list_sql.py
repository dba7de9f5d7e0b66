"""The statements of the officers' dossier lists (queries/staff_lists.py), and their order.

- The one-stop unit's list reads the dossiers: the open ones nearest due date first
  through (receiving_unit_id, due_at, id) over the open states, the history newest first
  through (receiving_unit_id, received_at).
- An agency's list reads its open steps, nearest step due date first, through
  (agency_id | assignee_id, due_at, id) over the open step states, joined to each step's
  dossier: a page reads about the rows it shows, however many dossiers the agency ever
  had (bench/PLANS.md, "Staff lists").

Who sees what comes from access.visibility alone (`visible_dossiers`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import aliased

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.access.visibility import visible_dossiers
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.dossier_clock import OPEN_STATES
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, DossierState, TaskState
from vpub_onestop.domain.task_scope import AGENCY_ROLES, TaskScope, task_scope
from vpub_onestop.models import Dossier, DossierEvent, Procedure, StepTask
from vpub_onestop.queries.agency_queues import Thresholds, due_bucket
from vpub_onestop.queries.paging import Order
from vpub_onestop.queries.staff_list_filters import Filters, Sort, StateFilter
from vpub_onestop.queries.stats import kind_filter
from vpub_onestop.queries.stats_scope import CHANNELS, Window, moments

_ROW_COLUMNS = (
    Dossier.id,
    Dossier.code,
    Dossier.applicant_name,
    Procedure.name.label("procedure_name"),
    Dossier.channel,
    Dossier.state,
    Dossier.received_at,
    Dossier.due_at,
)


def is_agency(actor: Actor) -> bool:
    return actor.role in AGENCY_ROLES


def list_statement(actor: Actor, filters: Filters, *, now: datetime, cal: WorkCalendar) -> Any:
    """The SELECT of the rows (without order or page); bench/PLANS.md shows its plans."""
    scope = visible_dossiers(actor)
    if scope is None:
        raise ValueError(f"no dossier list for the role {actor.role.value}")
    conditions: list[ColumnElement[bool]] = [
        scope,
        state_is(Dossier.state, *filters.state.states, indexed=_index_states(filters.state)),
        Dossier.received_at.is_not(None),
    ]
    if filters.procedure_id is not None:
        conditions.append(Dossier.procedure_id == filters.procedure_id)
    if filters.channel in CHANNELS:
        conditions.append(Dossier.channel == filters.channel)
    if is_agency(actor):
        return _agency_rows(actor, filters, now=now, cal=cal).where(*conditions)
    if filters.due is not None:
        window = Window(now=now, present=moments(cal, now))
        conditions.append(kind_filter(filters.due.dashboard_kind, window))
    if filters.holder_id is not None:
        conditions.append(Dossier.id.in_(_open_steps_of(filters.holder_id)))
    return (
        select(*_ROW_COLUMNS)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(*conditions)
    )


def _index_states(state: StateFilter) -> frozenset[DossierState]:
    """The open-state index's condition, for a filter within it (access.state_sql.state_is)."""
    return OPEN_STATES if state.states <= OPEN_STATES else frozenset()


def _open_steps_of(agency_id: int) -> Any:
    """The dossiers on which `agency_id` has an open step (the open-steps index)."""
    return select(StepTask.dossier_id).where(
        StepTask.agency_id == agency_id,
        state_is(StepTask.state, *ACTIVE_TASK_STATES, indexed=ACTIVE_TASK_STATES),
    )


def _agency_rows(actor: Actor, filters: Filters, *, now: datetime, cal: WorkCalendar) -> Any:
    """The officer's open steps (domain.task_scope) that have reached the agency, each with
    its dossier; narrowed to the due window his badges count (the step's due date), or to
    the steps the leader sent back to him."""
    scope = task_scope(actor)
    states: tuple[TaskState, ...] = ACTIVE_TASK_STATES
    if filters.due is not None:
        states = scope.working_states
    if filters.sent_back:
        states = (TaskState.IN_PROGRESS,)
    stmt = (
        select(
            *_ROW_COLUMNS,
            StepTask.id.label("task_id"),
            StepTask.due_at.label("step_due_at"),
        )
        .select_from(StepTask)
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(
            of_scope(scope),
            state_is(StepTask.state, *states, indexed=ACTIVE_TASK_STATES),
            StepTask.arrived_at <= now,
        )
    )
    if filters.due is not None:
        # A step whose dossier's clock is stopped (the applicant completing the file) is
        # never late nor due: left out, as the task list's badges leave it out.
        stmt = stmt.where(
            StepTask.clock_running.is_(True),
            due_bucket(Thresholds.at(cal, now), filters.due.urgency),
        )
    if filters.sent_back:
        stmt = stmt.where(_sent_back())
    return stmt


def of_scope(scope: TaskScope) -> ColumnElement[bool]:
    """One agency's steps, or one officer's (domain.task_scope)."""
    if scope.agency_id is not None:
        return StepTask.agency_id == scope.agency_id
    return StepTask.assignee_id == scope.assignee_id


def _sent_back() -> ColumnElement[bool]:
    """The step in progress was sent back by the leader at least once: a step in progress
    after a send-back has not been proposed again (propose moves it to awaiting approval).
    One probe of `ix_dossier_event_task_trigger` per step (a step's events carry its id)."""
    event = aliased(DossierEvent)
    return exists().where(
        event.task_id == StepTask.id,
        event.trigger == "task.send_back",
    )


def list_order(filters: Filters, *, agency: bool) -> Order:
    """The page order: an agency's steps by their due date; the unit's open dossiers by
    due date; the unit's history by receipt, newest or oldest first."""
    if agency:
        return Order(StepTask.due_at, StepTask.id, lambda row: (row.step_due_at, row.task_id))
    sort = filters.effective_sort
    if sort is Sort.DUE:
        return Order(Dossier.due_at, Dossier.id, lambda row: (row.due_at, row.id))
    return Order(
        Dossier.received_at,
        Dossier.id,
        lambda row: (row.received_at, row.id),
        descending=sort is Sort.NEWEST,
    )
