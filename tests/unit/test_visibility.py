"""The who-sees-what rule on its own: viewers of a two-stage route (agency 10 at stage 1,
agencies 20 and 30 in parallel at stage 2), every kind of item, and who each viewer is."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.permissions import Actor, DossierFacts
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.visibility import (
    APPLICANT,
    PUBLIC_LOOKUP,
    Audience,
    FileKind,
    Item,
    Kind,
    Viewer,
    file_item,
    may_see,
    note_item,
    releases_result,
    viewer_of,
)

UNIT = 1  # the receiving one-stop unit
OWNER_ID = 7
FACTS = DossierFacts(OWNER_ID, UNIT, frozenset({10, 20, 30}), frozenset({101, 201}))
STAGES = {10: frozenset({1}), 20: frozenset({2}), 30: frozenset({2})}

COMMUNE = Viewer(Audience.AGENCY, 10, frozenset({1}))
POLICE = Viewer(Audience.AGENCY, 20, frozenset({2}))
ONE_STOP = Viewer(Audience.ONE_STOP)
SUPERVISOR = Viewer(Audience.SUPERVISOR)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (Actor(OWNER_ID, Role.CITIZEN, None), Viewer(Audience.OWNER)),
        (Actor(8, Role.CITIZEN, None), Viewer(Audience.NONE)),
        (Actor(201, Role.SPECIALIST, 20), POLICE),
        (Actor(202, Role.LEADER, 20), POLICE),
        (Actor(401, Role.LEADER, 40), Viewer(Audience.NONE)),  # no step in this route
        (Actor(2, Role.RECEPTION, UNIT), ONE_STOP),
        (Actor(3, Role.UNIT_HEAD, UNIT), ONE_STOP),
        (Actor(4, Role.RECEPTION, 99), Viewer(Audience.NONE)),  # another centre
        (Actor(5, Role.SUPERVISOR, 99), SUPERVISOR),
        (Actor(6, Role.ADMIN, None), Viewer(Audience.ADMIN)),
    ],
    ids=lambda value: getattr(value, "role", getattr(value, "audience", value)).value,
)
def test_who_the_viewer_is(actor: Actor, expected: Viewer) -> None:
    assert viewer_of(actor, FACTS, STAGES) == expected


def test_only_the_supervisor_is_read_only() -> None:
    assert SUPERVISOR.read_only
    assert not ONE_STOP.read_only and not POLICE.read_only


def _file(kind: FileKind, agency: int | None, stage: int | None, **facts: bool) -> Item:
    return file_item(
        kind.value,
        released=facts.get("released", False),
        agency_id=agency,
        stage=stage,
        approved=facts.get("approved", False),
        handed_over=facts.get("handed_over", False),
    )


APPLICANT_FILE = _file(FileKind.COMPONENT, None, None)
POLICE_WORKING = _file(FileKind.WORKING, 20, 2)
POLICE_DRAFT = _file(FileKind.DRAFT, 20, 2)
BHXH_WORKING = _file(FileKind.WORKING, 30, 2)
BHXH_DRAFT_APPROVED = _file(FileKind.DRAFT, 30, 2, approved=True)
COMMUNE_DRAFT_OPEN = _file(FileKind.DRAFT, 10, 1)
COMMUNE_DRAFT_APPROVED = _file(FileKind.DRAFT, 10, 1, approved=True)
BHXH_RESULT_KEPT = _file(FileKind.DRAFT, 30, 2, released=True, approved=True)
BHXH_RESULT_RETURNED = _file(FileKind.DRAFT, 30, 2, released=True, handed_over=True)

CASES = [
    # (viewer, item, shown) — the applicant
    (APPLICANT, APPLICANT_FILE, True),
    (APPLICANT, Item(Kind.STATUS_CHANGE), True),
    (APPLICANT, Item(Kind.APPLICANT_SLIP), True),
    (APPLICANT, Item(Kind.NOTICE), True),
    (APPLICANT, Item(Kind.HAND_OVER), False),  # officers' names stay inside
    (APPLICANT, Item(Kind.CONTROL_SLIP), False),
    (APPLICANT, POLICE_DRAFT, False),
    (APPLICANT, COMMUNE_DRAFT_APPROVED, False),
    (APPLICANT, POLICE_WORKING, False),
    (APPLICANT, BHXH_RESULT_KEPT, False),  # released, not yet handed over
    (APPLICANT, BHXH_RESULT_RETURNED, True),
    (APPLICANT, note_item("task.propose", 20, 2), False),
    (APPLICANT, note_item("return_result"), False),
    (APPLICANT, note_item("request_supplement"), True),
    (APPLICANT, note_item("task.deny", 20, 2), True),  # the reasons of a denial
    # the public lookup: progress only
    (PUBLIC_LOOKUP, Item(Kind.STATUS_CHANGE), True),
    (PUBLIC_LOOKUP, APPLICANT_FILE, False),
    (PUBLIC_LOOKUP, note_item("refuse"), False),
    (PUBLIC_LOOKUP, BHXH_RESULT_RETURNED, False),
    # an agency of stage 2
    (POLICE, APPLICANT_FILE, True),
    (POLICE, Item(Kind.HAND_OVER), True),
    (POLICE, Item(Kind.CONTROL_SLIP), True),
    (POLICE, POLICE_WORKING, True),
    (POLICE, POLICE_DRAFT, True),
    (POLICE, note_item("task.send_back", 20, 2), True),
    (POLICE, BHXH_WORKING, False),  # the parallel agency's
    (POLICE, BHXH_DRAFT_APPROVED, False),  # parallel: never handed to the police
    (POLICE, BHXH_RESULT_RETURNED, False),
    (POLICE, note_item("task.propose", 30, 2), False),
    (POLICE, COMMUNE_DRAFT_APPROVED, True),  # came with the file from stage 1
    (POLICE, COMMUNE_DRAFT_OPEN, False),  # not approved: never handed over
    (POLICE, _file(FileKind.WORKING, 10, 1), False),
    (POLICE, note_item("task.propose", 10, 1), False),
    (POLICE, note_item("return_result"), False),  # the one-stop unit's own remark
    # the agency of stage 1 never sees what stage 2 did
    (COMMUNE, BHXH_DRAFT_APPROVED, False),
    (COMMUNE, BHXH_RESULT_RETURNED, False),
    (COMMUNE, COMMUNE_DRAFT_OPEN, True),
    # the receiving unit and the supervisor see it all
    *[
        (viewer, item, True)
        for viewer in (ONE_STOP, SUPERVISOR)
        for item in (POLICE_WORKING, BHXH_DRAFT_APPROVED, note_item("return_result"))
    ],
    (Viewer(Audience.NONE), APPLICANT_FILE, False),
    (Viewer(Audience.NONE), Item(Kind.STATUS_CHANGE), False),
]


@pytest.mark.parametrize(("viewer", "item", "shown"), CASES)
def test_who_sees_what(viewer: Viewer, item: Item, shown: bool) -> None:
    assert may_see(viewer, item) is shown


def test_the_last_stage_s_documents_are_the_results() -> None:
    assert releases_result(2, 2) and releases_result(1, 1)
    assert not releases_result(1, 2)
