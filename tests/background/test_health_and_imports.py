"""`/healthz` with a job queue, and the catalogue import handed to a worker."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from rq import Queue
from sqlalchemy import select

from tests.web.citizen.conftest import free_port
from vpub_onestop.background import queue
from vpub_onestop.background.worker import enqueue_due, make_worker
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage, Procedure
from vpub_onestop.services.uow import unit_of_work

SEED = Path(__file__).resolve().parents[2] / "vpub_onestop" / "seed" / "procedures-demo.json"


def test_healthz_reports_redis_and_the_backlog_without_personal_data(queued_app: Flask) -> None:
    client = queued_app.test_client()
    assert client.get("/healthz").get_json() == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "queue": {"waiting": 0, "running": 0, "failed": 0, "workers": 0},
    }
    with queued_app.app_context(), unit_of_work() as session:
        session.add(
            OutboxMessage(channel="email", recipient="an@example.com", subject="S", body="B")
        )

    answer = client.get("/healthz")

    # One delivery job waits for a worker; the answer names no one.
    assert answer.status_code == 200
    assert answer.get_json()["queue"]["waiting"] == 1
    assert "example.com" not in answer.get_data(as_text=True)


def test_healthz_answers_503_when_the_configured_redis_is_down(app: Flask) -> None:
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there

    answer = app.test_client().get("/healthz")

    assert answer.status_code == 503
    assert answer.get_json() == {
        "status": "error",
        "database": "ok",
        "redis": "ConnectionError",
    }


def test_the_catalogue_import_runs_on_a_worker(queued_app: Flask, tmp_path: Path) -> None:
    catalogue = json.loads(SEED.read_text(encoding="utf-8"))
    entry = {**catalogue["procedures"][0], "code": "9.999001", "name": "Thủ tục nhập thử"}
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"agencies": [], "procedures": [entry]}), encoding="utf-8")
    query = select(Procedure.name).where(Procedure.code == "9.999001")

    result = queued_app.test_cli_runner().invoke(
        args=["catalogue", "import", str(path), "--no-wait"]
    )

    assert result.exit_code == 0, result.output
    assert "hàng đợi" in result.output
    with queued_app.app_context():
        assert db.session.scalar(query) is None  # handed over, not imported by the command
        make_worker(queued_app, simple=True).work(burst=True)
        db.session.rollback()
        assert db.session.scalar(query) == "Thủ tục nhập thử"


def test_without_redis_the_command_imports_itself(app: Flask, tmp_path: Path) -> None:
    catalogue = json.loads(SEED.read_text(encoding="utf-8"))
    entry = {**catalogue["procedures"][0], "code": "9.999002", "name": "Thủ tục nhập ngay"}
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"agencies": [], "procedures": [entry]}), encoding="utf-8")

    result = app.test_cli_runner().invoke(args=["catalogue", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert "thủ tục mới: 1, phiên bản mới: 0, không đổi: 0, lỗi: 0." in result.output
    with app.app_context():
        assert db.session.scalar(select(Procedure.name).where(Procedure.code == "9.999002"))


def test_workers_beating_at_once_start_one_sweep_per_interval(queued_app: Flask) -> None:
    # Two workers (or one restarted) look at the same moment: the first starts the
    # periodic jobs, the second finds them started for this interval.
    first = enqueue_due(queued_app)
    second = enqueue_due(queued_app)

    assert first == ["sweep", "outbox", "job-files"]
    assert second == []
    with queued_app.app_context():
        waiting = Queue(queue.URGENT, connection=queue.connection()).jobs
        assert [job.func_name.rsplit(".", 1)[1] for job in waiting] == [
            "sweep",
            "deliver_outbox",
            "purge_job_files",
        ]
