"""Blank templates an administrator uploads for a required paper
(docs/domain.md#paper-templates): which formats are accepted, found by the file's content
and never by its name, and the names the app gives them on the store and in a citizen's
download.

Agencies keep their forms and declarations as PDF, Word (DOC/DOCX), OpenDocument text or
Excel files. A Word, OpenDocument or Excel file is a zip or an OLE2 container: the container alone
does not say which, so its table of contents is read (never its contents: nothing is
unpacked).
"""

from __future__ import annotations

import io
import re
import zipfile

PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATE_EXTENSIONS: dict[str, str] = {
    PDF: ".pdf",
    DOC: ".doc",
    DOCX: ".docx",
    ODT: ".odt",
    XLSX: ".xlsx",
}

# Stored templates are named `mau-<32 hex digits><extension>` and kept under their own
# folder (storage.key_of): the orphan sweep keeps one as long as a version's paper names it.
STORED_PREFIX = "mau-"
STORED_NAME = re.compile(
    rf"{STORED_PREFIX}[0-9a-f]{{32}}\.(?:"
    + "|".join(ext.lstrip(".") for ext in TEMPLATE_EXTENSIONS.values())
    + ")"
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# A Word 97-2003 file holds a stream called "WordDocument" (its name in UTF-16 in the
# container's directory); an Excel or PowerPoint file in the same container does not.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ODT_MIMETYPE = ODT.encode("ascii")


def template_content_type(data: bytes) -> str | None:
    """The format of `data` among the accepted ones, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_OLE2):
        return DOC if _WORD_STREAM in data else None
    if data.startswith(_ZIP):
        return _zip_format(data)
    return None


def _zip_format(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
            return ODT if archive.read("mimetype").strip() == _ODT_MIMETYPE else None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def extension_for_template(content_type: str) -> str:
    return TEMPLATE_EXTENSIONS.get(content_type, ".bin")


def template_download_name(procedure_code: str, number: int, content_type: str) -> str:
    """`mau-<procedure code>-<n><extension>`, as the generated blank form is named: letters,
    digits, dots and dashes only, so the name is safe in a header and on any file system."""
    code = re.sub(r"[^0-9A-Za-z.\-]+", "-", procedure_code).strip(".-") or "thu-tuc"
    return f"mau-{code}-{number}{extension_for_template(content_type)}"
