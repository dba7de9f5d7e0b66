"""Builds the file of a job someone started on a page (docs/architecture.md#background-work):
a monitoring export (Excel or CSV) or the register (Mẫu 06, PDF).

The job runs as its owner, in a request context made for it: the page's own view is called
with the owner signed in, the filters the page had and the owner's language, and hands over
the document it would have exported (web/export_capture.py). Same figures, same access
checks (someone who lost the right since gets a failed job, not a file). The rows are
counted as they are written, and the count is the progress the owner's page shows.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from flask import current_app
from flask_login import login_user
from werkzeug.exceptions import HTTPException

from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.errors import N_, DomainError
from vpub_onestop.domain.jobs import CATALOGUE, EXPORT, REGISTER
from vpub_onestop.extensions import db
from vpub_onestop.models import User
from vpub_onestop.queries.stats_tables import ReportDocument, Row
from vpub_onestop.services import jobs
from vpub_onestop.services.exports import CSV_MIMETYPE, XLSX_MIMETYPE, to_csv, to_xlsx

MIMETYPES = {"xlsx": XLSX_MIMETYPE, "csv": CSV_MIMETYPE, "pdf": "application/pdf"}
# Progress: the query is the first 5 %, writing the rows 5-95 %, the file in place 100 %.
QUERIED, WRITTEN = 5, 95
NOT_ALLOWED = N_("Bạn không còn quyền lấy số liệu này.")


def run_job(job_id: int) -> None:
    order = jobs.start_job(job_id)
    if order is None:
        return  # already taken (a retried job), or purged
    try:
        if order.kind == EXPORT:
            _export(order)
        elif order.kind == REGISTER:
            _register(order)
        elif order.kind == CATALOGUE:
            from vpub_onestop.background.catalogue_job import run_catalogue_job

            run_catalogue_job(order)
        else:
            raise ValueError(f"unknown job kind {order.kind!r}")
    except HTTPException as exc:  # the page itself refused the owner (403, 404)
        db.session.rollback()
        jobs.fail_job(job_id, NOT_ALLOWED if exc.code in (401, 403) else jobs.FAILED_MESSAGE)
    except DomainError as exc:
        db.session.rollback()
        jobs.fail_job(job_id, str(exc.message))
    except Exception:
        db.session.rollback()
        jobs.fail_job(job_id)
        raise  # RQ keeps the traceback in its failed-job registry


@contextmanager
def _as_owner(order: jobs.JobOrder, args: dict[str, Any] | None = None) -> Iterator[User]:
    """A request context for the job: the owner signed in, the page's query arguments, the
    owner's language, and the address the owner used (for any link in the file)."""
    owner = db.session.get(User, order.owner_id)
    if owner is None or not owner.enabled:
        raise DomainError(NOT_ALLOWED)
    params = order.params
    base_url = str(current_app.config.get("PUBLIC_BASE_URL") or params.get("base_url") or "")
    query = {**(args or {}), "lang": str(params.get("lang") or "vi")}
    with current_app.test_request_context("/", base_url=base_url or None, query_string=query):
        login_user(owner)
        yield owner


def _export(order: jobs.JobOrder) -> None:
    from vpub_onestop.web import export_capture

    params = order.params
    endpoint, fmt = str(params["endpoint"]), str(params["fmt"])
    with _as_owner(order, {str(k): str(v) for k, v in dict(params.get("args") or {}).items()}):
        captured = export_capture.start()
        # The view itself, without its web wrappers (the sign-in redirect, the web workers'
        # slow-work slots): the owner is signed in already, and a job holds no web worker.
        inspect.unwrap(current_app.view_functions[endpoint])(fmt=fmt)
        if captured.doc is None:
            raise ValueError(f"{endpoint} gave no document to export")
        jobs.report_progress(order.id, QUERIED)
        doc = _counting(captured.doc, _progress(order.id))
        content = to_xlsx(doc) if fmt == "xlsx" else to_csv(doc)
    jobs.finish_job(
        order.id,
        content,
        file_name=f"{captured.name}.{fmt}",
        content_type=MIMETYPES[fmt],
        suffix=fmt,
    )


def _register(order: jobs.JobOrder) -> None:
    from vpub_onestop.services import slips

    params = order.params
    with _as_owner(order) as owner:
        slip = slips.prepare_register(
            int(params["unit"]),
            date.fromisoformat(str(params["start"])),
            date.fromisoformat(str(params["end"])),
            actor_for(owner),
        )
        # The rows are read; drawing the pages reports no progress.
        jobs.report_progress(order.id, 40)
        content = slip.render()
    jobs.finish_job(
        order.id, content, file_name=slip.filename, content_type=MIMETYPES["pdf"], suffix="pdf"
    )


class _CountedRows(list[Row]):
    """The table's rows, calling `tick` after each one the file writer takes."""

    def __init__(self, rows: list[Row], tick: Callable[[], None]) -> None:
        super().__init__(rows)
        self._tick = tick

    def __iter__(self) -> Iterator[Row]:
        for row in super().__iter__():
            yield row
            self._tick()


def _counting(doc: ReportDocument, report: Callable[[int, int], None]) -> ReportDocument:
    total = sum(len(table.rows) for table in doc.tables)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        report(done, total)

    tables = [replace(table, rows=_CountedRows(table.rows, tick)) for table in doc.tables]
    return replace(doc, tables=tables)


def _progress(job_id: int) -> Callable[[int, int], None]:
    """Writes the percentage each time it grows by a whole step (at most ~90 updates)."""
    last = QUERIED

    def report(done: int, total: int) -> None:
        nonlocal last
        now = QUERIED + done * (WRITTEN - QUERIED) // max(total, 1)
        if now > last:
            jobs.report_progress(job_id, now)
            last = now

    return report
