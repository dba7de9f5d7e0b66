"""The working calendar as configured: database overrides + settings policies."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from vpub_onestop.domain.calendar import CalendarPolicy, DayOverride, WorkCalendar
from vpub_onestop.extensions import db
from vpub_onestop.models import CalendarOverride, CalendarYear


def calendar_policy() -> CalendarPolicy:
    cfg = current_app.config
    return CalendarPolicy.from_settings(
        office_hours=cfg["OFFICE_HOURS"],
        same_day_cutoff=cfg["SAME_DAY_CUTOFF"],
        makeup_saturday_is_working_day=cfg["POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY"],
    )


def supplement_clock_policy() -> str:
    policy = current_app.config["POLICY_SUPPLEMENT_CLOCK"]
    if policy not in ("restart", "pause"):
        raise RuntimeError(f"POLICY_SUPPLEMENT_CLOCK must be restart or pause, not {policy!r}")
    return str(policy)


def load_work_calendar() -> WorkCalendar:
    """Read the override table. Small (tens of rows a year), read per operation so an
    administrator's edit applies to the next receipt without a restart."""
    session = db.session
    overrides = [
        DayOverride(day=row.day, kind=row.kind, name=row.name)
        for row in session.scalars(select(CalendarOverride))
    ]
    decided = session.scalars(
        select(CalendarYear.year).where(CalendarYear.status == "decided")
    ).all()
    return WorkCalendar(overrides=overrides, decided_years=decided, policy=calendar_policy())
