"""A whole dossier: pick its procedure, unit, channel and ending, place it in time, and
play the acts up to that ending (retrying further back when it would reach `now`)."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from bench.generate import acts
from bench.generate.reference import Reference
from bench.generate.scenarios import (
    APOLOGY_SHARE,
    OPEN,
    RATED_SHARE,
    SUPPLEMENTED_SHARE,
    pick_channel,
    pick_scenario,
    procedure_weights,
)
from bench.generate.sink import Sink
from bench.generate.story import Story
from bench.generate.timeline import StoryEnds, Timeline
from vpub_onestop.domain.satisfaction import CRITERIA
from vpub_onestop.domain.status import DossierState, TaskState

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Đức", "Thu", "Quốc", "Thanh")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Sơn", "Yến")
ATTEMPTS = 6
RETURN_METHODS = ("counter", "counter", "online", "post")


class Teller:
    def __init__(self, ref: Reference, sink: Sink, rng: random.Random) -> None:
        self.ref, self.sink, self.rng = ref, sink, rng
        self.line = Timeline(ref.cal, ref.now, rng)
        self.counters: acts.Counters = {}
        self.weights = procedure_weights([p.code for p in ref.procedures])

    def tell(self, index: int) -> str:
        rng = self.rng
        scenario = pick_scenario(rng)
        proc = rng.choices(self.ref.procedures, self.weights)[0]
        units = [u for u in self.ref.units if u.level == proc.level] or self.ref.units
        unit = rng.choice(units)
        channel = pick_channel(rng, scenario)
        self.line.pace = min(2.0, max(0.15, proc.working_hours / 40))
        for attempt in range(ATTEMPTS):
            story = Story(self.ref, self.line, rng, self.sink, proc, unit, channel)
            story.dossier = self._dossier(story, index)
            counters = dict(self.counters)
            try:
                start = self.line.at(self._start(scenario, proc.working_hours, attempt))
                self._play(story, scenario, start, counters)
            except StoryEnds:
                continue
            self.counters = counters
            story.commit()
            return scenario
        return "skipped"

    def _start(self, scenario: str, hours: float, attempt: int) -> datetime:
        limit_days = max(1, int(hours // 8))
        if scenario in OPEN:  # recent: most open dossiers are still within their time
            day = self.line.day_back(self.rng.randint(0, limit_days // 2) + attempt)
        elif scenario == "overdue":
            day = self.line.day_back(limit_days + self.rng.randint(2, 25) + attempt)
        else:
            day = self.line.any_day()
            index = self.line.index_of(day)
            day = self.line.days[max(0, index - attempt * 10)]
        return self.line.office_moment(day)

    def _dossier(self, s: Story, index: int) -> dict[str, Any]:
        rng = self.rng
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        return {
            "id": self.sink.new_id("dossier"),
            "procedure_id": s.proc.id,
            "receiving_unit_id": s.unit.id,
            "channel": s.channel,
            "state": DossierState.DRAFT,
            "applicant_name": name,
            "applicant_id_number": f"0{rng.randint(10, 96):02d}{rng.randint(0, 999_999_999):09d}",
            "applicant_phone": f"09{rng.randint(0, 99_999_999):08d}",
            "applicant_address": "Gia Lai",
            "sets_count": 1,
            "result_delivery": "online" if s.channel == "online" else "counter",
            "supplement_requests": 0,
            "due_provisional": False,
            "apologised_at": None,
        }

    def _play(self, s: Story, scenario: str, t: datetime, counters: acts.Counters) -> None:
        rng, line = self.rng, self.line
        if s.channel == "online":
            citizen = rng.choice(self.ref.citizens)
            s.dossier.update(applicant_name=citizen[1], applicant_id_number=citizen[2])
            acts.submit_online(s, t, counters, (citizen[0], "citizen"))
            if scenario == "submitted":
                return
            t = line.later(t, 0.5, 6)
            if scenario == "refused":
                return acts.refuse(s, t)
            if scenario == "returned_for_completion":
                return acts.return_for_completion(s, t)
            acts.receive_online(s, t)
        elif s.proc.immediate and scenario not in OPEN:
            return self._hand_over(s, t, counters)
        else:
            acts.receive_at_counter(s, t, counters, immediate=False)
        if scenario == "received":
            return
        t = acts.dispatch(s, line.later(t, 0.1, 1))
        if scenario in ("withdrawal_requested", "stopped"):
            t = line.later(t, 0.5, 8)
            acts.request_withdrawal(s, t)
            if scenario == "stopped":
                acts.confirm_withdrawal(s, line.later(t, 0.1, 2))
            return
        if scenario == "pending":
            return
        t = self._route(s, scenario, t)
        if s.state is DossierState.RESULT_READY and scenario not in ("result_ready",):
            self._return(s, line.later(t, 0.5, 12))

    def _route(self, s: Story, scenario: str, t: datetime) -> datetime:
        rng, line = self.rng, self.line
        supplement = scenario == "supplement_requested" or rng.random() < SUPPLEMENTED_SHARE
        for stage in sorted({task["stage"] for task in s.tasks}):
            if stage > min(task["stage"] for task in s.tasks):
                acts.start_stage(s, stage, t)
            for task in [x for x in s.tasks if x["stage"] == stage]:
                t = line.later(max(t, task["arrived_at"]), 0.2, 3)
                acts.assign(s, task, t)
                if supplement:
                    supplement = False
                    acts.request_supplement(s, task, line.later(t, 1, 10))
                    if scenario == "supplement_requested":
                        return t
                    t = line.later(s.pauses[-1]["started_at"], 4, 20)
                    acts.supply_supplement(s, t)
                if scenario == "awaiting_payment":
                    acts.request_payment(s, task, line.later(t, 1, 6))
                    return t
                if scenario in ("processing", "overdue"):
                    if scenario == "overdue" and rng.random() < 0.3:
                        acts.apologise(s, task, line.later(t, 0.5, 2))
                    return t
                if rng.random() < APOLOGY_SHARE:
                    acts.apologise(s, task, line.later(t, 0.5, 2))
                t = line.later(t, 1, 16)
                acts.propose(s, task, t)
                if scenario == "awaiting_approval":
                    return t
                t = line.later(t, 0.5, 6)
                if scenario == "denied":
                    acts.deny(s, task, t)
                    return t
                acts.approve(s, task, t)
        s.finish(t, "approved")
        return t

    def _hand_over(self, s: Story, t: datetime, counters: acts.Counters) -> None:
        """services.counter.hand_over_at_counter: received, done and returned at once."""
        acts.receive_at_counter(s, t, counters, immediate=True)
        desk = s.desk()
        s.fire("dispatch", DossierState.PROCESSING, t, desk, data={"moves_at": t.isoformat()})
        s.dossier["dispatched_at"] = t
        for task in s.tasks:
            s.fire_task(task, "arrive", TaskState.PENDING, t, s.system())
            task["arrived_at"] = t
            s.fire_task(
                task,
                "complete_at_counter",
                TaskState.DONE,
                t,
                s.system(),
                data={"officer": desk[0]},
            )
            s.close_task(task, t)
        s.finish(t, "approved", {"immediate": True})
        data = {"method": "counter", "proof": "same_visit", "immediate": True}
        s.fire("return_result", DossierState.RETURNED, t, desk, data=data)
        s.dossier["returned_at"] = t

    def _return(self, s: Story, t: datetime) -> None:
        """services.closing.return_result, and the owner's rating of an online dossier."""
        method = self.rng.choice(RETURN_METHODS)
        released = [f["result_code"] for f in s.files if f["result_code"]]
        if method == "online" and not released and s.dossier["outcome"] != "denied":
            method = "counter"
        data: dict[str, Any] = {"method": method}
        if method == "counter":
            data["proof"] = "receipt"
        elif method == "online":
            data["result_codes"] = released
        else:
            tracking = f"EV{self.rng.randint(0, 999_999_999):09d}VN"
            data["tracking_number"] = tracking
            s.dossier["post_tracking_number"] = tracking
        s.fire("return_result", DossierState.RETURNED, t, s.desk(), data=data)
        s.dossier["returned_at"] = t
        owner = s.dossier.get("owner_user_id")
        if owner and self.rng.random() < RATED_SHARE:
            self._rate(s, owner, t)

    def _rate(self, s: Story, owner: int, returned_at: datetime) -> None:
        try:
            at = self.line.later(returned_at, 0.5, 40)
        except StoryEnds:
            return
        rating = {
            "id": self.sink.new_id("rating"),
            "dossier_id": s.dossier["id"],
            "receiving_unit_id": s.unit.id,
            "user_id": owner,
            "rated_at": at,
            "comment": None,
        }
        answers = [
            {
                "rating_id": rating["id"],
                "criterion": key,
                "score": self.rng.choices((3, 2, 1), (60, 35, 5))[0],
            }
            for key, _ in CRITERIA
        ]
        s.ratings.append((rating, answers))
