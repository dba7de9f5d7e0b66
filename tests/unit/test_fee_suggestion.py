"""The amount the counter form proposes before the officer records what was paid."""

from __future__ import annotations

from typing import Any

import pytest

from vpub_onestop.domain.fees import suggested_fee


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"kind": "exempt", "note": "Miễn lệ phí"}, 0),
        ({"kind": "flat", "vnd": 10_000}, 10_000),
        (None, 0),  # no rule in the catalogue: the procedure charges nothing
        # Per page: the amount depends on the papers in hand; the officer types it.
        (
            {"kind": "per_page", "first_pages": 2, "first_page_vnd": 2000, "next_page_vnd": 1000},
            None,
        ),
        ({"kind": "flat"}, None),  # a flat rule with no amount: nothing to propose
        ({"kind": "by_value"}, None),  # a kind the form does not know
    ],
)
def test_the_counter_proposes_only_a_fee_known_in_advance(
    rule: dict[str, Any] | None, expected: int | None
) -> None:
    assert suggested_fee(rule) == expected
