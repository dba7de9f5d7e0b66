"""The demo seed builds its history backwards from `now`: whatever the hour it runs, no act
of that history (event, file, dossier or step moment, notification) is later than now.

Due dates and appointments are promises about the future and may lie after now; every
other moment is something that already happened.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import Clock
from tests.services.support import local
from vpub_onestop.extensions import db
from vpub_onestop.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    DossierFile,
    OutboxMessage,
    StepTask,
)
from vpub_onestop.models.base import UTCDateTime
from vpub_onestop.seed.demo import SCENARIOS, seed_everything

HISTORY = (Dossier, DossierEvent, DossierFile, StepTask, ClockPause, OutboxMessage)
PROMISES = {"due_at", "original_due_at", "appointment_at", "planned_start_at"}


def _latest_moments() -> dict[str, datetime]:
    latest: dict[str, datetime] = {}
    for model in HISTORY:
        for column in model.__table__.columns:
            if isinstance(column.type, UTCDateTime) and column.name not in PROMISES:
                moment = db.session.scalar(select(func.max(column)))
                if moment is not None:
                    latest[f"{model.__tablename__}.{column.name}"] = moment
    return latest


@pytest.mark.parametrize(
    "now",
    [
        # Monday 05:00: before the office opens, after a weekend (the last working day
        # is Friday 6/3).
        local(2026, 3, 9, 5, 0),
        # Tuesday 22:00: the office closed five hours ago; paper dispatched after 15:00
        # would reach the agency tomorrow morning.
        local(2026, 3, 10, 22, 0),
    ],
    ids=["05h00", "22h00"],
)
def test_a_demo_seeded_at_any_hour_holds_nothing_later_than_now(
    app: Flask, frozen_clock: Clock, now: datetime
) -> None:
    frozen_clock.set(now)  # the app's one clock: the seed, the services, column defaults
    with app.app_context():
        summary = seed_everything(dossier_count=len(SCENARIOS) + 8)
        latest = _latest_moments()
        dossiers = db.session.scalar(select(func.count()).select_from(Dossier))

    assert any(line.startswith("Hồ sơ mẫu") for line in summary)
    assert dossiers and dossiers >= len(SCENARIOS)
    # The history reaches close to now (the seed did not dodge the question by ending
    # days earlier): something happened on the day or the working day before.
    assert max(latest["dossier_event.at"], latest["dossier.created_at"]) > now.replace(day=5)
    later = {name: moment for name, moment in latest.items() if moment > now}
    assert later == {}, f"moments after {now:%d/%m/%Y %H:%M}: {later}"
