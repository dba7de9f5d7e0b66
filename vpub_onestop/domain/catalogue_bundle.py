"""The catalogue as a .zip for moving it between servers, say a test and a production one
(docs/domain.md#catalogue-import): `catalogue.json` (the JSON export, each uploaded
template named with its file name, size and sha256) and the template files under
`mau-giay-to/`, each named by its sha256, so a template shared by several procedures is
shipped once.

Reading one checks what a file could do to the server before anything is unpacked: a
bounded number of members, each template no bigger than an upload may be, and never a
path outside the archive's own names. Pure: errors are `EntryError` or, for one template,
a Vietnamese reason the dry run shows.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vpub_onestop.domain import formatting
from vpub_onestop.domain.catalogue_entry import EntryError
from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.template_files import extension_for_template, template_content_type

CATALOGUE_MEMBER = "catalogue.json"
TEMPLATE_FOLDER = "mau-giay-to/"
MAX_MEMBERS = 20_000  # far above a province's catalogue; refuses an archive of tiny files


def template_member(sha256: str, content_type: str) -> str:
    """`mau-giay-to/<sha256>.docx`: one member per distinct file."""
    return f"{TEMPLATE_FOLDER}{sha256}{extension_for_template(content_type)}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Bundle:
    """An archive read: its catalogue.json and the sizes of its template members; a
    member's bytes are read only when an import needs them (`read_member`)."""

    catalogue: bytes
    sizes: Mapping[str, int]
    content: bytes

    def read_member(self, name: str) -> bytes:
        with zipfile.ZipFile(io.BytesIO(self.content)) as archive:
            return archive.read(name)


def open_bundle(content: bytes) -> Bundle:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise EntryError(N_("Tệp .zip có quá nhiều tệp bên trong."))
            names = {info.filename: info for info in infos}
            if CATALOGUE_MEMBER not in names:
                raise EntryError(
                    N_("Tệp .zip phải có %(name)s (bản xuất danh mục).", name=CATALOGUE_MEMBER)
                )
            catalogue = archive.read(CATALOGUE_MEMBER)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise EntryError(N_("Tệp .zip không đọc được.")) from None
    sizes = {
        name: info.file_size
        for name, info in names.items()
        if name.startswith(TEMPLATE_FOLDER) and not info.is_dir()
    }
    return Bundle(catalogue, sizes, content)


def bundled_template(
    bundle: Bundle | None, declared: Mapping[str, Any], path: object, limit: int
) -> tuple[bytes | None, Message | None]:
    """The template a document names, checked: its bytes, or why it is refused (missing,
    too big, not the file the catalogue describes, not an accepted format)."""
    shown = str(declared["file_name"])
    if bundle is None or not isinstance(path, str) or path not in bundle.sizes:
        return None, N_(
            "Tệp mẫu “%(shown)s” không có trong tệp .zip (nhập tệp .zip do trang xuất tạo ra).",
            shown=shown,
        )
    if bundle.sizes[path] > limit:
        size = formatting.file_size(limit)
        return None, N_("Tệp mẫu “%(shown)s” vượt quá %(size)s.", shown=shown, size=size)
    data = bundle.read_member(path)
    if sha256_hex(data) != declared["sha256"] or len(data) != declared["size"]:
        return None, N_(
            "Tệp mẫu “%(shown)s” không khớp mã sha256 ghi trong catalogue.json "
            "(tệp hỏng hoặc đã bị sửa).",
            shown=shown,
        )
    if template_content_type(data) is None:
        return None, N_(
            "Tệp mẫu “%(shown)s” không phải PDF, DOC, DOCX, ODT hoặc XLSX "
            "(kiểm tra theo nội dung tệp, không theo tên).",
            shown=shown,
        )
    return data, None
