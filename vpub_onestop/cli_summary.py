"""`flask summary ...`: the reporting read model (docs/architecture.md#reporting-read-model)."""

from __future__ import annotations

import time
from datetime import date, datetime

import click
from flask.cli import AppGroup

from vpub_onestop.services import public_timeline, step_clock, summary_months
from vpub_onestop.services.summary_rebuild import rebuild_summary
from vpub_onestop.services.uow import unit_of_work


@click.group("summary", cls=AppGroup)
def summary_group() -> None:
    """Bảng tổng hợp theo ngày phục vụ báo cáo thống kê."""


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter("dạng YYYY-MM-DD") from None


@summary_group.command("rebuild")
@click.option("--from", "start", help="Ngày đầu (YYYY-MM-DD); mặc định: từ đầu.")
@click.option("--to", "end", help="Ngày cuối (YYYY-MM-DD); mặc định: đến hết.")
def rebuild(start: str | None, end: str | None) -> None:
    """Tính lại bảng tổng hợp từ hồ sơ, bước xử lý và thời gian tạm dừng; đặt lại dấu
    "đồng hồ đang chạy" của các bước theo trạng thái hồ sơ."""
    first, last = _day(start), _day(end)
    if first and last and last < first:
        raise click.BadParameter("--to phải sau --from")
    began = time.monotonic()
    done = rebuild_summary(first, last)
    click.echo(
        f"rebuilt from {done.dossiers} dossiers: {done.dossier_rows} dossier rows, "
        f"{done.step_rows} step rows, {done.months} closed months "
        f"in {time.monotonic() - began:.1f} s"
    )
    # The steps' copy of their dossier's clock is the other read-side cache the rows may
    # have missed when written outside the transition path (services/step_clock.py).
    with unit_of_work(send_outbox=False) as session:
        corrected = step_clock.resync(session)
    click.echo(f"steps' clock copy: {corrected} corrected")
    # The dossiers' public timelines, the lookup's read of their events.
    began = time.monotonic()
    with unit_of_work(send_outbox=False) as session:
        public_timeline.rebuild(session)
    click.echo(f"public timelines rebuilt in {time.monotonic() - began:.1f} s")


@summary_group.command("close")
def close() -> None:
    """Khóa sổ các tháng đã qua: cộng dồn số liệu tháng và số tồn cuối tháng, để báo cáo
    đọc một tháng thay vì mọi ngày trước kỳ (việc định kỳ của lịch quét hạn cũng làm)."""
    closed = summary_months.close_finished_months()
    click.echo(f"closed months: {closed}")
