"""The record of a background job someone started (docs/architecture.md#background-work):
created by the request, advanced by the worker, read by the owner's page. Each change is a
short unit of work of its own, so the page sees the progress while the job runs."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, update

from vpub_onestop import clock
from vpub_onestop.domain.errors import N_
from vpub_onestop.domain.jobs import JobState
from vpub_onestop.models import BackgroundJob
from vpub_onestop.queries.jobs import job_file_dir
from vpub_onestop.services.uow import unit_of_work

FAILED_MESSAGE = N_("Không tạo được tệp. Vui lòng thử lại hoặc liên hệ quản trị hệ thống.")


@dataclass(frozen=True)
class JobOrder:
    """What the worker needs to build a job's file."""

    id: int
    owner_id: int
    kind: str
    params: dict[str, Any]


def create_job(owner_id: int, kind: str, params: dict[str, Any]) -> int:
    with unit_of_work(send_outbox=False) as session:
        job = BackgroundJob(owner_id=owner_id, kind=kind, params=params)
        session.add(job)
        session.flush()
        return job.id


def start_job(job_id: int) -> JobOrder | None:
    """Queued -> running; None when the job is not waiting any more (run twice, purged)."""
    with unit_of_work(send_outbox=False) as session:
        job = session.get(BackgroundJob, job_id)
        if job is None or job.state is not JobState.QUEUED:
            return None
        job.state, job.started_at, job.progress = JobState.RUNNING, clock.now(), 0
        return JobOrder(job.id, job.owner_id, job.kind, dict(job.params))


def report_progress(job_id: int, percent: int) -> None:
    _update(job_id, JobState.RUNNING, progress=max(0, min(99, percent)))


def finish_job(
    job_id: int, written: Path, *, file_name: str, content_type: str, suffix: str
) -> None:
    """The file at `written` (in the job file folder) becomes the job's download."""
    stored_name = f"{secrets.token_hex(16)}.{suffix}"
    os.replace(written, job_file_dir() / stored_name)
    _update(
        job_id,
        JobState.RUNNING,
        state=JobState.DONE,
        progress=100,
        stored_name=stored_name,
        file_name=file_name,
        content_type=content_type,
        finished_at=clock.now(),
    )


def fail_job(job_id: int, message: str = FAILED_MESSAGE) -> None:
    """A job that could not finish (its message is shown, translated, to the owner)."""
    with unit_of_work(send_outbox=False) as session:
        session.execute(
            update(BackgroundJob)
            .where(
                BackgroundJob.id == job_id,
                BackgroundJob.state.in_((JobState.QUEUED, JobState.RUNNING)),
            )
            .values(state=JobState.FAILED, error=message, finished_at=clock.now())
            .execution_options(synchronize_session=False)
        )


def new_file(suffix: str) -> Path:
    """Where the worker writes a file while it builds it (same folder: the rename into
    place is atomic)."""
    folder = job_file_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{secrets.token_hex(16)}.{suffix}.part"


def purge_expired() -> int:
    """Jobs created more than JOB_FILE_KEEP_HOURS ago: files and rows removed; how many."""
    cutoff = clock.now() - timedelta(hours=int(current_app.config["JOB_FILE_KEEP_HOURS"]))
    with unit_of_work(send_outbox=False) as session:
        expired = list(
            session.execute(
                select(BackgroundJob.id, BackgroundJob.stored_name).where(
                    BackgroundJob.created_at < cutoff
                )
            )
        )
        if expired:
            session.execute(
                delete(BackgroundJob).where(BackgroundJob.id.in_([row.id for row in expired]))
            )
    for _, stored_name in expired:
        if stored_name:
            (job_file_dir() / stored_name).unlink(missing_ok=True)
    return len(expired)


def _update(job_id: int, current: JobState, **values: Any) -> None:
    """Change the job only while it is still in `current` (a failed job stays failed)."""
    with unit_of_work(send_outbox=False) as session:
        session.execute(
            update(BackgroundJob)
            .where(BackgroundJob.id == job_id, BackgroundJob.state == current)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
