"""Feedback and complaints (phản ánh, kiến nghị) about the handling of procedures: who may
record and read them, and when one counts as handled on time (docs/indicators.md).

Decree 61/2018 Art. 31 and Circular 01/2018 Art. 13: the receiving one-stop unit takes the
feedback in; its officers and head record and follow it up; supervisors read it. Handled on
time compares LOCAL dates, as every other timeliness rule does: handled on or before the due
date counts as on time, whatever the hour.
"""

from __future__ import annotations

from datetime import date, datetime

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role

CHANNELS = ("direct", "phone", "email", "portal", "post", "hotline")
CONTENT_MAX_LENGTH = 4000
RECORDERS = (Role.RECEPTION, Role.UNIT_HEAD)
READERS = (Role.SUPERVISOR, Role.ADMIN)


def may_record_complaint(actor: Actor, unit_id: int) -> bool:
    """The receiving unit's own officers and head record and update its complaints."""
    return actor.role in RECORDERS and actor.agency_id == unit_id


def may_read_complaints(actor: Actor, unit_id: int) -> bool:
    """The unit's officers and head, and supervisors (read-only) for every unit."""
    return actor.role in READERS or may_record_complaint(actor, unit_id)


def handled_on_time(handled_at: datetime | None, due_on: date) -> bool | None:
    """True / False once handled; None while still open."""
    if handled_at is None:
        return None
    return handled_at.astimezone(LOCAL_TZ).date() <= due_on


def overdue(handled_at: datetime | None, due_on: date, today: date) -> bool:
    """Still open after its due date (a late handling is known before it happens)."""
    return handled_at is None and today > due_on
