"""A merger confirmed ahead of its effective day (docs/domain.md#scheduled-merge): kept here
until the daily schedule carries it out on that day, an administrator cancels it, or the
run refuses it because something changed meanwhile (the reason kept and shown)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.base import Base

SCHEDULED = "scheduled"
DONE = "done"
CANCELLED = "cancelled"
REFUSED = "refused"
MERGE_STATUSES = (SCHEDULED, DONE, CANCELLED, REFUSED)


class ScheduledMerge(Base):
    __tablename__ = "scheduled_merge"
    # The daily run reads the pending ones due by today.
    __table_args__ = (Index("ix_scheduled_merge_status_effective", "status", "effective"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The merged agencies' ids (a handful), in the order confirmed.
    sources: Mapped[list[int]] = mapped_column(JSON)
    target_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    effective: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=SCHEDULED)
    # The administrator who confirmed it: the run acts (and is audited) in his name.
    created_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    finished_at: Mapped[datetime | None]
    # Why the run refused it: [{"message": catalogue template, "params": {...}}].
    refusal: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    # An administrator cancelling while the run carries it out: one of them wins.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
