"""The register (Mẫu 06) drawn over several pages as the printed book reads: the column
heads again on every page, each row whole on one page, the pages numbered "Trang n/N",
the total and the signature at the end, its fonts inside the file."""

from __future__ import annotations

import io
import re
from datetime import date

from flask import Flask
from pypdf import PdfReader

from tests.services.support import actor, fresh, local, unit_id
from tests.web.slips import scenarios as sc
from tests.web.slips.conftest import A4_LANDSCAPE, page_sizes
from vpub_onestop.services import slips

DOSSIERS = 30  # about twelve rows fit under the heading, fourteen on a following page


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_a_register_of_several_pages_repeats_the_heads_and_keeps_rows_whole(
    app: Flask,
) -> None:
    with app.app_context():
        codes = []
        for n in range(DOSSIERS):
            received = local(2026, 3, 2 + n // 8, 8 + n % 8, 15)  # eight a day from Monday
            codes.append(str(fresh(sc.counter_receipt(received=received)).code))
        pdf = slips.render_register(
            unit_id("px_quynhon"), date(2026, 3, 1), date(2026, 3, 31), actor(sc.COMMUNE_DESK)
        )

    pages = _pages(pdf)
    assert len(pages) >= 3
    assert set(page_sizes(pdf)) == {A4_LANDSCAPE}
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"Trang {number}/{len(pages)}" in text
    # the heads and the column numbers again on each page that has rows
    without_heads = [
        number
        for number, text in enumerate(pages[:-1], start=1)
        if "Tên thủ tục hành chính" not in text or "(13)" not in text
    ]
    assert without_heads == []
    for number, text in enumerate(pages[:-1], start=1):
        # every row on the page is whole: its code and its applicant's phone (the last line
        # of the address cell) are on the same page, as many of one as of the other
        on_page = [code for code in codes if code in text]
        assert on_page, f"page {number} shows no dossier"
        assert text.count("0905123456") == len(on_page)
    every = " ".join(pages)
    assert [code for code in codes if every.count(code) == 1] == codes  # each once, in full
    # in the order received, numbered 1..30 in the STT column
    assert sorted(codes, key=every.index) == codes
    assert re.search(rf"\b{DOSSIERS} {re.escape(codes[-1])}", every)
    assert f"Tổng số: {DOSSIERS} hồ sơ." in pages[-1] and "NGƯỜI LẬP SỔ" in pages[-1]


def test_an_empty_period_prints_the_frame_and_says_so(app: Flask) -> None:
    with app.app_context():
        pdf = slips.render_register(
            unit_id("px_quynhon"), date(2026, 2, 1), date(2026, 2, 28), actor(sc.COMMUNE_DESK)
        )

    (text,) = _pages(pdf)
    assert "Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này." in text
    assert "Tổng số: 0 hồ sơ." in text and "Trang 1/1" in text


def test_the_register_carries_its_fonts(app: Flask) -> None:
    """Printed on a machine without Liberation Serif, the letters must look the same: each
    font is embedded (a subset) and maps back to Unicode for search and copy."""
    with app.app_context():
        sc.counter_receipt(received=local(2026, 3, 2, 9))
        pdf = slips.render_register(
            unit_id("px_quynhon"), date(2026, 3, 1), date(2026, 3, 31), actor(sc.COMMUNE_DESK)
        )

    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert len(fonts) >= 2  # regular and bold at least
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor and "/ToUnicode" in font
        assert "LiberationSerif" in str(font["/BaseFont"])
