"""Background jobs keep their files in the app's file store, on the local folder and on a
bucket of the test S3 server alike: a job's file is served by any app node (with S3 storage,
one that shares no disk with the worker), an uploaded catalogue waits for its worker in the
store and leaves it once read, and old job files leave the store without touching the
dossiers' files."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from bench.catalogue_file import generated_catalogue
from tests.background.test_catalogue_import_job import start_dry_run
from tests.background.test_export_jobs import _signed_in, _work, start_export, story
from tests.conftest import STORAGE_BACKENDS, storage_on
from tests.web.monitor.pages import xlsx_rows
from tests.web.monitor.test_report_page import EXPECTED, HEADERS, SHEET, UNIT_NAME
from vpub_onestop import create_app
from vpub_onestop.extensions import db, limiter
from vpub_onestop.services import jobs
from vpub_onestop.services.file_sweep import sweep_orphan_files
from vpub_onestop.storage import JOB_FOLDER, file_store

__all__ = ["story"]  # the month the exports count (a fixture of test_export_jobs)

PDF = b"%PDF-1.4\n% a dossier's file\n"


@pytest.fixture(params=STORAGE_BACKENDS)
def storage_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    return storage_on(request)


def _jobs_on_disk(app: Flask) -> set[str]:
    """Job files on this machine's disk, wherever under the app's folders."""
    folder = Path(app.config["UPLOAD_DIR"])
    return {p.name for p in folder.rglob("tacvu-*") if p.is_file()}


def _job_files(app: Flask) -> list[str]:
    with app.app_context():
        return [item.name for item in file_store().list(JOB_FOLDER)]


def test_an_export_built_by_the_worker_is_downloaded_from_another_app_node(
    queued_app: Flask, story: dict[str, int], tmp_path: Path
) -> None:
    _head, job_url = start_export(queued_app, "Xuất Excel")
    _work(queued_app)

    [stored] = _job_files(queued_app)
    s3 = queued_app.config["STORAGE_BACKEND"] == "s3"
    # With S3 storage the worker wrote to the bucket, not to this machine's disk.
    assert _jobs_on_disk(queued_app) == (set() if s3 else {stored})
    # A second node: same database and store settings, its own (empty) disk when on S3.
    node = queued_app
    if s3:
        node = create_app(
            "testing",
            **{
                key: queued_app.config[key]
                for key in (
                    "SQLALCHEMY_DATABASE_URI",
                    "STORAGE_BACKEND",
                    "S3_ENDPOINT_URL",
                    "S3_BUCKET",
                    "S3_REGION",
                    "S3_PREFIX",
                    "REDIS_URL",
                    "SECRET_KEY",
                )
            },
            UPLOAD_DIR=str(tmp_path / "other-node"),
            OUTBOX_AUTOSEND=False,
        )
        limiter.reset()
    download = _signed_in(node, "unit_head.px_quynhon").get(f"{job_url}/tep")
    assert download.status_code == 200
    assert download.headers["Cache-Control"] == "no-store"
    assert "bao-cao-20260301-20260331.xlsx" in download.headers["Content-Disposition"]
    row = xlsx_rows(download.data, SHEET, UNIT_NAME)
    assert {key: row[HEADERS[key]] for key in EXPECTED} == EXPECTED


def test_a_job_file_gone_from_the_store_is_a_clear_404(
    queued_app: Flask, story: dict[str, int]
) -> None:
    head, job_url = start_export(queued_app, "Xuất CSV")
    _work(queued_app)
    with queued_app.app_context():
        for name in _job_files(queued_app):
            file_store().delete(name)
    missing = head.get(f"{job_url}/tep")
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.get_data(as_text=True)  # the 404 page, not a 500


def test_an_uploaded_catalogue_waits_in_the_store_and_leaves_it_once_read(
    queued_app: Flask,
) -> None:
    content = json.dumps(generated_catalogue(5), ensure_ascii=False).encode("utf-8")
    admin, _token, started = start_dry_run(queued_app, content)
    [upload] = _job_files(queued_app)
    assert upload.endswith(".upload")
    with queued_app.app_context():
        opened = file_store().open(upload)
        with opened.stream as stream:
            assert stream.read() == content  # byte for byte, whichever node reads it

    _work(queued_app)

    # The upload is gone; the report is the one job file left, and it is served.
    [report] = _job_files(queued_app)
    assert report.endswith(".csv")
    answer = admin.get(f"{started.headers['Location']}/tep")
    assert answer.get_data(as_text=False).decode("utf-8-sig").count("Thủ tục mới") == 6


def test_old_job_files_leave_the_store_and_the_dossier_sweep_leaves_them_alone(
    queued_app: Flask,
) -> None:
    keep = timedelta(hours=24)
    with queued_app.app_context():
        store = file_store()
        # A worker killed after writing (no job names the file) and a dossier's orphan.
        orphan_job_file = jobs.job_file_name("xlsx")
        store.put(orphan_job_file, b"half an export")
        dossier_orphan = "ab" + "0" * 30 + ".pdf"
        store.put(dossier_orphan, PDF)
        later = time.time() + 60

        # The dossiers' orphan sweep (past its grace) takes its own file, not the job's.
        report = sweep_orphan_files(
            db.session,
            store,
            now=later,
            grace=timedelta(seconds=1),
        )
        assert [key.rsplit("/", 1)[-1] for key in report.removed] == [dossier_orphan]
        assert not any(orphan_job_file in key for key in report.unknown)
        assert store.exists(orphan_job_file)

        # Younger than the keeping time: kept. Older: removed.
        assert jobs.sweep_job_files(store, now=later, keep=keep) == []
        removed = jobs.sweep_job_files(store, now=later + keep.total_seconds(), keep=keep)
        assert removed == [f"{JOB_FOLDER}/{orphan_job_file}"]
        assert not store.exists(orphan_job_file)
