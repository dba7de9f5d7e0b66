"""Who may do what: every persona against every trigger, with facts that match and not.

The cast below covers every role, each both "at the right place" (owner, receiving unit,
agency with an active task, assignee) and "elsewhere"; the expectation table is written
from the rules in the brief, independently of the module's table.
"""

from __future__ import annotations

import itertools

import pytest

from vpub_onestop.domain.errors import PermissionDenied
from vpub_onestop.domain.permissions import (
    Actor,
    DossierFacts,
    TaskFacts,
    allowed_dossier_triggers,
    allowed_task_triggers,
    may_fire_dossier,
    may_fire_task,
    may_view_dossier,
    require_dossier,
    require_task,
)
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.workflow import DOSSIER_TRIGGERS, TASK_TRIGGERS

OWNER_ID, RECEIVING_UNIT, ACTIVE_AGENCY, OTHER_UNIT, OTHER_AGENCY = 1, 10, 20, 11, 21
ASSIGNEE_ID, LEADER_ID = 5, 12

DOSSIER = DossierFacts(
    owner_user_id=OWNER_ID,
    receiving_unit_id=RECEIVING_UNIT,
    active_task_agency_ids=frozenset({ACTIVE_AGENCY}),
    active_task_assignee_ids=frozenset({ASSIGNEE_ID}),
)

CAST: dict[str, Actor] = {
    "owner": Actor(OWNER_ID, Role.CITIZEN, None),
    "other_citizen": Actor(2, Role.CITIZEN, None),
    # A citizen account whose id happens to equal an assignee's: the role still matters.
    "citizen_with_assignee_id": Actor(ASSIGNEE_ID, Role.CITIZEN, None),
    "reception_here": Actor(3, Role.RECEPTION, RECEIVING_UNIT),
    "reception_elsewhere": Actor(4, Role.RECEPTION, OTHER_UNIT),
    # Working at the agency that processes is not working at the receiving counter.
    "reception_at_active_agency": Actor(16, Role.RECEPTION, ACTIVE_AGENCY),
    "unit_head_here": Actor(6, Role.UNIT_HEAD, RECEIVING_UNIT),
    "unit_head_elsewhere": Actor(7, Role.UNIT_HEAD, OTHER_UNIT),
    "specialist_assignee": Actor(ASSIGNEE_ID, Role.SPECIALIST, ACTIVE_AGENCY),
    "specialist_same_agency": Actor(8, Role.SPECIALIST, ACTIVE_AGENCY),
    "specialist_elsewhere": Actor(9, Role.SPECIALIST, OTHER_AGENCY),
    # Staff whose user id equals the dossier owner's: ownership is a citizen's relation.
    "specialist_with_owner_id": Actor(OWNER_ID, Role.SPECIALIST, OTHER_AGENCY),
    "leader_active": Actor(LEADER_ID, Role.LEADER, ACTIVE_AGENCY),
    "leader_elsewhere": Actor(13, Role.LEADER, OTHER_AGENCY),
    "leader_at_receiving_unit": Actor(17, Role.LEADER, RECEIVING_UNIT),
    "supervisor": Actor(14, Role.SUPERVISOR, None),
    "admin": Actor(15, Role.ADMIN, RECEIVING_UNIT),
    "system": Actor(None, Role.ADMIN, None, is_system=True),
}

COUNTER = {"reception_here", "unit_head_here"}
HANDLERS = {"specialist_assignee", "leader_active"}

DOSSIER_EXPECTED: dict[str, set[str]] = {
    "submit": {"owner"},
    "receive_at_counter": COUNTER,
    "receive": COUNTER,
    "refuse": COUNTER,
    "return_for_completion": COUNTER,
    "dispatch": COUNTER,
    "request_supplement": HANDLERS,
    "supply_supplement": {"owner"} | COUNTER,
    "close_unsupplemented": COUNTER,
    "request_payment": HANDLERS,
    "confirm_payment": {"owner"} | COUNTER,
    "apologise": {"leader_active"},
    "finish": {"system"},
    "return_result": COUNTER,
    "request_withdrawal": {"owner"} | COUNTER,
    "confirm_withdrawal": COUNTER,
    "void": {"admin"},
}


def test_the_cast_covers_every_role_and_the_table_every_trigger():
    assert {actor.role for actor in CAST.values()} == set(Role)
    assert set(DOSSIER_EXPECTED) == DOSSIER_TRIGGERS


