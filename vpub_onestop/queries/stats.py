"""The counting rules of ONE-STOP.md §6, in ONE module shared by the pages, the exports and
the API: every figure a manager reads is a SQL aggregate over the predicates defined here,
and every drill-down list filters with the very same predicate, so a number and the list
behind it can never disagree.

Rules (see also the tests in tests/services/test_stats*.py):

* A period is a range of local dates [start, end] (Asia/Ho_Chi_Minh), turned into UTC
  moments once: [local midnight of start, local midnight after end).
* Received in the period: accepted (received_at) inside it; refused dossiers were never
  accepted, so they are counted apart and never as received. Voided dossiers count nowhere.
* Carried over: accepted before the period and still open at its start.
* Processed: reached result_ready (finished_at, with Dossier.timeliness) inside the period,
  rated early / on time / late against due_at, which supplementation moves: the interval
  the applicant spent completing the file is therefore already excluded.
* Pending at the report date (the period's end, or now if sooner): open at that moment;
  "in supplementation" when a clock pause covers it (the clock is stopped, so neither
  within time nor overdue), else overdue when due_at has passed, else within time.
* On-time ratio = 100 % − (late processed + overdue pending) / to process.
* An inter-agency dossier counts once, for the unit that received it; steps are counted
  per agency, apart (count_steps).

Nothing here loops over dossiers: Python only merges the grouped rows the database returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import add_working_time
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, ClockPause, Dossier, Procedure, StepTask

OPEN_STATES = (
    "received",
    "processing",
    "supplement_requested",
    "awaiting_payment",
    "withdrawal_requested",
)
ACTIVE_TASK_STATES = ("pending", "in_progress", "awaiting_approval")
FINISHED_TASK_STATES = ("done", "denied")  # a cancelled step was never rated
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
    it lists every agency, so that the (receiving_unit_id, ...) indexes stay usable."""

    unit_ids: tuple[int, ...]
    procedure_ids: tuple[int, ...] | None = None  # narrowed by field and/or procedure
    channel: str | None = None
    received_from: datetime | None = None  # the dashboard's optional period filter
    received_to: datetime | None = None

    def dossier_filter(self) -> ColumnElement[bool]:
        clauses = [Dossier.receiving_unit_id.in_(self.unit_ids), Dossier.state != "voided"]
        if self.procedure_ids is not None:
            clauses.append(Dossier.procedure_id.in_(self.procedure_ids))
        if self.channel:
            clauses.append(Dossier.channel == self.channel)
        if self.received_from is not None and self.received_to is not None:
            clauses.append(received_between(self.received_from, self.received_to))
        return and_(*clauses)


def build_scope(
    unit_id: int | None,
    field: str | None = None,
    procedure_code: str | None = None,
    channel: str | None = None,
    received_in: Period | None = None,
) -> Scope:
    """Resolve the filters once (two small catalogue queries) into plain id lists."""
    session = db.session
    if unit_id is not None:
        unit_ids: tuple[int, ...] = (unit_id,)
    else:
        unit_ids = tuple(session.scalars(select(Agency.id).order_by(Agency.id)))
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
        procedure_ids=procedure_ids,
        channel=channel if channel in CHANNELS else None,
        received_from=received_in.start_at if received_in else None,
        received_to=received_in.end_at if received_in else None,
    )


# --- predicates: the rules themselves ----------------------------------------------------


def received_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(Dossier.received_at >= start, Dossier.received_at < end)


def finished_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(Dossier.finished_at >= start, Dossier.finished_at < end)


def processed_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(finished_between(start, end), Dossier.timeliness.is_not(None))


def open_at(moment: datetime) -> ColumnElement[bool]:
    """Accepted before `moment` and not yet finished, stopped or refused at `moment`."""
    return and_(
        Dossier.received_at < moment,
        or_(Dossier.finished_at.is_(None), Dossier.finished_at >= moment),
    )


def supplementing_at(moment: datetime) -> ColumnElement[bool]:
    """A clock pause (the applicant completing the file) covers `moment`."""
    return exists().where(
        ClockPause.dossier_id == Dossier.id,
        ClockPause.started_at < moment,
        or_(ClockPause.ended_at.is_(None), ClockPause.ended_at >= moment),
    )


def pending_category(moment: datetime, due: Any = Dossier.due_at) -> Any:
    """'S' in supplementation, 'O' overdue, 'W' within time (for an open item at `moment`)."""
    return case((supplementing_at(moment), "S"), (due < moment, "O"), else_="W")


# The dashboard looks at the present, where the dossier's state says the same as the clock
# ledger and the (state, due_at) indexes answer directly.
def open_now() -> ColumnElement[bool]:
    return Dossier.state.in_(OPEN_STATES)


def clock_running_now() -> ColumnElement[bool]:
    return and_(open_now(), Dossier.state != "supplement_requested")


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


