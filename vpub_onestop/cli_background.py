"""Commands of the background work (docs/architecture.md#background-work): `flask worker`
runs one RQ worker; `flask catalogue import` runs the catalogue import on a worker when
REDIS_URL is set, in this process otherwise (or with --here)."""

from __future__ import annotations

import json
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
@click.option("--here", is_flag=True, help="Nhập ngay trong tiến trình này, kể cả khi có Redis.")
@click.option("--no-wait", is_flag=True, help="Chỉ đưa vào hàng đợi, không chờ kết quả.")
def catalogue_import(file: Path, here: bool, no_wait: bool) -> None:
    """Import agencies and procedures from a catalogue JSON file (existing ones are kept)."""
    from vpub_onestop.background import queue, tasks

    data = json.loads(file.read_text(encoding="utf-8"))
    if here or not queue.configured():
        agencies, procedures = tasks.import_catalogue(data)
    else:
        job_id = queue.enqueue(tasks.import_catalogue, data, queue_name=queue.BULK)
        click.echo(f"Đã đưa việc nhập danh mục vào hàng đợi (mã {job_id}).")
        if no_wait:
            return
        agencies, procedures = _wait_for(job_id)
    click.echo(f"Đã tạo {agencies} cơ quan, {procedures} thủ tục.")


def _wait_for(job_id: str) -> tuple[int, int]:
    from rq.job import Job, JobStatus

    from vpub_onestop.background import queue

    job = Job.fetch(job_id, connection=queue.connection())
    for _ in range(IMPORT_WAIT_SECONDS * 2):
        status = job.get_status(refresh=True)
        if status is JobStatus.FINISHED:
            result = job.return_value()
            assert result is not None
            return int(result[0]), int(result[1])
        if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            raise click.ClickException(f"Nhập danh mục không thành công ({status.value}).")
        time.sleep(0.5)
    raise click.ClickException("Chưa có kết quả: kiểm tra xem worker có đang chạy không.")
