"""A long drill-down list exported: the CSV leaves in pieces as it is written, the workbook
is written front to back, and both still hold every row with the page's formatting."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from vpub_onestop.queries.stats_tables import Column, ReportDocument, ReportTable, Row
from vpub_onestop.services.exports import CSV_CHUNK_ROWS, iter_csv, write_xlsx

ROWS = 3 * CSV_CHUNK_ROWS + 7
START = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam (UTC+7)
COLUMNS = (
    Column("code", "Mã hồ sơ", kind="text", width=26),
    Column("applicant", "Người nộp", kind="text", width=26),
    Column("due_at", "Hạn giải quyết", kind="datetime", width=17),
)


def _long_list() -> ReportDocument:
    rows = [
        Row(
            {
                "code": f"H12-260301-{i:04d}",
                "applicant": "=1+1" if i == 5 else "Trần Thị Bích",
                "due_at": START + timedelta(minutes=i),
            }
        )
        for i in range(ROWS)
    ]
    table = ReportTable("dossiers", "Hồ sơ quá hạn", COLUMNS, rows, sheet="Danh sách hồ sơ")
    return ReportDocument("Danh sách hồ sơ quá hạn", [("Đơn vị", "Phường Quy Nhơn")], [table])


def test_the_csv_leaves_in_pieces_and_holds_every_row_once() -> None:
    chunks = list(iter_csv(_long_list()))
    assert len(chunks) > 3  # sent while written, not built whole first
    text = b"".join(chunks).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    codes = [row[0] for row in rows if row and row[0].startswith("H12-")]
    assert codes == [f"H12-260301-{i:04d}" for i in range(ROWS)]
    # 01:07 UTC is 08:07 in Vietnam, written the way the page writes it.
    assert ["H12-260301-0007", "Trần Thị Bích", "08:07 01/03/2026"] in rows


def test_the_workbook_holds_every_row_with_local_dates_and_a_frozen_header() -> None:
    buffer = io.BytesIO()
    write_xlsx(_long_list(), buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["Danh sách hồ sơ"]
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if row[0].value == "Mã hồ sơ")
    data = rows[header + 1 :]
    assert len(data) == ROWS
    seventh = data[7]
    assert seventh[2].value == datetime(2026, 3, 1, 8, 7)  # local wall-clock time
    assert seventh[2].number_format == "dd/mm/yyyy hh:mm"
    assert data[5][1].value == "=1+1" and data[5][1].data_type == "s"  # text, not a formula
    assert sheet.freeze_panes == f"B{header + 2}"
    assert rows[header][0].font.bold
    assert sheet.column_dimensions["A"].width == 26
