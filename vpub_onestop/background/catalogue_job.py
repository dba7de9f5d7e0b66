"""A catalogue import (or its dry run) started on the administration page
(docs/domain.md#catalogue-import): the uploaded file is checked, and written unless it is
a dry run, with the progress on the job's page; the job's file is the report, one line per
procedure (new, new version and the fields that changed, unchanged, error and why).

The job runs as its owner, who must still be an administrator."""

from __future__ import annotations

import csv
import io

from vpub_onestop.access.actors import actor_for
from vpub_onestop.background.job_files import NOT_ALLOWED
from vpub_onestop.domain.catalogue_entry import FIELD_LABELS
from vpub_onestop.domain.errors import DomainError
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import User
from vpub_onestop.services import jobs
from vpub_onestop.services.catalogue_templates import TEMPLATE_LABELS
from vpub_onestop.services.catalogue_transfer import (
    Plan,
    apply_catalogue,
    plan_catalogue,
    read_source,
)
from vpub_onestop.storage import FileStore, file_store

OUTCOME_LABELS = {
    "new": "Thủ tục mới",
    "new_version": "Phiên bản mới",
    "unchanged": "Không đổi",
    "error": "Lỗi",
}
REPORT_COLUMNS = ("Dòng", "Mã thủ tục", "Kết quả", "Nội dung thay đổi", "Lý do")
TEMPLATE_COLUMNS = ("Dòng", "Mã thủ tục", "Mẫu giấy tờ", "Giấy tờ", "Tệp", "Lý do")


def run_catalogue_job(order: jobs.JobOrder) -> None:
    owner = db.session.get(User, order.owner_id)
    if owner is None or not owner.enabled or actor_for(owner).role is not Role.ADMIN:
        raise DomainError(NOT_ALLOWED)
    params = order.params
    dry_run = bool(params.get("dry_run"))
    store = file_store()
    upload = str(params["input"])  # stored by the page that took it (any app node)
    try:
        source = read_source(str(params["file_name"]), _read(store, upload))
        last = 0

        def progress(done: int, total: int) -> None:
            nonlocal last
            percent = done * 95 // max(total, 1)
            if percent > last:  # at most ~95 updates, whatever the file's size
                jobs.report_progress(order.id, percent)
                last = percent

        if dry_run:
            plan = plan_catalogue(source, progress)
        else:
            plan = apply_catalogue(source, progress, actor=actor_for(owner))
    finally:
        store.delete(upload)
    name = "chay-thu-nhap-danh-muc.csv" if dry_run else "ket-qua-nhap-danh-muc.csv"
    jobs.finish_job(
        order.id,
        report_csv(plan),
        file_name=name,
        content_type="text/csv; charset=utf-8",
        suffix="csv",
    )


def _read(store: FileStore, name: str) -> bytes:
    opened = store.open(name)
    with opened.stream as stream:
        return stream.read()


def report_csv(plan: Plan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for line in plan.lines:
        fields = ", ".join(FIELD_LABELS.get(name, name) for name in line.fields)
        writer.writerow(
            [line.row, line.code, OUTCOME_LABELS[line.outcome], fields, line.reason or ""]
        )
    counts = plan.counts()
    writer.writerow([])
    for outcome, label in OUTCOME_LABELS.items():
        writer.writerow(["", "", label, counts[outcome], ""])
    if plan.templates:  # a .zip export's templates, each checked (docs/domain.md#catalogue-import)
        writer.writerow([])
        writer.writerow(TEMPLATE_COLUMNS)
        for t in plan.templates:
            label = TEMPLATE_LABELS[t.outcome]
            writer.writerow([t.row, t.code, label, t.paper, t.file_name, t.reason or ""])
    # Excel opens a UTF-8 CSV with its diacritics only after a byte-order mark.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
