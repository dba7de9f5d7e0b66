"""With a job queue, a manager's export and an officer's register are built by a worker:
the page that asked shows the progress, then the download, and only to whoever asked."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import Clock
from tests.web.monitor.month_story import add_managers, build_march
from tests.web.monitor.pages import sign_in, xlsx_rows
from tests.web.monitor.test_report_page import EXPECTED, HEADERS, SHEET, UNIT_NAME
from vpub_onestop.background.job_files import _counting, _progress
from vpub_onestop.background.worker import make_worker
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import User
from vpub_onestop.queries.stats_tables import Column, ReportDocument, ReportTable, Row
from vpub_onestop.services import jobs
from vpub_onestop.storage import JOB_FOLDER, file_store

MARCH = "tu=2026-03-01&den=2026-03-31"


@pytest.fixture
def story(queued_app: Flask) -> dict[str, int]:
    # Built, then the app context closed: each request of the clients below gets its own
    # (a shared one would share flask-login's signed-in user between the clients).
    # The story's own mail and the periodic sweep are other tests' business.
    queued_app.config.update(
        OUTBOX_AUTOSEND=False, SWEEP_INTERVAL_SECONDS=0, OUTBOX_RETRY_SECONDS=0
    )
    limiter.reset()
    with queued_app.app_context():
        add_managers()
        return build_march()


def _signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, username)
    return client


def _job_form(html: str, button: str) -> tuple[str, str]:
    """The action and CSRF token of the POST form whose button reads `button`."""
    for form in re.findall(r"<form method=\"post\".*?</form>", html, re.S):
        if button in form:
            action = re.search(r'action="([^"]+)"', form)
            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
            assert action and token
            return action.group(1).replace("&amp;", "&"), token.group(1)
    raise AssertionError(f"no form with the button {button!r}")


def start_export(app: Flask, button: str) -> tuple[FlaskClient, str]:
    """The unit head, signed in, starts the March report's export by `button` on the page;
    the client and the job's page address."""
    head = _signed_in(app, "unit_head.px_quynhon")
    page = head.get(f"/theo-doi/bao-cao?{MARCH}").get_data(as_text=True)
    action, token = _job_form(page, button)
    return head, head.post(action, data={"csrf_token": token}).headers["Location"]


def _work(app: Flask) -> None:
    """A real RQ worker, in this process, until the queues are empty."""
    make_worker(app, simple=True).work(burst=True)


def test_an_export_runs_in_the_background_and_only_its_owner_downloads_it(
    queued_app: Flask, story: dict[str, int]
) -> None:
    head = _signed_in(queued_app, "unit_head.px_quynhon")
    page = head.get(f"/theo-doi/bao-cao?{MARCH}").get_data(as_text=True)
    assert "/theo-doi/bao-cao.xlsx" not in page  # no download in the request any more
    action, token = _job_form(page, "Xuất Excel")

    started = head.post(action, data={"csrf_token": token})
    assert started.status_code == 303
    job_url = started.headers["Location"]

    waiting = head.get(job_url).get_data(as_text=True)
    assert "Đang chờ xử lý" in waiting
    assert 'data-progress="0"' in waiting
    assert '<meta http-equiv="refresh"' in waiting  # the page follows the job by itself
    assert head.get(f"{job_url}/tep").status_code == 404  # nothing to download yet
    # Another manager (who sees the whole province) does not learn the job exists.
    supervisor = _signed_in(queued_app, "supervisor.ttpvhcc")
    assert supervisor.get(job_url).status_code == 404

    _work(queued_app)

    done = head.get(job_url).get_data(as_text=True)
    assert "Đã xong" in done
    assert 'data-progress="100"' in done
    assert '<meta http-equiv="refresh"' not in done
    download = head.get(f"{job_url}/tep")
    assert download.status_code == 200
    assert download.headers["Cache-Control"] == "no-store"
    assert "bao-cao-20260301-20260331.xlsx" in download.headers["Content-Disposition"]
    # The file holds the hand-counted month the page shows (tests/web/monitor).
    row = xlsx_rows(download.data, SHEET, UNIT_NAME)
    assert {key: row[HEADERS[key]] for key in EXPECTED} == EXPECTED
    assert supervisor.get(f"{job_url}/tep").status_code == 404


