"""Commands of the background work (docs/architecture.md#background-work): `flask worker`
runs one RQ worker; `flask catalogue import` runs the catalogue import on a worker when
REDIS_URL is set, in this process otherwise (or with --here); `flask catalogue export`
writes the catalogue to a file."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

QUEUE_CHOICES = {"urgent": "vpub-urgent", "bulk": "vpub-bulk"}
IMPORT_WAIT_SECONDS = 600


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Dừng khi hàng đợi trống (kiểm thử, cron).")
@click.option(
    "--queue",
    "queue_names",
    multiple=True,
    type=click.Choice(sorted(QUEUE_CHOICES)),
    help="Chỉ nhận việc của hàng đợi này (mặc định: urgent rồi bulk).",
)
@click.option("--simple", is_flag=True, help="Chạy việc ngay trong tiến trình (không fork).")
def worker(burst: bool, queue_names: tuple[str, ...], simple: bool) -> None:
    """Run one background worker (needs REDIS_URL): mail, the sweep, exports, imports."""
    from vpub_onestop.background import queue
    from vpub_onestop.background.worker import run_worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not queue.configured(app):
        raise click.ClickException("Chưa đặt REDIS_URL: không có hàng đợi để làm việc.")
    names = [QUEUE_CHOICES[name] for name in queue_names] or list(queue.QUEUES)
    run_worker(app, names, burst=burst, simple=simple)


@click.group("catalogue", cls=AppGroup)
def catalogue_group() -> None:
    """The catalogue of procedures and agencies."""


@catalogue_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê những gì sẽ thay đổi, không ghi gì.")
@click.option("--here", is_flag=True, help="Nhập ngay trong tiến trình này, kể cả khi có Redis.")
@click.option("--no-wait", is_flag=True, help="Chỉ đưa vào hàng đợi, không chờ kết quả.")
def catalogue_import(file: Path, dry_run: bool, here: bool, no_wait: bool) -> None:
    """Import procedures (JSON in the seed's shape, or CSV) and the agencies a JSON file
    declares: new procedures are published, changed ones get a new version
    (docs/domain.md#catalogue-import)."""
    from vpub_onestop.background import queue, tasks
    from vpub_onestop.cli_catalogue import print_counts, run_with_progress
    from vpub_onestop.domain.errors import ValidationError

    content = file.read_bytes()
    try:
        if dry_run or here or not queue.configured():
            run_with_progress(file.name, content, dry_run=dry_run)
            return
    except ValidationError as error:
        raise click.ClickException(str(error.message)) from None
    job_id = queue.enqueue(tasks.import_catalogue, file.name, content, queue_name=queue.BULK)
    click.echo(f"Đã đưa việc nhập danh mục vào hàng đợi (mã {job_id}).")
    if no_wait:
        return
    print_counts(_wait_for(job_id))


def _wait_for(job_id: str) -> dict[str, int]:
    from rq.job import Job, JobStatus

    from vpub_onestop.background import queue

    job = Job.fetch(job_id, connection=queue.connection())
    for _ in range(IMPORT_WAIT_SECONDS * 2):
        status = job.get_status(refresh=True)
        if status is JobStatus.FINISHED:
            result = job.return_value()
            assert isinstance(result, dict)
            return {str(key): int(value) for key, value in result.items()}
        if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            raise click.ClickException(f"Nhập danh mục không thành công ({status.value}).")
        time.sleep(0.5)
    raise click.ClickException("Chưa có kết quả: kiểm tra xem worker có đang chạy không.")


@catalogue_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def catalogue_export(file: Path) -> None:
    """Write the published catalogue to FILE: .json or .csv (data only) or .zip (data and
    the papers' uploaded templates, with their sha256: docs/domain.md#catalogue-import)."""
    from vpub_onestop.cli_catalogue import write_export

    suffix = file.suffix.lower()
    if suffix not in (".json", ".csv", ".zip"):
        raise click.ClickException("Tên tệp phải kết thúc bằng .json, .csv hoặc .zip.")
    write_export(file)
