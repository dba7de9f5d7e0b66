"""Which dossier (step) counts as what in a report period (docs/domain.md#statistics),
written ONCE, over a small vocabulary of comparisons (`Terms`).

Two readers ask these rules, each with its own `Terms`:

* the daily summary (domain.daily_flows, with `FactTerms` below): Python, on one
  dossier's facts, at each local midnight where a figure can change;
* the recount, the live correction of a report dated now and the drill-down lists
  (queries.counting_sql): the same rules turned into SQL conditions over the rows.

So "received", "processed early / on time / late", "stopped", "refused", "repeated
supplements", "open at a moment" and the pending category (waiting for the applicant,
overdue, within time) cannot mean one thing in the summary and another in a recount or a
list. A rule only compares fact moments with a moment `m` (`before`: set and earlier than
m; `since`: set and m or later), so its answer at the midnight after day D changes only on
a day on which one of the facts falls: the summary's stocks are exact day by day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from vpub_onestop.domain.dossier_clock import (
    CLOCK_RUNNING_STATES,
    CLOCK_STOPPED_STATES,
    OPEN_STATES,
    ordered,
)
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, DossierState, TaskState

B = TypeVar("B")

TIMELINESS = ("early", "on_time", "late")
# The pending categories at a moment: waiting for the applicant (the clock is stopped, so
# neither within time nor overdue), overdue, within time.
IN_SUPPLEMENT, OVERDUE, WITHIN = "S", "O", "W"
CATEGORIES = (WITHIN, OVERDUE, IN_SUPPLEMENT)
# A cancelled step is never rated.
RATED_STEP_STATES: frozenset[Any] = frozenset({TaskState.DONE, TaskState.DENIED})
_RATED = ordered(RATED_STEP_STATES)


class Terms(Protocol[B]):
    """Comparisons on one subject's facts (a dossier, or a step with its dossier's clock
    pauses), answered as Python booleans or as SQL conditions."""

    def before(self, fact: str, moment: datetime) -> B: ...  # set and < moment

    def since(self, fact: str, moment: datetime) -> B: ...  # set and >= moment

    def unset(self, fact: str) -> B: ...

    def is_set(self, fact: str) -> B: ...

    def by(self, fact: str, moment: datetime) -> B: ...  # set and <= moment

    def one_of(self, fact: str, values: Sequence[Any]) -> B: ...

    def none_of(self, fact: str, values: Sequence[Any]) -> B: ...

    def more_than(self, fact: str, n: int) -> B: ...

    def paused_at(self, moment: datetime) -> B: ...  # a clock pause covers the moment

    def all(self, *parts: B) -> B: ...

    def any(self, *parts: B) -> B: ...

    def choose(self, cases: Sequence[tuple[B, str]], otherwise: str) -> Any: ...


# --- flows: counted on the local day of one moment ---------------------------------------


@dataclass(frozen=True)
class Flow:
    moment: str  # the fact whose local day the flow is counted on
    condition: Callable[[Terms[Any]], Any] | None = None  # besides the moment being set


def _rated(value: str) -> Callable[[Terms[Any]], Any]:
    return lambda t: t.one_of("timeliness", (value,))


def _rated_step(value: str) -> Callable[[Terms[Any]], Any]:
    return lambda t: t.all(t.one_of("state", _RATED), t.one_of("timeliness", (value,)))


FLOWS: dict[str, Flow] = {
    # Accepted (a refused dossier was never accepted: it has no received_at).
    "received": Flow("received_at"),
    # Processed (reached result ready), rated against due_at, which supplementation moves.
    **{value: Flow("finished_at", _rated(value)) for value in TIMELINESS},
    "stopped": Flow("finished_at", lambda t: t.one_of("state", (DossierState.STOPPED,))),
    "refused": Flow("finished_at", lambda t: t.one_of("state", (DossierState.REFUSED,))),
    # Processed early or on time after more than one supplement request (Decision 766
    # counts it late).
    "repeat_supplement": Flow(
        "finished_at",
        lambda t: t.all(
            t.one_of("timeliness", ("early", "on_time")), t.more_than("supplement_requests", 1)
        ),
    ),
}


# Processed (reached result ready) with a timeliness, whichever: the report's "processed".
PROCESSED = Flow("finished_at", lambda t: t.one_of("timeliness", TIMELINESS))


def happened_in(t: Terms[B], fact: str, start: datetime, end: datetime) -> B:
    """The fact's moment lies in [start, end)."""
    return t.all(t.since(fact, start), t.before(fact, end))


def flow_in(t: Terms[B], flow: Flow, start: datetime, end: datetime) -> B:
    """The flow happened in [start, end) (summed over a period's days by the summary)."""
    when = happened_in(t, flow.moment, start, end)
    return when if flow.condition is None else t.all(when, flow.condition(t))


def flow_counts(t: FactTerms, flow: Flow) -> datetime | None:
    """The moment on whose local day the flow counts for these facts, or None."""
    moment: datetime | None = t.value(flow.moment)
    if moment is None or (flow.condition is not None and not flow.condition(t)):
        return None
    return moment


