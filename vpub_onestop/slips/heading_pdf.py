"""The heading every official form opens with, drawn straight into PDF for the forms that
are not laid out as HTML (the register): the same facts (`pages.Header`) and the same
arrangement as templates/slips/_layout.html (Circular 01/2018's forms): the form number at
the top right; on the left the parent authority (cơ quan chủ quản) when there is one, above
the issuing unit in capitals, a short rule and the number; on the right the national motto,
underlined, and the place and date; then the title.
"""

from __future__ import annotations

from vpub_onestop.slips.pages import Header
from vpub_onestop.slips.pdf_draw import BOLD, ITALIC, LINE_HEIGHT, MM, REGULAR, Document, Page

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


class _Column:
    """Centred lines going down a column of the heading."""

    def __init__(self, doc: Document, page: Page, left: float, width: float, top: float) -> None:
        self.doc, self.page, self.left, self.width, self.y = doc, page, left, width, top

    def lines(self, text: str, style: str, size: float, wrap: bool = True) -> float:
        """Draw `text` (broken to the column when `wrap`); return the last line's width."""
        drawn = 0.0
        lines = self.doc.wrap(text, style, size, self.width - 2 * MM) if wrap else [text]
        for line in lines:
            drawn = self.doc.centred(self.page, self.left, self.width, self.y, line, style, size)
            self.y += LINE_HEIGHT * size
        return drawn

    def rule(self, length: float, at: float) -> None:
        start = self.left + (self.width - length) / 2
        self.doc.rule(self.page, start, at, start + length, at)


def draw_heading(
    doc: Document, page: Page, left: float, top: float, width: float, header: Header, title: str
) -> float:
    """Draw the heading and the title from `top`; return where the content goes on."""
    size = 8.5
    number_w = doc.width(header.form_number, BOLD, size)
    doc.text(page, left + width - number_w, top, header.form_number, BOLD, size)
    top += LINE_HEIGHT * size + 2
    agency = _Column(doc, page, left, width * 0.40, top)
    if header.parent_name:
        agency.lines(header.parent_name.upper(), REGULAR, 10)
    agency.lines(header.unit_name.upper(), BOLD, 10)
    agency.rule(agency.width * 0.32, agency.y + 2)
    agency.y += 2
    if header.number:
        agency.y += 3
        agency.lines(f"Số: {header.number}", REGULAR, 9)
    motto = _Column(doc, page, left + width * 0.40, width * 0.60, top)
    motto.lines(NATION, BOLD, 10, wrap=False)
    slogan_top = motto.y
    drawn = motto.lines(SLOGAN, BOLD, 11, wrap=False)
    motto.rule(drawn, slogan_top + 11 * 1.12)
    motto.y += 6
    motto.lines(header.place_date, ITALIC, 9, wrap=False)
    title_column = _Column(doc, page, left, width, max(agency.y, motto.y) + 10)
    title_column.lines(title.upper(), BOLD, 14)
    return title_column.y + 2
