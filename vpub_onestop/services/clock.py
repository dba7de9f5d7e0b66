"""The working calendar as configured: database overrides + settings policies.

Built once per app (one per worker process) and kept until the calendar's revision token
moves: each call reads that one-row token (a primary-key read) instead of the override
tables, and rebuilds only when an import, in this process or any other, changed it
(docs/architecture.md#calendar-cache).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from vpub_onestop.access.policies import decisions, local_today, policies_on
from vpub_onestop.domain.calendar import CalendarPolicy, DayOverride, WorkCalendar
from vpub_onestop.domain.policies import stable_span, values_on
from vpub_onestop.extensions import db
from vpub_onestop.models import CalendarOverride, CalendarRevision, CalendarYear

_CACHE_KEY = "vpub_work_calendar"
CALENDAR_SETTINGS = ("OFFICE_HOURS", "SAME_DAY_CUTOFF", "POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY")
CALENDAR_POLICIES = ("office_hours", "same_day_cutoff", "makeup_saturday_is_working_day")


def calendar_policy(on: date | None = None) -> CalendarPolicy:
    """Office hours, cut-off and make-up Saturdays in force on the local day `on` (today
    when not given): the administrator's decisions over config (access/policies.py)."""
    return policies_on(on or local_today()).calendar_policy()


def supplement_clock_policy(on: date | None = None) -> str:
    policy = policies_on(on or local_today())["supplement_clock"]
    if policy not in ("restart", "pause"):
        raise RuntimeError(f"POLICY_SUPPLEMENT_CLOCK must be restart or pause, not {policy!r}")
    return str(policy)


@dataclass(frozen=True)
class _Built:
    """A calendar and what it was built from: the revision token, the configured defaults,
    and the days over which its policies stay the ones in force (`span`: from the latest
    decision effective when built to the next one, None: unbounded)."""

    token: str
    settings: tuple[object, ...]
    span: tuple[date | None, date | None]
    calendar: WorkCalendar

    def serves(self, token: str, settings: tuple[object, ...], today: date) -> bool:
        start, end = self.span
        return (
            (self.token, self.settings) == (token, settings)
            and (start is None or start <= today)
            and (end is None or today < end)
        )


def load_work_calendar() -> WorkCalendar:
    """The calendar with the policies in force today, rebuilt only when the revision token
    or the configured defaults moved, or today left the days its policies hold for, so an
    administrator's import or policy decision applies to the next request of every process,
    no restart (a policy decision moves the token too: services/policy_settings.py)."""
    token = db.session.scalar(
        select(CalendarRevision.token).where(CalendarRevision.id == CalendarRevision.ROW)
    )
    cfg = current_app.config
    settings = tuple(cfg[key] for key in CALENDAR_SETTINGS)
    today = local_today()
    built: _Built | None = current_app.extensions.get(_CACHE_KEY)
    if built is not None and token is not None and built.serves(token, settings, today):
        return built.calendar
    listed = decisions()
    calendar = _read_calendar(values_on(today, listed, cfg).calendar_policy())
    # No token yet (tables never imported): nothing announces a change, so nothing is kept.
    if token is not None:
        span = stable_span(listed, CALENDAR_POLICIES, today)
        current_app.extensions[_CACHE_KEY] = _Built(token, settings, span, calendar)
    return calendar


def _read_calendar(policy: CalendarPolicy) -> WorkCalendar:
    session = db.session
    overrides = [
        DayOverride(day=row.day, kind=row.kind, name=row.name)
        for row in session.scalars(select(CalendarOverride))
    ]
    decided = session.scalars(
        select(CalendarYear.year).where(CalendarYear.status == "decided")
    ).all()
    return WorkCalendar(overrides=overrides, decided_years=decided, policy=policy)