@pytest.mark.parametrize(
    ("who", "trigger"), list(itertools.product(sorted(CAST), sorted(DOSSIER_EXPECTED)))
)
def test_only_the_right_person_at_the_right_place_may_act_on_a_dossier(who, trigger):
    allowed = who in DOSSIER_EXPECTED[trigger]
    assert may_fire_dossier(CAST[who], trigger, DOSSIER) is allowed
    if allowed:
        require_dossier(CAST[who], trigger, DOSSIER)
    else:
        with pytest.raises(PermissionDenied) as info:
            require_dossier(CAST[who], trigger, DOSSIER)
        assert info.value.message.startswith("Bạn không có quyền")


# --- tasks ------------------------------------------------------------------------------

TASK = TaskFacts(agency_id=ACTIVE_AGENCY, assignee_id=ASSIGNEE_ID, receiving_unit_id=RECEIVING_UNIT)

TASK_EXPECTED: dict[str, set[str]] = {
    "arrive": {"system"},
    "cancel": {"system"},
    "complete_at_counter": {"system"},
    "assign": {"leader_active"},
    "reassign": {"leader_active"},
    "propose": {"specialist_assignee"},
    "approve": {"leader_active"},
    "send_back": {"leader_active"},
    "deny": {"leader_active", "specialist_assignee"},
}


def test_the_task_table_covers_every_trigger():
    assert set(TASK_EXPECTED) == TASK_TRIGGERS


@pytest.mark.parametrize(
    ("who", "trigger"), list(itertools.product(sorted(CAST), sorted(TASK_EXPECTED)))
)
def test_only_the_agencys_leader_or_the_assignee_may_act_on_a_step(who, trigger):
    allowed = who in TASK_EXPECTED[trigger]
    assert may_fire_task(CAST[who], trigger, TASK) is allowed
    if allowed:
        require_task(CAST[who], trigger, TASK)
    else:
        with pytest.raises(PermissionDenied):
            require_task(CAST[who], trigger, TASK)


def test_a_leader_who_assigned_himself_proposes_and_the_former_assignee_cannot():
    own = TaskFacts(agency_id=ACTIVE_AGENCY, assignee_id=LEADER_ID, receiving_unit_id=None)
    assert may_fire_task(CAST["leader_active"], "propose", own)
    assert may_fire_task(CAST["leader_active"], "deny", own)
    assert not may_fire_task(CAST["specialist_assignee"], "propose", own)
    assert not may_fire_task(CAST["specialist_assignee"], "deny", own)


def test_an_unassigned_step_has_no_assignee_to_propose():
    # A user without an id (None) must not match a step without an assignee (None).
    open_step = TaskFacts(agency_id=ACTIVE_AGENCY, assignee_id=None, receiving_unit_id=None)
    nobody = Actor(None, Role.SPECIALIST, ACTIVE_AGENCY)
    assert not may_fire_task(nobody, "propose", open_step)
    assert may_fire_task(CAST["leader_active"], "assign", open_step)


# --- edge cases in the facts ------------------------------------------------------------


def test_a_counter_dossier_without_an_account_belongs_to_no_citizen():
    no_owner = DossierFacts(owner_user_id=None, receiving_unit_id=RECEIVING_UNIT)
    anonymous = Actor(None, Role.CITIZEN, None)
    assert not may_fire_dossier(anonymous, "request_withdrawal", no_owner)
    assert not may_view_dossier(anonymous, no_owner)
    # ... but the counter can still act on the applicant's behalf.
    assert may_fire_dossier(CAST["reception_here"], "request_withdrawal", no_owner)


def test_an_officer_without_a_unit_is_not_at_a_dossier_without_one():
    no_unit = DossierFacts(owner_user_id=OWNER_ID, receiving_unit_id=None)
    floating = Actor(3, Role.RECEPTION, None)
    assert not may_fire_dossier(floating, "receive", no_unit)
    assert not may_view_dossier(floating, no_unit)


def test_handlers_lose_their_rights_once_their_task_is_no_longer_active():
    finished = DossierFacts(owner_user_id=OWNER_ID, receiving_unit_id=RECEIVING_UNIT)
    for who in HANDLERS:
        assert not may_fire_dossier(CAST[who], "request_supplement", finished)
    assert not may_fire_dossier(CAST["leader_active"], "apologise", finished)


