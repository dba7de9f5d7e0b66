"""Which steps an agency officer's list holds and which step pages he may open."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.permissions import Actor, TaskFacts, step_reached_agency
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import TaskState
from vpub_onestop.domain.task_scope import may_open_task, task_scope

POLICE, INSURANCE, CENTRE = 10, 20, 30
LEADER = Actor(user_id=1, role=Role.LEADER, agency_id=POLICE)
SPECIALIST = Actor(user_id=2, role=Role.SPECIALIST, agency_id=POLICE)
RECEPTION = Actor(user_id=3, role=Role.RECEPTION, agency_id=CENTRE)


def test_a_leader_lists_his_agency_and_acts_on_every_active_step() -> None:
    scope = task_scope(LEADER)
    assert (scope.agency_id, scope.assignee_id) == (POLICE, None)
    assert set(scope.working_states) == {
        TaskState.PENDING,
        TaskState.IN_PROGRESS,
        TaskState.AWAITING_APPROVAL,
    }


def test_a_specialist_lists_his_own_steps_and_works_on_those_in_progress() -> None:
    scope = task_scope(SPECIALIST)
    assert (scope.agency_id, scope.assignee_id) == (None, 2)
    # A proposal awaiting approval is the leader's turn, not his.
    assert scope.working_states == (TaskState.IN_PROGRESS,)


def test_a_leader_without_agency_lists_nothing() -> None:
    scope = task_scope(Actor(user_id=5, role=Role.LEADER, agency_id=None))
    assert scope.agency_id == 0  # no agency has id 0


def test_other_roles_have_no_task_list() -> None:
    with pytest.raises(ValueError):
        task_scope(RECEPTION)


def test_another_agencys_step_stays_closed() -> None:
    police_step = TaskFacts(agency_id=POLICE, assignee_id=None, receiving_unit_id=CENTRE)
    insurance_step = TaskFacts(agency_id=INSURANCE, assignee_id=None, receiving_unit_id=CENTRE)
    assert may_open_task(LEADER, police_step) and may_open_task(SPECIALIST, police_step)
    assert not may_open_task(LEADER, insurance_step)
    assert not may_open_task(SPECIALIST, insurance_step)
    # ...unless it was assigned to him.
    lent = TaskFacts(agency_id=INSURANCE, assignee_id=2, receiving_unit_id=CENTRE)
    assert may_open_task(SPECIALIST, lent)
    # The one-stop officer reaches steps through the dossier, whose visibility decides.
    assert may_open_task(RECEPTION, insurance_step)


def test_a_step_still_waiting_for_an_earlier_stage_stays_closed_to_its_own_agency() -> None:
    waiting = TaskFacts(
        agency_id=POLICE, assignee_id=None, receiving_unit_id=CENTRE, reached_agency=False
    )
    assert not may_open_task(LEADER, waiting) and not may_open_task(SPECIALIST, waiting)
    assert may_open_task(RECEPTION, waiting)  # the one-stop unit sees the whole route


@pytest.mark.parametrize(
    ("state", "arrival_recorded", "reached"),
    [
        (TaskState.WAITING, False, False),
        (TaskState.PENDING, True, True),
        (TaskState.IN_PROGRESS, True, True),
        (TaskState.AWAITING_APPROVAL, True, True),
        (TaskState.DONE, True, True),
        (TaskState.DENIED, True, True),
        # Cancelled after it had arrived (a denial elsewhere): the agency worked on it.
        (TaskState.CANCELLED, True, True),
        # Cancelled while still waiting (the route ended before its stage): never there.
        (TaskState.CANCELLED, False, False),
    ],
)
def test_which_steps_have_reached_their_agency(
    state: TaskState, arrival_recorded: bool, reached: bool
) -> None:
    assert step_reached_agency(state, arrival_recorded=arrival_recorded) is reached
