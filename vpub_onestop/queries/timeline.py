"""A dossier's history as people read it: one entry per event, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, null, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.errors import TransitionNotAllowed
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.visibility import Item, Kind, Viewer, may_see, note_item
from vpub_onestop.domain.workflow import trigger_label
from vpub_onestop.models import Agency, DossierEvent, StepTask, User


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    action: str  # "Tiếp nhận hồ sơ", "Phê duyệt", ...
    state_label: str  # state after the event
    agency_name: str | None  # for step events: the agency whose step it is
    actor_name: str | None  # None when the viewer may not see staff names
    actor_role: str  # role label or "Hệ thống"
    note: str | None  # None when the viewer may not read this note
    is_step: bool


def action_label(trigger: str) -> str:
    kind, name = ("task", trigger[5:]) if trigger.startswith("task.") else ("dossier", trigger)
    try:
        return trigger_label(name, kind)
    except TransitionNotAllowed:
        return trigger


# Events whose public wording depends on what they recorded: the applicant reads that a
# denial came with a written answer, that an apology was late, that a stop was notified.
DENIED_WORDING = "Từ chối giải quyết, có văn bản trả lời nêu lý do"
LATE_APOLOGY_WORDING = "Xin lỗi và hẹn lại ngày trả kết quả (xin lỗi muộn)"
STOP_NOTICE_WORDING = "Dừng giải quyết hồ sơ, đã gửi thông báo cho người nộp"
IMMEDIATE_WORDING = "Trả kết quả ngay tại quầy"


def event_label(trigger: str, data: dict[str, Any] | None) -> str:
    facts = data or {}
    if trigger == "finish" and facts.get("outcome") == "denied":
        return DENIED_WORDING
    if trigger == "apologise" and facts.get("late"):
        return LATE_APOLOGY_WORDING
    if trigger == "close_unsupplemented" and facts.get("notice"):
        return STOP_NOTICE_WORDING
    if trigger == "return_result" and facts.get("immediate"):
        return IMMEDIATE_WORDING
    return action_label(trigger)


def state_label(trigger: str, state: str) -> str:
    states = TaskState if trigger.startswith("task.") else DossierState
    return states(state).label_vi


def role_label(role: str) -> str:
    return "Hệ thống" if role == "system" else Role(role).label_vi


def _events_statement(with_names: bool) -> Select[Any]:
    """The events' columns with their step (and their actor's name only for a viewer who
    may read names: the public lookup never joins the accounts), for one dossier given as
    the `dossier_id` parameter. Built once per process; SQLAlchemy caches the compiled form."""
    actor_name = User.full_name if with_names else null()
    statement = (
        select(
            DossierEvent.at,
            DossierEvent.trigger,
            DossierEvent.data,
            DossierEvent.to_state,
            DossierEvent.actor_role,
            DossierEvent.note,
            DossierEvent.task_id,
            actor_name.label("actor_name"),
            Agency.name,
            StepTask.agency_id,
            StepTask.stage,
        )
        .outerjoin(StepTask, StepTask.id == DossierEvent.task_id)
        .outerjoin(Agency, Agency.id == StepTask.agency_id)
    )
    if with_names:
        statement = statement.outerjoin(User, User.id == DossierEvent.actor_id)
    return statement.where(DossierEvent.dossier_id == bindparam("dossier_id")).order_by(
        DossierEvent.at, DossierEvent.id
    )


_EVENTS = {with_names: _events_statement(with_names) for with_names in (True, False)}


def dossier_timeline(session: Session, dossier_id: int, viewer: Viewer) -> list[TimelineEntry]:
    """One query for the events' columns (no ORM objects) with their actor and step. Every
    viewer of the dossier reads the public wording of each change; staff names and each
    note are shown as domain.visibility allows this viewer (an agency never reads
    another's remarks)."""
    if not may_see(viewer, Item(Kind.STATUS_CHANGE)):
        return []
    names_shown = may_see(viewer, Item(Kind.HAND_OVER))
    # Plain columns through the connection: the ORM's result handling adds a fifth to the
    # query's cost and has nothing to do for them (bench/PROFILE.md, "Fourth round: lookup").
    # Read paths only (queries/ never write), so there is nothing pending to flush first.
    rows = session.connection().execute(_EVENTS[names_shown], {"dossier_id": dossier_id}).all()
    return [
        TimelineEntry(
            at=at,
            action=event_label(trigger, data),
            state_label=state_label(trigger, to_state),
            agency_name=agency_name,
            actor_name=actor_name,
            actor_role=role_label(actor_role),
            note=note if note and may_see(viewer, note_item(trigger, agency_id, stage)) else None,
            is_step=task_id is not None,
        )
        for (
            at,
            trigger,
            data,
            to_state,
            actor_role,
            note,
            task_id,
            actor_name,
            agency_name,
            agency_id,
            stage,
        ) in rows
    ]
