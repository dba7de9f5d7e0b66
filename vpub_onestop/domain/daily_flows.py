"""What one dossier adds to the daily summary that the statistics read
(docs/architecture.md#reporting-read-model), decided from its facts alone.

A report period is a range of local dates, and every figure of docs/domain.md#statistics
is either a flow inside the period or a stock at one of its midnights:

* flows — received (on the local day of receipt), and of those the ones with a component
  file (Decision 766 group 4, docs/indicators.md#stored-facts), processed early / on
  time / late,
  stopped, refused and "processed in time after more than one supplement request" (on the
  local day it finished) — are stored on their day and summed over the period's days;
* stocks — open within time, open overdue, open waiting for the applicant — are stored as
  their *changes*: +1 on the day a dossier enters a category, −1 on the day it leaves it.
  The stock "at the end of day D" (at local midnight after D) is then the sum of the
  changes of every day up to D: what the period carried over is the sum before its first
  day, what is pending at its end the sum up to its last day.

Which dossier counts as what is not decided here but by the rules of domain.counting (the
recount and the drill-down lists ask the same rules in SQL): a flow is counted on the local
day of its moment; the stock "at the end of day D" is the pending category, at
m = local midnight after D, of a dossier (step) open at m. Those rules only compare fact
moments with m, so the stock changes on the days a fact falls on and nowhere else: the
changes are found by asking the rules at the midnight after each such day. Changing any
fact (a due date moved by a supplement, a void) changes the flows; the summary keeps the
difference (old flows subtracted, new ones added), so past periods always read as a
recount over today's rows would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from vpub_onestop.domain import counting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.counting import FLOWS, STEP_FLOWS, FactTerms, Pause
from vpub_onestop.domain.status import DossierState, TaskState

OPEN_WITHIN, OPEN_OVERDUE, OPEN_SUPPLEMENT = "open_within", "open_overdue", "open_supplement"
STOCKS = (OPEN_WITHIN, OPEN_OVERDUE, OPEN_SUPPLEMENT)
STOCK_OF_CATEGORY = {
    counting.WITHIN: OPEN_WITHIN,
    counting.OVERDUE: OPEN_OVERDUE,
    counting.IN_SUPPLEMENT: OPEN_SUPPLEMENT,
}
# Received with a component file (a scan or an upload of the applicant's documents),
# counted on the day of receipt: Decision 766's digitised share, and a file added later
# (a supplement) moves the dossier into it on that day (docs/indicators.md#stored-facts).
DIGITISED = "digitised"
# The summary tables' columns (models.summary).
DOSSIER_MEASURES = (*FLOWS, *STOCKS, DIGITISED)
STEP_MEASURES = (*STEP_FLOWS, *STOCKS)


@dataclass(frozen=True)
class StepFacts:
    agency_id: int
    state: TaskState
    arrived_at: datetime | None
    finished_at: datetime | None
    due_at: datetime | None
    timeliness: str | None
    assignee_id: int | None = None  # the officer rated on it (domain.indicator_flows)


@dataclass(frozen=True)
class RatingFacts:
    rated_at: datetime
    scores: tuple[int, ...]


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
    # Read only for a processed dossier (domain.indicator_flows): a released result file,
    # the officers who received it at the counter.
    released_result: bool = False
    receivers: tuple[int, ...] = ()
    # Stored on the dossier (models.Dossier.has_component_file): read with its row.
    has_component_file: bool = False
    # The applicant's rating (moment, the answers' scores), read only for a returned dossier
    # (domain.indicator_flows.rating_flows).
    rating: RatingFacts | None = None

    @property
    def dims(self) -> tuple[int, int, str]:
        return (self.unit_id, self.procedure_id, self.channel)


# (day, measure) for the dossier; (day, agency, measure) for a step.
DossierKey = tuple[date, str]
StepKey = tuple[date, int, str]


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def midnight_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)


def dossier_flows(facts: DossierFacts) -> Counter[DossierKey]:
    """The dossier's own contribution (counted once, for the unit that received it)."""
    out: Counter[DossierKey] = Counter()
    terms = FactTerms(facts, facts.pauses)
    if not counting.counted(terms):
        return out
    for name, flow in FLOWS.items():
        moment = counting.flow_counts(terms, flow)
        if moment is not None:
            out[(local_day(moment), name)] += 1
            if name == "received" and facts.has_component_file:
                out[(local_day(moment), DIGITISED)] += 1

    def stock(m: datetime) -> str | None:
        if not counting.dossier_open_at(terms, m):
            return None
        return STOCK_OF_CATEGORY[counting.pending_category(terms, m)]

    moments = (facts.received_at, facts.finished_at, facts.due_at, *_pause_moments(facts))
    _stock_changes(moments, stock, lambda day, name: (day, name), out)
    return _nonzero(out)


def step_flows(facts: DossierFacts) -> Counter[StepKey]:
    """Each step against its own due moment, for the agency that holds it."""
    out: Counter[StepKey] = Counter()
    if not counting.counted(FactTerms(facts)):
        return out
    pause_moments = tuple(_pause_moments(facts))
    for step in facts.steps:
        terms = FactTerms(step, facts.pauses)
        agency = step.agency_id
        for name, flow in STEP_FLOWS.items():
            moment = counting.flow_counts(terms, flow)
            if moment is not None:
                out[(local_day(moment), agency, name)] += 1

        def stock(m: datetime, terms: FactTerms = terms) -> str | None:
            if not counting.step_open_at(terms, m):
                return None
            return STOCK_OF_CATEGORY[counting.pending_category(terms, m)]

        moments = (step.arrived_at, step.finished_at, step.due_at, *pause_moments)
        _stock_changes(
            moments,
            stock,
            lambda day, name, agency=agency: (day, agency, name),  # type: ignore[misc]
            out,
        )
    return _nonzero(out)


def _pause_moments(facts: DossierFacts) -> Iterable[datetime | None]:
    for start, end in facts.pauses:
        yield start
        yield end


def _stock_changes(
    moments: Iterable[datetime | None],
    stock: Callable[[datetime], str | None],
    key: Callable[[date, str], Hashable],
    out: Counter[Any],
) -> None:
    """+1 / −1 changes of the stocks: the stock at the end of each day on which one of the
    facts' moments falls (before the first of them the rules find nothing open), compared
    with the day before."""
    current: str | None = None
    for day in sorted({local_day(m) for m in moments if m is not None}):
        now_in = stock(midnight_after(day))
        if now_in != current:
            if current is not None:
                out[key(day, current)] -= 1
            if now_in is not None:
                out[key(day, now_in)] += 1
            current = now_in


def _nonzero(counter: Counter[Any]) -> Counter[Any]:
    return Counter({k: v for k, v in counter.items() if v})
