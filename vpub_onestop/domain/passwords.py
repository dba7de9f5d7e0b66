"""Password policy (docs/policies.md#passwords): long enough, not on the list of common
passwords, and not built from the account's own facts (name, username, ID number, phone).

Pure: the caller passes the common-password list (bundled with the package, loaded once by
services/password_policy.py) and the account's facts.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.text import fold

MAX_LENGTH = 128
# The published password of the demonstration accounts (README): never valid in production,
# even on an account seeded before accounts carried the demo marker.
DEMO_PASSWORD = "demo1234"
# A fact's piece shorter than this ("an", "lan") is too common inside ordinary words to refuse.
MIN_PERSONAL_PIECE = 4

COMMON = N_("Mật khẩu này quá phổ biến, dễ bị đoán. Vui lòng chọn mật khẩu khác.")
PERSONAL = N_(
    "Mật khẩu không được chứa họ tên, tên đăng nhập, số định danh hoặc số điện thoại của bạn."
)


def _compact(text: str) -> str:
    """Folded to lower-case ASCII, letters and digits only ("Trần Lan" -> "tranlan")."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def personal_pieces(facts: Iterable[str]) -> set[str]:
    """What a password may not contain: each fact whole (compacted) and each of its words,
    when at least MIN_PERSONAL_PIECE characters; a phone also without its leading 0."""
    pieces: set[str] = set()
    for fact in facts:
        whole = _compact(fact)
        words = [_compact(word) for word in re.split(r"[\s._@+-]+", fact)]
        for piece in (whole, *words):
            if len(piece) >= MIN_PERSONAL_PIECE:
                pieces.add(piece)
        if whole.isdigit() and whole.startswith("0") and len(whole) > MIN_PERSONAL_PIECE:
            pieces.add(whole[1:])
    return pieces


def length_problem(password: str, min_length: int) -> Message | None:
    """The policy's length alone (the forms check it next to the field as it is typed)."""
    if len(password) < min_length:
        return N_("Mật khẩu phải có ít nhất %(n)s ký tự.", n=min_length)
    if len(password) > MAX_LENGTH:
        return N_("Mật khẩu tối đa %(n)s ký tự.", n=MAX_LENGTH)
    return None


def password_problem(
    password: str,
    *,
    min_length: int,
    common: Collection[str],
    personal: Iterable[str] = (),
) -> Message | None:
    """Why `password` is refused, or None when it is acceptable."""
    too_short_or_long = length_problem(password, min_length)
    if too_short_or_long is not None:
        return too_short_or_long
    if fold(password).strip() in common or len(set(password)) <= 2:
        return COMMON
    compact = _compact(password)
    if any(piece in compact for piece in personal_pieces(personal)):
        return PERSONAL
    return None
