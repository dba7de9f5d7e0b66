"""The counting rules of docs/domain.md#statistics as SQL, shared by pages, exports and the
API: every figure a manager reads is a SQL aggregate over the predicates defined here, and
every drill-down list filters with the very same predicate, so a number and the list
behind it can never disagree. The rules themselves are written once, in domain.counting
(the daily summary asks the same ones in Python); here they are given SQL terms
(queries.counting_sql).

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

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Self

from sqlalchemy import ColumnElement, and_, case, func, or_

from vpub_onestop.domain import counting
from vpub_onestop.models import Dossier
from vpub_onestop.queries.counting_sql import DOSSIERS, STEPS, SqlTerms
from vpub_onestop.queries.stats_scope import (
    Window,
    local_midnight,
    percent,
)

TIMELINESS = counting.TIMELINESS


# --- predicates: the rules themselves ----------------------------------------------------


# The rules themselves live in domain.counting (the daily summary asks the same ones in
# Python); these are their SQL form on the dossier (step) rows.


def received_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    return counting.flow_in(DOSSIERS, counting.FLOWS["received"], start, end)


def finished_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    return counting.happened_in(DOSSIERS, "finished_at", start, end)


def processed_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    """Finished with a timeliness (early, on time or late)."""
    return counting.flow_in(DOSSIERS, counting.PROCESSED, start, end)


def open_at(moment: datetime) -> ColumnElement[bool]:
    """Accepted before `moment` and not yet finished or stopped at `moment`. (The rule asks
    the state rather than `finished_at IS NULL`, so that the (unit, state, due_at) index
    finds today's open ones.)"""
    return counting.dossier_open_at(DOSSIERS, moment)


def pending_category(moment: datetime, terms: SqlTerms = DOSSIERS) -> Any:
    """'S' in supplementation, 'O' overdue, 'W' within time (for an open item at `moment`);
    `terms`: STEPS for a step against its own due moment and its dossier's pauses."""
    return counting.pending_category(terms, moment)


# The dashboard looks at the present, where the dossier's state says the same as the clock
# ledger and the (state, due_at) indexes answer directly (domain.counting, "the present").
def open_now() -> ColumnElement[bool]:
    return counting.open_now(DOSSIERS)


def clock_running_now() -> ColumnElement[bool]:
    """Open and not waiting for the applicant to complete the file: a dossier awaiting
    payment can be overdue."""
    return counting.running_now(DOSSIERS)


def _pending(w: Window, category: str) -> ColumnElement[bool]:
    return and_(open_at(w.as_of), pending_category(w.as_of) == category)


def _channel(w: Window, channel: str) -> ColumnElement[bool]:
    return and_(received_between(w.start, w.end), Dossier.channel == channel)


def _flow(name: str) -> Callable[[Window], ColumnElement[bool]]:
    return lambda w: counting.flow_in(DOSSIERS, counting.FLOWS[name], w.start, w.end)


# Report kinds need a period; dashboard kinds need the present.
REPORT_KINDS: dict[str, Callable[[Window], ColumnElement[bool]]] = {
    "carried_over": lambda w: open_at(w.start),
    "received": lambda w: received_between(w.start, w.end),
    "received_direct": lambda w: _channel(w, "direct"),
    "received_online": lambda w: _channel(w, "online"),
    "received_post": lambda w: _channel(w, "post"),
    "to_process": lambda w: or_(open_at(w.start), received_between(w.start, w.end)),
    "processed": lambda w: processed_between(w.start, w.end),
    "early": _flow("early"),
    "on_time": _flow("on_time"),
    "late": _flow("late"),
    "pending": lambda w: open_at(w.as_of),
    "pending_within": lambda w: _pending(w, "W"),
    "pending_overdue": lambda w: _pending(w, "O"),
    "in_supplement": lambda w: _pending(w, "S"),
    "stopped": _flow("stopped"),
    "refused": _flow("refused"),
    "repeat_supplement": _flow("repeat_supplement"),
}
DASHBOARD_KINDS: dict[str, Callable[[Window], ColumnElement[bool]]] = {
    "open": lambda w: counting.open_now(DOSSIERS),
    "overdue": lambda w: counting.overdue_now(DOSSIERS, w.moment.now),
    "due_today": lambda w: counting.due_between(
        DOSSIERS, w.moment.now, w.moment.today_end, inclusive=False
    ),
    "due_soon": lambda w: counting.due_between(
        DOSSIERS, w.moment.now, w.moment.soon, inclusive=True
    ),
    "supplementing": lambda w: counting.waiting_for_applicant_now(DOSSIERS),
    "apologised": lambda w: counting.apologised_now(DOSSIERS),
}


def task_running_now() -> ColumnElement[bool]:
    """A step at its agency whose clock runs (its dossier is not waiting for the applicant),
    read from the step's own copy of its dossier's clock."""
    return counting.step_running_now(STEPS)


TASK_KINDS: dict[str, Callable[[Window], ColumnElement[bool]]] = {
    "task_open": lambda w: counting.step_running_now(STEPS),
    "task_overdue": lambda w: counting.overdue_now(
        STEPS, w.moment.now, running=counting.step_running_now
    ),
    "task_due_soon": lambda w: counting.due_between(
        STEPS, w.moment.now, w.moment.soon, inclusive=True, running=counting.step_running_now
    ),
}


def kind_filter(kind: str, window: Window) -> ColumnElement[bool]:
    for table in (REPORT_KINDS, DASHBOARD_KINDS, TASK_KINDS):
        if kind in table:
            return table[kind](window)
    raise KeyError(kind)


# --- dossier counts ----------------------------------------------------------------------


class Outcomes:
    """What a dossier's and a step's counts share: the processed (by timeliness) and the
    pending (by stock), and adding one group's figures to another's. The fields themselves
    are each dataclass's own, in its report's column order."""

    early: int
    on_time: int
    late: int
    pending_within: int
    pending_overdue: int
    in_supplement: int

    @property
    def processed(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def pending(self) -> int:
        return self.pending_within + self.pending_overdue + self.in_supplement

    def add(self, other: Self) -> None:
        for item in fields(self):  # type: ignore[arg-type]
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


@dataclass
class Counts(Outcomes):
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
    def on_time_ratio(self) -> Decimal | None:
        return percent(self.to_process - self.late - self.pending_overdue, self.to_process)

    @property
    def d766_on_time_share(self) -> Decimal | None:
        """Decision 766 group 2: processed early or on time, a repeated supplement = late."""
        return percent(self.early + self.on_time - self.repeat_supplement, self.processed)


GroupKey = tuple[int, int]  # (receiving unit id, procedure id)
# Every figure of Counts is the sum of the drill-down predicate of the same name.
COUNTED_KINDS = tuple(item.name for item in fields(Counts))
MAX_CHART_MONTHS = 24


def count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def relevant_since(start: datetime) -> ColumnElement[bool]:
    """The only dossiers a report starting at `start` can count: received or closed since,
    or still open. Lets the database skip the rest of history."""
    return or_(Dossier.received_at >= start, Dossier.finished_at >= start, open_now())


@dataclass(frozen=True)
class DossierStats:
    table: dict[GroupKey, Counts]
    months: list[tuple[date, int, int]]  # (month, received, processed) for the chart


def month_spans(months: list[date]) -> list[tuple[datetime, datetime]]:
    """[start, end) of each month, as UTC moments of local midnights."""
    bounds = [local_midnight(m) for m in months]
    bounds.append(local_midnight((months[-1] + timedelta(days=32)).replace(day=1)))
    return list(zip(bounds, bounds[1:], strict=False))


# --- step counts (each agency against its own share) -------------------------------------


@dataclass
class StepCounts(Outcomes):
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending_within: int = 0
    pending_overdue: int = 0
    in_supplement: int = 0

    @property
    def on_time_ratio(self) -> Decimal | None:
        whole = self.processed + self.pending
        return percent(whole - self.late - self.pending_overdue, whole)


def step_rated_between(timeliness: str, start: datetime, end: datetime) -> ColumnElement[bool]:
    return counting.flow_in(STEPS, counting.STEP_FLOWS[timeliness], start, end)


def step_open_at(moment: datetime) -> ColumnElement[bool]:
    return counting.step_open_at(STEPS, moment)


STEP_CATEGORIES = {"S": "in_supplement", "O": "pending_overdue", "W": "pending_within"}
