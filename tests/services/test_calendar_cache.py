"""Each app instance (a gunicorn worker) keeps the calendar it built and rebuilds it when an
administrator imports a change, in whichever process that import ran
(docs/architecture.md#calendar-cache)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event

from vpub_onestop import create_app
from vpub_onestop.extensions import db
from vpub_onestop.services.clock import load_work_calendar

# Wednesday 4/3/2026: an ordinary working day in the demo calendar's decided 2026.
WEDNESDAY = date(2026, 3, 4)


@pytest.fixture
def worker(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """A second app instance on the same database, as a second worker process is: its own
    engine, its own kept calendar."""
    other = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_DIR=str(tmp_path / "uploads-2"),
        OUTBOX_AUTOSEND=False,
    )
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", record)


def _import_day_off(app: Flask, tmp_path: Path) -> None:
    """What the administrator runs: `flask calendar import` with one more day off."""
    data = {"years": {"2026": {"status": "decided", "off": [[WEDNESDAY.isoformat(), "Nghỉ bù"]]}}}
    file = tmp_path / "lich.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["calendar", "import", str(file)])
    assert result.exit_code == 0, result.output


def test_an_import_in_one_process_is_seen_by_another_at_its_next_request(
    app: Flask, worker: Flask, tmp_path: Path
) -> None:
    with worker.app_context():
        assert load_work_calendar().is_working_day(WEDNESDAY)

    _import_day_off(app, tmp_path)

    with worker.app_context():
        calendar = load_work_calendar()
        assert not calendar.is_working_day(WEDNESDAY)
        assert calendar.non_working_reason(WEDNESDAY) == "Nghỉ bù"
    with app.app_context():
        assert not load_work_calendar().is_working_day(WEDNESDAY)


def test_an_unchanged_calendar_is_not_read_again(app: Flask, worker: Flask) -> None:
    with worker.app_context():
        built = load_work_calendar()
    with statements(worker) as seen, worker.app_context():
        again = load_work_calendar()
    assert again is built
    # One read of the revision token, none of the override tables.
    reads = [statement for statement in seen if statement.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and "calendar_revision" in reads[0]


def test_a_changed_office_hours_setting_rebuilds_the_calendar(app: Flask) -> None:
    with app.app_context():
        before = load_work_calendar()
        app.config["OFFICE_HOURS"] = "08:00-12:00,13:00-17:00"
        after = load_work_calendar()
    assert after is not before
    assert after.policy.opening_time.hour == 8 and before.policy.opening_time.hour == 7
