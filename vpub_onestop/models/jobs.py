"""Background jobs started by a person (docs/architecture.md#background-work): one row per
export or register asked for, read by its owner's progress page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.domain.jobs import JobState
from vpub_onestop.models.base import Base, state_column


class BackgroundJob(Base):
    __tablename__ = "background_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only the owner sees the page and downloads the file (anyone else: 404).
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # export | register
    # What to build, as the page asked for it (endpoint, format, filters, language).
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(
        state_column(JobState, length=10), default=JobState.QUEUED
    )
    progress: Mapped[int] = mapped_column(default=0)  # percent
    # The finished file: in the file store's job folder by `stored_name` (storage.key_of),
    # offered as `file_name`.
    stored_name: Mapped[str | None] = mapped_column(String(80))
    file_name: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(Text)  # a Vietnamese message id (translated)
    created_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
