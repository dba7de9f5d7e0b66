"""Removing uploaded files that no row points to (docs/architecture.md#files).

A file is written before its row is committed (services/files.py). When the transaction
fails, the unit of work deletes the file; when the process dies in between (a worker
killed by the master on timeout, `kill -9`, a power cut), nothing runs and the file stays
with no row. The sweep removes such orphans, but only once they are older than a grace
period, so that a file whose transaction is still open right now is never touched.

Only names the app makes are considered (32 hex digits and a known extension, or the
`.part` of a write that never finished); anything else in the folder is left alone and
counted, for an operator to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.file_names import EXTENSIONS
from vpub_onestop.models import DossierFile
from vpub_onestop.services.files import PARTIAL_SUFFIX

_SUFFIXES = "|".join(re.escape(ext.lstrip(".")) for ext in (*EXTENSIONS.values(), PARTIAL_SUFFIX))
OUR_NAME = re.compile(rf"[0-9a-f]{{32}}\.(?:{_SUFFIXES})")
BATCH = 500  # names looked up per query


@dataclass
class SweepReport:
    examined: int = 0
    removed: list[Path] = field(default_factory=list)
    too_young: int = 0  # orphans still inside the grace period
    unknown: list[Path] = field(default_factory=list)  # not a name the app makes: left alone


def sweep_orphan_files(
    session: Session, upload_dir: Path, *, now: float, grace: timedelta
) -> SweepReport:
    """Remove the files of `upload_dir` that have no row and were last written more than
    `grace` before `now` (seconds since the epoch, the file system's own clock: file
    times are wall-clock times, whatever the app's clock says)."""
    report = SweepReport()
    cutoff = now - grace.total_seconds()
    batch: list[tuple[Path, float]] = []
    for path in _stored_files(upload_dir):
        if not OUR_NAME.fullmatch(path.name):
            report.unknown.append(path)
            continue
        report.examined += 1
        batch.append((path, path.stat().st_mtime))
        if len(batch) >= BATCH:
            _sweep_batch(session, batch, cutoff, report)
            batch = []
    _sweep_batch(session, batch, cutoff, report)
    return report


def _stored_files(upload_dir: Path) -> Iterator[Path]:
    # <upload dir>/<first two characters>/<name>: see services.files.file_path.
    if not upload_dir.is_dir():
        return
    for folder in sorted(upload_dir.iterdir()):
        if folder.is_dir():
            yield from sorted(p for p in folder.iterdir() if p.is_file())


def _sweep_batch(
    session: Session, batch: list[tuple[Path, float]], cutoff: float, report: SweepReport
) -> None:
    if not batch:
        return
    names = [path.name for path, _ in batch]
    known = set(
        session.scalars(select(DossierFile.stored_name).where(DossierFile.stored_name.in_(names)))
    )
    for path, modified in batch:
        if path.name in known:
            continue
        if modified > cutoff:
            report.too_young += 1
            continue
        path.unlink(missing_ok=True)
        report.removed.append(path)
