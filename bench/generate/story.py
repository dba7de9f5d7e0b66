"""One dossier's history as rows: the dossier, its events and its clock, written the way
the services write them (services.intake, reception, closing), at simulated moments."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench.generate.reference import Proc, Reference, Unit
from bench.generate.sink import Row, Sink
from bench.generate.timeline import Timeline
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.codes import format_dossier_code, make_lookup_key
from vpub_onestop.domain.deadlines import compute_due
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.public_timeline import as_json, encode_entry, wording_key
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.timeliness import classify

SYSTEM_ROLE = "system"


@dataclass
class Story:
    """The rows of one dossier while its history is told; `commit` hands them to the sink."""

    ref: Reference
    line: Timeline
    rng: random.Random
    sink: Sink
    proc: Proc
    unit: Unit
    channel: str
    dossier: Row = field(default_factory=dict)
    tasks: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    files: list[Row] = field(default_factory=list)
    pauses: list[Row] = field(default_factory=list)
    ratings: list[tuple[Row, list[Row]]] = field(default_factory=list)
    dossier_bumps: int = 0

    def user(self, role: str, agency_id: int) -> int:
        """The demo account of `role` at the agency (its id)."""
        return self.ref.staff[(role, agency_id)][0]

    def user_name(self, role: str, agency_id: int) -> str:
        return self.ref.staff[(role, agency_id)][1]

    @property
    def state(self) -> DossierState:
        state: DossierState = self.dossier["state"]
        return state

    # --- events -------------------------------------------------------------------------

    def fire(
        self,
        trigger: str,
        to_state: DossierState,
        at: datetime,
        actor: tuple[int | None, str],
        *,
        note: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Row:
        """services.transition.fire_on_dossier: the state moves, one event row."""
        before = self.state
        self.dossier["state"] = to_state
        self.dossier_bumps += 1
        return self._event(trigger, before.value, to_state.value, at, actor, None, note, data)

    def fire_task(
        self,
        task: Row,
        trigger: str,
        to_state: TaskState,
        at: datetime,
        actor: tuple[int | None, str],
        *,
        note: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Row:
        """services.transition.fire_on_task: the step's own event, naming agency and stage."""
        before: TaskState = task["state"]
        task["state"] = to_state
        task["version"] += 1
        self.dossier_bumps += 1
        payload = {"agency_id": task["agency_id"], "stage": task["stage"], **(data or {})}
        return self._event(
            f"task.{trigger}", before.value, to_state.value, at, actor, task["id"], note, payload
        )

    def _event(
        self,
        trigger: str,
        before: str | None,
        after: str,
        at: datetime,
        actor: tuple[int | None, str],
        task_id: int | None,
        note: str | None,
        data: dict[str, Any] | None,
    ) -> Row:
        row: Row = {
            "id": self.sink.new_id("dossier_event"),
            "dossier_id": self.dossier["id"],
            "task_id": task_id,
            "at": at,
            "actor_id": actor[0],
            "actor_role": actor[1],
            "trigger": trigger,
            "from_state": before,
            "to_state": after,
            "note": note,
            "data": data or {},
        }
        self.events.append(row)
        return row

    def staff(self, role: str, agency_id: int) -> tuple[int | None, str]:
        return (self.user(role, agency_id), role)

    def desk(self) -> tuple[int | None, str]:
        return self.staff("reception", self.unit.id)

    @staticmethod
    def system() -> tuple[int | None, str]:
        return (None, SYSTEM_ROLE)

    # --- the dossier's own columns --------------------------------------------------------

    def assign_code(self, at: datetime, counters: dict[tuple[str, Any], int]) -> None:
        """services.intake.assign_code: `<unit>-<YYMMDD>-<NNNN>` from the unit's daily counter."""
        day = at.astimezone(LOCAL_TZ).date()
        key = (self.unit.code, day)
        seq = counters.get(key, 0) + 1
        counters[key] = seq
        self.dossier["code"] = format_dossier_code(self.unit.code, day, seq)
        self.dossier["lookup_key"] = make_lookup_key(self.rng.randbytes(8))

    def start_clock(self, at: datetime) -> None:
        """services.intake.start_clock: the legal due moment once, and the planned route."""
        deadline = compute_due(self.ref.cal, at, self.proc.limit)
        self.dossier.update(
            received_at=at,
            due_at=deadline.due,
            original_due_at=deadline.due,
            appointment_at=deadline.due,
            due_provisional=deadline.provisional,
        )
        self.plan_route(at)

    def plan_route(self, start: datetime) -> None:
        """services.routing.plan_route: one waiting step per route step; a stage starts at
        the latest planned end of the previous one."""
        stage_start = start
        for stage in sorted({step.stage for step in self.proc.steps}):
            stage_end = stage_start
            for step in (s for s in self.proc.steps if s.stage == stage):
                due = compute_due(self.ref.cal, stage_start, step.limit).due
                self.tasks.append(
                    {
                        "id": self.sink.new_id("step_task"),
                        "dossier_id": self.dossier["id"],
                        "route_step_id": step.id,
                        "stage": stage,
                        "agency_id": step.agency_id or self.unit.id,
                        "name": step.name or self.proc.name,
                        "state": TaskState.WAITING,
                        "needs_approval": step.needs_approval,
                        "planned_start_at": stage_start,
                        "due_at": due,
                        "original_due_at": due,
                        "data": {},
                        "version": 1,
                    }
                )
                stage_end = max(stage_end, due)
            stage_start = stage_end

    def finish(self, at: datetime, outcome: str, data: dict[str, Any] | None = None) -> None:
        """services.routing.finish_dossier."""
        self.fire(
            "finish",
            DossierState.RESULT_READY,
            at,
            self.system(),
            data={"outcome": outcome, **(data or {})},
        )
        self.dossier.update(finished_at=at, outcome=outcome)
        self.dossier["timeliness"] = classify(at, self.dossier["due_at"]).value

    def close_task(self, task: Row, at: datetime) -> None:
        """services.routing.close_task."""
        task["finished_at"] = at
        task["timeliness"] = classify(at, task["due_at"]).value

    def cancel_open_tasks(self, at: datetime) -> None:
        for task in self.tasks:
            if not task["state"].is_finished:
                self.fire_task(task, "cancel", TaskState.CANCELLED, at, self.system())
                task["finished_at"] = at

    # --- rows -----------------------------------------------------------------------------

    def public_timeline(self) -> str | None:
        """services.public_timeline: the public entry of each event, kept on the row."""
        if not self.events:
            return None
        agency_of = {task["id"]: task["agency_id"] for task in self.tasks}
        names = self.ref.agency_names
        return as_json(
            [
                encode_entry(
                    event["at"],
                    wording_key(event["trigger"], event["data"]),
                    event["to_state"],
                    names[agency_of[event["task_id"]]] if event["task_id"] else None,
                    event["actor_role"],
                )
                for event in self.events
            ]
        )

    def commit(self) -> None:
        self.dossier["version"] = 1 + self.dossier_bumps
        # services.files keeps it where files are stored (docs/indicators.md#stored-facts).
        self.dossier["has_component_file"] = any(f["kind"] == "component" for f in self.files)
        self.sink.add("dossier", self.dossier)
        timeline = self.public_timeline()
        if timeline is not None:
            self.sink.add(
                "dossier_public_timeline", {"dossier_id": self.dossier["id"], "entries": timeline}
            )
        for task in self.tasks:
            # services/step_clock.py: each step carries whether its dossier's clock runs.
            task["clock_running"] = clock_runs(self.state)
            self.sink.add("step_task", task)
        for row in self.files:
            self.sink.add("dossier_file", row)
        for event in self.events:
            self.sink.add("dossier_event", event)
        for pause in self.pauses:
            self.sink.add("clock_pause", pause)
        for rating, answers in self.ratings:
            self.sink.add("rating", rating)
            for answer in answers:
                self.sink.add("rating_answer", answer)
