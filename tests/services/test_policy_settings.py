"""Policies effective from a day: a decision for next month leaves today's deadlines alone,
a dossier received before it keeps its deadline, and the day it takes effect the new value
governs; the decision is audited, cannot reach into the past, and of two administrators
deciding from the same stale page one wins."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import Clock
from tests.services.support import actor, counter_receipt, fresh, local, procedure_id
from vpub_onestop.access.policies import policies_on, policy_version
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.errors import StaleDossier, ValidationError
from vpub_onestop.domain.time_windows import supplement_deadline
from vpub_onestop.extensions import db
from vpub_onestop.models import AdminChange
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.policy_settings import schedule_policy

ADMIN = "admin.ttpvhcc"
BIRTH = "1.001193"  # birth registration: settled the same working day (same_day limit)


def _due(dossier_id: int) -> datetime:
    due = fresh(dossier_id).due_at
    assert due is not None
    return due.astimezone(LOCAL_TZ)


def test_a_change_next_month_leaves_today_and_earlier_dossiers_alone(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        desk = actor("reception.ttpvhcc")
        # Mon 2/3/2026 09:00, before the 15:00 cut-off: due at the close of that day,
        # 17:00 with the configured hours 07:00-11:30,13:30-17:00.
        frozen_clock.set(local(2026, 3, 2, 9))
        before = counter_receipt(desk, procedure_id(BIRTH), now=local(2026, 3, 2, 9)).id
        assert _due(before) == local(2026, 3, 2, 17)

        # From Wed 1/4/2026 the offices close at 16:00, and the applicant has 20 working
        # days instead of 30 to bring what is asked for.
        schedule_policy(
            actor(ADMIN),
            "office_hours",
            "07:00-11:30,13:30-16:00",
            date(2026, 4, 1),
            "Quyết định của UBND tỉnh về giờ làm việc mùa hè",
            policy_version("office_hours"),
        )
        schedule_policy(
            actor(ADMIN),
            "supplement_deadline_working_days",
            "20",
            date(2026, 4, 1),
            "Quyết định của UBND tỉnh",
            policy_version("supplement_deadline_working_days"),
        )

        # Still 2/3: a dossier received now is due at 17:00, as before the decision.
        frozen_clock.set(local(2026, 3, 2, 10))
        same_day = counter_receipt(desk, procedure_id(BIRTH), now=local(2026, 3, 2, 10)).id
        assert _due(same_day) == local(2026, 3, 2, 17)
        calendar = load_work_calendar()
        assert calendar.policy.closing_time == time(17)
        assert policies_on(date(2026, 3, 2))["supplement_deadline_working_days"] == 30
        assert policies_on(date(2026, 3, 31))["supplement_deadline_working_days"] == 30
        assert policies_on(date(2026, 4, 1))["supplement_deadline_working_days"] == 20

        # Wed 1/4/2026 09:00: the new hours govern the day's receipts; the dossiers
        # received on 2/3 keep the deadline they were given.
        frozen_clock.set(local(2026, 4, 1, 9))
        after = counter_receipt(desk, procedure_id(BIRTH), now=local(2026, 4, 1, 9)).id
        assert _due(after) == local(2026, 4, 1, 16)
        assert _due(before) == local(2026, 3, 2, 17)
        assert _due(same_day) == local(2026, 3, 2, 17)
        # A supplement asked on 1/4 closes at 16:00, the close of the new office hours.
        april = load_work_calendar()
        assert supplement_deadline(april, local(2026, 4, 1, 9), 20).time() == time(16)


def test_a_decision_is_audited_and_cannot_reach_into_the_past(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        version = policy_version("supplement_free_working_days")
        for day in (date(2026, 3, 1), date(2026, 3, 2)):  # yesterday, today
            with pytest.raises(ValidationError) as refused:
                schedule_policy(
                    actor(ADMIN), "supplement_free_working_days", "5", day, "Thử", version
                )
            assert "effective_from" in refused.value.field_errors
        with pytest.raises(ValidationError) as refused:
            schedule_policy(
                actor(ADMIN), "supplement_free_working_days", "năm", date(2026, 3, 3), "", version
            )
        assert set(refused.value.field_errors) == {"value", "note"}

        schedule_policy(
            actor(ADMIN),
            "supplement_free_working_days",
            "5",
            date(2026, 3, 3),
            "Căn cứ mới",
            version,
        )
        db.session.rollback()
        [row] = db.session.scalars(select(AdminChange).where(AdminChange.object_type == "setting"))
        assert (row.object_id, row.action, row.reason) == (
            "supplement_free_working_days",
            "schedule",
            "Căn cứ mới",
        )
        assert row.before == {"value": 3, "effective_from": "2026-03-03"}
        assert row.after == {"value": 5, "effective_from": "2026-03-03"}


def test_two_administrators_on_one_stale_page_end_with_one_winner(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        seen = policy_version("same_day_cutoff")
        schedule_policy(actor(ADMIN), "same_day_cutoff", "14:00", date(2026, 5, 1), "Lần một", seen)
        with pytest.raises(StaleDossier):
            schedule_policy(
                actor(ADMIN), "same_day_cutoff", "16:00", date(2026, 5, 1), "Lần hai", seen
            )
        assert policies_on(date(2026, 5, 1))["same_day_cutoff"] == "14:00"

        # A correction from the current page: the later decision for the same day wins.
        schedule_policy(
            actor(ADMIN),
            "same_day_cutoff",
            "14:30",
            date(2026, 5, 1),
            "Sửa lại",
            policy_version("same_day_cutoff"),
        )
        assert policies_on(date(2026, 5, 1))["same_day_cutoff"] == "14:30"
        assert policies_on(date(2026, 4, 30))["same_day_cutoff"] == "15:00"  # config


def test_the_history_of_decisions_cannot_be_rewritten(app: Flask, frozen_clock: Clock) -> None:
    with app.app_context():
        schedule_policy(actor(ADMIN), "supplement_clock", "pause", date(2026, 4, 1), "Thử", 0)
        db.session.rollback()
        with pytest.raises(DBAPIError), db.engine.begin() as connection:
            connection.execute(text("UPDATE policy_setting SET value = '\"restart\"'"))
        with pytest.raises(DBAPIError), db.engine.begin() as connection:
            connection.execute(text("DELETE FROM policy_setting"))
        assert policies_on(date(2026, 4, 1))["supplement_clock"] == "pause"