def test_the_job_page_shows_how_far_the_rows_are_written(
    queued_app: Flask, story: dict[str, int]
) -> None:
    head, job_url = start_export(queued_app, "Xuất CSV")
    job_id = int(job_url.rsplit("/", 1)[1])

    with queued_app.app_context():
        assert jobs.start_job(job_id) is not None
        column = Column("code", "Mã hồ sơ", kind="text")
        rows = [Row({"code": f"HS-{n}"}) for n in range(200)]
        doc = _counting(
            ReportDocument("Danh sách", [], [ReportTable("list", "Danh sách", (column,), rows)]),
            _progress(job_id),
        )
        written = iter(doc.tables[0].rows)
        for _ in range(101):  # the writer comes back for row 101: 100 rows are written
            next(written)
        # Half the rows written: 5 % for the query, then half of the 90 % the rows take.
        halfway = head.get(job_url).get_data(as_text=True)
        assert "Đang tạo tệp" in halfway
        assert 'data-progress="50"' in halfway
        for _ in written:
            pass
        assert 'data-progress="95"' in head.get(job_url).get_data(as_text=True)


def test_the_register_is_built_in_the_background_for_the_officer_who_asked(
    queued_app: Flask, story: dict[str, int]
) -> None:
    desk = _signed_in(queued_app, "reception.px_quynhon")
    page = desk.get("/so-theo-doi?tu=01/03/2026&den=31/03/2026").get_data(as_text=True)
    action, token = _job_form(page, "Tạo tệp sổ theo dõi (PDF)")
    job_url = desk.post(action, data={"csrf_token": token}).headers["Location"]

    _work(queued_app)

    assert "Đã xong" in desk.get(job_url).get_data(as_text=True)
    pdf = desk.get(f"{job_url}/tep")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"
    assert re.search(r"so-theo-doi-.*-20260301-20260331\.pdf", pdf.headers["Content-Disposition"])
    # The other unit's reception officer gets nothing.
    other = _signed_in(queued_app, "reception.ttpvhcc")
    assert other.get(f"{job_url}/tep").status_code == 404


def test_without_a_queue_exports_stay_in_the_request(app: Flask) -> None:
    with app.app_context():
        add_managers()
    head = _signed_in(app, "unit_head.px_quynhon")
    page = head.get(f"/theo-doi/bao-cao?{MARCH}").get_data(as_text=True)
    assert "/theo-doi/bao-cao.xlsx" in page
    assert "/tac-vu/" not in page
    assert head.get("/tac-vu").status_code == 404


def test_a_manager_who_lost_the_right_meanwhile_gets_a_failed_job_not_a_file(
    queued_app: Flask, story: dict[str, int]
) -> None:
    head, job_url = start_export(queued_app, "Xuất Excel")
    with queued_app.app_context():
        user = db.session.scalars(select(User).where(User.username == "unit_head.px_quynhon"))
        user.one().role = Role.SPECIALIST.value  # moved to a post without the reports
        db.session.commit()

    _work(queued_app)

    failed = head.get(job_url).get_data(as_text=True)
    assert "Không tạo được tệp" in failed
    assert "Bạn không còn quyền lấy số liệu này." in failed
    assert head.get(f"{job_url}/tep").status_code == 404


def test_finished_files_are_removed_after_the_keeping_time(
    queued_app: Flask, story: dict[str, int], frozen_clock: Clock
) -> None:
    head, job_url = start_export(queued_app, "Xuất CSV")
    _work(queued_app)
    assert head.get(f"{job_url}/tep").status_code == 200
    with queued_app.app_context():
        assert len(list(file_store().list(JOB_FOLDER))) == 1
        frozen_clock.advance(hours=23)
        assert jobs.purge_expired() == 0  # JOB_FILE_KEEP_HOURS is 24
        frozen_clock.advance(hours=2)
        assert jobs.purge_expired() == 1
        assert list(file_store().list(JOB_FOLDER)) == []

    assert head.get(job_url).status_code == 404
