"""What one dossier adds to the daily summary that the statistics read
(docs/architecture.md#reporting-read-model), decided from its facts alone.

A report period is a range of local dates, and every figure of docs/domain.md#statistics
is either a flow inside the period or a stock at one of its midnights:

* flows — received (on the local day of receipt), processed early / on time / late,
  stopped, refused and "processed in time after more than one supplement request" (on the
  local day it finished) — are stored on their day and summed over the period's days;
* stocks — open within time, open overdue, open waiting for the applicant — are stored as
  their *changes*: +1 on the day a dossier enters a category, −1 on the day it leaves it.
  The stock "at the end of day D" (at local midnight after D) is then the sum of the
  changes of every day up to D: what the period carried over is the sum before its first
  day, what is pending at its end the sum up to its last day.

The categories at the end of day D follow docs/domain.md#statistics to the letter, with
m = local midnight after D: open when received before m and not finished before m (or
still in an open state); waiting for the applicant when a clock pause started before m and
had not ended before m; otherwise overdue when the due moment is before m; else within
time. The same for each step (its arrival, finish and own due moment; the dossier's
pauses). Changing any fact (a due date moved by a supplement, a void) changes the flows;
the summary keeps the difference (old flows subtracted, new ones added), so past periods
always read as a recount over today's rows would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.dossier_clock import OPEN_STATES
from vpub_onestop.domain.status import DossierState, TaskState

TIMELINESS = ("early", "on_time", "late")
OPEN_WITHIN, OPEN_OVERDUE, OPEN_SUPPLEMENT = "open_within", "open_overdue", "open_supplement"
STOCKS = (OPEN_WITHIN, OPEN_OVERDUE, OPEN_SUPPLEMENT)
DOSSIER_MEASURES = (
    "received",
    *TIMELINESS,
    "stopped",
    "refused",
    "repeat_supplement",
    *STOCKS,
)
STEP_MEASURES = (*TIMELINESS, *STOCKS)
RATED_STEP_STATES = frozenset({TaskState.DONE, TaskState.DENIED})  # a cancelled step: unrated

Pause = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class StepFacts:
    agency_id: int
    state: TaskState
    arrived_at: datetime | None
    finished_at: datetime | None
    due_at: datetime | None
    timeliness: str | None


@dataclass(frozen=True)
class DossierFacts:
    unit_id: int
    procedure_id: int
    channel: str
    state: DossierState
    received_at: datetime | None
    finished_at: datetime | None
    due_at: datetime | None
    timeliness: str | None
    supplement_requests: int
    pauses: tuple[Pause, ...] = ()
    steps: tuple[StepFacts, ...] = ()

    @property
    def dims(self) -> tuple[int, int, str]:
        return (self.unit_id, self.procedure_id, self.channel)


# (day, measure) for the dossier; (day, agency, measure) for a step.
DossierKey = tuple[date, str]
StepKey = tuple[date, int, str]


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def dossier_flows(facts: DossierFacts) -> Counter[DossierKey]:
    """The dossier's own contribution (counted once, for the unit that received it)."""
    out: Counter[DossierKey] = Counter()
    if facts.state is DossierState.VOIDED:
        return out  # an administrative correction counts nowhere
    if facts.received_at is not None:
        out[(local_day(facts.received_at), "received")] += 1
    if facts.finished_at is not None:
        day = local_day(facts.finished_at)
        if facts.timeliness in TIMELINESS:
            out[(day, facts.timeliness)] += 1
            if facts.timeliness != "late" and facts.supplement_requests > 1:
                out[(day, "repeat_supplement")] += 1
        if facts.state is DossierState.STOPPED:
            out[(day, "stopped")] += 1
        elif facts.state is DossierState.REFUSED:
            out[(day, "refused")] += 1
    # Open from receipt until finished (for good while in an open state; never when a
    # closed dossier has no finishing moment: the recount's open_at says the same).
    is_open = facts.state in OPEN_STATES
    if facts.received_at is not None and (is_open or facts.finished_at is not None):
        _stock_changes(
            facts.received_at,
            None if is_open else facts.finished_at,
            facts.due_at,
            facts.pauses,
            lambda day, stock: (day, stock),
            out,
        )
    return _nonzero(out)


def step_flows(facts: DossierFacts) -> Counter[StepKey]:
    """Each step against its own due moment, for the agency that holds it."""
    out: Counter[StepKey] = Counter()
    if facts.state is DossierState.VOIDED:
        return out
    for step in facts.steps:
        if (
            step.finished_at is not None
            and step.state in RATED_STEP_STATES
            and step.timeliness in TIMELINESS
        ):
            out[(local_day(step.finished_at), step.agency_id, step.timeliness)] += 1
        if step.arrived_at is not None:
            agency = step.agency_id
            _stock_changes(
                step.arrived_at,
                step.finished_at,
                step.due_at,
                facts.pauses,
                lambda day, stock, agency=agency: (day, agency, stock),  # type: ignore[misc]
                out,
            )
    return _nonzero(out)


def _stock_changes(
    opened: datetime,
    closed: datetime | None,
    due: datetime | None,
    pauses: Iterable[Pause],
    key: Callable[[date, str], Hashable],
    out: Counter[Any],
) -> None:
    """+1 / −1 changes of the open stocks over the days [opened, closed): open at the end of
    day D means opened on or before D and closed after D (never, when `closed` is None)."""
    first = local_day(opened)
    last = local_day(closed) if closed is not None else None  # the first day no longer open
    if last is not None and last <= first:
        return
    due_day = local_day(due) if due is not None else None
    paused = [(local_day(s), local_day(e) if e is not None else None) for s, e in pauses]

    def stock(day: date) -> str:
        # A pause covers the end of `day` when it started on or before it and ended after.
        if any(s <= day and (e is None or day < e) for s, e in paused):
            return OPEN_SUPPLEMENT
        if due_day is not None and due_day <= day:
            return OPEN_OVERDUE
        return OPEN_WITHIN

    turns = {due_day, *(s for s, _ in paused), *(e for _, e in paused)}
    current = stock(first)
    out[key(first, current)] += 1
    inside = (d for d in turns if d is not None and first < d and (last is None or d < last))
    for day in sorted(inside):
        now_in = stock(day)
        if now_in != current:
            out[key(day, current)] -= 1
            out[key(day, now_in)] += 1
            current = now_in
    if last is not None:
        out[key(last, current)] -= 1


def _nonzero(counter: Counter[Any]) -> Counter[Any]:
    return Counter({k: v for k, v in counter.items() if v})
