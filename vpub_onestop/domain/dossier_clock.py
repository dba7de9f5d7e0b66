"""Whether a dossier's legal clock is running, decided once from its state.

The time limit runs from receipt until the result is ready. Decree 61/2018 Art. 19(4)
(consolidated text) stops it for one reason only: the file is incomplete and the applicant
is completing it (`supplement_requested`). Depending on the `supplement_clock` policy the
limit then counts again from the complete file (restart) or the remaining time resumes
(pause); either way the interval is in the clock ledger. Nothing else stops the clock:

- `awaiting_payment`: paying a fee or tax is not completing the file; the law gives the
  agency no extra time for it, so the dossier can be overdue while the applicant pays and
  the dashboard, the sweep and the agency's list all count it as running.
- `withdrawal_requested`: the dossier is still in the office's hands until the one-stop
  unit confirms the withdrawal (then `stopped`, finished); until then its due date holds.

Before receipt (`draft`, `submitted`) no clock exists yet; after the result is ready, or
once a dossier is refused, stopped, returned or voided, it has stopped for good.

A second, different question is whether an agency may *finish* its step now (propose,
approve, deny): only while the dossier is `processing`, since a step cannot conclude on a
file being completed, on an unpaid obligation or on a dossier about to be withdrawn. The
clock may well run while the step waits (`awaiting_payment`).
"""

from __future__ import annotations

from vpub_onestop.domain.status import DossierState

# Received and not yet finished: the dossiers a unit still owes an answer on.
OPEN_STATES: frozenset[DossierState] = frozenset(
    {
        DossierState.RECEIVED,
        DossierState.PROCESSING,
        DossierState.SUPPLEMENT_REQUESTED,
        DossierState.AWAITING_PAYMENT,
        DossierState.WITHDRAWAL_REQUESTED,
    }
)
# The only open state in which the time limit does not run (Decree 61 Art. 19(4)).
CLOCK_STOPPED_STATES: frozenset[DossierState] = frozenset({DossierState.SUPPLEMENT_REQUESTED})
CLOCK_RUNNING_STATES: frozenset[DossierState] = OPEN_STATES - CLOCK_STOPPED_STATES
# The states in which an agency may conclude its step.
STEP_MAY_FINISH_STATES: frozenset[DossierState] = frozenset({DossierState.PROCESSING})


def clock_runs(state: DossierState) -> bool:
    """The dossier's time limit is being used up now (it can become overdue)."""
    return state in CLOCK_RUNNING_STATES


def step_may_finish(state: DossierState) -> bool:
    """An agency may propose, approve or deny its step now."""
    return state in STEP_MAY_FINISH_STATES


def ordered(states: frozenset[DossierState]) -> tuple[DossierState, ...]:
    """`states` in a stable order (by stored value), for SQL `IN` lists."""
    return tuple(sorted(states, key=lambda state: state.value))
