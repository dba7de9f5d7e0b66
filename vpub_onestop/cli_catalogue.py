"""`flask catalogue import [--dry-run] FILE` in this process: a progress bar while the
file is checked (and written), then what changed, line by line
(docs/domain.md#catalogue-import). The command line speaks Vietnamese, like the logs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from vpub_onestop.domain.catalogue_entry import FIELD_LABELS

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
    if dry_run:
        click.echo("Chạy thử: chưa ghi gì vào danh mục.")
    print_counts(plan.counts())


def print_counts(counts: dict[str, int]) -> None:
    click.echo(
        ", ".join(f"{OUTCOME_LABELS[key]}: {counts.get(key, 0)}" for key in OUTCOME_LABELS) + "."
    )


def _advance(bar: ProgressBar[int]) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        bar.update(done - bar.pos)

    return progress
