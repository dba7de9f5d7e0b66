"""Read side of the calendar's administration: a year's days off and make-up days with
their legal basis, and the open dossiers whose appointment a changed day lies before
(docs/domain.md#calendar-administration)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, func, or_, select

from vpub_onestop.access.state_sql import dossier_open
from vpub_onestop.domain.calendar import LOCAL_TZ, OFF, WorkCalendar
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, CalendarOverride, CalendarYear, Dossier

AFFECTED_LIST_LIMIT = 50


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: str  # off | work
    name: str
    basis: str | None
    override_id: int | None  # None: a holiday of the package, in a provisional year
    version: int | None


@dataclass(frozen=True)
class CalendarYearView:
    year: int
    status: str  # decided | provisional
    basis: str | None
    days: list[CalendarDay]  # in date order

    @property
    def months(self) -> list[tuple[int, list[CalendarDay]]]:
        """(month, its days) for every month that has one."""
        by_month: dict[int, list[CalendarDay]] = {}
        for day in self.days:
            by_month.setdefault(day.day.month, []).append(day)
        return sorted(by_month.items())


def calendar_year(year: int, calendar: WorkCalendar) -> CalendarYearView:
    """Every override of the year, plus (in a year not decided) the package's weekday
    holidays the table does not name: a confirmation writes those the administrator keeps
    ticked into the table."""
    row = db.session.get(CalendarYear, year)
    overrides = db.session.scalars(
        select(CalendarOverride).where(
            CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)
        )
    ).all()
    days = [
        CalendarDay(o.day, o.kind, o.name, o.basis or (row.basis if row else None), o.id, o.version)
        for o in overrides
    ]
    days += [
        CalendarDay(day, OFF, reason, None, None, None)
        for day, reason in calendar.unconfirmed_holidays(year)
    ]
    days.sort(key=lambda d: d.day)
    status = "decided" if year in calendar.decided_years else "provisional"
    return CalendarYearView(year, status, row.basis if row else None, days)


def override_row(override_id: int) -> CalendarOverride | None:
    return db.session.get(CalendarOverride, override_id)


@dataclass(frozen=True)
class AffectedDossier:
    id: int
    code: str | None
    applicant_name: str
    unit_name: str
    received_at: datetime | None
    appointment_at: datetime | None


@dataclass(frozen=True)
class AffectedDossiers:
    count: int
    dossiers: list[AffectedDossier]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def dossiers_spanning(days: Sequence[date]) -> AffectedDossiers:
    """Open dossiers received before one of `days` whose due date is on or after it: the
    working days counted for their appointment include that day, so a change to it would
    give a different appointment if they were received today. Their stored appointment
    stays as printed (hẹn đã cấp, không tự đổi)."""
    spans = [
        and_(Dossier.received_at < _start_of(day), Dossier.due_at >= _start_of(day)) for day in days
    ]
    condition = and_(dossier_open(), or_(*spans))
    count = db.session.scalar(select(func.count()).select_from(Dossier).where(condition)) or 0
    rows = db.session.execute(
        select(
            Dossier.id,
            Dossier.code,
            Dossier.applicant_name,
            Agency.name,
            Dossier.received_at,
            func.coalesce(Dossier.appointment_at, Dossier.due_at),
        )
        .join(Agency, Agency.id == Dossier.receiving_unit_id)
        .where(condition)
        .order_by(Dossier.due_at, Dossier.id)
        .limit(AFFECTED_LIST_LIMIT)
    ).all()
    return AffectedDossiers(int(count), [AffectedDossier(*row) for row in rows])


def years_shown(today: date) -> list[int]:
    """The years an administrator can open: those in the table, and this year and next."""
    stored = db.session.scalars(select(CalendarYear.year)).all()
    return sorted({*stored, today.year, today.year + 1})
