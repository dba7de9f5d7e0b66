"""`flask files ...`: housekeeping of the upload folder."""

from __future__ import annotations

import time
from datetime import timedelta

import click
from flask.cli import AppGroup

from vpub_onestop.extensions import db
from vpub_onestop.services.file_sweep import sweep_orphan_files
from vpub_onestop.storage import file_store


@click.group("files", cls=AppGroup)
def files_group() -> None:
    """Tệp đính kèm trong kho lưu trữ (thư mục UPLOAD_DIR hoặc bucket S3)."""


@files_group.command("sweep-orphans")
@click.option(
    "--grace-hours",
    type=click.FloatRange(min=1),
    default=24,
    show_default=True,
    help="Chỉ xóa tệp không có bản ghi đã ghi cách đây hơn chừng này giờ.",
)
def sweep_orphans(grace_hours: float) -> None:
    """Xóa các tệp không có bản ghi (tiến trình bị dừng giữa lúc lưu và ghi CSDL)."""
    report = sweep_orphan_files(
        db.session(), file_store(), now=time.time(), grace=timedelta(hours=grace_hours)
    )
    db.session.rollback()  # read only: end the read transaction
    for key in report.removed:
        click.echo(f"removed {key}")
    for key in report.unknown:
        click.echo(f"left alone (not a stored name) {key}")
    click.echo(
        f"examined {report.examined}, removed {len(report.removed)}, "
        f"orphans within the grace period {report.too_young}, unknown {len(report.unknown)}"
    )
