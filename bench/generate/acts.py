"""The officers' and citizens' acts on one dossier, each writing what its service writes
(the event's trigger, actor, states and data; the columns it sets)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bench.generate.files import component_files, draft_file
from bench.generate.story import Story
from vpub_onestop.domain.codes import result_code
from vpub_onestop.domain.deadlines import add_working_time, compute_due, extend_for_pause
from vpub_onestop.domain.dispatch import paper_moves_at
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.time_windows import (
    check_apology,
    check_supplement_request,
    supplement_deadline,
)

Counters = dict[tuple[str, Any], int]

REFUSAL = "Thủ tục không thuộc thẩm quyền giải quyết của đơn vị."
INCOMPLETE = "Thiếu bản chụp giấy tờ tùy thân rõ nét."
SUPPLEMENT = "Bổ sung bản sao giấy tờ chứng minh chỗ ở hợp pháp."
JUSTIFICATION = "Giấy tờ nộp kèm bị mờ, không đọc được số hiệu và ngày cấp."
SUPPLIED = "Công dân đã nộp bổ sung tại quầy."
PROPOSAL = "Đủ điều kiện, trình ký kết quả."
DENIAL = "Hồ sơ không đủ điều kiện theo quy định."
WITHDRAWAL = "Công dân đề nghị rút hồ sơ."
APOLOGY = "Cần xác minh thêm thông tin với cơ quan liên quan."
PAYMENT = "Lệ phí cấp giấy chứng nhận."


def submit_online(s: Story, at: datetime, counters: Counters, citizen: tuple[int, str]) -> None:
    """services.portal.save_draft + submit: the draft with a file per document, the code."""
    s.dossier.update(created_at=at, submitted_at=at, owner_user_id=citizen[0])
    s.files.extend(component_files(s, at, citizen[0]))
    s.fire("submit", DossierState.SUBMITTED, at, citizen)
    s.assign_code(at, counters)


def receive_online(s: Story, at: datetime) -> None:
    """services.reception.receive_dossier."""
    s.fire("receive", DossierState.RECEIVED, at, s.desk())
    s.start_clock(at)


def receive_at_counter(s: Story, at: datetime, counters: Counters, immediate: bool) -> None:
    """services.intake.open_counter_dossier (a complete paper file, checklist ticked)."""
    data: dict[str, Any] = {"checklist": sorted(s.proc.document_ids), "scans": 0}
    if immediate:
        data["immediate"] = True
    s.dossier.update(created_at=at, submitted_at=at)
    s.fire("receive_at_counter", DossierState.RECEIVED, at, s.desk(), data=data)
    s.assign_code(at, counters)
    s.start_clock(at)


def refuse(s: Story, at: datetime) -> None:
    s.fire("refuse", DossierState.REFUSED, at, s.desk(), note=REFUSAL)
    s.dossier["finished_at"] = at


def return_for_completion(s: Story, at: datetime) -> None:
    s.fire(
        "return_for_completion",
        DossierState.DRAFT,
        at,
        s.desk(),
        note=INCOMPLETE,
        data={"missing_items": []},
    )


def dispatch(s: Story, at: datetime) -> datetime:
    """services.reception.dispatch_dossier: paper after the cut-off moves next morning."""
    moves_at = s.line.at(paper_moves_at(s.ref.cal, s.channel, at))
    s.fire(
        "dispatch",
        DossierState.PROCESSING,
        at,
        s.desk(),
        data={"moves_at": moves_at.isoformat()},
    )
    s.dossier["dispatched_at"] = moves_at
    start_stage(s, min(t["stage"] for t in s.tasks), moves_at)
    return moves_at


def start_stage(s: Story, stage: int, at: datetime) -> None:
    for task in s.tasks:
        if task["stage"] == stage and task["state"] is TaskState.WAITING:
            s.fire_task(task, "arrive", TaskState.PENDING, at, s.system())
            task["arrived_at"] = at


def assign(s: Story, task: dict[str, Any], at: datetime) -> None:
    agency = task["agency_id"]
    specialist = s.actors.user("specialist", agency)
    s.fire_task(
        task,
        "assign",
        TaskState.IN_PROGRESS,
        at,
        s.staff("leader", agency),
        data={"assignee_id": specialist, "assignee_name": s.actors.name("specialist", agency)},
    )
    task.update(assignee_id=specialist, assigned_at=at)


def propose(s: Story, task: dict[str, Any], at: datetime) -> None:
    agency = task["agency_id"]
    name = f"du-thao-{s.ref.agency_keys[agency]}.pdf"
    s.fire_task(
        task,
        "propose",
        TaskState.AWAITING_APPROVAL,
        at,
        s.staff("specialist", agency),
        note=PROPOSAL,
        data={"result_file": name},
    )
    task["result_note"] = PROPOSAL
    s.files.append(draft_file(s, task, name, at, s.actors.user("specialist", agency)))


def approve(s: Story, task: dict[str, Any], at: datetime) -> None:
    """services.processing.approve_step + results.release_result on the last stage."""
    data: dict[str, Any] = {}
    if task["stage"] == max(t["stage"] for t in s.tasks):
        draft = next(f for f in reversed(s.files) if f["task_id"] == task["id"])
        released = sum(1 for f in s.files if f["result_code"] is not None)
        draft["result_code"] = result_code(s.dossier["code"], released + 1)
        draft["released_at"] = at
        data["result_code"] = draft["result_code"]
    s.fire_task(
        task, "approve", TaskState.DONE, at, s.staff("leader", task["agency_id"]), data=data
    )
    s.close_task(task, at)


def deny(s: Story, task: dict[str, Any], at: datetime) -> None:
    """services.processing.deny_step + routing.end_route_denied."""
    leader = s.staff("leader", task["agency_id"])
    s.fire_task(task, "deny", TaskState.DENIED, at, leader, note=DENIAL)
    s.close_task(task, at)
    s.cancel_open_tasks(at)
    s.finish(at, "denied", {"denied_by": leader[0], "reason": DENIAL})


def request_supplement(s: Story, task: dict[str, Any], at: datetime) -> None:
    """services.supplements.request_supplement: the clock pauses."""
    rules = s.ref.rules
    check = check_supplement_request(
        s.ref.cal,
        s.dossier["received_at"],
        at,
        previous_requests=s.dossier["supplement_requests"],
        window_days=rules.supplement_window_days,
    )
    data = {
        "items": [],
        "flagged": check.needs_justification,
        "late": check.late,
        "repeated": check.repeated,
        "justification": JUSTIFICATION,
        "free_until": check.free_until.isoformat(),
        "deadline": supplement_deadline(s.ref.cal, at, rules.supplement_deadline_days).isoformat(),
    }
    specialist = s.staff("specialist", task["agency_id"])
    s.fire(
        "request_supplement",
        DossierState.SUPPLEMENT_REQUESTED,
        at,
        specialist,
        note=SUPPLEMENT,
        data=data,
    )
    s.dossier["supplement_requests"] += 1
    s.pauses.append(
        {
            "id": s.sink.new_id("clock_pause"),
            "dossier_id": s.dossier["id"],
            "reason": "supplement",
            "policy": s.ref.supplement_policy,
            "started_at": at,
            "ended_at": None,
        }
    )


def supply_supplement(s: Story, at: datetime) -> None:
    """services.supplements.supply_loaded: the pause ends, the due dates move per policy."""
    s.fire("supply_supplement", DossierState.PROCESSING, at, s.desk(), note=SUPPLIED)
    pause = s.pauses[-1]
    pause["ended_at"] = at
    d, cal = s.dossier, s.ref.cal
    if pause["policy"] == "restart":
        deadline = compute_due(cal, at, s.proc.limit)
        _replan_open_tasks(s, at)
    else:
        deadline = extend_for_pause(cal, d["due_at"], pause["started_at"], at)
        for task in s.tasks:
            if not task["state"].is_finished:
                task["due_at"] = extend_for_pause(cal, task["due_at"], pause["started_at"], at).due
    if d["appointment_at"] <= d["due_at"]:
        d["appointment_at"] = deadline.due
    else:
        d["appointment_at"] = max(d["appointment_at"], deadline.due)
    d["due_at"] = deadline.due
    d["due_provisional"] = deadline.provisional


def _replan_open_tasks(s: Story, start: datetime) -> None:
    """services.routing.replan_open_tasks."""
    stage_start = start
    for stage in sorted({t["stage"] for t in s.tasks}):
        tasks = [t for t in s.tasks if t["stage"] == stage and not t["state"].is_finished]
        if not tasks:
            continue
        stage_end = stage_start
        steps = {step.id: step for step in s.proc.steps}
        for task in tasks:
            task["planned_start_at"] = stage_start
            task["due_at"] = compute_due(
                s.ref.cal, stage_start, steps[task["route_step_id"]].limit
            ).due
            stage_end = max(stage_end, task["due_at"])
        stage_start = stage_end


def apologise(s: Story, task: dict[str, Any], at: datetime) -> None:
    """services.closing.apologise (once; the legal due moment stays, the appointment moves)."""
    d, cal = s.dossier, s.ref.cal
    new = add_working_time(cal, d["due_at"], timedelta(hours=16))
    if new <= d["appointment_at"] or new <= at or d["apologised_at"] is not None:
        return
    check = check_apology(cal, d["due_at"], at, already_apologised=False)
    old = d["appointment_at"]
    s.fire(
        "apologise",
        s.state,
        at,
        s.staff("leader", task["agency_id"]),
        note=APOLOGY,
        data={
            "old_appointment": old.isoformat(),
            "new_appointment": new.isoformat(),
            "agency_id": task["agency_id"],
            "last_moment": check.last_moment.isoformat(),
            "late": check.late,
        },
    )
    d.update(apologised_at=at, appointment_at=new)
    for open_task in s.tasks:
        if not open_task["state"].is_finished:
            open_task["due_at"] = extend_for_pause(cal, open_task["due_at"], old, new).due


def request_payment(s: Story, task: dict[str, Any], at: datetime) -> None:
    s.fire(
        "request_payment",
        DossierState.AWAITING_PAYMENT,
        at,
        s.staff("specialist", task["agency_id"]),
        note=PAYMENT,
        data={"amount_vnd": 250000},
    )


def request_withdrawal(s: Story, at: datetime) -> None:
    s.fire("request_withdrawal", DossierState.WITHDRAWAL_REQUESTED, at, s.desk(), note=WITHDRAWAL)


def confirm_withdrawal(s: Story, at: datetime) -> None:
    s.fire("confirm_withdrawal", DossierState.STOPPED, at, s.desk())
    s.cancel_open_tasks(at)
    s.dossier["finished_at"] = at
