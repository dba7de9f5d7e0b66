"""The API's dossiers (docs/api.md): the list a caller may see and one dossier with the
events the caller may read. Scope and events come from the rules the pages use, never a
copy: staff lists through access.visibility.visible_dossiers, one dossier through
access.loading.load_dossier (the page's NotFound), events through queries.timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.access.loading import load_dossier, task_facts
from vpub_onestop.access.visibility import viewer_for, visible_dossiers
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.errors import N_, NotFound, PermissionDenied
from vpub_onestop.domain.national_feed import channel_code
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.task_scope import AGENCY_ROLES, may_open_task
from vpub_onestop.domain.visibility import Viewer
from vpub_onestop.models import Dossier, Procedure
from vpub_onestop.queries.timeline import dossier_timeline
from vpub_onestop.queries.workspace import act_of, offered_on_task

MAX_LIMIT = 100


@dataclass(frozen=True)
class ListFilters:
    state: DossierState | None = None
    procedure_code: str | None = None
    received_from: date | None = None  # local days, both ends included
    received_to: date | None = None


def moment(value: datetime | None) -> str | None:
    """ISO 8601 in Vietnam's time with its offset: exact for a machine, and the date is
    the one the applicant's receipt shows."""
    return value.astimezone(LOCAL_TZ).isoformat() if value is not None else None


def _scope(actor: Actor) -> ColumnElement[bool]:
    """A citizen's own dossiers (as "Hồ sơ của tôi"); staff's per the visibility rule.
    Dossiers are named by their code: a draft has none (it is the portal form's, not yet
    a dossier anybody else reads), so neither list carries drafts."""
    if actor.role is Role.CITIZEN and not actor.is_system:
        scope: ColumnElement[bool] = Dossier.owner_user_id == actor.user_id
    else:
        found = visible_dossiers(actor)
        if found is None:
            raise PermissionDenied(N_("Vai trò của bạn không có danh sách hồ sơ."))
        scope = found
    return scope & Dossier.code.is_not(None)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def summary(row: Any) -> dict[str, Any]:
    state: DossierState = row.state
    return {
        "code": row.code,
        "procedure_code": row.procedure_code,
        "procedure_name": row.procedure_name,
        "state": state.value,
        "state_label": state.label_vi,
        "status_code": state.national_code,
        "channel": channel_code(row.channel),
        "version": row.version,
        "submitted_at": moment(row.submitted_at),
        "received_at": moment(row.received_at),
        "due_at": moment(row.due_at),
        "appointment_at": moment(row.appointment_at),
    }


_COLUMNS = (
    Dossier.id,
    Dossier.code,
    Procedure.code.label("procedure_code"),
    Procedure.name.label("procedure_name"),
    Dossier.state,
    Dossier.channel,
    Dossier.version,
    Dossier.submitted_at,
    Dossier.received_at,
    Dossier.due_at,
    Dossier.appointment_at,
)


def dossier_page(
    session: Session, actor: Actor, filters: ListFilters, *, before: int | None, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """Newest first (by id), `limit` at most, after the cursor `before` (the last id of
    the previous page): keyset paging, so page 500 costs what page 1 does and a dossier
    created meanwhile never shifts a page. The cursor of the next page, or None."""
    limit = max(1, min(limit, MAX_LIMIT))
    stmt = (
        select(*_COLUMNS).join(Procedure, Procedure.id == Dossier.procedure_id).where(_scope(actor))
    )
    if filters.state is not None:
        stmt = stmt.where(Dossier.state == filters.state)
    if filters.procedure_code:
        stmt = stmt.where(Procedure.code == filters.procedure_code)
    if filters.received_from is not None:
        stmt = stmt.where(Dossier.received_at >= _day_start(filters.received_from))
    if filters.received_to is not None:
        stmt = stmt.where(Dossier.received_at < _day_start(filters.received_to + timedelta(days=1)))
    if before is not None:
        stmt = stmt.where(Dossier.id < before)
    rows = session.execute(stmt.order_by(Dossier.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return [summary(row) for row in rows], (rows[-1].id if more and rows else None)


def dossier_id_by_code(session: Session, code: str) -> int:
    found = session.scalar(select(Dossier.id).where(Dossier.code == code))
    if found is None:
        raise NotFound(N_("Không tìm thấy hồ sơ."))
    return found


def dossier_detail(
    session: Session, actor: Actor, code: str, *, viewer: Viewer | None = None
) -> dict[str, Any]:
    """One dossier as its page shows it to `actor` (NotFound for one they may not see);
    `viewer` narrows what its events show (a system client reads as the public)."""
    dossier = load_dossier(session, dossier_id_by_code(session, code), actor)
    viewer = viewer or viewer_for(actor, dossier)
    row: dict[str, Any] = {
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "state": dossier.state.value,
        "state_label": dossier.state.label_vi,
        "status_code": dossier.state.national_code,
        "channel": channel_code(dossier.channel),
        "version": dossier.version,
        "submitted_at": moment(dossier.submitted_at),
        "received_at": moment(dossier.received_at),
        "due_at": moment(dossier.due_at),
        "appointment_at": moment(dossier.appointment_at),
        "finished_at": moment(dossier.finished_at),
        "returned_at": moment(dossier.returned_at),
    }
    row["events"] = [
        {
            "at": moment(entry.at),
            "action": entry.action,
            "state_label": entry.state_label,
            "agency": entry.agency_name,
            "actor_name": entry.actor_name,
            "actor_role": entry.actor_role,
            "note": entry.note,
            "is_step": entry.is_step,
        }
        for entry in dossier_timeline(session, dossier.id, viewer)
    ]
    row["steps"] = steps(actor, dossier)
    return row


def steps(actor: Actor, dossier: Dossier) -> list[dict[str, Any]]:
    """The dossier's steps a specialist or a leader opens from their task list (their
    agency's, once arrived: domain.task_scope.may_open_task), with the `task_id` and
    `version` a step act sends and the acts the task page offers them now; others act on
    the dossier itself and get none."""
    if actor.is_system or actor.role not in AGENCY_ROLES:
        return []
    now = clock.now()
    found = []
    for task in sorted(dossier.tasks, key=lambda t: (t.stage, t.id)):
        if not may_open_task(actor, task_facts(task)):
            continue
        on_step, on_dossier = offered_on_task(actor, task, now)
        found.append(
            {
                "task_id": task.id,
                "stage": task.stage,
                "name": task.name,
                "agency": task.agency.name,
                "state": task.state.value,
                "state_label": task.state.label_vi,
                "version": task.version,
                "assignee_name": task.assignee.full_name if task.assignee else None,
                "due_at": moment(task.due_at),
                # Working files travel on the page only (no state change, a file upload).
                "actions": [act_of(a) for a in on_step if a != "attach"] + list(on_dossier),
            }
        )
    return found
