"""Exports of the monitoring pages: Excel (openpyxl) and CSV, from the same ReportDocument
the page draws, so the files always hold the page's figures.

Excel: one sheet per table, Vietnamese headers, a bold totals row, set column widths, dates
in local time. CSV: UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly),
comma-separated, one section per table.

Both are written front to back, so their cost grows with the rows, not their square: the
CSV as an iterator of byte chunks (a streamed response), the workbook in openpyxl's
write-only mode straight into a file object. `write_xlsx(doc, fileobj)` and
`iter_csv(doc)` are what a page's download and a background export both call.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpub_onestop.domain import formatting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.queries.stats_tables import Column, ReportDocument, ReportTable

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_NUMBER_FORMATS = {
    "int": "#,##0",
    "percent": '0.0" %"',
    "number": "0.00",
    "decimal": "0.0",
    "datetime": "dd/mm/yyyy hh:mm",
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Text typed by the public (an applicant's name) must never become a spreadsheet formula.
_FORMULA_START = ("=", "+", "-", "@")
CSV_CHUNK_ROWS = 500  # rows per chunk of a streamed CSV


def _excel_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        # Excel has no time zones: write the local wall-clock time the page shows.
        return value.astimezone(LOCAL_TZ).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    if column.kind == "text":
        return str(value)
    return value


def _text_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return formatting.moment(value)
    text = str(value)
    if column.kind == "text" and text.startswith(_FORMULA_START):
        return "'" + text  # shown as typed; a spreadsheet will not evaluate it
    return text


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _styled(sheet: WriteOnlyWorksheet, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


CellMaker = Callable[[Any], Any]


def _cell_maker(sheet: WriteOnlyWorksheet, column: Column, **style: Any) -> CellMaker:
    """How one column's values become cells: a plain value where nothing is to be said (the
    cheap case), else the column's one styled cell given each row's value in turn (the
    write-only sheet writes a row out before the next is appended, as openpyxl does with
    its own cell). Text that merely starts with "=" stays text."""
    number_format = _NUMBER_FORMATS.get(column.kind)
    cell = _styled(sheet, None, **style)
    if number_format:
        cell.number_format = number_format
    styled = bool(number_format or style)

    def make(value: Any) -> Any:
        value = _excel_value(column, value)
        if value == "" and not styled:
            return None  # an empty cell is no cell
        is_formula = isinstance(value, str) and value.startswith("=")
        if not (styled or is_formula):
            return value
        if is_formula:
            text = _styled(sheet, value, **style)
            text.data_type = "s"
            return text
        cell.value = value
        return cell

    return make


def _write_table(sheet: WriteOnlyWorksheet, doc: ReportDocument, table: ReportTable) -> None:
    # A write-only sheet writes its widths and frozen panes before its first row.
    header_row = len(doc.meta) + 4  # title, meta lines, a blank line, the table's title
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"B{header_row + 1}"
    sheet.append([_styled(sheet, str(doc.title), font=_TITLE)])
    for label, value in doc.meta:
        sheet.append([f"{label}: {value}"])
    sheet.append([])
    sheet.append([_styled(sheet, str(table.title), font=_BOLD)])
    header_alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append(
        [
            _styled(
                sheet,
                str(column.header),
                font=_BOLD,
                fill=_HEADER_FILL,
                alignment=header_alignment,
            )
            for column in table.columns
        ]
    )
    makers = [(c.key, _cell_maker(sheet, c)) for c in table.columns]
    for row in table.rows:
        sheet.append([make(row.values.get(key)) for key, make in makers])
    if table.totals is not None:
        totals = table.totals
        bold = [(c.key, _cell_maker(sheet, c, font=_BOLD, fill=_TOTAL_FILL)) for c in table.columns]
        sheet.append([make(totals.get(key)) for key, make in bold])
    if table.note:
        sheet.append([])
        sheet.append([str(table.note)])


def write_xlsx(doc: ReportDocument, fileobj: IO[bytes]) -> None:
    """The workbook, written row by row into `fileobj` (a response's spool, a job's file)."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for table in doc.tables:
        sheet = book.create_sheet(_sheet_title(str(table.sheet or table.title), taken))
        _write_table(sheet, doc, table)
    book.save(fileobj)


def to_xlsx(doc: ReportDocument) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(doc, buffer)
    return buffer.getvalue()


def iter_csv(doc: ReportDocument) -> Iterator[bytes]:
    """The CSV in chunks of CSV_CHUNK_ROWS rows, the byte-order mark first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def flush() -> bytes:
        chunk = out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
        return chunk

    out.write("\ufeff")
    writer.writerow([str(doc.title)])
    for label, value in doc.meta:
        writer.writerow([f"{label}: {value}"])
    for table in doc.tables:
        writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerow([str(column.header) for column in table.columns])
        columns = table.columns
        for n, row in enumerate(table.rows, start=1):
            writer.writerow([_text_value(c, row.values.get(c.key)) for c in columns])
            if n % CSV_CHUNK_ROWS == 0:
                yield flush()
        if table.totals is not None:
            writer.writerow([_text_value(c, table.totals.get(c.key)) for c in columns])
    yield flush()


def to_csv(doc: ReportDocument) -> bytes:
    return b"".join(iter_csv(doc))
