"""Guidance logged at the counter before slips were numbered gets its numbers when the
database is upgraded: in the order it was given, per unit and local year, and the counter
goes on after the last of them (docs/domain.md#identifiers)."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from tests.conftest import _seed_reference_data
from tests.services.support import local
from tests.web.slips import scenarios as sc
from vpub_onestop import create_app
from vpub_onestop.extensions import db
from vpub_onestop.models import CounterGuidance

BEFORE_NUMBERS = "e8a4c2d7f1b3"


def test_guidance_logged_before_the_upgrade_is_numbered_in_the_order_given(
    tmp_path: Path,
) -> None:
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrated.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    with app.app_context():
        upgrade()
        _seed_reference_data()
        # Logged in this order of ids, not of dates: 31/12/2026 23:30 local (16:30 UTC),
        # then 03/03/2026, then 01/01/2027 00:30 local (31/12/2026 17:30 UTC).
        new_year_eve = sc.counter_guidance(local(2026, 12, 31, 23, 30))
        march = sc.counter_guidance(local(2026, 3, 3, 10))
        new_year = sc.counter_guidance(local(2027, 1, 1, 0, 30))
        db.session.remove()
        downgrade(revision=BEFORE_NUMBERS)  # as the database was before the numbers
        upgrade()
        numbers = dict(
            db.session.execute(select(CounterGuidance.id, CounterGuidance.number_seq)).all()
        )
        years = dict(
            db.session.execute(select(CounterGuidance.id, CounterGuidance.number_year)).all()
        )
        # 2026: March first, then New Year's Eve; 2027 starts again at 1.
        assert (numbers[march], years[march]) == (1, 2026)
        assert (numbers[new_year_eve], years[new_year_eve]) == (2, 2026)
        assert (numbers[new_year], years[new_year]) == (1, 2027)
        db.session.remove()
        after = sc.counter_guidance(local(2026, 12, 31, 16))
        assert db.session.get(CounterGuidance, after).number_seq == 3  # type: ignore[union-attr]
        db.session.remove()
        db.engine.dispose()
