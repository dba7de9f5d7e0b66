"""A dossier's history as people read it: one entry per event, in Vietnamese.

Staff, agencies and the applicant read it from the events (names and notes as
domain.visibility allows each); whoever holds only the receipt reads the public timeline the
dossier keeps (services/public_timeline.py, docs/architecture.md#public-timeline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, null, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.public_timeline import (
    decode_timeline,
    event_label,
    role_label,
    state_label,
    wording,
)
from vpub_onestop.domain.visibility import Audience, Item, Kind, Viewer, may_see, note_item
from vpub_onestop.models import Agency, DossierEvent, DossierPublicTimeline, StepTask, User


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
    if viewer.audience is Audience.RECEIPT_HOLDER:
        stored = session.connection().scalar(_STORED, {"dossier_id": dossier_id})
        return public_entries(stored)
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


_STORED = select(DossierPublicTimeline.entries).where(
    DossierPublicTimeline.dossier_id == bindparam("dossier_id")
)


def public_entries(stored: str | None) -> list[TimelineEntry]:
    """The public timeline kept on the dossier's row, as entries: the public wording of each
    change, never a name or a note (what PUBLIC_LOOKUP may see)."""
    return [
        TimelineEntry(
            at=entry.at,
            action=wording(entry.key),
            state_label=state_label(entry.key, entry.state),
            agency_name=entry.agency_name,
            actor_name=None,
            actor_role=role_label(entry.role),
            note=None,
            is_step=entry.is_step,
        )
        for entry in decode_timeline(stored)
    ]
