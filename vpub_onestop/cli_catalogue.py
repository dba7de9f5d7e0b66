"""`flask catalogue import [--dry-run] FILE` in this process: a progress bar while the
file is checked (and written), then what changed, line by line, and each template a .zip
carries; `flask catalogue export FILE` (docs/domain.md#catalogue-import). The command
line speaks Vietnamese, like the logs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vpub_onestop.domain.catalogue_entry import FIELD_LABELS
from vpub_onestop.services.catalogue_templates import TEMPLATE_LABELS

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

OUTCOME_LABELS = {
    "new": "thủ tục mới",
    "new_version": "phiên bản mới",
    "unchanged": "không đổi",
    "error": "lỗi",
}


def run_with_progress(file_name: str, content: bytes, *, dry_run: bool) -> None:
    from vpub_onestop.services.catalogue_transfer import (
        apply_catalogue,
        plan_catalogue,
        read_source,
    )

    source = read_source(file_name, content)
    steps = len(source.rows) * (1 if dry_run else 2)
    label = "Kiểm tra danh mục" if dry_run else "Nhập danh mục"
    with click.progressbar(length=steps, label=label, show_pos=True) as bar:
        progress = _advance(bar)
        plan = (plan_catalogue if dry_run else apply_catalogue)(source, progress)
    for line in plan.lines:
        if line.outcome == "unchanged":
            continue
        detail = ""
        if line.fields:
            detail = ": " + ", ".join(FIELD_LABELS.get(name, name) for name in line.fields)
        if line.reason:
            detail = f": {line.reason}"
        click.echo(f"dòng {line.row} · {line.code or '?'} · {OUTCOME_LABELS[line.outcome]}{detail}")
    for template in plan.templates:
        if template.outcome == "unchanged":
            continue
        reason = f": {template.reason}" if template.reason else ""
        label = TEMPLATE_LABELS[template.outcome].lower()
        click.echo(
            f"dòng {template.row} · {template.code} · {template.paper} · "
            f"{template.file_name} · {label}{reason}"
        )
    if dry_run:
        click.echo("Chạy thử: chưa ghi gì vào danh mục.")
    print_counts(plan.counts())
    if plan.templates:
        counts = plan.template_counts()
        click.echo(", ".join(f"{TEMPLATE_LABELS[k].lower()}: {n}" for k, n in counts.items()) + ".")


def print_counts(counts: dict[str, int]) -> None:
    click.echo(
        ", ".join(f"{OUTCOME_LABELS[key]}: {counts.get(key, 0)}" for key in OUTCOME_LABELS) + "."
    )


def _advance(bar: ProgressBar[int]) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        bar.update(done - bar.pos)

    return progress


def write_export(file: Path) -> None:
    """The same files as the administration page's export links."""
    import json

    from vpub_onestop.domain.catalogue_csv import to_csv
    from vpub_onestop.extensions import db
    from vpub_onestop.queries.catalogue_bundle import write_bundle
    from vpub_onestop.queries.catalogue_export import export_catalogue

    session = db.session()
    if file.suffix.lower() == ".zip":
        with file.open("wb") as out:
            templates = write_bundle(session, out)
        click.echo(f"Đã ghi {file} (kèm {templates} tệp mẫu giấy tờ).")
        return
    data = export_catalogue(session)
    if file.suffix.lower() == ".csv":
        file.write_text(to_csv(data["procedures"]), encoding="utf-8")
    else:
        file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"Đã ghi {file} ({len(data['procedures'])} thủ tục).")
