"""A TrueType font drawn straight into a PDF (for forms too long for WeasyPrint's layout):
glyph widths for line breaking, text encoded as glyph ids, and the embedded subset.

Text is shown with the Identity-H encoding (two bytes per glyph id) and carries a ToUnicode
map, so that the PDF's text can be searched and copied like WeasyPrint's. Vietnamese needs no
shaping: after NFC normalisation every letter with its marks is one precomposed glyph of
Liberation Serif.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pydyf
from fontTools import subset
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
MISSING = "?"  # shown for a character the font lacks (none in Vietnamese text)


@dataclass(frozen=True)
class FontFile:
    """What one font file says about its glyphs, read once per process."""

    path: Path
    postscript_name: str
    widths: dict[str, float]  # character -> advance in 1/1000 em
    hex_ids: dict[str, str]  # character -> its glyph id as 4 hex digits
    bbox: tuple[int, int, int, int]  # in 1/1000 em
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float


_load_lock = threading.Lock()


@cache
def _font_file(name: str) -> FontFile:
    path = FONT_DIR / name
    font = TTFont(path, lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    order = {glyph: index for index, glyph in enumerate(font.getGlyphOrder())}
    widths: dict[str, float] = {}
    hex_ids: dict[str, str] = {}
    for codepoint, glyph in font.getBestCmap().items():
        char = chr(codepoint)
        widths[char] = metrics[glyph][0] * scale
        hex_ids[char] = f"{order[glyph]:04x}"
    head, os2, post = font["head"], font["OS/2"], font["post"]
    return FontFile(
        path=path,
        postscript_name=str(font["name"].getDebugName(6) or path.stem),
        widths=widths,
        hex_ids=hex_ids,
        bbox=(
            round(head.xMin * scale),
            round(head.yMin * scale),
            round(head.xMax * scale),
            round(head.yMax * scale),
        ),
        ascent=round(os2.sTypoAscender * scale),
        descent=round(os2.sTypoDescender * scale),
        cap_height=round(getattr(os2, "sCapHeight", os2.sTypoAscender) * scale),
        italic_angle=float(post.italicAngle),
    )


def load_font_file(name: str) -> FontFile:
    with _load_lock:  # fontTools' lazy tables are not thread-safe while first read
        return _font_file(name)


def clean(text: str) -> str:
    """One line of text as it will be drawn: NFC (one glyph per letter), no control
    characters, runs of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class PdfFont:
    """One font as used in one document: measures, encodes and remembers the glyphs used."""

    file: FontFile
    resource: str  # the name pages use for it: "F1"
    used: dict[str, str] = field(default_factory=dict)  # glyph hex id -> character
    # A register repeats the same dates, names and procedures thousands of times.
    _encoded: dict[str, str] = field(default_factory=dict)
    _widths: dict[str, float] = field(default_factory=dict)

    def width(self, text: str, size: float) -> float:
        em = self._widths.get(text)
        if em is None:
            widths = self.file.widths
            em = self._widths[text] = sum([widths.get(char, 500.0) for char in text])
        return em * size / 1000

    def encode(self, text: str) -> str:
        """`text` as a PDF hex string of glyph ids, e.g. "<002b0048>"."""
        encoded = self._encoded.get(text)
        if encoded is not None:
            return encoded
        hex_ids, used = self.file.hex_ids, self.used
        parts = []
        for char in text:
            gid = hex_ids.get(char) or hex_ids[MISSING]
            if gid not in used:
                used[gid] = char if char in hex_ids else MISSING
            parts.append(gid)
        encoded = self._encoded[text] = "<" + "".join(parts) + ">"
        return encoded

    def embed(self, pdf: pydyf.PDF) -> pydyf.Dictionary:
        """Add the font's objects (the subset of the glyphs used) and return the font
        dictionary to reference from the pages."""
        info = self.file
        gids = sorted(int(h, 16) for h in self.used)
        tag = "".join(chr(ord("A") + (sum(gids) // 26**i) % 26) for i in range(6))
        name = f"{tag}+{info.postscript_name}"
        program = _subset(info.path, tuple(gids))
        font_file = pydyf.Stream([program], {"Length1": len(program)}, compress=True)
        pdf.add_object(font_file)
        descriptor = pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": pydyf.name(name),
                "Flags": 34,  # serif, non-symbolic
                "FontBBox": pydyf.Array(info.bbox),
                "ItalicAngle": info.italic_angle,
                "Ascent": info.ascent,
                "Descent": info.descent,
                "CapHeight": info.cap_height,
                "StemV": 80,
                "FontFile2": font_file.reference,
            }
        )
        pdf.add_object(descriptor)
        widths = pydyf.Array()
        for gid in gids:
            char = self.used[f"{gid:04x}"]
            widths.extend([gid, pydyf.Array([round(info.widths.get(char, 500.0))])])
        cid_font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": pydyf.name(name),
                "CIDSystemInfo": pydyf.Dictionary(
                    {
                        "Registry": pydyf.String("Adobe"),
                        "Ordering": pydyf.String("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": descriptor.reference,
                "W": widths,
                "CIDToGIDMap": "/Identity",
            }
        )
        pdf.add_object(cid_font)
        to_unicode = pydyf.Stream([_to_unicode(self.used)], compress=True)
        pdf.add_object(to_unicode)
        font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": pydyf.name(name),
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([cid_font.reference]),
                "ToUnicode": to_unicode.reference,
            }
        )
        pdf.add_object(font)
        return font


def _subset(path: Path, gids: tuple[int, ...]) -> bytes:
    """The font program cut down to `gids`, keeping each glyph's id (the text shows ids)."""
    options = subset.Options()
    options.retain_gids = True
    options.hinting = False
    options.notdef_outline = True
    options.layout_features = []
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps: unused
    options.name_IDs = [1, 2, 3, 4, 6]
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=list(gids))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _to_unicode(used: dict[str, str]) -> bytes:
    """The CMap from glyph ids back to characters (PDF 1.7 §9.10.3)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <ffff>",
        "endcodespacerange",
    ]
    pairs = sorted(used.items())
    for start in range(0, len(pairs), 100):  # at most 100 entries per block
        block = pairs[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{gid}> <{char.encode('utf-16-be').hex()}>" for gid, char in block)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMapResource defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
