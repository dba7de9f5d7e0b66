"""Reading the CSV file of a bulk account import (docs/architecture.md#admin-audit): one
account per line, columns username, full name, role, agency code, e-mail, phone, under a
header naming them (in English or in Vietnamese without accents). Pure: text in, rows or
problems out; the service decides what each row would do to the accounts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.roles import Role

MAX_ROWS = 5000
COLUMNS = ("username", "full_name", "role", "agency_code", "email", "phone")
# Header spellings accepted for each column (compared in lower case, spaces as "_").
_ALIASES = {
    "username": ("username", "ten_dang_nhap"),
    "full_name": ("full_name", "ho_ten", "ho_va_ten"),
    "role": ("role", "vai_tro"),
    "agency_code": ("agency_code", "agency", "ma_co_quan"),
    "email": ("email", "thu_dien_tu"),
    "phone": ("phone", "dien_thoai", "so_dien_thoai"),
}
REQUIRED = ("username", "full_name", "role")


@dataclass(frozen=True)
class CsvAccount:
    line: int  # the line number in the file (the header is line 1)
    username: str
    full_name: str
    role: Role | None  # None: not a known role (the problem says which)
    agency_code: str | None
    email: str | None
    phone: str | None
    problems: tuple[Message, ...] = ()


class CsvProblem(Exception):
    """The file as a whole cannot be read (no header, a missing column, too many rows)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def read_accounts(text: str) -> list[CsvAccount]:
    """The file's accounts, each with the problems found in its own line."""
    sample = text[:2048]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column or an odd file: read as plain comma-separated
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), dialect)
    header = next(reader, None)
    if not header:
        raise CsvProblem(N_("Tệp trống: cần một dòng tiêu đề và các dòng tài khoản."))
    positions = _positions(header)
    accounts: list[CsvAccount] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(accounts) >= MAX_ROWS:
            raise CsvProblem(N_("Tệp có quá %(n)s tài khoản: chia thành nhiều tệp.", n=MAX_ROWS))
        accounts.append(_account(number, cells, positions))
    if not accounts:
        raise CsvProblem(N_("Tệp không có dòng tài khoản nào."))
    return accounts


def _positions(header: list[str]) -> dict[str, int]:
    names = [cell.strip().lower().replace(" ", "_") for cell in header]
    positions: dict[str, int] = {}
    for column, aliases in _ALIASES.items():
        for index, name in enumerate(names):
            if name in aliases:
                positions[column] = index
                break
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        raise CsvProblem(
            N_(
                "Dòng tiêu đề thiếu cột: %(columns)s (cần: %(all)s).",
                columns=", ".join(missing),
                all=", ".join(COLUMNS),
            )
        )
    return positions


def _account(number: int, cells: list[str], positions: dict[str, int]) -> CsvAccount:
    def cell(column: str) -> str:
        index = positions.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    problems: list[Message] = []
    role_text = cell("role").lower()
    role = next((r for r in Role if r.value == role_text), None)
    if role is None:
        problems.append(
            N_(
                "Vai trò '%(role)s' không có; dùng một trong: %(roles)s.",
                role=role_text,
                roles=", ".join(r.value for r in Role),
            )
        )
    return CsvAccount(
        line=number,
        username=cell("username"),
        full_name=cell("full_name"),
        role=role,
        agency_code=cell("agency_code") or None,
        email=cell("email") or None,
        phone=cell("phone") or None,
        problems=tuple(problems),
    )