def counted(t: Terms[B]) -> B:
    """A voided dossier (an administrative correction) counts nowhere."""
    return t.none_of("state", (DossierState.VOIDED,))


# --- stocks: open at a moment, and in which category ----------------------------------------


def dossier_open_at(t: Terms[B], moment: datetime) -> B:
    """Accepted before `moment` and not finished before it: still in an open state, or
    closed at `moment` or later (a closed dossier without a finishing moment: never open)."""
    return t.all(
        t.before("received_at", moment),
        t.any(t.one_of("state", ordered(OPEN_STATES)), t.since("finished_at", moment)),
    )


def step_open_at(t: Terms[B], moment: datetime) -> B:
    """Arrived at its agency before `moment` and not finished before it."""
    return t.all(
        t.before("arrived_at", moment),
        t.any(t.unset("finished_at"), t.since("finished_at", moment)),
    )


def pending_category(t: Terms[B], moment: datetime) -> Any:
    """For an open dossier (step) at `moment`: waiting for the applicant when a clock pause
    covers it, else overdue when its due moment has passed, else within time."""
    return t.choose(
        [(t.paused_at(moment), IN_SUPPLEMENT), (t.before("due_at", moment), OVERDUE)], WITHIN
    )


# --- the present: what the deadline dashboard counts ------------------------------------------
# The present is read from the state, which says now what the clock ledger says (a dossier
# waiting for the applicant has an open clock pause); the clock runs in every open state
# but that one (Decree 61/2018 Art. 19(4), domain.dossier_clock).


def open_now(t: Terms[B]) -> B:
    return t.one_of("state", ordered(OPEN_STATES))


def running_now(t: Terms[B]) -> B:
    """Open and its time limit running: it can become overdue (awaiting payment can)."""
    return t.one_of("state", ordered(CLOCK_RUNNING_STATES))


def waiting_for_applicant_now(t: Terms[B]) -> B:
    return t.one_of("state", ordered(CLOCK_STOPPED_STATES))


def overdue_now(t: Terms[B], now: datetime, running: Callable[[Terms[B]], B] = running_now) -> B:
    """Running and its due moment passed (a step: against its own due moment)."""
    return t.all(running(t), t.before("due_at", now))


def due_between(
    t: Terms[B],
    now: datetime,
    until: datetime,
    *,
    inclusive: bool,
    running: Callable[[Terms[B]], B] = running_now,
) -> B:
    """Running, not overdue yet, due before `until` (or at it, when `inclusive`): due
    today is [now, end of today); due within one working day is [now, that moment]."""
    limit = t.by("due_at", until) if inclusive else t.before("due_at", until)
    return t.all(running(t), t.since("due_at", now), limit)


def apologised_now(t: Terms[B]) -> B:
    """Open, and the office has apologised and promised a new date."""
    return t.all(open_now(t), t.is_set("apologised_at"))


def step_running_now(t: Terms[B]) -> B:
    """A step at its agency whose dossier's clock runs: the step's own copy of that clock
    (docs/architecture.md#step-clock-copy), so no dossier row is needed."""
    return t.all(t.one_of("state", _ACTIVE), t.one_of("clock_running", (True,)))


_ACTIVE = tuple(sorted(ACTIVE_TASK_STATES, key=lambda state: state.value))


# A step done or denied (a cancelled one is never rated), by its timeliness, on the day it
# finished: each agency against its own step's due moment.
STEP_FLOWS = {value: Flow("finished_at", _rated_step(value)) for value in TIMELINESS}


# --- the Python reader ------------------------------------------------------------------------

Pause = tuple[datetime, datetime | None]


class FactTerms:
    """`Terms` answered on one subject's facts (any object with the named attributes) and
    its dossier's clock pauses."""

    def __init__(self, subject: Any, pauses: Sequence[Pause] = ()) -> None:
        self.subject = subject
        self.pauses = pauses

    def value(self, fact: str) -> Any:
        return getattr(self.subject, fact)

    def before(self, fact: str, moment: datetime) -> bool:
        value = self.value(fact)
        return value is not None and value < moment

    def since(self, fact: str, moment: datetime) -> bool:
        value = self.value(fact)
        return value is not None and value >= moment

    def unset(self, fact: str) -> bool:
        return self.value(fact) is None

    def is_set(self, fact: str) -> bool:
        return self.value(fact) is not None

    def by(self, fact: str, moment: datetime) -> bool:
        value = self.value(fact)
        return value is not None and value <= moment

    def one_of(self, fact: str, values: Sequence[Any]) -> bool:
        return self.value(fact) in values

    def none_of(self, fact: str, values: Sequence[Any]) -> bool:
        return self.value(fact) not in values

    def more_than(self, fact: str, n: int) -> bool:
        return (self.value(fact) or 0) > n

    def paused_at(self, moment: datetime) -> bool:
        return any(s < moment and (e is None or e >= moment) for s, e in self.pauses)

    def all(self, *parts: bool) -> bool:
        return all(parts)

    def any(self, *parts: bool) -> bool:
        return any(parts)

    def choose(self, cases: Sequence[tuple[bool, str]], otherwise: str) -> str:
        return next((value for condition, value in cases if condition), otherwise)
