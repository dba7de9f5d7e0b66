"""Reading the monitoring pages and their files back, the way a person would read them."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from flask.testing import FlaskClient
from openpyxl import load_workbook

from tests.web.conftest import log_in

PASSWORD = "password-123"


def sign_in(client: FlaskClient, username: str) -> None:
    response = log_in(client, username, PASSWORD)
    assert response.status_code == 302, f"{username} could not log in"


class _Tables(HTMLParser):
    """Collects {table id: {row label: {column key: shown text}}} from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, dict[str, str]]] = {}
        self.cards: dict[str, str] = {}
        self._table: str | None = None
        self._row: str | None = None
        self._key: str | None = None
        self._card: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("id"):
            self._table = str(found["id"]).removeprefix("table-")
            self.tables[self._table] = {}
        elif tag == "tr" and self._table and found.get("data-row") is not None:
            self._row = str(found["data-row"])
            self.tables[self._table][self._row] = {}
        elif tag == "td" and self._row is not None and found.get("data-key"):
            self._key, self._text = str(found["data-key"]), []
        elif tag == "a" and found.get("data-kind"):
            self._card = str(found["data-kind"])
        elif tag == "span" and self._card and "data-value" in found:
            self._key, self._text = "card", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._key and self._table and self._row is not None:
            self.tables[self._table][self._row][self._key] = " ".join("".join(self._text).split())
            self._key = None
        elif tag == "span" and self._key == "card" and self._card:
            self.cards[self._card] = "".join(self._text).strip()
            self._key, self._card = None, None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._key:
            self._text.append(data)


def html_tables(html: str) -> dict[str, dict[str, dict[str, str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def html_cards(html: str) -> dict[str, str]:
    parser = _Tables()
    parser.feed(html)
    return parser.cards


def xlsx_rows(content: bytes, sheet_title: str, label: str) -> dict[str, object]:
    """The row whose first cell is `label`, as {header: value}, from the named sheet."""
    book = load_workbook(io.BytesIO(content))
    sheet = book[sheet_title]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    # Above the table: the title, the lines saying what it covers, the table's name (one
    # cell each); the header is the first row with several cells.
    header = next(row for row in rows if sum(cell is not None for cell in row) >= 3)
    line = next(row for row in rows if row and row[0] == label)
    return {str(h): v for h, v in zip(header, line, strict=False)}


def csv_section(content: bytes, title: str) -> list[list[str]]:
    """The rows under a section title (header first), up to the next blank line."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    start = rows.index([title]) + 1
    section = []
    for row in rows[start:]:
        if not row:
            break
        section.append(row)
    return section
