"""The daily flows of one dossier (domain.daily_flows), worked by hand from the rules of
docs/domain.md#statistics: a stock "at the end of day D" is the category at local
midnight after D."""

from __future__ import annotations

from datetime import date, datetime

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.daily_flows import DossierFacts, StepFacts, dossier_flows, step_flows
from vpub_onestop.domain.status import DossierState, TaskState


def local(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=LOCAL_TZ)


def d(day: int) -> date:
    """A local date of March 2026."""
    return local(day).date()


def test_a_late_dossier_with_a_supplement_moves_through_the_stocks_day_by_day() -> None:
    # Received Mon 2/3 09:00, due Mon 9/3 09:00 (after the supplement), asked to complete
    # on Wed 4/3 10:00, complete again on Fri 6/3 09:00, finished late on Wed 11/3.
    facts = DossierFacts(
        unit_id=1,
        procedure_id=2,
        channel="direct",
        state=DossierState.RESULT_READY,
        received_at=local(2),
        finished_at=local(11, 15),
        due_at=local(9),
        timeliness="late",
        supplement_requests=1,
        pauses=((local(4, 10), local(6)),),
    )
    assert dossier_flows(facts) == {
        (d(2), "received"): 1,
        (d(11), "late"): 1,
        # End of 2/3 and 3/3: open, within time.
        (d(2), "open_within"): 1,
        # At midnight after 4/3 and after 5/3 the pause covers the moment; at midnight
        # after 6/3 it has ended (09:00 on 6/3): within time again.
        (d(4), "open_within"): -1,
        (d(4), "open_supplement"): 1,
        (d(6), "open_supplement"): -1,
        (d(6), "open_within"): 1,
        # Midnight after 9/3 is past the due moment (9/3 09:00): overdue until finished;
        # at midnight after 11/3 it is finished, in no stock.
        (d(9), "open_within"): -1,
        (d(9), "open_overdue"): 1,
        (d(11), "open_overdue"): -1,
    }


def test_a_voided_dossier_counts_nowhere_and_a_refused_one_only_as_refused() -> None:
    voided = DossierFacts(
        unit_id=1,
        procedure_id=2,
        channel="online",
        due_at=None,
        timeliness=None,
        state=DossierState.VOIDED,
        received_at=local(2),
        finished_at=None,
        supplement_requests=0,
        steps=(StepFacts(1, TaskState.DONE, local(2), local(3), local(5), "early"),),
    )
    assert dossier_flows(voided) == {} and step_flows(voided) == {}
    refused = DossierFacts(
        unit_id=1,
        procedure_id=2,
        channel="online",
        due_at=None,
        timeliness=None,
        state=DossierState.REFUSED,
        received_at=None,
        finished_at=local(3),
        supplement_requests=0,
    )
    assert dossier_flows(refused) == {(d(3), "refused"): 1}


def test_a_step_is_rated_for_its_agency_and_open_from_arrival_to_finish() -> None:
    # The police step arrived Thu 5/3 08:00, due Tue 10/3, finished early on Mon 9/3; a
    # cancelled step (another agency) is never rated but was open while it lasted.
    facts = DossierFacts(
        unit_id=1,
        procedure_id=2,
        channel="online",
        state=DossierState.STOPPED,
        received_at=local(5, 8),
        finished_at=local(12),
        due_at=local(10, 8),
        timeliness=None,
        supplement_requests=0,
        steps=(
            StepFacts(7, TaskState.DONE, local(5, 8), local(9, 10), local(10, 8), "early"),
            StepFacts(9, TaskState.CANCELLED, local(5, 8), local(12), local(10, 8), None),
        ),
    )
    assert step_flows(facts) == {
        (d(9), 7, "early"): 1,
        (d(5), 7, "open_within"): 1,
        (d(9), 7, "open_within"): -1,
        (d(5), 9, "open_within"): 1,
        (d(10), 9, "open_within"): -1,
        (d(10), 9, "open_overdue"): 1,
        (d(12), 9, "open_overdue"): -1,
    }
    # Stopped on 12/3: counted as stopped, not processed; open until then.
    assert dossier_flows(facts)[(d(12), "stopped")] == 1
