"""Saturation (docs/architecture.md#busy): slow work (PDF forms, the register, exports) takes
at most SLOW_WORK_SLOTS of the machine's workers; a slow request that finds every slot
taken is told "busy, try again in a few seconds" (503 with Retry-After) while the fast
pages keep answering, and /metrics shows it happening.

The slot is held by another process, as a gunicorn worker rendering a PDF would hold it:
the bound is shared by every worker of the machine, and a killed worker gives its slot
back."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import AppFactory, log_in
from vpub_onestop.domain.roles import Role

TOKEN = "metrics-token-for-the-backpressure-tests"
BUSY = "Hệ thống đang bận, vui lòng thử lại sau ít giây."
REGISTER_PDF = "/so-theo-doi.pdf?tu=01/03/2026&den=02/03/2026&don-vi={unit}"
# Another worker: takes a slot with the app's own code, says so, holds it until killed.
HOLDER = """
import sys, time
from pathlib import Path
from vpub_onestop.web.backpressure import SlowWorkSlots
fd = SlowWorkSlots(Path(sys.argv[1]), 1, 0).try_take()
print("held" if fd is not None else "none", flush=True)
time.sleep(600)
"""


@pytest.fixture
def busy_app(make_shell_app: AppFactory, tmp_path: Path) -> Flask:
    app = make_shell_app(
        SLOW_WORK_SLOTS=1,
        SLOW_WORK_WAIT_SECONDS=0,
        SLOW_WORK_LOCK_DIR=str(tmp_path / "slots"),
        METRICS_TOKEN=TOKEN,
    )
    from vpub_onestop.services.accounts import create_user

    with app.app_context():
        create_user(
            "thu.truongbp", "song-ba-xanh-71", "Võ Thị Thu", Role.UNIT_HEAD, agency_key="px_test"
        )
    return app


@pytest.fixture
def other_worker(busy_app: Flask, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "slots")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait(timeout=10)


def _desk(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, "lan.tiepnhan").status_code == 302
    return client


def _unit(app: Flask) -> int:
    from sqlalchemy import select

    from vpub_onestop.extensions import db
    from vpub_onestop.models import Agency

    with app.app_context():
        return int(db.session.scalars(select(Agency.id).where(Agency.key == "px_test")).one())


def _metrics(app: Flask) -> str:
    response = app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_free_slot_lets_the_register_print(busy_app: Flask) -> None:
    response = _desk(busy_app).get(REGISTER_PDF.format(unit=_unit(busy_app)))

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "vpub_slow_work_in_flight 0" in _metrics(busy_app)  # given back after the render


def test_with_every_slot_taken_a_slow_request_is_told_to_retry_and_fast_pages_answer(
    busy_app: Flask, other_worker: subprocess.Popen[str]
) -> None:
    desk = _desk(busy_app)

    busy = desk.get(REGISTER_PDF.format(unit=_unit(busy_app)))

    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "5"  # BUSY_RETRY_AFTER_SECONDS
    assert busy.mimetype == "text/html" and BUSY in busy.get_data(as_text=True)
    # the fast pages are not behind the slow work
    assert desk.get("/mot-cua/tiep-nhan").status_code == 200
    assert busy_app.test_client().get("/thu-tuc").status_code == 200
    metrics = _metrics(busy_app)
    assert "vpub_slow_work_slots 1" in metrics
    assert "vpub_slow_work_in_flight 1" in metrics
    assert 'vpub_slow_work_rejected_total{endpoint="slips.register_pdf"} 1' in metrics


def test_an_export_waits_for_a_slot_but_the_same_page_in_html_does_not(
    busy_app: Flask, other_worker: subprocess.Popen[str]
) -> None:
    head = busy_app.test_client()
    assert log_in(head, "thu.truongbp", "song-ba-xanh-71").status_code == 302

    assert head.get("/theo-doi").status_code == 200
    export = head.get("/theo-doi.csv")

    assert export.status_code == 503 and export.headers["Retry-After"] == "5"
    english = head.get("/theo-doi.xlsx?lang=en")
    assert english.status_code == 503
    assert "The system is busy, please try again in a few seconds." in english.get_data(
        as_text=True
    )


def test_a_killed_worker_gives_its_slot_back(
    busy_app: Flask, other_worker: subprocess.Popen[str]
) -> None:
    desk = _desk(busy_app)
    url = REGISTER_PDF.format(unit=_unit(busy_app))
    assert desk.get(url).status_code == 503

    other_worker.kill()  # SIGKILL: no clean-up code runs in the holder
    other_worker.wait(timeout=10)

    assert desk.get(url).status_code == 200
    assert "vpub_slow_work_in_flight 0" in _metrics(busy_app)


def test_an_unreachable_database_answers_503_with_retry_after(tmp_path: Path) -> None:
    """Nothing listens on port 1: every query fails to connect, as while the database
    restarts. The visitor is told to try again (not a 500), and the request does not hang."""
    from vpub_onestop import create_app

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/none",
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )

    response = app.test_client().get("/thu-tuc")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert BUSY in response.get_data(as_text=True)
