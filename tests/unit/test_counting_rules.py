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


# --- the present: the deadline dashboard's kinds -------------------------------------------

NOW = local(10, 10)  # Tue 10/3 10:00
TODAY_END = local(10, 17)  # end of the working day
SOON = local(11, 10)  # one working day ahead


def _kinds(state: DossierState, due: datetime, apologised: datetime | None = None) -> set[str]:
    """The dashboard's kinds a dossier with these facts counts in, at NOW."""
    facts = DossierFacts(1, 2, "direct", state, local(2), None, due, None, 0)
    subject = type("Row", (), {**facts.__dict__, "apologised_at": apologised})()
    t = FactTerms(subject)
    rules = {
        "open": counting.open_now(t),
        "overdue": counting.overdue_now(t, NOW),
        "due_today": counting.due_between(t, NOW, TODAY_END, inclusive=False),
        "due_soon": counting.due_between(t, NOW, SOON, inclusive=True),
        "supplementing": counting.waiting_for_applicant_now(t),
        "apologised": counting.apologised_now(t),
    }
    return {kind for kind, counts in rules.items() if counts}


def test_the_dashboard_counts_running_dossiers_against_now_and_never_a_stopped_clock() -> None:
    # Due 09:59 this morning, clock running: overdue; due at 10:00 exactly: not yet passed,
    # due today and within one working day.
    assert _kinds(DossierState.PROCESSING, local(10, 9, 59)) == {"open", "overdue"}
    assert _kinds(DossierState.PROCESSING, NOW) == {"open", "due_today", "due_soon"}
    # Due at 17:00 today: the day has ended by then, so not "today", but within a working day.
    assert _kinds(DossierState.PROCESSING, TODAY_END) == {"open", "due_soon"}
    # Due exactly one working day ahead counts as soon; a minute later it does not.
    assert _kinds(DossierState.PROCESSING, SOON) == {"open", "due_soon"}
    assert _kinds(DossierState.PROCESSING, local(11, 10, 1)) == {"open"}
    # Paying a fee does not stop the clock (Decree 61/2018 Art. 19(4)): overdue.
    assert _kinds(DossierState.AWAITING_PAYMENT, local(9)) == {"open", "overdue"}
    # Waiting for the applicant to complete the file: the clock stopped, never overdue.
    assert _kinds(DossierState.SUPPLEMENT_REQUESTED, local(9)) == {"open", "supplementing"}
    # An apology counts while the dossier is open, not once it is finished.
    assert "apologised" in _kinds(DossierState.RECEIVED, local(12), apologised=local(9))
    assert _kinds(DossierState.RESULT_READY, local(9), apologised=local(9)) == set()


def test_a_step_counts_on_the_dashboard_only_while_its_dossier_s_clock_runs() -> None:
    def step(state: TaskState, running: bool) -> set[str]:
        t = FactTerms(
            type("Step", (), {"state": state, "due_at": local(9), "clock_running": running})()
        )
        rules = {
            "task_open": counting.step_running_now(t),
            "task_overdue": counting.overdue_now(t, NOW, running=counting.step_running_now),
        }
        return {kind for kind, counts in rules.items() if counts}

    assert step(TaskState.IN_PROGRESS, True) == {"task_open", "task_overdue"}
    assert step(TaskState.IN_PROGRESS, False) == set()  # the applicant is completing the file
    assert step(TaskState.DONE, True) == set()
