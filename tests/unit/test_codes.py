"""Dossier codes on receipts, result codes, and the key for the public lookup page."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from vpub_onestop.domain.codes import (
    LOOKUP_ALPHABET,
    LOOKUP_KEY_BYTES,
    format_dossier_code,
    make_lookup_key,
    normalize_lookup_key,
    parse_dossier_code,
    result_code,
)

QN = "000.00.00.H49"


def test_a_receipt_shows_the_code_in_the_official_shape():
    assert format_dossier_code(QN, date(2026, 3, 5), 27) == "000.00.00.H49-260305-0027"


@pytest.mark.parametrize(
    ("seq", "tail"),
    [(1, "0001"), (999, "0999"), (9999, "9999"), (10000, "10000"), (123456, "123456")],
)
def test_the_daily_number_is_four_digits_and_widens_past_9999(seq, tail):
    assert format_dossier_code("X", date(2025, 7, 1), seq) == f"X-250701-{tail}"


@pytest.mark.parametrize("seq", [0, -1, True, 1.0, "1"])
def test_the_daily_number_starts_at_one_and_is_an_integer(seq):
    with pytest.raises(ValueError):
        format_dossier_code(QN, date(2026, 3, 5), seq)


@pytest.mark.parametrize(
    "unit", ["", "000.00.00.h49", "A-B", "000.00.00.H49 ", "000..00.H49", ".H49"]
)
def test_a_unit_code_that_would_make_the_code_unreadable_is_refused(unit):
    with pytest.raises(ValueError):
        format_dossier_code(unit, date(2026, 3, 5), 1)


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2100, 1, 1)])
def test_a_date_outside_the_two_digit_century_is_refused(day):
    with pytest.raises(ValueError):
        format_dossier_code(QN, day, 1)


@pytest.mark.parametrize(
    ("unit", "day", "seq"),
    [
        (QN, date(2026, 3, 5), 27),
        ("000.01.31.H21", date(2000, 1, 1), 1),
        ("000.20.20.H21", date(2099, 12, 31), 9999),
        ("H21", date(2028, 2, 29), 10000),
        ("000.00.11.H21", date(2025, 7, 1), 4567890),
    ],
)
def test_a_code_read_back_gives_the_unit_day_and_number(unit, day, seq):
    code = format_dossier_code(unit, day, seq)
    assert parse_dossier_code(code) == (unit, day, seq)


@pytest.mark.parametrize(
    "code",
    [
        "",
        QN,
        f"{QN}-260305",
        f"{QN}-260305-027",  # three digits
        f"{QN}-260305-00027",  # a second spelling of 0027
        f"{QN}-260305-0000",  # numbers start at 1
        f"{QN}-260230-0001",  # 30 February
        f"{QN}-261305-0001",  # month 13
        f"{QN}-2603050-0001",
        f"{QN}-260305-0001-KQ1",  # a result code is not a dossier code
        f"{QN}-260305-0001\n",
        f" {QN}-260305-0001",
        f"{QN}-260305-00a1",
        f"{QN}-٢٦٠٣٠٥-0001",  # Arabic-Indic digits pass \d but are not ours
        "-260305-0001",
        "000.00.00.h49-260305-0001",
        "000 00 00 H49-260305-0001",
    ],
)
def test_a_malformed_code_is_rejected_on_lookup(code):
    with pytest.raises(ValueError):
        parse_dossier_code(code)


def test_a_non_text_code_is_rejected_on_lookup():
    with pytest.raises(ValueError):
        parse_dossier_code(None)  # type: ignore[arg-type]


def test_electronic_results_are_numbered_after_the_dossier_code():
    code = "000.00.00.H49-260305-0027"
    assert result_code(code, 1) == "000.00.00.H49-260305-0027-KQ1"
    assert result_code(code, 12) == "000.00.00.H49-260305-0027-KQ12"


@pytest.mark.parametrize(("code", "n"), [("000.00.00.H49-260305-0027", 0), ("nonsense", 1)])
def test_a_result_code_needs_a_real_dossier_code_and_a_positive_number(code, n):
    with pytest.raises(ValueError):
        result_code(code, n)


# --- lookup keys ------------------------------------------------------------------------


def test_the_lookup_alphabet_has_no_characters_people_confuse():
    assert not set("0O1IL") & set(LOOKUP_ALPHABET)
    assert len(set(LOOKUP_ALPHABET)) == len(LOOKUP_ALPHABET)


def test_a_lookup_key_is_six_readable_characters_fixed_by_the_random_bytes():
    random_bytes = bytes(range(1, 1 + LOOKUP_KEY_BYTES))
    key = make_lookup_key(random_bytes)
    assert len(key) == 6
    assert set(key) <= set(LOOKUP_ALPHABET)
    assert make_lookup_key(random_bytes) == key


def test_different_random_bytes_give_keys_spread_over_the_whole_alphabet():
    keys = [make_lookup_key(hashlib.sha256(str(i).encode()).digest()) for i in range(3000)]
    assert len(set(keys)) == len(keys)
    for position in range(6):
        assert {key[position] for key in keys} == set(LOOKUP_ALPHABET)


def test_too_few_random_bytes_are_refused_rather_than_giving_guessable_keys():
    with pytest.raises(ValueError):
        make_lookup_key(b"\x01\x02\x03")


@pytest.mark.parametrize("typed", ["abc-def", " ABC DEF ", "abcdef"])
def test_a_key_typed_by_hand_is_read_back(typed):
    assert normalize_lookup_key(typed) == "ABCDEF"


@pytest.mark.parametrize("typed", ["", "ABCDE", "ABCDEFG", "ABCDE0", "ABCDEO", "ABCDEI", "ABCDÉF"])
def test_a_key_that_could_not_have_been_printed_is_rejected(typed):
    with pytest.raises(ValueError):
        normalize_lookup_key(typed)
