"""The names the app gives a stored file, on disk and in a download (docs/architecture.md#files).

A file is never named by what its uploader typed: a PDF that is also an HTML page, sent as
`evil.html`, would be opened by a browser as a page of our site. The extension always
comes from the content type found in the file's first bytes on upload; the download name
from the dossier code and the kind of document; the name on disk is random.
"""

from __future__ import annotations

import re

# The formats a one-stop unit accepts, by content type (found by content, never by name).
EXTENSIONS: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}

# What each kind of stored file is, in the words of a file name (no diacritics: the name
# travels through mail clients and operating systems that mangle them).
KIND_WORDS: dict[str, str] = {
    "component": "giay-to",  # a document the applicant submitted
    "draft": "du-thao",  # a step's proposed document
    "working": "tai-lieu-xu-ly",  # an agency's working file
}

# Other spellings of the same format: "anh.jpeg" keeps its name.
SAME_FORMAT: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({".pdf"}),
    "image/jpeg": frozenset({".jpg", ".jpeg", ".jpe"}),
    "image/png": frozenset({".png"}),
}

_UNSAFE = re.compile(r"[^0-9A-Za-z.\-]+")


def extension_for(content_type: str) -> str:
    """The extension of a content type we accept; anything else is plain binary data."""
    return EXTENSIONS.get(content_type, ".bin")


def name_for_content(name: str, content_type: str) -> str:
    """The uploader's name with the extension of what the file really is: a photo sent as
    "giay-khai-sinh.pdf" is listed (and later downloaded, opened, printed) as
    "giay-khai-sinh.jpg", so nobody looks for a PDF reader or a missing page. A name whose
    extension already names the format is kept; a tail that is not an extension (digits,
    long words: "bản 2.1") is kept and the right extension added."""
    right = EXTENSIONS.get(content_type)
    if right is None:
        return name
    stem, dot, tail = name.rpartition(".")
    if not dot or not stem:
        return name + right
    if "." + tail.lower() in SAME_FORMAT.get(content_type, frozenset({right})):
        return name
    looks_like_extension = tail[:1].isalpha() and tail.isalnum() and len(tail) <= 5
    return (stem if looks_like_extension else name) + right


def download_name(
    *,
    dossier_code: str | None,
    dossier_id: int,
    file_id: int,
    kind: str,
    result_code: str | None,
    content_type: str,
) -> str:
    """`<dossier code>_<kind>_<file id><ext>`, or `<result code><ext>` for a released
    result (`<code>-KQ1.pdf`). A dossier without a code yet (a draft) is `ho-so-<id>`."""
    extension = extension_for(content_type)
    if result_code:
        return _safe(result_code) + extension
    dossier = _safe(dossier_code) if dossier_code else f"ho-so-{dossier_id}"
    word = KIND_WORDS.get(kind, "tep")
    return f"{dossier}_{word}_{file_id}{extension}"


def _safe(text: str) -> str:
    # Dossier codes are letters, digits, dots and dashes; anything else (never expected)
    # becomes a dash rather than reaching a header or a file system.
    return _UNSAFE.sub("-", text).strip(".-") or "ho-so"
