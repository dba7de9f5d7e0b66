"""Reading the administration audit: the whole list, filtered and walked newest first by
keyset (queries/paging.py), and one object's history for its page
(docs/architecture.md#admin-audit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select

from vpub_onestop.domain.admin_audit import FieldChange, changed_fields
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db
from vpub_onestop.models.admin_audit import AdminChange
from vpub_onestop.queries.paging import Keyset, Order, Page, paginate

HISTORY_LIMIT = 50  # an object's page shows its latest changes; the list has them all


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    actor_name: str
    object_type: str
    object_id: str
    action: str
    reason: str | None
    changes: list[FieldChange]


@dataclass(frozen=True)
class AuditFilters:
    object_type: str | None = None
    object_id: str | None = None
    actor_id: int | None = None
    date_from: date | None = None  # local dates, both included
    date_to: date | None = None


_ORDER = Order(
    moment=AdminChange.at,
    row_id=AdminChange.id,
    key_of=lambda row: (row[0].at, row[0].id),
    descending=True,
)


def audit_page(
    filters: AuditFilters, number: int, size: int, after: Keyset | None = None
) -> Page[AuditLine]:
    stmt = select(AdminChange).where(*_conditions(filters))
    session = db.session()
    rows, total, number, first, last = paginate(session, stmt, number, size, _ORDER, after)
    return Page([_line(row[0]) for row in rows], number, size, total, first, last)


def object_history(object_type: str, object_id: object) -> list[AuditLine]:
    """The latest changes of one object, newest first."""
    stmt = (
        select(AdminChange)
        .where(AdminChange.object_type == object_type, AdminChange.object_id == str(object_id))
        .order_by(AdminChange.at.desc(), AdminChange.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return [_line(row) for row in db.session.scalars(stmt)]


def audit_actors() -> list[tuple[int, str]]:
    """(account id, username) of everyone who appears in the audit, for the filter."""
    stmt = (
        select(AdminChange.actor_id, AdminChange.actor_name)
        .where(AdminChange.actor_id.is_not(None))
        .distinct()
        .order_by(AdminChange.actor_name)
    )
    seen: dict[int, str] = {}
    for actor_id, name in db.session.execute(stmt):
        if actor_id is not None:
            seen.setdefault(actor_id, name)
    return sorted(seen.items(), key=lambda pair: pair[1])


def _conditions(filters: AuditFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.object_type:
        conditions.append(AdminChange.object_type == filters.object_type)
    if filters.object_id:
        conditions.append(AdminChange.object_id == filters.object_id)
    if filters.actor_id is not None:
        conditions.append(AdminChange.actor_id == filters.actor_id)
    if filters.date_from is not None:
        conditions.append(AdminChange.at >= _local_midnight(filters.date_from))
    if filters.date_to is not None:
        conditions.append(AdminChange.at < _local_midnight(filters.date_to + timedelta(days=1)))
    return conditions


def _local_midnight(day: date) -> Any:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def _line(row: AdminChange) -> AuditLine:
    return AuditLine(
        id=row.id,
        at=row.at,
        actor_name=row.actor_name,
        object_type=row.object_type,
        object_id=row.object_id,
        action=row.action,
        reason=row.reason,
        changes=changed_fields(row.before, row.after),
    )
