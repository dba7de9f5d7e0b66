"""One clock for the whole app: setting it (a test's `frozen_clock`, or the demo setting
DEMO_CLOCK_START) moves "now" for pages, services and column defaults alike."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import Clock
from tests.services.support import (
    actor,
    dossier_version,
    fresh,
    local,
)
from tests.web.citizen.conftest import log_in, marriage_received_monday_9am, text
from vpub_onestop import clock, create_app
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent, User
from vpub_onestop.services import reception
from vpub_onestop.services.accounts import create_user


def test_the_citizens_working_days_left_follow_the_app_clock(
    app: Flask, client: FlaskClient, frozen_clock: Clock
) -> None:
    marriage_received_monday_9am(app)
    log_in(client, "citizen1")

    # Wed 4/3 09:00 → Mon 9/3 09:00: Wed→Thu, Thu→Fri, Fri→Mon = 3 working days left.
    frozen_clock.set(local(2026, 3, 4, 9))
    page = text(client.get("/ho-so-cua-toi"))
    assert "còn 3,0 ngày làm việc" in page
    assert 'class="table-danger"' not in page

    # Tue 10/3 09:00 is one full working day past Mon 9/3 09:00.
    frozen_clock.set(local(2026, 3, 10, 9))
    page = text(client.get("/ho-so-cua-toi"))
    assert "quá 1,0 ngày làm việc" in page
    assert 'class="table-danger"' in page


def test_a_service_called_without_a_moment_and_a_column_default_read_the_app_clock(
    app: Flask, frozen_clock: Clock
) -> None:
    dossier_id = marriage_received_monday_9am(app)
    moment = frozen_clock.set(local(2026, 3, 2, 10, 15))
    with app.app_context():
        reception.dispatch_dossier(
            actor("reception.px_quynhon"), dossier_id, expected_version=dossier_version(dossier_id)
        )  # no `now=`
        last = db.session.scalars(
            select(DossierEvent)
            .where(DossierEvent.dossier_id == dossier_id, DossierEvent.trigger == "dispatch")
            .order_by(DossierEvent.id.desc())
        ).first()
        assert last is not None and last.at == moment
        assert fresh(dossier_id).dispatched_at == moment

        # User.created_at has no value from the service: the column default fills it.
        create_user(
            "clock.check",
            "password-123",
            "Cán bộ kiểm tra",
            Role.SPECIALIST,
            agency_key="px_quynhon",
        )
        created = db.session.scalar(select(User.created_at).where(User.username == "clock.check"))
        assert created == moment


def test_the_demo_setting_starts_the_clock_on_the_chosen_day_and_lets_it_run(
    tmp_path: Path,
) -> None:
    create_app(
        "testing",
        DEMO_CLOCK_START="2026-03-02T08:00",  # local time: no offset given
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    start = local(2026, 3, 2, 8, 0)
    first = clock.now()
    assert start <= first < start + timedelta(hours=1)
    assert clock.now() >= first  # it runs on, never backwards


def test_production_refuses_the_demo_clock(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="DEMO_CLOCK_START"):
        create_app(
            "production",
            DEMO_CLOCK_START="2026-03-02T08:00",
            SECRET_KEY="not-used",
            UPLOAD_DIR=str(tmp_path / "uploads"),
        )
