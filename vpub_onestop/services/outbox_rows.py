"""Outbox rows written with the change they announce, as plain rows (Core INSERT), not ORM
objects: a message is never read back nor changed in the transaction that queues it, so
the unit of work's bookkeeping for it (identity map, flush plan, refresh) was pure cost on
every submission and receipt (bench/PROFILE.md "Fourth round").

`queue` notes a message; just before the transaction commits, the queued messages are
written in one statement. A rolled-back change writes nothing (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, event, insert
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.models import Dossier, OutboxMessage

_QUEUED = "outbox_rows_queued"
_TABLE = cast(Table, OutboxMessage.__table__)
# Every row carries every key: one executemany statement serves them all.
_EMPTY: dict[str, Any] = {"subject": "", "subscription_id": None}


def queue(
    session: Session, dossier: Dossier, *, channel: str, recipient: str, body: str, **more: Any
) -> None:
    """A message about `dossier`, written at commit (the dossier's id is read then: a
    dossier opened in this transaction has one by then)."""
    row = {**_EMPTY, "channel": channel, "recipient": recipient, "body": body, **more}
    session.info.setdefault(_QUEUED, []).append((dossier, row))


def write(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Rows written now, in the caller's transaction (each with its `dossier_id`)."""
    if rows:
        now = clock.now()  # the column's own default, which an executemany cannot apply per row
        session.execute(insert(_TABLE), [{**_EMPTY, "created_at": now, **row} for row in rows])


@event.listens_for(Session, "before_commit")
def _write_queued(session: Session) -> None:
    queued: list[tuple[Dossier, dict[str, Any]]] | None = session.info.pop(_QUEUED, None)
    if not queued:
        return
    session.flush()  # a dossier opened in this transaction gets its id
    write(session, [{**row, "dossier_id": dossier.id} for dossier, row in queued])


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_QUEUED, None)