def _pending(w: Window, category: str) -> ColumnElement[bool]:
    return and_(open_at(w.as_of), pending_category(w.as_of) == category)


def _channel(w: Window, channel: str) -> ColumnElement[bool]:
    return and_(received_between(w.start, w.end), Dossier.channel == channel)


def _timeliness(w: Window, value: str) -> ColumnElement[bool]:
    return and_(finished_between(w.start, w.end), Dossier.timeliness == value)


def _state_closed(w: Window, state: str) -> ColumnElement[bool]:
    return and_(finished_between(w.start, w.end), Dossier.state == state)


def _due_from_now(w: Window, until: datetime) -> ColumnElement[bool]:
    return and_(clock_running_now(), Dossier.due_at >= w.moment.now, Dossier.due_at <= until)


# Report kinds need a period; dashboard kinds need the present.
REPORT_KINDS: dict[str, Callable[[Window], ColumnElement[bool]]] = {
    "carried_over": lambda w: open_at(w.start),
    "received": lambda w: received_between(w.start, w.end),
    "received_direct": lambda w: _channel(w, "direct"),
    "received_online": lambda w: _channel(w, "online"),
    "received_post": lambda w: _channel(w, "post"),
    "to_process": lambda w: or_(open_at(w.start), received_between(w.start, w.end)),
    "processed": lambda w: processed_between(w.start, w.end),
    "early": lambda w: _timeliness(w, "early"),
    "on_time": lambda w: _timeliness(w, "on_time"),
    "late": lambda w: _timeliness(w, "late"),
    "pending": lambda w: open_at(w.as_of),
    "pending_within": lambda w: _pending(w, "W"),
    "pending_overdue": lambda w: _pending(w, "O"),
    "in_supplement": lambda w: _pending(w, "S"),
    "stopped": lambda w: _state_closed(w, "stopped"),
    "refused": lambda w: _state_closed(w, "refused"),
}
DASHBOARD_KINDS: dict[str, Callable[[Window], ColumnElement[bool]]] = {
    "open": lambda w: open_now(),
    "overdue": lambda w: and_(clock_running_now(), Dossier.due_at < w.moment.now),
    "due_today": lambda w: and_(
        clock_running_now(), Dossier.due_at >= w.moment.now, Dossier.due_at < w.moment.today_end
    ),
    "due_soon": lambda w: _due_from_now(w, w.moment.soon),
    "supplementing": lambda w: Dossier.state == "supplement_requested",
    "apologised": lambda w: and_(open_now(), Dossier.apologised_at.is_not(None)),
}


def task_running_now() -> ColumnElement[bool]:
    """A step at its agency whose clock runs (its dossier is not waiting for the applicant)."""
    return and_(StepTask.state.in_(ACTIVE_TASK_STATES), clock_running_now())


TASK_KINDS: dict[str, Callable[[Window], ColumnElement[bool]]] = {
    "task_open": lambda w: task_running_now(),
    "task_overdue": lambda w: and_(task_running_now(), StepTask.due_at < w.moment.now),
    "task_due_soon": lambda w: and_(
        task_running_now(), StepTask.due_at >= w.moment.now, StepTask.due_at <= w.moment.soon
    ),
}


def kind_filter(kind: str, window: Window) -> ColumnElement[bool]:
    for table in (REPORT_KINDS, DASHBOARD_KINDS, TASK_KINDS):
        if kind in table:
            return table[kind](window)
    raise KeyError(kind)


# --- dossier counts ----------------------------------------------------------------------


