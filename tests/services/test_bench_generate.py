"""The benchmark generator (`python -m bench.generate`) writes data the app reads as its
own: the staff pages render over it, the statistics report counts every generated dossier
received in the period, every received dossier carries its receipt event, codes are unique."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from bench.generate.__main__ import generate
from tests.conftest import database_urls
from vpub_onestop import clock, create_app
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.visibility import Audience, Viewer
from vpub_onestop.extensions import db
from vpub_onestop.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierPublicTimeline,
    Rating,
    StepTask,
)
from vpub_onestop.queries.stats_report import build_report
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.queries.timeline import dossier_timeline, public_entries

DOSSIERS = 300
RECEIPTS = ("receive", "receive_at_counter")


def _url(kind: str, tmp_path: Path) -> str:
    import os

    if kind == "postgres":
        return os.environ["TEST_POSTGRES_URL"]
    return f"sqlite:///{tmp_path / 'bench.sqlite'}"


def _empty(app: Flask) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


# Mon 2/3/2026 08:00 (Vietnam): the history ends here (the `frozen_clock` moment).
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module", params=database_urls())
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """One generation per database for the whole module (it is the slow part)."""
    tmp_path = tmp_path_factory.mktemp("bench")
    url = _url(request.param, tmp_path)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp_path / "up"))
    _empty(app)
    clock.freeze(NOW)
    try:
        generate(url, DOSSIERS, seed=7)
    finally:
        clock.reset()
    yield app
    _empty(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _history_clock(frozen_clock: object) -> None:
    """Every test reads the moment the history ends at."""
    clock.freeze(NOW)


def _log_in(client: object, username: str) -> None:
    page = client.get("/dang-nhap").get_data(as_text=True)  # type: ignore[attr-defined]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"username": username, "password": "demo1234"}
    if token:
        data["csrf_token"] = token.group(1)
    response = client.post("/dang-nhap", data=data)  # type: ignore[attr-defined]
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]


def test_every_dossier_is_written_with_a_unique_code_and_its_receipt_event(
    generated: Flask,
) -> None:
    with generated.app_context():
        count = db.session.scalar(select(func.count()).select_from(Dossier))
        assert count == DOSSIERS
        codes = db.session.scalars(select(Dossier.code)).all()
        assert None not in codes and len(set(codes)) == len(codes)
        received = db.session.scalars(
            select(Dossier.id).where(Dossier.received_at.is_not(None))
        ).all()
        with_receipt = set(
            db.session.scalars(
                select(DossierEvent.dossier_id).where(DossierEvent.trigger.in_(RECEIPTS))
            )
        )
        assert received and set(received) <= with_receipt


def test_the_report_counts_every_dossier_received_in_the_period(generated: Flask) -> None:
    with generated.app_context():
        now = clock.now()
        today = now.astimezone(LOCAL_TZ).date()
        period = Period(today.replace(year=today.year - 1), today)
        report = build_report(build_scope(None), period, now)
        in_period = db.session.scalar(
            select(func.count())
            .select_from(Dossier)
            .where(Dossier.received_at >= period.start_at, Dossier.received_at < period.end_at)
        )
        assert in_period and report.total.received == in_period
        # Every dossier to process in the period is either finished in it (processed, i.e.
        # rated early/on time/late, or stopped) or still open at its end: nothing is lost.
        total = report.total
        assert total.to_process == total.processed + total.pending + total.stopped


def test_nothing_is_dated_after_the_clock(generated: Flask) -> None:
    """The history ends at the app's now (the demo clock when one is set): no future rows."""
    with generated.app_context():
        now = clock.now()
        columns = (
            Dossier.created_at,
            Dossier.received_at,
            Dossier.finished_at,
            Dossier.returned_at,
            DossierEvent.at,
            DossierFile.uploaded_at,
            Rating.rated_at,
        )
        for column in columns:
            latest = db.session.scalar(select(func.max(column)))
            assert latest is not None and latest <= now, column


def test_the_staff_pages_render_over_generated_data(generated: Flask) -> None:
    with generated.app_context():
        dossier = db.session.execute(
            select(Dossier.code, Dossier.lookup_key)
            .where(Dossier.received_at.is_not(None))
            .limit(1)
        ).one()
    generated.config["WTF_CSRF_ENABLED"] = True
    pages = {
        "reception.ttpvhcc": ["/mot-cua/tiep-nhan", "/mot-cua/so-theo-doi"],
        "leader.congan": ["/xu-ly"],
        "supervisor.ttpvhcc": ["/theo-doi", "/theo-doi/bao-cao?tu=2025-03-02&den=2026-03-02"],
    }
    for username, paths in pages.items():
        client = generated.test_client()
        _log_in(client, username)
        for path in paths:
            response = client.get(path, follow_redirects=True)
            assert response.status_code == 200, (username, path)
    public = generated.test_client().get(f"/tra-cuu?ma={dossier.code}&khoa={dossier.lookup_key}")
    assert public.status_code == 200
    assert dossier.code in public.get_data(as_text=True)


def test_each_generated_step_carries_its_dossier_s_clock(generated: Flask) -> None:
    """The copy the agency's badge counts and the sweep read (services/step_clock.py) is
    what the rule says on the generated dossier's state, stopped and running alike."""
    with generated.app_context():
        rows = db.session.execute(
            select(StepTask.clock_running, Dossier.state).join(
                Dossier, Dossier.id == StepTask.dossier_id
            )
        ).all()
        assert {bool(copy) for copy, _ in rows} == {True, False}
        assert [(copy, state) for copy, state in rows if bool(copy) != clock_runs(state)] == []


def test_each_generated_dossier_keeps_the_public_timeline_its_events_give(
    generated: Flask,
) -> None:
    """What the public lookup shows of a generated dossier (its kept timeline,
    services/public_timeline.py) is what its events say, step agencies included."""
    staff = Viewer(Audience.ADMIN)  # reads the events themselves
    with generated.app_context():
        stored = dict(
            db.session.execute(
                select(Dossier.id, DossierPublicTimeline.entries).outerjoin(
                    DossierPublicTimeline, DossierPublicTimeline.dossier_id == Dossier.id
                )
            ).all()
        )
        steps = 0
        for dossier_id, text in stored.items():
            kept = public_entries(text)
            from_events = dossier_timeline(db.session, dossier_id, staff)
            assert [(e.at, e.action, e.state_label, e.agency_name, e.is_step) for e in kept] == [
                (e.at, e.action, e.state_label, e.agency_name, e.is_step) for e in from_events
            ], dossier_id
            steps += sum(e.is_step for e in kept)
        assert steps > 0
