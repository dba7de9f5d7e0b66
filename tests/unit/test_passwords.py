"""The password policy (docs/policies.md#passwords), pure."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.passwords import COMMON, PERSONAL, password_problem, personal_pieces

# A few entries as the bundled list holds them (lower-case); the real list is checked below.
COMMON_LIST = frozenset({"12345678", "password", "matkhau123", "demo1234"})


def problem(password: str, *personal: str) -> str | None:
    return password_problem(password, min_length=8, common=COMMON_LIST, personal=personal)


def test_a_long_unusual_password_passes() -> None:
    assert problem("gio-dong-bac-2026", "Trần Văn Hùng", "hung.congdan") is None


@pytest.mark.parametrize("password", ["1234567", "abc", ""])
def test_shorter_than_the_minimum_is_refused(password: str) -> None:
    assert problem(password) == "Mật khẩu phải có ít nhất 8 ký tự."


def test_the_minimum_is_a_setting() -> None:
    # 9 characters: enough for a minimum of 8, not for 12.
    assert password_problem("xuan-ha-7", min_length=8, common=()) is None
    assert password_problem("xuan-ha-7", min_length=12, common=()) is not None


@pytest.mark.parametrize("password", ["12345678", "password", "PASSWORD", "MatKhau123"])
def test_common_passwords_are_refused_whatever_the_case(password: str) -> None:
    assert problem(password) == COMMON


def test_a_repeated_character_is_refused() -> None:
    assert problem("aaaaaaaaaa") == COMMON
    assert problem("abababab") == COMMON


@pytest.mark.parametrize(
    ("password", "facts"),
    [
        ("hung.congdan!", ("hung.congdan",)),  # the username
        ("Hùng@Trần99", ("Trần Văn Hùng",)),  # a word of the name, with diacritics
        ("tranvanhung", ("Trần Văn Hùng",)),  # the whole name, run together
        ("x079201001234y", ("079201001234",)),  # the citizen ID number
        ("so-0912345678", ("0912345678",)),  # the phone
        ("a912345678b", ("0912.345.678",)),  # the phone without its 0, however written
    ],
)
def test_passwords_made_of_the_accounts_own_facts_are_refused(
    password: str, facts: tuple[str, ...]
) -> None:
    assert problem(password, *facts) == PERSONAL


def test_short_name_words_are_too_common_to_refuse() -> None:
    # "Lê Văn An": "le", "van", "an" appear inside ordinary words; only "levanan" counts.
    assert personal_pieces(["Lê Văn An"]) == {"levanan"}
    assert problem("van-an-lanh-2026", "Lê Văn An") is None


def test_too_long_is_refused() -> None:
    assert problem("x" * 60 + "y" * 69) == "Mật khẩu tối đa 128 ký tự."


def test_the_bundled_list_holds_the_passwords_people_pick_first() -> None:
    from vpub_onestop.services.password_policy import common_passwords

    bundled = common_passwords()
    assert len(bundled) > 5000
    for password in (
        "12345678",
        "password",
        "123456789",
        "qwerty123",
        "matkhau123",
        "demo1234",
        "anhyeuem",
        "iloveyou",
        "1q2w3e4r",
        "abc12345",
        "admin@123",
    ):
        assert password in bundled, password
    assert "gio-dong-bac-2026" not in bundled
