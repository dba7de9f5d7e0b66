"""The staff search's folded line and query (domain/search.py): what an officer types
meets what the index holds, whatever the accents, the case or the spaces in a number."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.search import (
    dossier_search_text,
    normalise_query,
    query_problem,
    tax_code_of,
)


def _line() -> str:
    return dossier_search_text(
        code="000.01.31.H21-260302-0042",
        applicant_name="Nguyễn Văn An",
        owner_name="Công ty TNHH Đức Phát",
        phone="0912.345.678",
        id_number="052190009876",
        owner_id_number=None,
    )


def test_the_line_holds_the_code_the_folded_names_and_bare_numbers() -> None:
    assert _line() == (
        "000.01.31.h21-260302-0042 | nguyen van an | cong ty tnhh duc phat | 0912345678"
        " | 052190009876"
    )


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("  Nguyễn   VĂN an ", "nguyen van an"),
        ("0912 345 678", "0912345678"),
        ("0042", "0042"),
        ("H21-260302", "h21-260302"),
    ],
)
def test_a_typed_query_is_spelled_as_the_line_is(typed: str, query: str) -> None:
    assert normalise_query(typed) == query
    assert query in _line()


def test_a_match_never_spans_two_fields() -> None:
    # "an cong" would join the applicant's last word to the owner's first.
    assert normalise_query("an cong") not in _line()


def test_short_and_empty_queries_are_explained() -> None:
    assert query_problem("") is not None
    assert query_problem("an") is not None
    assert query_problem("ann") is None


def test_a_tax_code_has_10_or_13_digits() -> None:
    assert tax_code_of("4100123456") == "4100123456"
    assert tax_code_of("4100123456-001") == "4100123456001"
    assert tax_code_of("41001234") is None
    assert tax_code_of("nguyen") is None
