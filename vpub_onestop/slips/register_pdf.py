"""Mẫu 06, the register (Sổ theo dõi hồ sơ), drawn straight into PDF: A4 landscape, the
heading block of every form, then one row per dossier with the column heads repeated on
each page, the total and the signature.

A busy unit's month is ten thousand rows and more (a thousand pages): an HTML layout engine
needs minutes for that, this takes about a second (bench/PROFILE.md, "Register"). The
heading is the HTML forms' own (`pages.header`), drawn by slips/heading_pdf.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from vpub_onestop.domain import formatting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.slips.heading_pdf import draw_heading
from vpub_onestop.slips.pages import Header
from vpub_onestop.slips.pdf_draw import BOLD, ITALIC, LINE_HEIGHT, MM, REGULAR, Document, Page
from vpub_onestop.slips.register import RegisterRow

PAGE_W, PAGE_H = 297 * MM, 210 * MM
TOP, RIGHT, BOTTOM, LEFT = 10 * MM, 10 * MM, 12 * MM, 12 * MM
CONTENT_W = PAGE_W - LEFT - RIGHT
BODY = 8.0  # the table's text
SMALL = 7.0  # the column numbers
PAD_X, PAD_Y = 3.0, 1.5
EMPTY = "Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này."

# (heading, share of the width): the columns of Circular 01/2018's Mẫu 06, numbered (1)–(13).
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 4.0),
    ("Mã hồ sơ", 13.0),
    ("Tên thủ tục hành chính", 12.5),
    ("Số lượng hồ sơ (bộ)", 4.0),
    ("Tên cá nhân, tổ chức", 9.0),
    ("Địa chỉ, số điện thoại", 9.0),
    ("Cơ quan chủ trì giải quyết", 9.0),
    ("Nhận hồ sơ", 6.2),
    ("Hẹn trả kết quả", 6.2),
    ("Chuyển hồ sơ đến cơ quan giải quyết", 6.2),
    ("Có kết quả giải quyết", 6.2),
    ("Trả kết quả cho cá nhân, tổ chức", 6.2),
    ("Ghi chú", 8.5),
)
WIDTHS = [share * CONTENT_W / 100 for _, share in COLUMNS]
OFFSETS = [sum(WIDTHS[:n]) for n in range(len(WIDTHS))]
CENTRED = {0, 3, 7, 8, 9, 10, 11}  # serial, sets and the five moments


@dataclass(frozen=True)
class RegisterPrint:
    header: Header
    title: str
    start: date
    end: date
    rows: Sequence[RegisterRow]
    printer: str | None


def _moment(value: datetime | None, known: dict[int, str]) -> str:
    """ "01/10/2026" over "07:01", local time (the register's date columns); `known` keeps
    the minutes already spelled in this register (thousands of rows share them)."""
    if value is None:
        return ""
    minute = int(value.timestamp()) // 60
    text = known.get(minute)
    if text is None:
        local = value.astimezone(LOCAL_TZ)
        text = known[minute] = (
            f"{local.day:02d}/{local.month:02d}/{local.year}\n{local.hour:02d}:{local.minute:02d}"
        )
    return text


def _cells(index: int, row: RegisterRow, moments: dict[int, str]) -> list[str]:
    contact = "\n".join(part for part in (row.address, row.phone) if part)
    return [
        str(index),
        row.code,
        row.procedure,
        str(row.sets_count),
        row.applicant,
        contact,
        row.lead_agency or "",
        _moment(row.received_at, moments),
        _moment(row.appointment_at, moments),
        _moment(row.dispatched_at, moments),
        _moment(row.finished_at, moments),
        _moment(row.returned_at, moments),
        row.notes,
    ]


class _Layout:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.page: Page = doc.new_page()
        self.y = TOP
        self.body_top = TOP  # where this page's rows start, below the column heads
        self.lines: dict[tuple[int, int, str], str] = {}
        self.cells: dict[tuple[int, str], tuple[str, int]] = {}
        self.head_lines = [
            doc.wrap(title, BOLD, BODY, width - 2 * PAD_X)
            for (title, _), width in zip(COLUMNS, WIDTHS, strict=True)
        ]

    def line_height(self, size: float) -> float:
        return LINE_HEIGHT * size

    def block(self, lines: list[str], style: str, size: float, left: float, width: float) -> None:
        """Centred lines from self.y down."""
        for line in lines:
            self.doc.centred(self.page, left, width, self.y, line, style, size)
            self.y += self.line_height(size)

    # --- the table --------------------------------------------------------------------------

    def table_head(self) -> None:
        doc, page = self.doc, self.page
        tallest = max(len(lines) for lines in self.head_lines)
        height = tallest * self.line_height(BODY) + 2 * PAD_Y
        x = LEFT
        for lines, width in zip(self.head_lines, WIDTHS, strict=True):
            # vertically centred, as the HTML heads (vertical-align: middle)
            top = self.y + (height - len(lines) * self.line_height(BODY)) / 2
            for n, line in enumerate(lines):
                doc.centred(page, x, width, top + n * self.line_height(BODY), line, BOLD, BODY)
            x += width
        self.grid_row(height)
        numbers_h = self.line_height(SMALL) + 2 * PAD_Y
        x = LEFT
        for n, width in enumerate(WIDTHS, start=1):
            doc.centred(page, x, width, self.y + PAD_Y, f"({n})", ITALIC, SMALL)
            x += width
        self.grid_row(numbers_h)
        self.body_top = self.y

    def grid_row(self, height: float, columns: Sequence[float] = WIDTHS) -> None:
        """The borders of one table row from self.y, then move below it."""
        doc, page, y = self.doc, self.page, self.y
        doc.rule(page, LEFT, y, LEFT + CONTENT_W, y)
        doc.rule(page, LEFT, y + height, LEFT + CONTENT_W, y + height)
        x = LEFT
        doc.rule(page, x, y, x, y + height)
        for width in columns:
            x += width
            doc.rule(page, x, y, x, y + height)
        self.y += height

    def close_body(self) -> None:
        """The column rules of this page's rows, drawn once from the first row to the last
        (a row draws only its bottom rule)."""
        if self.y > self.body_top:
            x = LEFT
            self.doc.rule(self.page, x, self.body_top, x, self.y)
            for width in WIDTHS:
                x += width
                self.doc.rule(self.page, x, self.body_top, x, self.y)

    def next_page(self) -> None:
        self.close_body()
        self.page = self.doc.new_page()
        self.y = TOP
        self.table_head()

    def line(self, column: int, n: int, line: str) -> str:
        """The n-th line of a cell of `column`, drawn from the row's top-left corner; built
        once per distinct line and place (dates, times, names of procedures and agencies
        repeat on thousands of rows)."""
        key = (column, n, line)
        drawn = self.lines.get(key)
        if drawn is None:
            doc, width = self.doc, WIDTHS[column]
            if column in CENTRED:
                x = OFFSETS[column] + (width - doc.width(line, REGULAR, BODY)) / 2
            else:
                x = OFFSETS[column] + PAD_X
            top = PAD_Y + n * LINE_HEIGHT * BODY
            drawn = self.lines[key] = doc.offset_line(x, top, line, REGULAR, BODY)
        return drawn

    def cell(self, column: int, text: str) -> tuple[str, int]:
        """A cell's lines drawn from the row's corner, and how many: remembered per value."""
        drawn = self.cells.get((column, text))
        if drawn is None:
            inner = WIDTHS[column] - 2 * PAD_X
            lines = [
                line
                for paragraph in text.split("\n")
                for line in self.doc.wrap(paragraph, REGULAR, BODY, inner)
            ]
            ops = "\n".join(self.line(column, n, line) for n, line in enumerate(lines))
            drawn = self.cells[(column, text)] = (ops, len(lines))
        return drawn

    def body_row(self, cells: list[str]) -> None:
        doc, ops, tallest = self.doc, [], 1
        for column, text in enumerate(cells):
            if text:
                drawn, count = self.cell(column, text)
                ops.append(drawn)
                tallest = max(tallest, count)
        height = tallest * LINE_HEIGHT * BODY + 2 * PAD_Y
        if self.y + height > PAGE_H - BOTTOM:  # a row never splits across two pages
            self.next_page()
        doc.place(self.page, LEFT, self.y, "\n".join(ops), REGULAR, BODY)
        self.y += height
        doc.rule(self.page, LEFT, self.y, LEFT + CONTENT_W, self.y)

    def empty_row(self) -> None:
        height = self.line_height(BODY) + 2 * PAD_Y
        self.doc.centred(self.page, LEFT, CONTENT_W, self.y + PAD_Y, EMPTY, REGULAR, BODY)
        self.grid_row(height, [CONTENT_W])
        self.body_top = self.y  # no column rules through the one wide cell

    # --- the end: total and signature -------------------------------------------------------

    def closing(self, count: int, printer: str | None) -> None:
        doc = self.doc
        self.close_body()
        size = 9.5
        needed = 5 + 3 * self.line_height(size) + 6 + 12 * MM + self.line_height(size)
        if self.y + needed > PAGE_H - BOTTOM:  # the signature stays with the total
            self.page, self.y = doc.new_page(), TOP
        self.y += 5
        x = LEFT
        for part, style in (("Tổng số: ", REGULAR), (str(count), BOLD), (" hồ sơ.", REGULAR)):
            doc.text(self.page, x, self.y, part, style, size)
            x += doc.width(part, style, size)
        self.y += self.line_height(size) + 6
        half = CONTENT_W / 2
        self.block(["NGƯỜI LẬP SỔ"], BOLD, size, LEFT + half, half)
        self.block(["(Ký và ghi rõ họ tên)"], ITALIC, 8.5, LEFT + half, half)
        self.y += 12 * MM
        if printer:
            self.block([printer], BOLD, size, LEFT + half, half)


def render_register(register: RegisterPrint) -> bytes:
    doc = Document(PAGE_W, PAGE_H)
    layout = _Layout(doc)
    period = f"Từ ngày {formatting.day(register.start)} đến ngày {formatting.day(register.end)}"
    layout.y = draw_heading(doc, layout.page, LEFT, TOP, CONTENT_W, register.header, register.title)
    layout.block([period], ITALIC, 9.5, LEFT, CONTENT_W)
    layout.y += 6
    layout.table_head()
    moments: dict[int, str] = {}
    for index, row in enumerate(register.rows, start=1):
        layout.body_row(_cells(index, row, moments))
    if not register.rows:
        layout.empty_row()
    layout.closing(len(register.rows), register.printer)
    return doc.write(footer=("Trang {page}/{pages}", BOTTOM / 2))
