"""The steps' copy of their dossier's clock (`step_task.clock_running`), kept in step.

Whether a dossier's time limit runs is one rule, decided from its state
(domain.dossier_clock.clock_runs; Decree 61/2018 Art. 19(4) stops it only while the
applicant completes the file). The agency's task list and the deadline sweep need it for
every open step of an agency; asking the dossier row of each step made their cost follow
the agency's open steps (bench/PLANS.md). So each step carries the answer for its dossier,
written here and nowhere else (docs/architecture.md#step-clock-copy):

* `follow_dossier` runs on every dossier transition (services.transition.fire_on_dossier),
  the only place a dossier's state changes; a step planned later takes the answer at its
  creation (services.routing.plan_route);
* `resync` recomputes the copy from the rule for every step (`flask summary rebuild`, after
  rows were written outside the transition path).

The copy is written with a plain UPDATE that leaves the steps' versions alone: the
dossier's own version already makes the pages rendered before the change stale, and an
officer's step form must not turn stale because the applicant was asked for a document.
"""

from __future__ import annotations

from sqlalchemy import exists, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from vpub_onestop.access.state_sql import clock_running
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Dossier, StepTask


def follow_dossier(
    session: Session, dossier: Dossier, before: DossierState, after: DossierState
) -> None:
    """The dossier moved from `before` to `after`: its steps' copy follows when the clock
    started or stopped. One UPDATE, and only when the dossier has steps in the database
    (a receipt fires before the route is planned: its steps are created with the answer)."""
    running = clock_runs(after)
    if running == clock_runs(before):
        return
    loaded = "tasks" not in inspect(dossier).unloaded
    tasks = list(dossier.tasks) if loaded else []
    if loaded and not any(_persistent(task) for task in tasks):
        for task in tasks:  # pending objects: written with the value by their INSERT
            task.clock_running = running
        return
    with session.no_autoflush:  # the dossier's own UPDATE stays one statement at flush
        session.execute(
            update(StepTask)
            .where(StepTask.dossier_id == dossier.id)
            .values(clock_running=running)
            .execution_options(synchronize_session=False)
        )
    for task in tasks:
        if _persistent(task):
            set_committed_value(task, "clock_running", running)
        else:
            task.clock_running = running


def resync(session: Session) -> int:
    """Set every step's copy from its dossier's state (the rule in SQL: access.state_sql);
    returns how many steps were wrong."""
    running = exists(
        select(Dossier.id).where(Dossier.id == StepTask.dossier_id, clock_running(Dossier.state))
    )
    changed = 0
    for value, wrong in ((True, running), (False, ~running)):
        result = session.execute(
            update(StepTask)
            .where(StepTask.clock_running.is_(not value), wrong)
            .values(clock_running=value)
            .execution_options(synchronize_session=False)
        )
        changed += getattr(result, "rowcount", 0) or 0
    return changed


def _persistent(task: StepTask) -> bool:
    return bool(inspect(task).persistent)
