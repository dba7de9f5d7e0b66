"""Pages drawn directly as PDF operators: text lines, rules and line breaking.

For forms of hundreds of pages (the register, Mẫu 06) where an HTML layout engine spends
seconds per hundred rows; the short slips stay HTML rendered by WeasyPrint (slips/pdf.py).
Coordinates are measured from the page's top-left corner in points and turned over here.
Broken lines and encoded strings are remembered per document: a register repeats the same
procedure names, agencies and dates on every page.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

import pydyf

from vpub_onestop.slips.pdf_font import PdfFont, clean, load_font_file

MM = 72 / 25.4
LINE_HEIGHT = 1.22  # as the HTML forms' print.css
REGULAR, BOLD, ITALIC = "regular", "bold", "italic"
FONT_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
}


@dataclass
class Page:
    height: float
    text: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    current_font: tuple[str, float] | None = None


class Document:
    """A PDF of equal pages with the committed fonts, written once at the end."""

    def __init__(self, width: float, height: float) -> None:
        self.page_width, self.page_height = width, height
        self.fonts = {
            style: PdfFont(load_font_file(name), f"F{index}")
            for index, (style, name) in enumerate(FONT_FILES.items(), start=1)
        }
        self.pages: list[Page] = []
        self._wrapped: dict[tuple[str, str, float, float], list[str]] = {}
        self._baselines: dict[tuple[str, float], float] = {}

    def new_page(self) -> Page:
        page = Page(self.page_height)
        self.pages.append(page)
        return page

    # --- measuring and breaking ---------------------------------------------------------

    def width(self, text: str, style: str, size: float) -> float:
        return self.fonts[style].width(text, size)

    def wrap(self, text: str, style: str, size: float, width: float) -> list[str]:
        """`text` broken into lines no wider than `width`: at spaces, else after a hyphen or
        a dot, else anywhere (CSS overflow-wrap: anywhere). Explicit line breaks are kept."""
        key = (text, style, size, width)
        lines = self._wrapped.get(key)
        if lines is None and " " not in text and "\n" not in text:
            lines = [text] if self.fonts[style].width(text, size) <= width else None
        if lines is None:
            lines = self._wrapped[key] = self._wrap(text, self.fonts[style], size, width)
        return lines

    @staticmethod
    def _wrap(text: str, font: PdfFont, size: float, width: float) -> list[str]:
        lines: list[str] = []
        space = font.width(" ", size)
        for paragraph in text.split("\n"):
            current, used = "", 0.0
            for word in clean(paragraph).split(" "):
                word_width = font.width(word, size)
                if current and used + space + word_width <= width:
                    current, used = f"{current} {word}", used + space + word_width
                    continue
                if current:
                    lines.append(current)
                pieces = _split_word(font, word, size, width) if word_width > width else [word]
                lines.extend(pieces[:-1])
                current, used = pieces[-1], font.width(pieces[-1], size)
            lines.append(current)
        return lines

    # --- drawing --------------------------------------------------------------------------

    def text(self, page: Page, x: float, top: float, line: str, style: str, size: float) -> None:
        """One line whose box (LINE_HEIGHT × size) starts at `top`, its left edge at `x`."""
        font, drop = self.fonts[style], self.drop(style, size)
        if page.current_font != (style, size):
            page.text.append(f"/{font.resource} {size:.2f} Tf")
            page.current_font = (style, size)
        page.text.append(
            f"1 0 0 1 {x:.2f} {page.height - top - drop:.2f} Tm {font.encode(line)} Tj"
        )

    def drop(self, style: str, size: float) -> float:
        """From a line box's top to the baseline, the glyphs centred in the box."""
        drop = self._baselines.get((style, size))
        if drop is None:
            info = self.fonts[style].file
            glyph_height = (info.ascent - info.descent) * size / 1000
            drop = (LINE_HEIGHT * size - glyph_height) / 2 + info.ascent * size / 1000
            self._baselines[(style, size)] = drop
        return drop

    def offset_line(self, x: float, top: float, line: str, style: str, size: float) -> str:
        """Operators that draw `line` with its box's top-left corner at (x, top) from an
        origin set by `place`, and return to that origin: built once, a line (a date, a
        procedure's name) is placed on every row that shows it."""
        y = top + self.drop(style, size)
        encoded = self.fonts[style].encode(line)
        return f"{x:.2f} {-y:.2f} Td {encoded} Tj {-x:.2f} {y:.2f} Td"

    def place(self, page: Page, x: float, top: float, lines: str, style: str, size: float) -> None:
        """Draw `lines` (from `offset_line`, in that style and size) from the origin (x, top)."""
        if page.current_font != (style, size):
            page.text.append(f"/{self.fonts[style].resource} {size:.2f} Tf")
            page.current_font = (style, size)
        page.text.append(f"1 0 0 1 {x:.2f} {page.height - top:.2f} Tm")
        page.text.append(lines)

    def centred(
        self, page: Page, left: float, width: float, top: float, line: str, style: str, size: float
    ) -> float:
        """Draw `line` centred in [left, left + width]; return its drawn width."""
        drawn = self.width(line, style, size)
        self.text(page, left + (width - drawn) / 2, top, line, style, size)
        return drawn

    def rule(self, page: Page, x1: float, y1: float, x2: float, y2: float) -> None:
        h = page.height
        page.rules.append(f"{x1:.2f} {h - y1:.2f} m {x2:.2f} {h - y2:.2f} l")

    # --- output ---------------------------------------------------------------------------

    def write(self, footer: tuple[str, float] | None = None) -> bytes:
        """The PDF bytes; `footer` = (text with {page} and {pages}, distance of its line
        from the bottom edge), drawn centred on every page."""
        pdf = pydyf.PDF()
        total = len(self.pages)
        if footer:
            for number, page in enumerate(self.pages, start=1):
                line = footer[0].format(page=number, pages=total)
                self.centred(page, 0, self.page_width, page.height - footer[1], line, REGULAR, 7.5)
        fonts = pydyf.Dictionary(
            {font.resource: font.embed(pdf).reference for font in self.fonts.values() if font.used}
        )
        resources = pydyf.Dictionary({"Font": fonts})
        pdf.add_object(resources)
        box = pydyf.Array([0, 0, round(self.page_width, 2), round(self.page_height, 2)])
        for page in self.pages:
            ops = ["0.5 w", *page.rules, "S"] if page.rules else []
            body = "\n".join([*ops, "BT", *page.text, "ET"]).encode("ascii")
            # Level 1: nearly the size of level 6 on these repetitive streams, far faster.
            content = pydyf.Stream([zlib.compress(body, 1)], {"Filter": "/FlateDecode"})
            pdf.add_object(content)
            pdf.add_page(
                pydyf.Dictionary(
                    {
                        "Type": "/Page",
                        "Parent": pdf.pages.reference,
                        "MediaBox": box,
                        "Contents": content.reference,
                        "Resources": resources.reference,
                    }
                )
            )
        out = io.BytesIO()
        pdf.write(out)
        return out.getvalue()


def _split_word(font: PdfFont, word: str, size: float, width: float) -> list[str]:
    """A word wider than the column, in pieces: after its last hyphen or dot that fits,
    else as many characters as fit."""
    pieces: list[str] = []
    rest = word
    while font.width(rest, size) > width and len(rest) > 1:
        cut = 1
        for end in range(1, len(rest) + 1):
            if font.width(rest[:end], size) > width:
                break
            cut = end
        soft = max(rest.rfind("-", 0, cut), rest.rfind(".", 0, cut))
        if soft > 0:
            cut = soft + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces
