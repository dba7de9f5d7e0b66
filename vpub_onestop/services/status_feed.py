"""The status feed: written with each status change, numbered in commit order
(docs/architecture.md#status-feed).

Writing. The transition path (services/transition.fire_on_dossier) calls `record` for each
dossier transition; just before the transaction commits, one entry per transition is
written with the dossier as the transaction leaves it (the due date and appointment a
receipt sets are the caller's lines after the transition), and the webhooks' outbox
messages with it. A rolled-back change writes nothing.

Numbering. An entry's `id` comes from a sequence when it is inserted, but transactions
commit in another order than they insert: a consumer that read up to id 11 would never see
an id 10 committed a moment later. So the cursor counts `position`, given by `sequence`
to committed entries only, one run at a time (PostgreSQL: an advisory lock held to the
run's commit; SQLite: its write lock), each run numbering after the last. An entry
committed later is numbered later than anything a consumer may have read already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, event, func, insert, select, text, update
from sqlalchemy.orm import Session

from vpub_onestop.domain.national_feed import channel_code, reported
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierEvent, StatusFeedEntry
from vpub_onestop.services import webhooks
from vpub_onestop.services.uow import unit_of_work

_PENDING = "status_feed_pending"
# pg_advisory_xact_lock key of the numbering run ("vpubfeed" read as digits, any constant
# no other lock of the project uses).
SEQUENCER_LOCK = 7_801_122_155
SEQUENCE_BATCH = 5000
_TABLE = cast(Table, StatusFeedEntry.__table__)
_INSERT = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)


@dataclass(frozen=True)
class _Change:
    dossier: Dossier
    event: DossierEvent
    before: DossierState
    after: DossierState


def record(session: Session, dossier: Dossier, transition: DossierEvent) -> None:
    """Note one dossier transition for the feed (written at commit)."""
    after = DossierState(transition.to_state)
    if not reported(after):
        return
    before = DossierState(transition.from_state) if transition.from_state else DossierState.DRAFT
    pending: list[_Change] = session.info.setdefault(_PENDING, [])
    pending.append(_Change(dossier, transition, before, after))


@event.listens_for(Session, "before_commit")
def _write_entries(session: Session) -> None:
    pending: list[_Change] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # ids of a dossier or an event opened in this transaction
    rows = [_entry(change) for change in pending]
    # Plain rows in one statement, not ORM objects: nothing reads an entry back in this
    # transaction, and the webhooks need only its id (bench/PROFILE.md "Fourth round").
    ids = session.scalars(_INSERT, rows).all()
    webhooks.enqueue(session, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_PENDING, None)


def _entry(change: _Change) -> dict[str, Any]:
    """The entry's row (every column but `id` and `position`)."""
    dossier = change.dossier
    code = change.after.national_code
    assert code is not None  # record() keeps reported states only
    return {
        "dossier_id": dossier.id,
        "dossier_code": dossier.code,
        "event_id": change.event.id,
        "national_code": code,
        "previous_code": change.before.national_code,
        "state": change.after.value,
        "channel_code": channel_code(dossier.channel),
        "occurred_at": change.event.at,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "appointment_at": dossier.appointment_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
    }


def _anything_to_number() -> bool:
    found = db.session.scalar(
        select(StatusFeedEntry.id).where(StatusFeedEntry.position.is_(None)).limit(1)
    )
    db.session.commit()  # end the read, so that SQLite's write transaction can start
    return found is not None


def sequence(limit: int = SEQUENCE_BATCH) -> int:
    """Number the committed entries not numbered yet, in id order, after the last number
    given; how many were numbered. Entries of one dossier are inserted in the order of its
    changes (each change holds the dossier's row until it commits), so id order keeps that
    order within a run."""
    if not _anything_to_number():
        return 0
    with unit_of_work(send_outbox=False) as session:
        if session.get_bind().dialect.name == "postgresql":
            # Held until this run commits: the next run reads the numbers this one gave.
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEQUENCER_LOCK})
        last = session.scalar(select(func.max(StatusFeedEntry.position))) or 0
        ids = list(
            session.scalars(
                select(StatusFeedEntry.id)
                .where(StatusFeedEntry.position.is_(None))
                .order_by(StatusFeedEntry.id)
                .limit(limit)
            )
        )
        if ids:
            session.execute(
                update(StatusFeedEntry),
                [{"id": entry_id, "position": last + n} for n, entry_id in enumerate(ids, 1)],
            )
        return len(ids)
