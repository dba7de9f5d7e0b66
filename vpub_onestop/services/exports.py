"""Exports of the monitoring pages: Excel (openpyxl) and CSV, from the same ReportDocument
the page draws, so the files always hold the page's figures.

Excel: one sheet per table, Vietnamese headers, a bold totals row, set column widths, dates
in local time. CSV: UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly),
comma-separated, one section per table.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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


def _write_table(sheet: Worksheet, doc: ReportDocument, table: ReportTable) -> None:
    sheet.append([str(doc.title)])
    sheet.cell(row=1, column=1).font = _TITLE
    for label, value in doc.meta:
        sheet.append([f"{label}: {value}"])
    sheet.append([])
    sheet.append([str(table.title)])
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    sheet.append([str(column.header) for column in table.columns])
    header_row = sheet.max_row
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in table.rows:
        sheet.append([_excel_value(c, row.values.get(c.key)) for c in table.columns])
        _format_row(sheet, table.columns)
    if table.totals is not None:
        sheet.append([_excel_value(c, table.totals.get(c.key)) for c in table.columns])
        _format_row(sheet, table.columns)
        for index in range(1, len(table.columns) + 1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            cell.font, cell.fill = _BOLD, _TOTAL_FILL
    if table.note:
        sheet.append([])
        sheet.append([str(table.note)])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)


def _format_row(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=sheet.max_row, column=index)
        number_format = _NUMBER_FORMATS.get(column.kind)
        if number_format:
            cell.number_format = number_format
        elif cell.data_type == "f":
            cell.data_type = "s"  # text that merely starts with "=" stays text


def to_xlsx(doc: ReportDocument) -> bytes:
    book = Workbook()
    taken: set[str] = set()
    first = True
    for table in doc.tables:
        sheet = book.active if first else book.create_sheet()
        assert isinstance(sheet, Worksheet)
        first = False
        sheet.title = _sheet_title(str(table.sheet or table.title), taken)
        _write_table(sheet, doc, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(doc: ReportDocument) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(doc.title)])
    for label, value in doc.meta:
        writer.writerow([f"{label}: {value}"])
    for table in doc.tables:
        writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerow([str(column.header) for column in table.columns])
        for row in table.rows:
            writer.writerow([_text_value(c, row.values.get(c.key)) for c in table.columns])
        if table.totals is not None:
            writer.writerow([_text_value(c, table.totals.get(c.key)) for c in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
