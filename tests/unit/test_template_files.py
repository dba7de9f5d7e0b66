"""Which uploaded templates are accepted: decided by the file's content, never its name
(docs/domain.md#paper-templates)."""

from __future__ import annotations

import io
import zipfile

from vpub_onestop.domain.template_files import (
    DOC,
    DOCX,
    ODT,
    PDF,
    XLSX,
    template_content_type,
    template_download_name,
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_each_accepted_format_is_recognised_by_its_content() -> None:
    assert template_content_type(b"%PDF-1.7\n...") == PDF
    assert template_content_type(OLE2 + b"\0" * 64 + "WordDocument".encode("utf-16-le")) == DOC
    word = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    assert template_content_type(_zip(word)) == DOCX
    sheet = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    assert template_content_type(_zip(sheet)) == XLSX
    odt = {"mimetype": ODT.encode(), "content.xml": b"<office:document-content/>"}
    assert template_content_type(_zip(odt)) == ODT


def test_other_files_are_refused_whatever_they_are_called() -> None:
    assert template_content_type(b"<html><body>to-khai.docx</body></html>") is None
    assert template_content_type(b"\xff\xd8\xff\xe0 a photo") is None
    # An Excel 97 workbook shares Word 97's container but has no Word stream.
    assert template_content_type(OLE2 + b"\0" * 64 + "Workbook".encode("utf-16-le")) is None
    # A zip of photos, a spreadsheet of OpenDocument, a broken zip.
    assert template_content_type(_zip({"anh.jpg": b"\xff\xd8\xff"})) is None
    ods = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}
    assert template_content_type(_zip(ods)) is None
    assert template_content_type(b"PK\x03\x04 not really a zip") is None
    assert template_content_type(b"") is None


def test_the_download_name_is_safe_in_a_header() -> None:
    assert template_download_name("1.001193", 2, DOCX) == "mau-1.001193-2.docx"
    assert template_download_name('x"; y\r\n', 1, PDF) == "mau-x-y-1.pdf"