@dataclass
class Counts:
    carried_over: int = 0
    received_direct: int = 0
    received_online: int = 0
    received_post: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending_within: int = 0
    pending_overdue: int = 0
    in_supplement: int = 0
    stopped: int = 0
    refused: int = 0
    # Processed early / on time, but after more than one supplement request: Decision 766
    # counts these as late.
    repeat_supplement: int = 0

    @property
    def received(self) -> int:
        return self.received_direct + self.received_online + self.received_post

    @property
    def to_process(self) -> int:
        return self.carried_over + self.received

    @property
    def processed(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def pending(self) -> int:
        return self.pending_within + self.pending_overdue + self.in_supplement

    @property
    def on_time_ratio(self) -> Decimal | None:
        return percent(self.to_process - self.late - self.pending_overdue, self.to_process)

    @property
    def d766_on_time_share(self) -> Decimal | None:
        """Decision 766 group 2: processed early or on time, a repeated supplement = late."""
        return percent(self.early + self.on_time - self.repeat_supplement, self.processed)

    def add(self, other: Counts) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


GroupKey = tuple[int, int]  # (receiving unit id, procedure id)


def count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def count_dossiers(scope: Scope, period: Period, now: datetime) -> dict[GroupKey, Counts]:
    """Four grouped aggregates, each over an indexed range, merged per (unit, procedure)."""
    session = db.session
    start, end, as_of = period.start_at, period.end_at, period.as_of(now)
    unit, proc = Dossier.receiving_unit_id, Dossier.procedure_id
    base = scope.dossier_filter()
    table: dict[GroupKey, Counts] = defaultdict(Counts)

    received = select(unit, proc, Dossier.channel, func.count()).where(
        base, received_between(start, end)
    )
    for u, p, channel, n in session.execute(received.group_by(unit, proc, Dossier.channel)):
        if channel in CHANNELS:
            setattr(table[(u, p)], f"received_{channel}", n)

    closed = select(
        unit,
        proc,
        count_if(Dossier.timeliness == "early"),
        count_if(Dossier.timeliness == "on_time"),
        count_if(Dossier.timeliness == "late"),
        count_if(Dossier.state == "stopped"),
        count_if(Dossier.state == "refused"),
        count_if(
            and_(Dossier.timeliness.in_(("early", "on_time")), Dossier.supplement_requests > 1)
        ),
    ).where(base, finished_between(start, end))
    for u, p, early, on_time, late, stopped, refused, repeat in session.execute(
        closed.group_by(unit, proc)
    ):
        counts = table[(u, p)]
        counts.early, counts.on_time, counts.late = early, on_time, late
        counts.stopped, counts.refused, counts.repeat_supplement = stopped, refused, repeat

    carried = select(unit, proc, func.count()).where(base, open_at(start))
    for u, p, n in session.execute(carried.group_by(unit, proc)):
        table[(u, p)].carried_over = n

    category = pending_category(as_of).label("category")
    pending = select(unit, proc, category, func.count()).where(base, open_at(as_of))
    names = {"S": "in_supplement", "O": "pending_overdue", "W": "pending_within"}
    for u, p, cat, n in session.execute(pending.group_by(unit, proc, category)):
        setattr(table[(u, p)], names[cat], n)
    return dict(table)


def monthly_series(scope: Scope, months: list[date]) -> list[tuple[date, int, int]]:
    """(month, received, processed) per month: one conditional sum per month and measure,
    with the month boundaries computed in local time here (portable, no date functions)."""
    bounds = [local_midnight(m) for m in months]
    after = months[-1] + timedelta(days=32)
    bounds.append(local_midnight(after.replace(day=1)))
    spans = list(zip(bounds, bounds[1:], strict=False))
    base = scope.dossier_filter()
    received = db.session.execute(
        select(*[count_if(received_between(a, b)) for a, b in spans]).where(
            base, received_between(bounds[0], bounds[-1])
        )
    ).one()
    processed = db.session.execute(
        select(*[count_if(processed_between(a, b)) for a, b in spans]).where(
            base, processed_between(bounds[0], bounds[-1])
        )
    ).one()
    return [(m, int(received[i]), int(processed[i])) for i, m in enumerate(months)]


# --- step counts (each agency against its own share) -------------------------------------


@dataclass
class StepCounts:
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending_within: int = 0
    pending_overdue: int = 0
    in_supplement: int = 0

    @property
    def processed(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def pending(self) -> int:
        return self.pending_within + self.pending_overdue + self.in_supplement

    @property
    def on_time_ratio(self) -> Decimal | None:
        whole = self.processed + self.pending
        return percent(whole - self.late - self.pending_overdue, whole)

    def add(self, other: StepCounts) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


def step_finished_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(
        StepTask.finished_at >= start,
        StepTask.finished_at < end,
        StepTask.state.in_(FINISHED_TASK_STATES),
    )


def step_open_at(moment: datetime) -> ColumnElement[bool]:
    return and_(
        StepTask.arrived_at < moment,
        or_(StepTask.finished_at.is_(None), StepTask.finished_at >= moment),
    )


def count_steps(scope: Scope, period: Period, now: datetime) -> dict[int, StepCounts]:
    """Per agency: steps finished in the period by timeliness, steps open at the report date
    by pending category. The dossier filters of `scope` apply through the join."""
    session = db.session
    as_of = period.as_of(now)
    agency = StepTask.agency_id
    table: dict[int, StepCounts] = defaultdict(StepCounts)
    joined = select(agency).join(Dossier, Dossier.id == StepTask.dossier_id)
    finished = (
        joined.add_columns(StepTask.timeliness, func.count())
        .where(scope.dossier_filter(), step_finished_between(period.start_at, period.end_at))
        .group_by(agency, StepTask.timeliness)
    )
    for agency_id, timeliness, n in session.execute(finished):
        if timeliness in ("early", "on_time", "late"):
            setattr(table[agency_id], timeliness, n)
    category = pending_category(as_of, StepTask.due_at).label("category")
    pending = (
        joined.add_columns(category, func.count())
        .where(scope.dossier_filter(), step_open_at(as_of))
        .group_by(agency, category)
    )
    names = {"S": "in_supplement", "O": "pending_overdue", "W": "pending_within"}
    for agency_id, cat, n in session.execute(pending):
        setattr(table[agency_id], names[cat], n)
    return dict(table)
