"""Command line: `flask --app wsgi <command>`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from vpub_onestop.domain import formatting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.deadlines import TimeLimit, compute_due
from vpub_onestop.extensions import db

SEED_DIR = Path(__file__).resolve().parent / "seed"
POLICY_KEYS = {
    "makeup_saturday_is_working_day": "POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY",
    "supplement_clock": "POLICY_SUPPLEMENT_CLOCK",
    "office_hours": "OFFICE_HOURS",
    "same_day_cutoff": "SAME_DAY_CUTOFF",
}


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(deadline)
    app.cli.add_command(calendar_group)
    app.cli.add_command(workflow_diagram)
    app.cli.add_command(bootstrap)
    app.cli.add_command(sweep)
    app.cli.add_command(send_outbox)
    app.cli.add_command(grant_runtime_role)
    from vpub_onestop.cli_accounts import account_group
    from vpub_onestop.cli_api import api_token_group
    from vpub_onestop.cli_background import catalogue_group, worker
    from vpub_onestop.cli_files import files_group
    from vpub_onestop.cli_summary import summary_group

    app.cli.add_command(account_group)
    app.cli.add_command(api_token_group)
    app.cli.add_command(files_group)
    app.cli.add_command(summary_group)
    app.cli.add_command(worker)
    app.cli.add_command(catalogue_group)


def _parse_received(text: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=LOCAL_TZ)
        except ValueError:
            continue
    raise click.BadParameter("dạng YYYY-MM-DD HH:MM[:SS] (giờ Việt Nam)", param_hint="--received")


def _apply_policies(pairs: tuple[str, ...]) -> None:
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in POLICY_KEYS:
            raise click.BadParameter(
                f"{pair!r}: dùng key=value với key trong {sorted(POLICY_KEYS)}"
            )
        setting = POLICY_KEYS[key]
        if key == "makeup_saturday_is_working_day":
            if value.lower() not in ("true", "false", "yes", "no", "1", "0"):
                raise click.BadParameter(f"{key} nhận true hoặc false")
            current_app.config[setting] = value.lower() in ("true", "yes", "1")
        else:
            current_app.config[setting] = value


@click.command("deadline")
@with_appcontext
@click.option("--received", required=True, help='Thời điểm tiếp nhận, "YYYY-MM-DD HH:MM[:SS]".')
@click.option("--limit", "limit_text", required=True, help='"<N> <unit>" hoặc "same_day".')
@click.option(
    "--policy",
    "policies",
    multiple=True,
    help="key=value, ví dụ makeup_saturday_is_working_day=false",
)
def deadline(received: str, limit_text: str, policies: tuple[str, ...]) -> None:
    """Print the due moment (ISO 8601, +07:00) for a receipt and a time limit."""
    from vpub_onestop.services.clock import load_work_calendar

    moment = _parse_received(received)
    try:
        limit = TimeLimit.parse(limit_text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--limit") from exc
    _apply_policies(policies)
    result = compute_due(load_work_calendar(), moment, limit)
    click.echo(result.isoformat())
    if result.provisional:
        click.echo("provisional")


@click.group("calendar", cls=AppGroup)
def calendar_group() -> None:
    """Working calendar: import the yearly decisions, show a year."""


@calendar_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def calendar_import(file: Path) -> None:
    from vpub_onestop.services.calendar_admin import import_calendar

    years, days = import_calendar(json.loads(file.read_text(encoding="utf-8")))
    click.echo(f"Đã nhập {years} năm, {days} ngày điều chỉnh.")


@calendar_group.command("show")
@click.argument("year", type=int)
def calendar_show(year: int) -> None:
    from vpub_onestop.services.clock import load_work_calendar

    cal = load_work_calendar()
    status = (
        "tạm tính (chưa xác nhận)"
        if cal.is_provisional(datetime(year, 1, 1).date())
        else "đã quyết định"
    )
    click.echo(f"Lịch làm việc năm {year}: {status}")
    click.echo("Ngày nghỉ (ngoài thứ Bảy, Chủ nhật):")
    for day, reason in cal.days_off(year):
        click.echo(f"  {formatting.day(day)} ({_weekday(day)}): {reason}")
    click.echo("Ngày làm bù:")
    for day, reason in cal.makeup_days(year):
        click.echo(f"  {formatting.day(day)} ({_weekday(day)}): {reason}")


def _weekday(day: object) -> str:
    names = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
    return names[day.weekday()]  # type: ignore[attr-defined]


@click.command("workflow-diagram")
@with_appcontext
@click.option(
    "--procedure", "procedure_code", help="Mã thủ tục: vẽ quy trình liên thông của thủ tục."
)
def workflow_diagram(procedure_code: str | None) -> None:
    """Mermaid text of both state machines, or of one procedure's route."""
    from vpub_onestop.domain.diagrams import dossier_mermaid, route_mermaid, task_mermaid
    from vpub_onestop.models import Procedure

    if procedure_code is None:
        click.echo(dossier_mermaid())
        click.echo()
        click.echo(task_mermaid())
        return
    procedure = db.session.scalars(
        select(Procedure).where(Procedure.code == procedure_code, Procedure.is_current.is_(True))
    ).first()
    if procedure is None:
        raise click.ClickException(f"Không có thủ tục mã {procedure_code}.")
    stages: dict[int, list[dict[str, str]]] = {}
    for step in procedure.steps:
        agency_name = step.agency.name if step.agency else "Bộ phận tiếp nhận"
        stages.setdefault(step.stage, []).append(
            {"agency_name": agency_name, "budget": step.budget_text, "task": step.task_name or ""}
        )
    click.echo(route_mermaid([stages[k] for k in sorted(stages)]))


