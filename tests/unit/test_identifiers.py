"""The shape of ID numbers, phones and tax codes: ASCII digits 0-9 only
(docs/domain.md#identifiers). Other scripts' digits look like numbers to `\\d` and
`str.isdigit()`, but would be stored as typed and never match the same number typed 0-9."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.identifiers import (
    clean_phone,
    is_ascii_digits,
    is_citizen_id,
    is_email,
    is_phone,
    is_tax_code,
)

ARABIC_INDIC = "٠٥٢١٩٠٠٠٤٣٢١"  # "052190004321" in Arabic-Indic digits
FULLWIDTH = "０５２１９０００４３２１"  # the same in fullwidth digits


def test_a_citizen_id_is_exactly_twelve_ascii_digits() -> None:
    assert is_citizen_id("052190004321")
    for refused in ("05219000432", "0521900043210", "05219000432a", ARABIC_INDIC, FULLWIDTH):
        assert not is_citizen_id(refused), refused
    assert not is_citizen_id("052190004321\n")  # a `$` would have let the newline through


@pytest.mark.parametrize(
    "phone", ["0912345678", "0912 345 678", "0912.345.678", "+84912345678", "02563821234"]
)
def test_vietnamese_phone_numbers_as_people_write_them(phone: str) -> None:
    assert is_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "091234567",
        "091234567890",
        "1912345678",
        "٠٩١٢٣٤٥٦٧٨",
        "０９１２３４５６７８",
        "09123456７8",
    ],
)
def test_phone_numbers_with_other_digits_or_lengths_are_refused(phone: str) -> None:
    assert not is_phone(phone)


def test_a_phone_is_cleaned_of_separators_only() -> None:
    assert clean_phone(" 0912 345-678. ") == "0912345678"


def test_a_tax_code_has_ten_or_thirteen_ascii_digits() -> None:
    assert is_tax_code("0312345678") and is_tax_code("0312345678-001")
    assert is_tax_code("0312345678001")
    for refused in ("031234567", "03123456780", "０３１２３４５６７８", "²312345678"):
        assert not is_tax_code(refused), refused


def test_ascii_digits_and_email() -> None:
    assert is_ascii_digits("2026") and not is_ascii_digits("²") and not is_ascii_digits("")
    assert is_email("lan.tran@example.com") and not is_email("lan@") and not is_email("a b@c.vn")
