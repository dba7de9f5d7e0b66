"""Whether a dossier's clock runs, state by state, from Decree 61/2018 Art. 19(4): it stops
only while the applicant completes the file; it exists only from receipt to the result."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.dossier_clock import (
    CLOCK_RUNNING_STATES,
    OPEN_STATES,
    clock_runs,
    ordered,
    step_may_finish,
)
from vpub_onestop.domain.status import DossierState as S

# Decided from the law, state by state (not read from the code):
EXPECTED = {
    S.DRAFT: False,  # never submitted: no clock yet
    S.SUBMITTED: False,  # the clock starts at receipt, not at online submission
    S.RECEIVED: True,
    S.PROCESSING: True,
    S.SUPPLEMENT_REQUESTED: False,  # Art. 19(4): the applicant is completing the file
    S.AWAITING_PAYMENT: True,  # paying is not completing the file: no extra time
    S.WITHDRAWAL_REQUESTED: True,  # still the office's until the withdrawal is confirmed
    S.REFUSED: False,
    S.STOPPED: False,
    S.RESULT_READY: False,  # processing ended: timeliness is rated at this moment
    S.RETURNED: False,
    S.VOIDED: False,
}


@pytest.mark.parametrize("state", list(S))
def test_the_clock_runs_exactly_where_the_law_says(state: S) -> None:
    assert clock_runs(state) is EXPECTED[state]


def test_a_running_clock_belongs_to_an_open_dossier() -> None:
    assert CLOCK_RUNNING_STATES < OPEN_STATES
    stopped = OPEN_STATES - CLOCK_RUNNING_STATES
    assert stopped == {S.SUPPLEMENT_REQUESTED}


@pytest.mark.parametrize("state", list(S))
def test_a_step_concludes_only_while_the_dossier_is_processing(state: S) -> None:
    # Awaiting payment: the clock runs, but the agency cannot conclude on an unpaid fee.
    assert step_may_finish(state) is (state is S.PROCESSING)


def test_the_sql_list_is_in_a_stable_order() -> None:
    assert ordered(CLOCK_RUNNING_STATES) == (
        S.AWAITING_PAYMENT,
        S.PROCESSING,
        S.RECEIVED,
        S.WITHDRAWAL_REQUESTED,
    )
