"""The reporting bind (REPORTING_DATABASE_URL): with a second database configured, the
statistics report, the dashboard, the indicators and their exports read it, while sign-in
and every write go to the primary.

Two real databases: two SQLite files, and on PostgreSQL (TEST_POSTGRES_URL) the test's
database plus a second one this module creates next to it. Both hold the same reference
data (a replica is a copy of the primary); only the second holds the March story, so a
figure that shows on the page can only have come from the second database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, func, make_url, select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import _seed_reference_data, database_urls
from tests.web.conftest import csrf_token_from
from tests.web.monitor.month_story import add_managers, build_march
from tests.web.monitor.pages import csv_section, html_tables, sign_in
from tests.web.monitor.test_report_page import EXPECTED, HEADERS, MARCH, SUMMARY, UNIT_NAME
from vpub_onestop import clock, create_app
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Dossier, ManualIndicator
from vpub_onestop.reporting_db import reporting_engine, reporting_session

# The end of the story's month: what is still open then (F4, F5, M5, M8) is on the board.
END_OF_MARCH = datetime(2026, 3, 31, 16, 0, tzinfo=LOCAL_TZ)
NO_FIGURES = "Không có số liệu trong phạm vi đã chọn."


def _count(url: str, model: type) -> int:
    """A count read straight from one database, outside the app."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def _second_postgres_database(url: str) -> str:
    base = make_url(url)
    name = f"{base.database}_replica"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=database_urls())
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(primary, replica) URLs of two empty databases of the same kind."""
    if request.param == "postgres":
        import os

        primary = os.environ["TEST_POSTGRES_URL"]
        replica = _second_postgres_database(primary)
        yield primary, replica
        _drop_postgres_database(replica)
    else:
        yield f"sqlite:///{tmp_path / 'primary.sqlite'}", f"sqlite:///{tmp_path / 'replica.sqlite'}"


def _fill(url: str, tmp_path: Path, *, with_march: bool) -> None:
    filler = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        UPLOAD_DIR=str(tmp_path / "uploads"),
        OUTBOX_AUTOSEND=False,
    )
    with filler.app_context():
        db.drop_all()
        db.create_all()
        _seed_reference_data()
        add_managers()
        if with_march:
            build_march()
        db.session.remove()
        db.engine.dispose()


def _app(primary: str, tmp_path: Path, **settings: str) -> Flask:
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=primary,
        UPLOAD_DIR=str(tmp_path / "uploads"),
        OUTBOX_AUTOSEND=False,
        **settings,
    )


def _close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        replica = reporting_engine()
        if replica is not None:
            replica.dispose()


@pytest.fixture
def apps(two_databases: tuple[str, str], tmp_path: Path) -> Iterator[tuple[Flask, Flask]]:
    """(the app reading reports from the replica, the same app without the setting)."""
    primary, replica = two_databases
    _fill(replica, tmp_path, with_march=True)
    _fill(primary, tmp_path, with_march=False)
    limiter.reset()
    with_replica = _app(primary, tmp_path, REPORTING_DATABASE_URL=replica)
    primary_only = _app(primary, tmp_path)
    yield with_replica, primary_only
    _close(with_replica)
    _close(primary_only)


def _head(app: Flask) -> FlaskClient:
    client = app.test_client()
    sign_in(client, "unit_head.px_quynhon")  # the account is read from the primary
    return client


def test_the_report_and_its_export_show_the_replicas_figures(apps: tuple[Flask, Flask]) -> None:
    with_replica, primary_only = apps
    head = _head(with_replica)
    summary = html_tables(head.get(f"/theo-doi/bao-cao?{MARCH}").get_data(as_text=True))["units"]
    # The hand-counted March of test_report_page.py: it exists only in the replica.
    assert {key: int(summary[UNIT_NAME][key]) for key in EXPECTED} == EXPECTED
    header, *rows = csv_section(head.get(f"/theo-doi/bao-cao.csv?{MARCH}").data, SUMMARY)
    line = dict(zip(header, next(r for r in rows if r[0] == UNIT_NAME), strict=True))
    assert int(line[HEADERS["received"]]) == 9

    # The same page on the primary alone: no dossier there, no figure.
    alone = _head(primary_only).get(f"/theo-doi/bao-cao?{MARCH}").get_data(as_text=True)
    assert html_tables(alone)["units"] == {}
    assert NO_FIGURES in alone


def test_the_dashboard_and_the_lists_read_the_replica(apps: tuple[Flask, Flask]) -> None:
    with_replica, primary_only = apps
    clock.freeze(END_OF_MARCH)
    head = _head(with_replica)
    units = html_tables(head.get("/theo-doi").get_data(as_text=True))["units"]
    # Open at the commune centre on 31/3: F4 and F5 (never finished), M5 (waiting for the
    # applicant's documents), M8 (in progress); the others were finished, refused, stopped
    # or voided.
    assert units[UNIT_NAME]["open"] == "4"
    listing = head.get(f"/theo-doi/ho-so?loai=pending_overdue&{MARCH}").get_data(as_text=True)
    assert "Tổng số: 2" in listing  # F4 and F5
    board = _head(primary_only).get("/theo-doi").get_data(as_text=True)
    assert html_tables(board)["units"] == {}
    assert NO_FIGURES in board


def test_a_manual_indicator_is_written_to_the_primary(
    apps: tuple[Flask, Flask], two_databases: tuple[str, str]
) -> None:
    with_replica, _ = apps
    primary, replica = two_databases
    head = _head(with_replica)
    page = head.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]+)"', page)
    assert version
    saved = head.post(
        f"/theo-doi/chi-so/nhap?{MARCH}",
        data={
            "csrf_token": csrf_token_from(page),
            "version": version.group(1),
            "chi_so": "c5",
            "diem": "2",
        },
    )
    assert saved.status_code == 302
    assert (_count(primary, ManualIndicator), _count(replica, ManualIndicator)) == (1, 0)


def test_the_reporting_session_cannot_write(
    apps: tuple[Flask, Flask], two_databases: tuple[str, str]
) -> None:
    with_replica, _ = apps
    _, replica = two_databases
    before = _count(replica, Dossier)
    with with_replica.app_context(), pytest.raises(DBAPIError):
        reporting_session().execute(delete(Dossier))
    assert _count(replica, Dossier) == before > 0
