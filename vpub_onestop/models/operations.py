"""What the operations side needs to see across processes: the sweep runs from cron in
a process of its own, so its last duration and counts are kept here for /metrics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.base import Base


class SweepRun(Base):
    """One row per run of the deadline sweep (services/sweep.py), written when it ends."""

    __tablename__ = "sweep_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    finished_at: Mapped[datetime] = mapped_column(default=clock.now)
    duration_ms: Mapped[int]
    # Items flagged overdue once the run ended (announced now or by an earlier run).
    dossiers_overdue: Mapped[int]
    tasks_overdue: Mapped[int]
    messages: Mapped[int]  # notifications this run queued
