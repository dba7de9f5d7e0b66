"""The record of a background job someone started (docs/architecture.md#background-work):
created by the request, advanced by the worker, read by the owner's page. Each change is a
short unit of work of its own, so the page sees the progress while the job runs.

A job's files (the upload it reads, the file it makes) live in the app's file store
(vpub_onestop/storage) under its job folder: with S3 storage, the node that took the
upload, the worker that builds the file and the node that serves it share no disk."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, update

from vpub_onestop import clock
from vpub_onestop.domain.errors import N_
from vpub_onestop.domain.jobs import JobState
from vpub_onestop.models import BackgroundJob
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.storage import JOB_FOLDER, JOB_PREFIX, FileStore, file_store

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


def job_file_name(suffix: str) -> str:
    """A new random name in the store's job folder (storage.key_of)."""
    return f"{JOB_PREFIX}{secrets.token_hex(16)}.{suffix}"


def finish_job(
    job_id: int, content: bytes, *, file_name: str, content_type: str, suffix: str
) -> None:
    """`content` becomes the job's download: stored whole (the store's `put` never shows
    half a file), then named on the job. A job that was failed meanwhile keeps no file."""
    stored_name = job_file_name(suffix)
    store = file_store()
    store.put(stored_name, content)
    try:
        finished = _update(
            job_id,
            JobState.RUNNING,
            state=JobState.DONE,
            progress=100,
            stored_name=stored_name,
            file_name=file_name,
            content_type=content_type,
            finished_at=clock.now(),
        )
    except BaseException:
        store.delete(stored_name)
        raise
    if not finished:
        store.delete(stored_name)


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


def purge_expired() -> int:
    """Jobs created more than JOB_FILE_KEEP_HOURS ago: files and rows removed; then any job
    file as old that no row names any more (a worker killed while writing, an upload
    whose job was never created). How many jobs were removed."""
    keep = timedelta(hours=int(current_app.config["JOB_FILE_KEEP_HOURS"]))
    cutoff = clock.now() - keep
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
    store = file_store()
    for _, stored_name in expired:
        if stored_name:
            store.delete(stored_name)
    sweep_job_files(store, now=time.time(), keep=keep)
    return len(expired)


def sweep_job_files(store: FileStore, *, now: float, keep: timedelta) -> list[str]:
    """Remove the job files last written more than `keep` before `now` (seconds since the
    epoch, the store's own clock, as services/file_sweep.py reads it). A file that old has
    outlived its job's row, which was created before the file was written; the keys."""
    cutoff = now - keep.total_seconds()
    removed = []
    for stored in store.list(JOB_FOLDER):
        if stored.name.startswith(JOB_PREFIX) and stored.modified < cutoff:
            store.delete(stored.name)
            removed.append(stored.key)
    return removed


def _update(job_id: int, current: JobState, **values: Any) -> bool:
    """Change the job only while it is still in `current` (a failed job stays failed);
    whether it was."""
    with unit_of_work(send_outbox=False) as session:
        result = session.execute(
            update(BackgroundJob)
            .where(BackgroundJob.id == job_id, BackgroundJob.state == current)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
