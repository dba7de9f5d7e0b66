"""The shape of the numbers people type: citizen ID (12 digits), phone, tax code, e-mail
(docs/domain.md#identifiers).

Digits are ASCII digits 0-9 only. Python's `\\d` and `str.isdigit()` also accept other
scripts' digits ("١٢٣", fullwidth "１２３") and superscripts ("²"): such a "number" would be
stored as it was typed, never match the same number typed with 0-9 (a second account for
one ID number, a lookup that finds nothing), and "²" breaks `int()`. Whole-string matches
(`fullmatch`): a `$` would also accept a trailing newline.
"""

from __future__ import annotations

import re

_ASCII_DIGITS = re.compile(r"[0-9]+")
# Căn cước / số định danh cá nhân: 12 digits (Law on Identification 2023, Art. 12).
_CITIZEN_ID = re.compile(r"[0-9]{12}")
# A Vietnamese number: 0 or +84, then 9 or 10 digits (separators removed first).
_PHONE = re.compile(r"(?:0|\+84)[0-9]{9,10}")
_PHONE_SEPARATORS = re.compile(r"[\s.-]")
# Mã số thuế: 10 digits, or 13 for a branch (the last 3 after an optional dash).
_TAX_CODE = re.compile(r"[0-9]{10}(?:[0-9]{3})?")
# Deliverability is the mail's job: one @, no spaces, a dot in the domain.
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$"
_EMAIL = re.compile(EMAIL_PATTERN)
EMAIL_MAX_LENGTH = 254


def is_ascii_digits(text: str) -> bool:
    """One or more of 0-9 and nothing else."""
    return _ASCII_DIGITS.fullmatch(text) is not None


def is_citizen_id(text: str) -> bool:
    return _CITIZEN_ID.fullmatch(text) is not None


def clean_phone(text: str) -> str:
    """The number without the spaces, dots and dashes people write in it."""
    return _PHONE_SEPARATORS.sub("", text)


def is_phone(text: str) -> bool:
    """`text` once cleaned (clean_phone) is a Vietnamese phone number."""
    return _PHONE.fullmatch(clean_phone(text)) is not None


def clean_tax_code(text: str) -> str:
    return text.replace("-", "").strip()


def is_tax_code(text: str) -> bool:
    """`text` once cleaned (clean_tax_code) is a 10- or 13-digit tax code."""
    return _TAX_CODE.fullmatch(clean_tax_code(text)) is not None


def is_email(text: str) -> bool:
    return len(text) <= EMAIL_MAX_LENGTH and _EMAIL.fullmatch(text) is not None
