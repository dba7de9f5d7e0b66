"""Which agencies a desk answers for after mergers (docs/domain.md#merger-successor-desk)."""

from __future__ import annotations

from vpub_onestop.domain.agencies import merged_into
from vpub_onestop.domain.permissions import Actor, answers_for_unit, desk_units
from vpub_onestop.domain.roles import Role

# 1 merged into 2, then 2 into 3; 4 merged into 3 directly; 5 into 6 (another province).
SUCCESSORS = {1: 2, 2: 3, 4: 3, 5: 6}


def test_a_chain_of_mergers_reaches_the_last_agency() -> None:
    assert merged_into(3, SUCCESSORS) == {1, 2, 4}
    assert merged_into(2, SUCCESSORS) == {1}
    assert merged_into(1, SUCCESSORS) == frozenset()
    assert merged_into(6, SUCCESSORS) == {5}


def test_a_loop_in_the_records_ends() -> None:
    assert merged_into(1, {1: 2, 2: 1}) == {2}


def test_only_the_desk_of_the_successor_answers_for_the_merged_unit() -> None:
    desk = Actor(7, Role.RECEPTION, 3, merged_units=merged_into(3, SUCCESSORS))
    assert desk_units(desk) == (3, 1, 2, 4)
    assert answers_for_unit(desk, 1) and answers_for_unit(desk, 3)
    assert not answers_for_unit(desk, 5) and not answers_for_unit(desk, None)
    # A specialist of the same agency acts on steps, never for the receiving unit.
    specialist = Actor(8, Role.SPECIALIST, 3, merged_units=merged_into(3, SUCCESSORS))
    assert desk_units(specialist) == () and not answers_for_unit(specialist, 1)