@click.command("seed-demo")
@with_appcontext
@click.option("--dossiers", default=200, show_default=True, help="Số hồ sơ mẫu.")
def seed_demo(dossiers: int) -> None:
    """Demo province: agencies, procedures, calendar, accounts (password demo1234), dossiers."""
    if not current_app.config.get("ALLOW_DEMO_PASSWORDS", False):
        raise click.ClickException(
            "Từ chối: không tạo tài khoản mật khẩu mẫu ở cấu hình production."
        )
    from vpub_onestop.seed.demo import seed_everything

    summary = seed_everything(dossier_count=dossiers)
    for line in summary:
        click.echo(line)


@click.command("send-outbox")
@with_appcontext
def send_outbox() -> None:
    """Deliver queued notifications (and retry failed ones); run it from cron."""
    from vpub_onestop.services.outbox import deliver_pending

    total = 0
    while sent := deliver_pending():
        total += sent
    click.echo(f"Đã gửi {total} thông báo.")


@click.command("bootstrap")
@with_appcontext
def bootstrap() -> None:
    """Seed the demo data only when the database has no agency yet (used by `make run`)."""
    from vpub_onestop.models import Agency

    if db.session.scalar(select(func.count()).select_from(Agency)):
        click.echo("Cơ sở dữ liệu đã có dữ liệu: bỏ qua dữ liệu mẫu.")
        return
    click.get_current_context().invoke(seed_demo)


@click.command("sweep")
@with_appcontext
@click.option(
    "--now", "now_text", help='Thời điểm quét, "YYYY-MM-DD HH:MM[:SS]" (mặc định: bây giờ).'
)
def sweep(now_text: str | None) -> None:
    """Flag dossiers and steps due soon or overdue, and notify through the outbox (once)."""
    from vpub_onestop.services.sweep import run_sweep

    now = None
    if now_text:
        try:
            now = _parse_received(now_text)
        except click.BadParameter as exc:
            raise click.BadParameter(str(exc.message), param_hint="--now") from exc
    result = run_sweep(now)
    click.echo(
        f"Hồ sơ: {result.dossiers_due_soon} sắp đến hạn, {result.dossiers_overdue} quá hạn. "
        f"Bước xử lý: {result.tasks_due_soon} sắp đến hạn, {result.tasks_overdue} quá hạn. "
        f"Thông báo mới: {result.messages}."
    )


@click.command("grant-runtime-role")
@with_appcontext
@click.argument("role")
def grant_runtime_role(role: str) -> None:
    """Give the runtime database ROLE what the app needs and no more (PostgreSQL; run as the
    tables' owner after each `db upgrade`): the audit trail read and append only."""
    from vpub_onestop.db_roles import grant_runtime_role as grant

    try:
        with db.engine.begin() as connection:
            statements = grant(connection, db.metadata, role)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    for statement in statements:
        click.echo(f"{statement};")
