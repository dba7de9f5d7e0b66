"""Read models the forms are filled from: a dossier's events and route steps, each in one
query, as plain frozen records (the templates never touch the session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from vpub_onestop.models import Agency, DossierEvent, StepTask, User


@dataclass(frozen=True)
class EventFact:
    id: int
    at: datetime
    trigger: str
    task_id: int | None
    actor_role: str
    actor_name: str | None
    actor_phone: str | None
    actor_agency_id: int | None
    actor_agency_name: str | None
    note: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class StepFact:
    id: int
    stage: int
    name: str
    agency_id: int
    agency_name: str
    due_at: datetime | None


def load_events(session: Session, dossier_id: int) -> list[EventFact]:
    """Every event of the dossier in order, with who acted and for which agency."""
    actor_agency = aliased(Agency)
    rows = session.execute(
        select(
            DossierEvent,
            User.full_name,
            User.phone,
            User.agency_id,
            actor_agency.name,
        )
        .outerjoin(User, User.id == DossierEvent.actor_id)
        .outerjoin(actor_agency, actor_agency.id == User.agency_id)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.at, DossierEvent.id)
    ).all()
    return [
        EventFact(
            id=event.id,
            at=event.at,
            trigger=event.trigger,
            task_id=event.task_id,
            actor_role=event.actor_role,
            actor_name=name,
            actor_phone=phone,
            actor_agency_id=agency_id,
            actor_agency_name=agency_name,
            note=event.note,
            data=dict(event.data or {}),
        )
        for event, name, phone, agency_id, agency_name in rows
    ]


def load_steps(session: Session, dossier_id: int) -> list[StepFact]:
    """The route's steps in order (stage, then the catalogue's order within a stage)."""
    rows = session.execute(
        select(
            StepTask.id,
            StepTask.stage,
            StepTask.name,
            StepTask.agency_id,
            Agency.name,
            StepTask.due_at,
        )
        .join(Agency, Agency.id == StepTask.agency_id)
        .where(StepTask.dossier_id == dossier_id)
        .order_by(StepTask.stage, StepTask.id)
    ).all()
    return [
        StepFact(id=i, stage=stage, name=name, agency_id=agency_id, agency_name=agency, due_at=due)
        for i, stage, name, agency_id, agency, due in rows
    ]


def latest(events: list[EventFact], triggers: tuple[str, ...]) -> EventFact | None:
    for event in reversed(events):
        if event.trigger in triggers:
            return event
    return None


def lead_and_partners(steps: list[StepFact]) -> tuple[str | None, list[str]]:
    """The lead agency (first step of the route) and the coordinating ones, each once."""
    names: list[str] = []
    for step in steps:
        if step.agency_name not in names:
            names.append(step.agency_name)
    if not names:
        return None, []
    return names[0], names[1:]
