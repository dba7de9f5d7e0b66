"""The functions RQ runs (by their dotted name). Each runs inside the app context the
worker opened for it (background/worker.py) and does its work through the same services
the command line uses, so a job and `flask send-outbox` / `flask sweep` behave alike."""

from __future__ import annotations


def deliver_outbox() -> int:
    """Send every claimable notification; how many went out."""
    from vpub_onestop.background.queue import DELIVERY_PENDING_KEY, connection
    from vpub_onestop.services.outbox import deliver_pending

    # First, so that a message committed while this job runs asks for a job of its own.
    connection().delete(DELIVERY_PENDING_KEY)
    total = 0
    while sent := deliver_pending():
        total += sent
    return total


def sweep() -> dict[str, int]:
    """The deadline sweep (services/sweep.py); its notifications go out by a delivery job."""
    from dataclasses import asdict

    from vpub_onestop.services.sweep import run_sweep

    return asdict(run_sweep())


def build_job_file(job_id: int) -> None:
    """An export or a register someone asked for on a page (background/job_files.py)."""
    from vpub_onestop.background.job_files import run_job

    run_job(job_id)


def import_catalogue(file_name: str, content: bytes) -> dict[str, int]:
    """The catalogue import (`flask catalogue import`): how many procedures were new,
    given a new version, unchanged, refused (services/catalogue_transfer.py)."""
    from vpub_onestop.services.catalogue_transfer import apply_catalogue, read_source

    return apply_catalogue(read_source(file_name, content)).counts()


def purge_job_files() -> int:
    """Finished jobs older than JOB_FILE_KEEP_HOURS: their files and rows go."""
    from vpub_onestop.services.jobs import purge_expired

    return purge_expired()
