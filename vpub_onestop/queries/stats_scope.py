"""What a statistic is about: a period of local dates, a scope (units, procedures,
channel), and the moments a drill-down refers to. Resolved once per request into plain
values that the counting rules of queries.stats use in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, and_, select

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import add_working_time
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Agency, Dossier, Procedure
from vpub_onestop.reporting_db import reporting_session

CHANNELS = ("direct", "online", "post")
_TENTH = Decimal("0.1")


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in per cent, one decimal (None when there is nothing to divide)."""
    if whole <= 0:
        return None
    return (Decimal(100) * part / whole).quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """Local dates, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def start_at(self) -> datetime:
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime:
        return local_midnight(self.end + timedelta(days=1))

    def as_of(self, now: datetime) -> datetime:
        """The report date: pending work is rated at the period's end, or now if sooner."""
        return min(self.end_at, now)

    def months(self, at_least: int = 1) -> list[date]:
        """First days of the months the period touches, extended backwards to `at_least`."""
        first = self.start.replace(day=1)
        last = self.end.replace(day=1)
        months = [last]
        while months[0] > first or len(months) < at_least:
            previous = months[0] - timedelta(days=1)
            months.insert(0, previous.replace(day=1))
        return months


@dataclass(frozen=True)
class Scope:
    """Which dossiers a figure is about. `unit_ids` is never empty: for the whole province
    it lists every agency, so that the (receiving_unit_id, ...) indexes stay usable;
    `agency_ids` (every agency) does the same for step_task's (agency_id, ...) indexes."""

    unit_ids: tuple[int, ...]
    agency_ids: tuple[int, ...] = ()
    procedure_ids: tuple[int, ...] | None = None  # narrowed by field and/or procedure
    channel: str | None = None
    received_from: datetime | None = None  # the dashboard's optional period filter
    received_to: datetime | None = None

    @property
    def is_everything(self) -> bool:
        """The whole province, unfiltered: step figures need not look at the dossiers."""
        return (
            set(self.unit_ids) == set(self.agency_ids)
            and self.procedure_ids is None
            and not self.channel
            and self.received_from is None
        )

    def dossier_filter(self, scanning: bool = False) -> ColumnElement[bool]:
        """`scanning`: for an aggregate over a large share of history. Then the unit test is
        written so that no index is offered for it (`unit + 0`): reading the table straight
        through is much faster than fetching a third of it row by row in index order."""
        unit = Dossier.receiving_unit_id + 0 if scanning else Dossier.receiving_unit_id
        clauses = [Dossier.state != DossierState.VOIDED]
        if not (scanning and set(self.unit_ids) == set(self.agency_ids)):
            clauses.append(unit.in_(self.unit_ids))
        if self.procedure_ids is not None:
            clauses.append(Dossier.procedure_id.in_(self.procedure_ids))
        if self.channel:
            clauses.append(Dossier.channel == self.channel)
        if self.received_from is not None and self.received_to is not None:
            clauses.append(Dossier.received_at >= self.received_from)
            clauses.append(Dossier.received_at < self.received_to)
        return and_(*clauses)


def build_scope(
    unit_id: int | None,
    field: str | None = None,
    procedure_code: str | None = None,
    channel: str | None = None,
    received_in: Period | None = None,
) -> Scope:
    """Resolve the filters once (two small catalogue queries) into plain id lists."""
    session = reporting_session()
    agency_ids = tuple(session.scalars(select(Agency.id).order_by(Agency.id)))
    unit_ids = (unit_id,) if unit_id is not None else agency_ids
    procedure_ids = None
    if field or procedure_code:
        stmt = select(Procedure.id)
        if field:
            stmt = stmt.where(Procedure.field == field)
        if procedure_code:
            stmt = stmt.where(Procedure.code == procedure_code)
        procedure_ids = tuple(session.scalars(stmt))
    return Scope(
        unit_ids=unit_ids or (-1,),
        agency_ids=agency_ids,
        procedure_ids=procedure_ids,
        channel=channel if channel in CHANNELS else None,
        received_from=received_in.start_at if received_in else None,
        received_to=received_in.end_at if received_in else None,
    )


@dataclass(frozen=True)
class Moments:
    """The present as the dashboard sees it, computed once per request."""

    now: datetime
    today_end: datetime  # local midnight after now
    soon: datetime  # one working day of office time after now ("due soon")


def moments(cal: WorkCalendar, now: datetime) -> Moments:
    today = now.astimezone(LOCAL_TZ).date()
    soon = add_working_time(cal, now, cal.policy.day_length)
    return Moments(now=now, today_end=local_midnight(today + timedelta(days=1)), soon=soon)


@dataclass(frozen=True)
class Window:
    """What a drill-down refers to: a report period, or the dashboard's present."""

    now: datetime
    period: Period | None = None
    present: Moments | None = None

    @property
    def start(self) -> datetime:
        assert self.period is not None
        return self.period.start_at

    @property
    def end(self) -> datetime:
        assert self.period is not None
        return self.period.end_at

    @property
    def as_of(self) -> datetime:
        assert self.period is not None
        return self.period.as_of(self.now)

    @property
    def moment(self) -> Moments:
        assert self.present is not None
        return self.present
