"""Mẫu 05, the control slip: one row per hand-over of the file, read from the event log.

A hand-over is the file changing hands: applicant → one-stop unit (receipt), one-stop
unit → the first agency (dispatch), leader → specialist (assignment), specialist → leader
(proposal), leader → specialist (sent back), leader → next agency or back to the one-stop
unit (approval, denial), one-stop unit → applicant (return). Each row done inside a step
is rated early / on time / late against THAT step's own due date (docs/domain.md#timeliness), so an
agency is judged on its own share of the limit; the return is rated against the dossier's
due date (an apology's new appointment does not erase lateness).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.timeliness import classify
from vpub_onestop.slips.facts import EventFact, StepFact

APPLICANT_SIDE = "Người nộp hồ sơ"
NOTE_LIMIT = 160
RETURN_METHODS = {
    "counter": "tại quầy",
    "post": "qua bưu chính",
    "online": "trực tuyến",
}


@dataclass(frozen=True)
class Party:
    person: str | None
    agency: str


@dataclass(frozen=True)
class HandOver:
    giver: Party
    receiver: Party
    at: datetime
    result: str | None  # "Trước hạn" / "Đúng hạn" / "Quá hạn", None when not rated
    note: str | None


@dataclass(frozen=True)
class DossierSide:
    """What the rows need to know about the dossier itself."""

    applicant_name: str
    unit_name: str
    due_at: datetime | None


def _rate(at: datetime, due_at: datetime | None) -> str | None:
    return classify(at, due_at).label_vi if due_at is not None else None


def _short(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= NOTE_LIMIT else text[: NOTE_LIMIT - 1].rstrip() + "…"


def _with_note(label: str, note: str | None) -> str:
    short = _short(note)
    return f"{label}: {short}" if short else label


def _decider(later: list[EventFact], task_id: int) -> str | None:
    """Who took the proposal: the next leader's decision on the same task."""
    for event in later:
        if event.task_id == task_id and event.trigger in (
            "task.approve",
            "task.send_back",
            "task.deny",
        ):
            return event.actor_name
    return None


def _moment(value: object, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return default
        if parsed.tzinfo is not None:
            return parsed
    return default


def hand_overs(events: list[EventFact], steps: list[StepFact], side: DossierSide) -> list[HandOver]:
    """The rows of the control slip, in the order the hand-overs happened."""
    return _Rows(steps, side).build(events)


class _Rows:
    def __init__(self, steps: list[StepFact], side: DossierSide) -> None:
        self.steps = steps
        self.by_id = {step.id: step for step in steps}
        self.stages = sorted({step.stage for step in steps})
        self.side = side
        self.applicant = Party(side.applicant_name, APPLICANT_SIDE)
        self.one_stop = Party(None, side.unit_name)
        self.assignees: dict[int, str | None] = {}
        self.rows: list[HandOver] = []

    def add(
        self, giver: Party, receiver: Party, at: datetime, result: str | None, note: str | None
    ) -> None:
        self.rows.append(HandOver(giver, receiver, at, result, note))

    def build(self, events: list[EventFact]) -> list[HandOver]:
        for index, event in enumerate(events):
            step = self.by_id.get(event.task_id) if event.task_id is not None else None
            if step is not None:
                self._step_event(event, step, events[index + 1 :])
            else:
                self._dossier_event(event)
        return self.rows

    def _dossier_event(self, event: EventFact) -> None:
        trigger = event.trigger
        officer = Party(event.actor_name, self.side.unit_name)
        if trigger in ("receive", "receive_at_counter"):
            self.add(self.applicant, officer, event.at, None, "Tiếp nhận hồ sơ")
        elif trigger == "dispatch" and self.stages:
            moves_at = _moment(event.data.get("moves_at"), event.at)
            moved = moves_at.astimezone(LOCAL_TZ).date() != event.at.astimezone(LOCAL_TZ).date()
            note = "Chuyển đầu giờ ngày làm việc tiếp theo" if moved else "Chuyển xử lý"
            for first in (s for s in self.steps if s.stage == self.stages[0]):
                self.add(officer, Party(None, first.agency_name), moves_at, None, note)
        elif trigger == "request_supplement":
            giver = Party(event.actor_name, event.actor_agency_name or self.side.unit_name)
            note = _with_note("Yêu cầu bổ sung hồ sơ (qua Bộ phận Một cửa)", event.note)
            self.add(giver, self.applicant, event.at, None, note)
        elif trigger == "supply_supplement":
            receiver = officer if event.actor_role != "citizen" else self.one_stop
            self.add(self.applicant, receiver, event.at, None, "Nộp hồ sơ bổ sung")
        elif trigger == "return_result":
            method = RETURN_METHODS.get(str(event.data.get("method")), "")
            rating = _rate(event.at, self.side.due_at)
            self.add(officer, self.applicant, event.at, rating, f"Trả kết quả {method}".strip())

    def _step_event(self, event: EventFact, step: StepFact, later: list[EventFact]) -> None:
        agency = step.agency_name
        actor = Party(event.actor_name, agency)
        rating = _rate(event.at, step.due_at)
        trigger = event.trigger
        if trigger in ("task.assign", "task.reassign"):
            name = event.data.get("assignee_name")
            self.assignees[step.id] = str(name) if name else None
            label = "Phân công xử lý" if trigger == "task.assign" else "Phân công lại"
            receiver = Party(self.assignees[step.id], agency)
            self.add(actor, receiver, event.at, rating, f"{label}: {step.name}")
        elif trigger == "task.propose":
            leader = Party(_decider(later, step.id), agency)
            self.add(actor, leader, event.at, rating, _with_note("Trình kết quả", event.note))
        elif trigger == "task.send_back":
            back_to = Party(self.assignees.get(step.id), agency)
            note = _with_note("Trả lại để xử lý tiếp", event.note)
            self.add(actor, back_to, event.at, rating, note)
        elif trigger == "task.approve":
            for receiver in self._after(step):
                note = f"Phê duyệt, chuyển kết quả: {step.name}"
                self.add(actor, receiver, event.at, rating, note)
        elif trigger == "task.deny":
            note = _with_note("Từ chối giải quyết", event.note)
            self.add(actor, self.one_stop, event.at, rating, note)

    def _after(self, step: StepFact) -> list[Party]:
        """Where an approved step's result goes: the next stage's agencies, or back to the
        one-stop unit after the last stage."""
        following = [s.stage for s in self.steps if s.stage > step.stage]
        if not following:
            return [self.one_stop]
        return [Party(None, s.agency_name) for s in self.steps if s.stage == min(following)]
