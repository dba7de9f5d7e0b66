"""Read side of feedback and complaints: the unit's list for its page, and the figures that
Circular 01 indicators 7 and 8 and Decision 766 take from them (docs/indicators.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.complaints import overdue
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Complaint, Dossier
from vpub_onestop.queries.stats_scope import Period
from vpub_onestop.reporting_db import reporting_session

LIST_LIMIT = 200


def verified_complaint_on(dossier_id: Any = Dossier.id) -> ColumnElement[bool]:
    """Indicator 7: a verified complaint about the dossier, whenever it was received."""
    return exists().where(Complaint.dossier_id == dossier_id, Complaint.verified.is_(True))


def with_verified_complaint(dossier_id: Any = Dossier.id) -> ColumnElement[bool]:
    """The same dossiers as `verified_complaint_on`, written so that the planner starts
    from the (few) verified complaints and fetches their dossiers by key, instead of
    probing the complaints once for every dossier of a period."""
    return dossier_id.in_(
        select(Complaint.dossier_id).where(
            Complaint.verified.is_(True), Complaint.dossier_id.is_not(None)
        )
    )


@dataclass(frozen=True)
class FeedbackCounts:
    due: int = 0  # due in the period and judgeable (handled, or still open past its date)
    on_time: int = 0


def feedback_counts(unit_ids: list[int], period: Period, today: date) -> dict[int, FeedbackCounts]:
    """Indicator 8 per unit: complaints whose handling due date lies in the period. One
    still open on or before its due date is not judged yet; one open after it is late."""
    judged = or_(Complaint.handled_at.is_not(None), Complaint.handling_due_on < today)
    on_time = func.coalesce(func.sum(case((Complaint.handled_on_time.is_(True), 1), else_=0)), 0)
    rows = reporting_session().execute(
        select(Complaint.unit_id, func.count(), on_time)
        .where(
            Complaint.unit_id.in_(unit_ids),
            Complaint.handling_due_on >= period.start,
            Complaint.handling_due_on <= period.end,
            judged,
        )
        .group_by(Complaint.unit_id)
    )
    return {unit: FeedbackCounts(int(n), int(ok)) for unit, n, ok in rows}


def complaints_received(unit_ids: tuple[int, ...], period: Period) -> int:
    """Decision 766: every complaint received in the period counts in the complaint rate."""
    return int(
        reporting_session().scalar(
            select(func.count())
            .select_from(Complaint)
            .where(
                Complaint.unit_id.in_(unit_ids),
                and_(
                    Complaint.received_at >= period.start_at,
                    Complaint.received_at < period.end_at,
                ),
            )
        )
        or 0
    )


@dataclass(frozen=True)
class ComplaintLine:
    id: int
    version: int
    received_on: date
    channel: str
    sender_name: str | None
    dossier_code: str | None
    content: str
    verified: bool
    handling_due_on: date
    handled_on: date | None
    handled_on_time: bool | None
    overdue: bool
    handling_note: str | None


def complaint_lines(unit_id: int, today: date) -> list[ComplaintLine]:
    """The unit's complaints, open ones first, newest first (the latest LIST_LIMIT)."""
    rows = db.session.execute(
        select(Complaint, Dossier.code)
        .outerjoin(Dossier, Dossier.id == Complaint.dossier_id)
        .where(Complaint.unit_id == unit_id)
        .order_by(Complaint.handled_at.is_not(None), Complaint.received_at.desc())
        .limit(LIST_LIMIT)
    )
    return [_line(c, code, today) for c, code in rows]


def _local_day(moment: datetime | None) -> date | None:
    return moment.astimezone(LOCAL_TZ).date() if moment else None


def _line(c: Complaint, code: str | None, today: date) -> ComplaintLine:
    received = _local_day(c.received_at)
    assert received is not None
    return ComplaintLine(
        id=c.id,
        version=c.version,
        received_on=received,
        channel=c.channel,
        sender_name=c.sender_name,
        dossier_code=code,
        content=c.content,
        verified=c.verified,
        handling_due_on=c.handling_due_on,
        handled_on=_local_day(c.handled_at),
        handled_on_time=c.handled_on_time,
        overdue=overdue(c.handled_at, c.handling_due_on, today),
        handling_note=c.handling_note,
    )


def one_stop_units() -> list[tuple[int, str]]:
    """The units a supervisor may choose between on the complaint page."""
    return [
        (unit_id, name)
        for unit_id, name in db.session.execute(
            select(Agency.id, Agency.name)
            .where(Agency.is_one_stop_unit.is_(True))
            .order_by(Agency.name)
        )
    ]
