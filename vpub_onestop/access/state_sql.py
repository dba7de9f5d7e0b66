"""The domain's state rules as SQL conditions, built from the same sets the Python side
asks (domain.dossier_clock), so that a list, the dashboard and the sweep cannot count a
dossier differently from the page that shows it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from vpub_onestop.domain.dossier_clock import CLOCK_RUNNING_STATES, OPEN_STATES, ordered
from vpub_onestop.domain.status import TaskState
from vpub_onestop.models import Dossier, StepTask


def dossier_open(state: Any = Dossier.state) -> ColumnElement[bool]:
    """Received and not yet finished (see domain.dossier_clock.OPEN_STATES)."""
    return state.in_(ordered(OPEN_STATES))


def clock_running(state: Any = Dossier.state) -> ColumnElement[bool]:
    """The dossier's time limit is running now (domain.dossier_clock.clock_runs)."""
    return state.in_(ordered(CLOCK_RUNNING_STATES))


def task_reached_agency() -> ColumnElement[bool]:
    """The step has been at its agency (domain.permissions.step_reached_agency): not still
    waiting, and not cancelled before it ever arrived."""
    return and_(
        StepTask.state != TaskState.WAITING,
        or_(StepTask.state != TaskState.CANCELLED, StepTask.arrived_at.is_not(None)),
    )