def test_the_engine_fires_only_its_own_triggers_whatever_role_it_carries():
    for role in Role:
        engine = Actor(None, role, RECEIVING_UNIT, is_system=True)
        assert {t for t in DOSSIER_TRIGGERS if may_fire_dossier(engine, t, DOSSIER)} == {"finish"}
        own_task = TaskFacts(agency_id=RECEIVING_UNIT, assignee_id=None, receiving_unit_id=None)
        assert {t for t in TASK_TRIGGERS if may_fire_task(engine, t, own_task)} == {
            "arrive",
            "cancel",
            "complete_at_counter",
        }


@pytest.mark.parametrize("name", ["", "to_returned", "__init__", "trigger", "approve"])
def test_unknown_trigger_names_are_allowed_to_nobody(name):
    for actor in CAST.values():
        assert not may_fire_dossier(actor, name, DOSSIER)
        with pytest.raises(PermissionDenied) as info:
            require_dossier(actor, name, DOSSIER)
        if name:
            assert name not in info.value.message


def test_the_refusal_names_the_action_in_vietnamese():
    with pytest.raises(PermissionDenied, match="«Tiếp nhận hồ sơ»"):
        require_dossier(CAST["reception_elsewhere"], "receive", DOSSIER)
    with pytest.raises(PermissionDenied, match="«Phê duyệt»"):
        require_task(CAST["specialist_assignee"], "approve", TASK)


# --- viewing ----------------------------------------------------------------------------

# For viewing, the caller passes the agencies of all the dossier's tasks (see DossierFacts).
VIEWERS = {
    "owner",
    "reception_here",
    "unit_head_here",
    "specialist_assignee",
    "specialist_same_agency",
    "leader_active",
    "supervisor",
    "admin",
    "system",
}


@pytest.mark.parametrize("who", sorted(CAST))
def test_a_dossier_is_seen_by_its_owner_its_unit_its_agencies_and_supervision(who):
    assert may_view_dossier(CAST[who], DOSSIER) is (who in VIEWERS)


def test_a_specialist_assigned_to_a_dossier_sees_it_even_from_another_agency():
    lent = Actor(ASSIGNEE_ID, Role.SPECIALIST, OTHER_AGENCY)
    assert may_view_dossier(lent, DOSSIER)


# --- the buttons ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("owner", DossierState.DRAFT, {"submit"}),
        ("owner", DossierState.SUBMITTED, set()),
        ("owner", DossierState.SUPPLEMENT_REQUESTED, {"supply_supplement", "request_withdrawal"}),
        ("reception_here", DossierState.DRAFT, {"receive_at_counter"}),
        ("reception_here", DossierState.SUBMITTED, {"receive", "refuse", "return_for_completion"}),
        ("reception_here", DossierState.PROCESSING, {"request_withdrawal"}),
        ("reception_elsewhere", DossierState.SUBMITTED, set()),
        (
            "leader_active",
            DossierState.PROCESSING,
            {"request_supplement", "request_payment", "apologise"},
        ),
        ("specialist_assignee", DossierState.PROCESSING, {"request_supplement", "request_payment"}),
        ("admin", DossierState.RETURNED, {"void"}),
        ("admin", DossierState.VOIDED, set()),
        ("supervisor", DossierState.PROCESSING, set()),
        ("system", DossierState.PROCESSING, {"finish"}),
    ],
)
def test_each_person_sees_only_the_buttons_they_may_press_now(who, state, expected):
    assert set(allowed_dossier_triggers(CAST[who], state, DOSSIER)) == expected


@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("leader_active", TaskState.PENDING, {"assign", "deny"}),
        ("leader_active", TaskState.AWAITING_APPROVAL, {"approve", "send_back", "deny"}),
        ("specialist_assignee", TaskState.IN_PROGRESS, {"propose", "deny"}),
        ("specialist_assignee", TaskState.AWAITING_APPROVAL, {"deny"}),
        ("system", TaskState.WAITING, {"arrive", "cancel"}),
        ("leader_elsewhere", TaskState.PENDING, set()),
    ],
)
def test_each_person_sees_only_the_step_buttons_they_may_press_now(who, state, expected):
    assert set(allowed_task_triggers(CAST[who], state, TASK)) == expected
