"""The working calendar as configured: database overrides + settings policies.

Built once per app (one per worker process) and kept until the calendar's revision token
moves: each call reads that one-row token (a primary-key read) instead of the override
tables, and rebuilds only when an import, in this process or any other, changed it
(docs/architecture.md#calendar-cache).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from vpub_onestop.domain.calendar import CalendarPolicy, DayOverride, WorkCalendar
from vpub_onestop.extensions import db
from vpub_onestop.models import CalendarOverride, CalendarRevision, CalendarYear

_CACHE_KEY = "vpub_work_calendar"


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


@dataclass(frozen=True)
class _Built:
    """A calendar and what it was built from: the revision token and the policy settings."""

    token: str
    settings: tuple[object, ...]
    calendar: WorkCalendar


def load_work_calendar() -> WorkCalendar:
    """The calendar, rebuilt only when the revision token or the policy settings moved, so
    an administrator's import applies to the next request of every process, no restart."""
    token = db.session.scalar(
        select(CalendarRevision.token).where(CalendarRevision.id == CalendarRevision.ROW)
    )
    cfg = current_app.config
    settings = tuple(
        cfg[key]
        for key in ("OFFICE_HOURS", "SAME_DAY_CUTOFF", "POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY")
    )
    built: _Built | None = current_app.extensions.get(_CACHE_KEY)
    if (
        built is not None
        and token is not None
        and (built.token, built.settings) == (token, settings)
    ):
        return built.calendar
    calendar = _read_calendar()
    # No token yet (tables never imported): nothing announces a change, so nothing is kept.
    if token is not None:
        current_app.extensions[_CACHE_KEY] = _Built(token, settings, calendar)
    return calendar


def _read_calendar() -> WorkCalendar:
    session = db.session
    overrides = [
        DayOverride(day=row.day, kind=row.kind, name=row.name)
        for row in session.scalars(select(CalendarOverride))
    ]
    decided = session.scalars(
        select(CalendarYear.year).where(CalendarYear.status == "decided")
    ).all()
    return WorkCalendar(overrides=overrides, decided_years=decided, policy=calendar_policy())
