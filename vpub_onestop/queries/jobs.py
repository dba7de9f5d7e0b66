"""Reading a background job for its owner's page and download (web/jobs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from vpub_onestop.domain.jobs import JobState
from vpub_onestop.extensions import db
from vpub_onestop.models import BackgroundJob


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    state: JobState
    progress: int
    file_name: str | None
    content_type: str | None
    stored_name: str | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None


def owned_job(job_id: int, owner_id: int) -> JobView | None:
    """The job if `owner_id` started it; None otherwise (the page answers 404 alike for a
    job that does not exist and for someone else's)."""
    row = db.session.scalars(
        select(BackgroundJob).where(BackgroundJob.id == job_id, BackgroundJob.owner_id == owner_id)
    ).first()
    return None if row is None else _view(row)


def recent_jobs(owner_id: int, limit: int = 20) -> list[JobView]:
    rows = db.session.scalars(
        select(BackgroundJob)
        .where(BackgroundJob.owner_id == owner_id)
        .order_by(BackgroundJob.id.desc())
        .limit(limit)
    )
    return [_view(row) for row in rows]


def _view(row: BackgroundJob) -> JobView:
    return JobView(
        id=row.id,
        kind=row.kind,
        state=row.state,
        progress=100 if row.state is JobState.DONE else row.progress,
        file_name=row.file_name,
        content_type=row.content_type,
        stored_name=row.stored_name,
        error=row.error,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )
