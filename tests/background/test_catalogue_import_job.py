"""The catalogue import started on the administration page runs as a background job: its
page shows the progress, then offers the report; only its owner sees it."""

from __future__ import annotations

import io
import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from bench.catalogue_file import generated_catalogue
from tests.web.conftest import csrf_token_from, log_in
from vpub_onestop.background.worker import make_worker
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Procedure


def start_dry_run(app: Flask, content: bytes) -> tuple[FlaskClient, str, TestResponse]:
    """An administrator uploads `content` on the page for a dry run (the box comes ticked);
    the client, its CSRF token and the answer."""
    limiter.reset()
    admin = app.test_client()
    assert log_in(admin, "admin.ttpvhcc", "password-123").status_code == 302
    token = csrf_token_from(admin.get("/quan-tri/thu-tuc/nhap-xuat").get_data(as_text=True))
    started = admin.post(
        "/quan-tri/thu-tuc/nhap",
        data={"csrf_token": token, "tep": (io.BytesIO(content), "danh-muc.json"), "chay_thu": "y"},
        content_type="multipart/form-data",
    )
    assert started.status_code == 303
    return admin, token, started


def test_an_import_from_the_page_runs_on_a_worker_with_its_progress(queued_app: Flask) -> None:
    content = json.dumps(generated_catalogue(40), ensure_ascii=False).encode("utf-8")
    admin, token, started = start_dry_run(queued_app, content)
    job_page = started.headers["Location"]
    waiting = admin.get(job_page).get_data(as_text=True)
    assert 'data-job-state="queued"' in waiting
    assert 'http-equiv="refresh"' in waiting  # the page follows the job by itself

    make_worker(queued_app, simple=True).work(burst=True)

    done = admin.get(job_page).get_data(as_text=True)
    assert 'data-job-state="done"' in done and 'data-progress="100"' in done
    report = admin.get(f"{job_page}/tep").get_data(as_text=False).decode("utf-8-sig")
    assert report.count("Thủ tục mới") == 41  # 40 lines and the count at the end
    # A dry run: nothing was written. The same file imported for real is.
    generated = select(func.count()).where(Procedure.code.like("9.%"))
    with queued_app.app_context():
        assert db.session.scalar(generated) == 0
    imported = admin.post(
        "/quan-tri/thu-tuc/nhap",
        data={"csrf_token": token, "tep": (io.BytesIO(content), "danh-muc.json")},
        content_type="multipart/form-data",
    )
    make_worker(queued_app, simple=True).work(burst=True)
    assert 'data-job-state="done"' in admin.get(imported.headers["Location"]).get_data(as_text=True)
    with queued_app.app_context():
        assert db.session.scalar(generated) == 40
    # Someone else gets no job page.
    limiter.reset()
    other = queued_app.test_client()
    assert log_in(other, "reception.ttpvhcc", "password-123").status_code == 302
    assert other.get(job_page).status_code == 404
