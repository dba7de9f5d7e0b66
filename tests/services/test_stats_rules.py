"""Counting rules at their edges: local dates, ratios, and what the export files look like."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

from flask import Flask
from openpyxl import load_workbook

from tests.services.support import local, unit_id
from tests.web.monitor.month_story import MARRIAGE, counter
from vpub_onestop.queries.stats import Counts
from vpub_onestop.queries.stats_report import build_report
from vpub_onestop.queries.stats_scope import Period, build_scope, percent
from vpub_onestop.queries.stats_tables import Column, ReportDocument, ReportTable, Row
from vpub_onestop.services.exports import to_csv, to_xlsx

LATER = datetime(2026, 6, 1, tzinfo=UTC)


def test_a_period_is_made_of_local_dates() -> None:
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    # Vietnam is UTC+7: the month starts at 17:00 UTC the day before.
    assert march.start_at == datetime(2026, 2, 28, 17, tzinfo=UTC)
    assert march.end_at == datetime(2026, 3, 31, 17, tzinfo=UTC)
    assert march.as_of(datetime(2026, 3, 15, tzinfo=UTC)) == datetime(2026, 3, 15, tzinfo=UTC)
    assert march.as_of(LATER) == march.end_at


def test_a_dossier_received_early_on_the_first_of_april_is_not_march(app: Flask) -> None:
    with app.app_context():
        # 06:30 on Wed 1/4 in Vietnam is still 31/3 in UTC (23:30).
        counter(MARRIAGE, local(2026, 4, 1, 6, 30))
        scope = build_scope(unit_id("px_quynhon"))
        march = build_report(scope, Period(date(2026, 3, 1), date(2026, 3, 31)), LATER)
        april = build_report(scope, Period(date(2026, 4, 1), date(2026, 4, 30)), LATER)
        assert (march.total.received, april.total.received) == (0, 1)


def test_the_monthly_chart_spans_at_least_half_a_year() -> None:
    assert Period(date(2026, 2, 10), date(2026, 2, 20)).months(at_least=6) == [
        date(2025, 9, 1),
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert len(Period(date(2025, 1, 1), date(2025, 12, 31)).months(at_least=6)) == 12


def test_ratios_round_half_up_and_say_nothing_without_work() -> None:
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 0) is None
    assert Counts().on_time_ratio is None  # nothing to process: no ratio, not 100 %
    assert Counts(received_direct=4, late=1).on_time_ratio == Decimal("75.0")


def _document() -> ReportDocument:
    columns = (
        Column("label", "Đơn vị", kind="text", width=40),
        Column("count", "Số hồ sơ", width=14),
        Column("ratio", "Tỷ lệ (%)", kind="percent"),
    )
    table = ReportTable(
        key="t",
        title="Bảng thống kê hồ sơ theo đơn vị tiếp nhận và theo lĩnh vực",
        columns=columns,
        rows=[Row({"label": "Phường Quy Nhơn", "count": 3, "ratio": Decimal("66.7")})],
        totals={"label": "Tổng cộng", "count": 3, "ratio": Decimal("66.7")},
    )
    return ReportDocument(
        "Báo cáo thử", [("Kỳ báo cáo", "01/03/2026 – 31/03/2026")], [table, table]
    )


def test_the_excel_file_has_vietnamese_headers_widths_and_a_bold_total() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(_document())))
    first, second = book.worksheets
    # Excel allows 31 characters per sheet name, all different.
    assert len(first.title) <= 31 and len(second.title) <= 31
    assert first.title != second.title
    rows = list(first.iter_rows(values_only=True))
    assert rows[0][0] == "Báo cáo thử"
    assert ("Đơn vị", "Số hồ sơ", "Tỷ lệ (%)") in rows
    total_row = next(row for row in first.iter_rows() if row[0].value == "Tổng cộng")
    assert total_row[0].font.bold
    assert total_row[2].value == 66.7
    assert first.column_dimensions["A"].width == 40


def test_the_csv_file_opens_in_excel_with_its_accents() -> None:
    content = to_csv(_document())
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "Đơn vị,Số hồ sơ,Tỷ lệ (%)\r\n" in text
    assert "Tổng cộng,3,66.7\r\n" in text


def test_text_from_the_public_never_becomes_a_formula() -> None:
    columns = (Column("name", "Người nộp", kind="text"), Column("count", "Số hồ sơ"))
    table = ReportTable("t", "Danh sách", columns, [Row({"name": "=HYPERLINK(1)", "count": 1})])
    doc = ReportDocument("Danh sách", [], [table])
    sheet = load_workbook(io.BytesIO(to_xlsx(doc))).active
    assert sheet is not None
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"
    assert "'=HYPERLINK(1),1" in to_csv(doc).decode("utf-8-sig")
