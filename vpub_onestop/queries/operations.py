"""Figures for the operator's /metrics page, each one cheap: the outbox's pending rows are
read through the (sent_at, created_at) index, the sweep's last run by primary key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop.models import OutboxMessage, SweepRun


@dataclass(frozen=True)
class OutboxBacklog:
    pending: int  # queued, not sent yet (including those that gave up)
    oldest_created_at: datetime | None


def outbox_backlog(session: Session) -> OutboxBacklog:
    pending, oldest = session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.sent_at.is_(None)
        )
    ).one()
    return OutboxBacklog(pending=pending or 0, oldest_created_at=oldest)


def last_sweep(session: Session) -> SweepRun | None:
    return session.scalars(select(SweepRun).order_by(SweepRun.id.desc()).limit(1)).first()
