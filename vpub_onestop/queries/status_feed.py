"""Reading the status feed (docs/architecture.md#status-feed): the entries after a
consumer's cursor, in the order they were numbered, and the one JSON shape an entry has in
the pulled feed and in a webhook's body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import false, func, select

from vpub_onestop.access.visibility import visible_dossiers
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.national_feed import STATUS_CHANGED
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, StatusFeedEntry

MAX_PAGE = 500


@dataclass(frozen=True)
class FeedPage:
    events: list[dict[str, Any]]
    # The cursor to send next time: the last position served when the page is full, else
    # the highest position read (nothing of the caller's scope lies before it unserved);
    # pulling again with it is always safe.
    next_cursor: int


def _moment(value: datetime | None) -> str | None:
    """ISO 8601 in Vietnam's time, with its offset (+07:00): the moment is exact for a
    machine, and the date is the one the applicant's receipt shows."""
    return value.astimezone(LOCAL_TZ).isoformat() if value is not None else None


def as_json(entry: StatusFeedEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "type": STATUS_CHANGED,
        "position": entry.position,
        "dossier_code": entry.dossier_code,
        "status_code": entry.national_code,
        "previous_status_code": entry.previous_code,
        "state": entry.state,
        "channel": entry.channel_code,
        "occurred_at": _moment(entry.occurred_at),
        "submitted_at": _moment(entry.submitted_at),
        "received_at": _moment(entry.received_at),
        "due_at": _moment(entry.due_at),
        "appointment_at": _moment(entry.appointment_at),
        "finished_at": _moment(entry.finished_at),
        "returned_at": _moment(entry.returned_at),
    }


def page_after(after: int, limit: int, *, seen_by: Actor | None = None) -> FeedPage:
    """Numbered entries after `after`, oldest first, at most `limit` (capped at MAX_PAGE);
    with `seen_by`, only the entries of the dossiers that actor's lists show (the
    visibility rule of access.visibility; a role that lists none gets none).

    The highest position is read first and bounds the page: every entry at or below it was
    committed before it was numbered (status_feed.sequence), so a scoped page that is not
    full has seen all of its scope up to there and may send the consumer past the other
    agencies' entries; a later entry is always numbered above it, never skipped."""
    upto = db.session.scalar(select(func.max(StatusFeedEntry.position))) or 0
    size = max(1, min(limit, MAX_PAGE))
    stmt = select(StatusFeedEntry).where(
        StatusFeedEntry.position > after, StatusFeedEntry.position <= upto
    )
    if seen_by is not None:
        scope = visible_dossiers(seen_by)
        stmt = stmt.join(Dossier, Dossier.id == StatusFeedEntry.dossier_id).where(
            scope if scope is not None else false()
        )
    rows = list(db.session.scalars(stmt.order_by(StatusFeedEntry.position).limit(size)))
    events = [as_json(row) for row in rows]
    if len(rows) == size and rows[-1].position is not None:
        return FeedPage(events, rows[-1].position)
    return FeedPage(events, max(after, upto))
