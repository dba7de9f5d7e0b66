"""The rules of agency administration (docs/domain.md#agency-administration): the official
code's shape, validity dates, the name an agency bore on a day, loops in the tree."""

from __future__ import annotations

from datetime import date

import pytest

from vpub_onestop.domain.agencies import (
    NamePeriod,
    is_agency_code,
    is_open_on,
    merge_errors,
    name_on,
    normalize_code,
    parent_cycle,
    validity_error,
)


@pytest.mark.parametrize("code", ["000.00.00.H21", "000.01.31.H21", "000.20.20.G01"])
def test_official_codes_are_accepted(code: str) -> None:
    assert is_agency_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "000.00.00.h21",  # lower case: normalised before the check, refused as stored
        "00.00.00.H21",  # a group too short
        "000.00.00.H2",  # the province's part too short
        "000.00.00-H21",  # a hyphen would split the dossier code
        "000.00.00.H21 ",
        "０００.00.00.H21",  # fullwidth digits
        "000.00.00.21H",
    ],
)
def test_other_shapes_are_refused(code: str) -> None:
    assert not is_agency_code(code)


def test_a_typed_code_is_read_in_capitals_without_spaces() -> None:
    assert normalize_code(" 000.03.31.h21 ") == "000.03.31.H21"


def test_validity_includes_both_days() -> None:
    assert is_open_on(date(2025, 7, 1), date(2026, 3, 15), date(2026, 3, 15))
    assert not is_open_on(date(2025, 7, 1), date(2026, 3, 15), date(2026, 3, 16))
    assert not is_open_on(date(2025, 7, 1), None, date(2025, 6, 30))
    assert is_open_on(None, None, date(2000, 1, 1))
    assert validity_error(date(2026, 3, 2), date(2026, 3, 1)) is not None
    assert validity_error(date(2026, 3, 2), date(2026, 3, 2)) is None


def test_the_name_on_a_day_follows_the_renames() -> None:
    # Renamed twice: "A" until 9/3, "B" from 10/3 to 31/3, "C" since 1/4.
    history = [
        NamePeriod("B", "000.02.31.H21", date(2026, 3, 31)),
        NamePeriod("A", "000.01.31.H21", date(2026, 3, 9)),
    ]
    assert name_on("C", "000.03.31.H21", history, date(2026, 3, 9)) == ("A", "000.01.31.H21")
    assert name_on("C", "000.03.31.H21", history, date(2026, 3, 10))[0] == "B"
    assert name_on("C", "000.03.31.H21", history, date(2026, 4, 1))[0] == "C"
    assert name_on("C", "000.03.31.H21", [], date(2020, 1, 1))[0] == "C"


def test_an_agency_cannot_sit_under_itself_or_its_own_children() -> None:
    parents: dict[int, int | None] = {1: None, 2: 1, 3: 2, 4: None}
    assert parent_cycle(1, 3, parents)  # 1 under its grandchild 3
    assert parent_cycle(2, 2, parents)
    assert not parent_cycle(3, 4, parents)
    assert not parent_cycle(4, None, parents)


def test_a_merge_needs_sources_other_than_the_target() -> None:
    assert merge_errors([], 5)
    assert merge_errors([5, 6], 5)
    assert merge_errors([6, 7], 5) == []
