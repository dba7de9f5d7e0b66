"""Fee rules of the catalogue (domain/fees.py): amounts and the explanation people read."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.fees import describe_fee, fee_amount
from vpub_onestop.domain.formatting import money

COPY_TARIFF = {
    "kind": "per_page",
    "first_pages": 2,
    "first_page_vnd": 2000,
    "next_page_vnd": 1000,
    "cap_per_copy_vnd": 200000,
}


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2000),
        (2, 1, 4000),
        (3, 1, 5000),
        (5, 2, 14000),
        (198, 1, 200000),  # 2 × 2.000 + 196 × 1.000 reaches the ceiling
        (500, 1, 200000),  # never more than the ceiling per copy
        (500, 3, 600000),
    ],
)
def test_the_certified_copy_tariff(pages: int, copies: int, expected: int) -> None:
    assert fee_amount(COPY_TARIFF, pages=pages, copies=copies) == expected


def test_flat_exempt_and_unknown_rules() -> None:
    assert fee_amount({"kind": "flat", "vnd": 20000}) == 20000
    assert fee_amount({"kind": "exempt"}) == 0
    assert fee_amount({}) == 0
    assert fee_amount({"kind": "per_dossier_set"}) is None


def test_the_tiered_tariff_is_explained_with_a_worked_example() -> None:
    text = describe_fee(COPY_TARIFF)
    assert text.summary == "Thu theo số trang của mỗi bản:"
    assert text.details == (
        "2.000 ₫/trang cho 2 trang đầu;",
        "từ trang thứ 3 trở đi: 1.000 ₫/trang;",
        "tối đa 200.000 ₫ cho mỗi bản (đạt mức tối đa từ bản có 198 trang).",
    )
    assert text.example == (
        "Ví dụ: một bản 5 trang = 2 × 2.000 ₫ + 3 × 1.000 ₫ = 7.000 ₫; hai bản như vậy: 14.000 ₫."
    )


def test_an_example_that_hits_the_ceiling_says_so() -> None:
    low_cap = {**COPY_TARIFF, "cap_per_copy_vnd": 6000}
    example = describe_fee(low_cap).example or ""
    assert "= 6.000 ₫ (áp dụng mức tối đa)" in example


def test_maintainer_notes_stay_out_of_the_public_text() -> None:
    flat = describe_fee({"kind": "flat", "vnd": 50000, "note": "illustrative"})
    assert flat.summary == "50.000 ₫ cho mỗi hồ sơ." and flat.note is None
    exempt = describe_fee({"kind": "exempt", "note": "Miễn lệ phí khi đăng ký đúng hạn"})
    assert exempt.summary == "Không thu phí, lệ phí."
    assert exempt.note == "Miễn lệ phí khi đăng ký đúng hạn"


def test_money_is_written_the_vietnamese_way() -> None:
    assert money(1250000) == "1.250.000 ₫"
    assert money(0) == "0 ₫"
