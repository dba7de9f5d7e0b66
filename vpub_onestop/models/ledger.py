"""Append-only audit trail and the clock ledger (supplementation intervals)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.append_only import append_only
from vpub_onestop.models.base import Base


class DossierEvent(Base):
    """One row per transition; never updated or deleted (the database refuses both:
    models/append_only.py)."""

    __tablename__ = "dossier_event"
    __table_args__ = (
        Index("ix_dossier_event_dossier_at", "dossier_id", "at"),
        # A step's own events (who sent it back, when it arrived): the staff lists' "sent
        # back" filter and count probe it once per step in progress, and a step's events
        # must not cost a walk through every event of its dossier (bench/PLANS.md).
        Index(
            "ix_dossier_event_task_trigger",
            "task_id",
            "trigger",
            postgresql_where=text("task_id IS NOT NULL"),
            sqlite_where=text("task_id IS NOT NULL"),
        ),
        # Decision 766's online-payment share counts a period's payments: a few per cent
        # of the events, found by their moment instead of walking the period's dossiers.
        Index(
            "ix_dossier_event_payment_at",
            "at",
            postgresql_where=text("trigger = 'confirm_payment'"),
            sqlite_where=text("trigger = 'confirm_payment'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("step_task.id"))
    at: Mapped[datetime] = mapped_column(default=clock.now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_role: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


append_only(DossierEvent.__table__)  # type: ignore[arg-type]


class ClockPause(Base):
    """An interval excluded from timeliness (the applicant was completing the file)."""

    __tablename__ = "clock_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # supplement
    policy: Mapped[str] = mapped_column(String(10))  # restart | pause
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
