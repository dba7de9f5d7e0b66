"""The domain's state rules as SQL conditions, built from the same sets the Python side
asks (domain.dossier_clock), so that a list, the dashboard and the sweep cannot count a
dossier differently from the page that shows it."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, literal_column, or_

from vpub_onestop.domain.dossier_clock import CLOCK_RUNNING_STATES, OPEN_STATES, ordered
from vpub_onestop.domain.status import TaskState
from vpub_onestop.models import Dossier, StepTask


def dossier_open(state: Any = Dossier.state) -> ColumnElement[bool]:
    """Received and not yet finished (see domain.dossier_clock.OPEN_STATES)."""
    return state.in_(ordered(OPEN_STATES))


def clock_running(state: Any = Dossier.state) -> ColumnElement[bool]:
    """The dossier's time limit is running now (domain.dossier_clock.clock_runs)."""
    return state.in_(ordered(CLOCK_RUNNING_STATES))


def state_is(column: Any, *states: Enum, indexed: Iterable[Enum] = ()) -> ColumnElement[bool]:
    """`column` holds one of `states`, written as inline SQL literals rather than bound
    parameters: only then can PostgreSQL's and SQLite's planners see that the condition
    implies a partial index's WHERE (the open-state indexes of the lists, bench/PLANS.md).
    `indexed`: the states of the partial index meant; when `states` are some of them, the
    index's own condition is added word for word, because SQLite only matches a partial
    index whose WHERE appears in the query as written. The values are the enums' own,
    never user input."""
    condition = _literal_in(column, states)
    wider = set(indexed)
    if wider and set(states) < wider:
        condition = and_(condition, _literal_in(column, wider))
    return condition


def _literal_in(column: Any, states: Iterable[Enum]) -> ColumnElement[bool]:
    values = sorted({state.value for state in states})
    if len(values) == 1:
        return cast(ColumnElement[bool], column == literal_column(_quoted(values[0])))
    return cast(ColumnElement[bool], column.in_([literal_column(_quoted(v)) for v in values]))


def _quoted(value: str) -> str:
    if not value.replace("_", "").isalnum():
        raise ValueError(f"not a state value: {value!r}")
    return f"'{value}'"


def task_reached_agency() -> ColumnElement[bool]:
    """The step has been at its agency (domain.permissions.step_reached_agency): not still
    waiting, and not cancelled before it ever arrived."""
    return and_(
        StepTask.state != TaskState.WAITING,
        or_(StepTask.state != TaskState.CANCELLED, StepTask.arrived_at.is_not(None)),
    )
