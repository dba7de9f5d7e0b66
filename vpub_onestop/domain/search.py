"""What the staff search matches: one folded line of text per dossier, and the query
folded the same way, so that "nguyen van an" finds "Nguyễn Văn An" and "0001" finds the
code ending in it (docs/architecture.md#staff-search). Pure: no database."""

from __future__ import annotations

import re

from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.text import fold

# The database indexes runs of three characters (SQLite FTS5 trigram, PostgreSQL pg_trgm):
# a shorter query could not use the index and would match nearly every dossier.
MIN_QUERY_LENGTH = 3
MAX_QUERY_LENGTH = 100
# Fields are joined by a character no query keeps, so a match never spans two fields.
SEPARATOR = " | "
_SPACES = re.compile(r"\s+")
# A phone or ID typed with spaces, dots or dashes ("0905 123 456") is the digits alone.
_NUMBER_PUNCTUATION = re.compile(r"[\s.\-]")
_DIGITS = re.compile(r"\d+")
_TAX_CODE = re.compile(r"\d{10}(\d{3})?")


def _folded(value: str | None) -> str:
    return _SPACES.sub(" ", fold(value or "")).strip().replace("|", " ")


def _number(value: str | None) -> str:
    return _NUMBER_PUNCTUATION.sub("", value or "")


def dossier_search_text(
    *,
    code: str | None,
    applicant_name: str | None,
    owner_name: str | None,
    phone: str | None,
    id_number: str | None,
    owner_id_number: str | None,
    declaration: str | None = None,
) -> str:
    """The line the index holds for a dossier: its code, the names folded to lower-case
    ASCII, the numbers without punctuation, and the declaration's fields marked searchable
    (already folded: domain/declaration/printed.py)."""
    parts = [
        (code or "").lower(),
        _folded(applicant_name),
        _folded(owner_name),
        _number(phone),
        _number(id_number),
        _number(owner_id_number),
        declaration or "",
    ]
    return SEPARATOR.join(part for part in parts if part)


def normalise_query(raw: str | None) -> str:
    """The query as the index spells text: folded, single spaces; a number typed with
    separators loses them."""
    folded = _folded((raw or "")[: MAX_QUERY_LENGTH * 2])
    bare = _NUMBER_PUNCTUATION.sub("", folded)
    if bare and _DIGITS.fullmatch(bare) and " " in folded:
        return bare
    return folded[:MAX_QUERY_LENGTH]


def query_problem(query: str) -> Message | None:
    """Why a normalised query is not searched (None when it is)."""
    if not query:
        return N_("Nhập mã hồ sơ, tên, số điện thoại, số định danh hoặc tên thủ tục để tìm.")
    if len(query) < MIN_QUERY_LENGTH:
        return N_("Vui lòng nhập ít nhất %(count)d ký tự.", count=MIN_QUERY_LENGTH)
    return None


def tax_code_of(query: str) -> str | None:
    """The query as a tax code (10 or 13 digits, dashes allowed) or None."""
    bare = query.replace("-", "")
    return bare if _TAX_CODE.fullmatch(bare) else None


def account_search_text(
    *, username: str, full_name: str, email: str | None, phone: str | None
) -> str:
    """The line an account is found by in the administration's list: the username and
    the name folded like the dossier search, the e-mail in lower case, the phone's digits."""
    parts = [username.lower(), _folded(full_name), (email or "").lower(), _number(phone)]
    return SEPARATOR.join(part for part in parts if part)
