"""The counting rules of docs/domain.md#statistics (domain.counting) read on one dossier's
facts, at moments chosen around each fact, worked by hand from the rules: open from
receipt until finished, "waiting for the applicant" while a clock pause covers the
moment, overdue once the due moment has passed, and each flow in the period its moment
falls in. The same rules, turned into SQL, give the recount and the drill-down lists
(tests/services/test_summary_agrees.py compares the two readings)."""

from __future__ import annotations

from datetime import datetime

from vpub_onestop.domain import counting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.counting import FLOWS, STEP_FLOWS, FactTerms
from vpub_onestop.domain.daily_flows import DossierFacts, StepFacts
from vpub_onestop.domain.status import DossierState, TaskState


def local(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LOCAL_TZ)


# Received Mon 2/3 09:00; asked to complete the file Wed 4/3 10:00, complete again Fri 6/3
# 09:00 (the due moment moved to Mon 9/3 09:00); finished late Wed 11/3 15:00 after two
# supplement requests.
LATE = DossierFacts(
    unit_id=1,
    procedure_id=2,
    channel="direct",
    state=DossierState.RESULT_READY,
    received_at=local(2),
    finished_at=local(11, 15),
    due_at=local(9),
    timeliness="late",
    supplement_requests=2,
    pauses=((local(4, 10), local(6)),),
)


def _at(facts: DossierFacts, moment: datetime) -> str | None:
    terms = FactTerms(facts, facts.pauses)
    if not counting.dossier_open_at(terms, moment):
        return None
    result: str = counting.pending_category(terms, moment)
    return result


def test_a_dossier_is_open_from_receipt_until_finished_and_in_one_category_at_a_time() -> None:
    assert _at(LATE, local(2, 8)) is None  # not yet received
    assert _at(LATE, local(2, 9)) is None  # received at that very moment: not before it
    assert _at(LATE, local(3)) == counting.WITHIN
    # The pause began 4/3 10:00: at 10:00 it has not begun before the moment, at 10:01 it has.
    assert _at(LATE, local(4, 10)) == counting.WITHIN
    assert _at(LATE, local(4, 10, 1)) == counting.IN_SUPPLEMENT
    # It ended 6/3 09:00: still covering that moment, no longer a minute later.
    assert _at(LATE, local(6, 9)) == counting.IN_SUPPLEMENT
    assert _at(LATE, local(6, 9, 1)) == counting.WITHIN
    # Due 9/3 09:00: at that moment not yet passed, a minute later overdue.
    assert _at(LATE, local(9, 9)) == counting.WITHIN
    assert _at(LATE, local(9, 9, 1)) == counting.OVERDUE
    # Finished 11/3 15:00: open at that moment (not finished before it), closed after.
    assert _at(LATE, local(11, 15)) == counting.OVERDUE
    assert _at(LATE, local(11, 15, 1)) is None


def test_each_flow_falls_in_the_period_of_its_own_moment() -> None:
    terms = FactTerms(LATE, LATE.pauses)
    march_1_to_5 = (local(1, 0), local(6, 0))
    march_6_to_12 = (local(6, 0), local(13, 0))
    received_then = {n for n, f in FLOWS.items() if counting.flow_in(terms, f, *march_1_to_5)}
    finished_then = {n for n, f in FLOWS.items() if counting.flow_in(terms, f, *march_6_to_12)}
    assert received_then == {"received"}
    # Late is late: two supplement requests only matter for a dossier processed in time.
    assert finished_then == {"late"}
    in_time = DossierFacts(**{**LATE.__dict__, "timeliness": "on_time"})
    terms = FactTerms(in_time, in_time.pauses)
    finished_then = {n for n, f in FLOWS.items() if counting.flow_in(terms, f, *march_6_to_12)}
    assert finished_then == {"on_time", "repeat_supplement"}


def test_a_withdrawn_dossier_counts_as_stopped_and_a_voided_one_nowhere() -> None:
    stopped = DossierFacts(**{**LATE.__dict__, "state": DossierState.STOPPED, "timeliness": None})
    terms = FactTerms(stopped, stopped.pauses)
    flows = {n for n, f in FLOWS.items() if counting.flow_in(terms, f, local(11, 0), local(12, 0))}
    assert flows == {"stopped"}
    assert counting.counted(terms)
    voided = DossierFacts(**{**LATE.__dict__, "state": DossierState.VOIDED})
    assert not counting.counted(FactTerms(voided))


def test_a_step_is_rated_only_when_done_or_denied_and_open_until_it_finishes() -> None:
    done = StepFacts(7, TaskState.DONE, local(5, 8), local(9, 10), local(10, 8), "early")
    cancelled = StepFacts(9, TaskState.CANCELLED, local(5, 8), local(9, 10), local(10, 8), None)
    window = (local(9, 0), local(10, 0))
    rated = {
        name
        for name, flow in STEP_FLOWS.items()
        if counting.flow_in(FactTerms(done), flow, *window)
    }
    assert rated == {"early"}
    assert not any(counting.flow_in(FactTerms(cancelled), f, *window) for f in STEP_FLOWS.values())
    # Open from arrival (5/3 08:00) until finished (9/3 10:00), against its own due moment.
    assert not counting.step_open_at(FactTerms(done), local(5, 8))
    assert counting.step_open_at(FactTerms(done), local(9, 10))
    assert not counting.step_open_at(FactTerms(done), local(9, 10, 1))
    running = StepFacts(7, TaskState.IN_PROGRESS, local(5, 8), None, local(10, 8), None)
    assert counting.step_open_at(FactTerms(running), local(20))
    assert counting.pending_category(FactTerms(running), local(20)) == counting.OVERDUE
