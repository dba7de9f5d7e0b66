"""Dossier codes, result codes and public lookup keys (docs/domain.md#identifiers).

A dossier code is `<receiving unit code>-<YYMMDD>-<NNNN>`, e.g. `000.00.00.H49-260305-0027`.
Allocating the sequence number (unique under concurrent receipts) is the service's job;
this module only spells and reads codes, so it stays pure and testable.
"""

from __future__ import annotations

import re
from datetime import date

# Official agency identifiers look like V1V2V3.Z1Z2.Y1Y2.MX1X2 (digits, capitals, dots).
# No hyphen and no space: the hyphen separates the parts of the dossier code.
_UNIT_CODE = r"[0-9A-Z]+(?:\.[0-9A-Z]+)*"
_UNIT_CODE_RE = re.compile(_UNIT_CODE)
# The sequence is at least 4 digits and widens past 9999 without a leading zero, so that
# each dossier has exactly one spelling ("00027" is not another way to write "0027").
_DOSSIER_CODE_RE = re.compile(
    rf"(?P<unit>{_UNIT_CODE})"
    r"-(?P<yy>[0-9]{2})(?P<mm>[0-9]{2})(?P<dd>[0-9]{2})"
    r"-(?P<seq>[0-9]{4}|[1-9][0-9]{4,})"
)

# Two-digit years are read as 20YY; a dossier dated outside this century cannot be coded.
_CENTURY = 2000


def format_dossier_code(unit_code: str, day: date, seq: int) -> str:
    """Spell the code of the `seq`-th dossier received by `unit_code` on `day`."""
    if not _UNIT_CODE_RE.fullmatch(unit_code):
        raise ValueError(f"invalid receiving unit code: {unit_code!r}")
    if not _CENTURY <= day.year < _CENTURY + 100:
        raise ValueError(f"a dossier code cannot carry the year {day.year}")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValueError(f"the daily sequence starts at 1, got {seq!r}")
    return f"{unit_code}-{day:%y%m%d}-{seq:04d}"


def parse_dossier_code(code: str) -> tuple[str, date, int]:
    """Read back (unit code, day, sequence); ValueError on anything we would not produce."""
    match = _DOSSIER_CODE_RE.fullmatch(code) if isinstance(code, str) else None
    if match is None:
        raise ValueError(f"not a dossier code: {code!r}")
    seq = int(match["seq"])
    if seq < 1:
        raise ValueError(f"not a dossier code (sequence 0): {code!r}")
    # date() rejects 31 February and the like with its own ValueError.
    day = date(_CENTURY + int(match["yy"]), int(match["mm"]), int(match["dd"]))
    return match["unit"], day, seq


def result_code(dossier_code: str, n: int) -> str:
    """Code of the n-th electronic result of a dossier: `<dossier code>-KQ<n>`."""
    parse_dossier_code(dossier_code)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"result numbers start at 1, got {n!r}")
    return f"{dossier_code}-KQ{n}"


# Printed on the receipt and typed back by the applicant on the public lookup page, often
# from a phone: no 0/O, 1/I/L lookalikes. 31 symbols, so 6 of them give about 30 bits.
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_KEY_LENGTH = 6
# Reducing 8 random bytes (64 bits) to 31**6 values leaves a bias of order 2**-34: nil.
LOOKUP_KEY_BYTES = 8


def make_lookup_key(random_bytes: bytes) -> str:
    """Lookup key from `random_bytes` (pass `os.urandom(LOOKUP_KEY_BYTES)`).

    The caller supplies the randomness so that tests can pass fixed bytes.
    """
    if len(random_bytes) < LOOKUP_KEY_BYTES:
        raise ValueError(f"need at least {LOOKUP_KEY_BYTES} random bytes")
    number = int.from_bytes(random_bytes, "big")
    base = len(LOOKUP_ALPHABET)
    symbols = []
    for _ in range(LOOKUP_KEY_LENGTH):
        number, digit = divmod(number, base)
        symbols.append(LOOKUP_ALPHABET[digit])
    return "".join(symbols)


def normalize_lookup_key(text: str) -> str:
    """The key as typed by a person (lower case, spaces, a dash) in canonical form."""
    key = re.sub(r"[\s-]", "", text).upper()
    if len(key) != LOOKUP_KEY_LENGTH or any(ch not in LOOKUP_ALPHABET for ch in key):
        raise ValueError("not a lookup key")
    return key


# The numbered slips' symbol after the number: Mẫu 02 given at the counter is a guidance
# to complete the file (hướng dẫn hồ sơ).
GUIDANCE_SYMBOL = "HDHS"


def format_slip_number(seq: int, symbol: str = GUIDANCE_SYMBOL) -> str:
    """The "Số:" of a numbered slip, as official documents write it: the running number of
    the unit's year, at least two digits, then the slip's symbol ("07/HDHS"). The year is
    the slip's own date, printed beside it (docs/domain.md#identifiers)."""
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValueError(f"slip numbers start at 1, got {seq!r}")
    return f"{seq:02d}/{symbol}"
