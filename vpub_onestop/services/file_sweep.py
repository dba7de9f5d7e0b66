"""Removing uploaded files that no row points to (docs/architecture.md#files).

A file is written before its row is committed (services/files.py). When the transaction
fails, the unit of work deletes the file; when the process dies in between (a worker
killed by the master on timeout, `kill -9`, a power cut), nothing runs and the file stays
with no row. The sweep removes such orphans, but only once they are older than a grace
period, so that a file whose transaction is still open right now is never touched.

Only names the app makes are considered (32 hex digits and a known extension, or the
`.part` of a write that never finished); anything else in the folder or bucket is left alone and
counted, for an operator to look at.

The catalogue's blank templates (`mau-…`, domain/template_files.py) are kept while any
version's paper names them: a new draft shares its template with the version it was copied
from, so replacing or removing it on the draft only drops the draft's reference, and the file
goes once no version (published, retired or draft) names it (docs/domain.md#paper-templates).
Background jobs' files (`tacvu-…`) are not dossier files: the job sweep removes them by age.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.file_names import EXTENSIONS
from vpub_onestop.domain.template_files import STORED_NAME as TEMPLATE_NAME
from vpub_onestop.models import DossierFile, RequiredDocument
from vpub_onestop.storage import JOB_PREFIX, FileStore, StoredObject
from vpub_onestop.storage.local import PARTIAL_SUFFIX

_SUFFIXES = "|".join(re.escape(ext.lstrip(".")) for ext in (*EXTENSIONS.values(), PARTIAL_SUFFIX))
OUR_NAME = re.compile(rf"[0-9a-f]{{32}}\.(?:{_SUFFIXES})")
BATCH = 500  # names looked up per query


@dataclass
class SweepReport:
    examined: int = 0
    removed: list[str] = field(default_factory=list)  # keys (`3f/3f…9c.pdf`)
    too_young: int = 0  # orphans still inside the grace period
    unknown: list[str] = field(default_factory=list)  # not a name the app makes: left alone


def sweep_orphan_files(
    session: Session, store: FileStore, *, now: float, grace: timedelta
) -> SweepReport:
    """Remove the files of `store` that have no row and were last written more than
    `grace` before `now` (seconds since the epoch, the store's own clock: file and object
    times are wall-clock times, whatever the app's clock says)."""
    report = SweepReport()
    cutoff = now - grace.total_seconds()
    batch: list[StoredObject] = []
    for stored in store.list():
        if stored.name.startswith(JOB_PREFIX):
            continue  # a job's file: the job sweep's (services/jobs.py), by age
        if not (OUR_NAME.fullmatch(stored.name) or TEMPLATE_NAME.fullmatch(stored.name)):
            report.unknown.append(stored.key)
            continue
        report.examined += 1
        batch.append(stored)
        if len(batch) >= BATCH:
            _sweep_batch(session, store, batch, cutoff, report)
            batch = []
    _sweep_batch(session, store, batch, cutoff, report)
    return report


def _sweep_batch(
    session: Session,
    store: FileStore,
    batch: list[StoredObject],
    cutoff: float,
    report: SweepReport,
) -> None:
    if not batch:
        return
    names = [stored.name for stored in batch]
    known = set(
        session.scalars(select(DossierFile.stored_name).where(DossierFile.stored_name.in_(names)))
    )
    known |= set(
        session.scalars(
            select(RequiredDocument.template_file).where(RequiredDocument.template_file.in_(names))
        )
    )
    for stored in batch:
        if stored.name in known:
            continue
        if stored.modified > cutoff:
            report.too_young += 1
            continue
        store.delete(stored.name)
        report.removed.append(stored.key)
