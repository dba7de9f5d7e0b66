"""A paper's uploaded template as the API's procedure view shows it
(docs/domain.md#paper-templates): the public download link (answered while the version is
in force), the file name, type, size and sha256, so a system copying the catalogue can
check what it downloaded."""

from __future__ import annotations

from typing import Any

from flask import url_for

from vpub_onestop.domain.template_files import template_download_name
from vpub_onestop.queries.catalogue import DocumentLine
from vpub_onestop.storage.digests import stored_sha256

TEMPLATE_FILE = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "required": ["url", "file_name", "content_type", "size", "sha256"],
            "properties": {
                "url": {"type": "string"},
                "file_name": {"type": "string"},
                "content_type": {"type": "string"},
                "size": {"type": "integer"},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            },
        },
    ],
    "description": "The blank template an administrator uploaded for this paper (offered "
    "in place of the generated blank form): a public download while the version is in "
    "force, with the file's sha256 to check it; null when the paper has none.",
}


def template_file_view(code: str, number: int, doc: DocumentLine) -> dict[str, Any] | None:
    if not doc.uploaded_file or not doc.uploaded_type:
        return None
    digest = stored_sha256(doc.uploaded_file)
    if digest is None:  # the store lost it: the download would answer 404
        return None
    shown = doc.uploaded_file_name or template_download_name(code, number, doc.uploaded_type)
    return {
        "url": url_for("public.template_file", code=code, number=number),
        "file_name": shown,
        "content_type": doc.uploaded_type,
        "size": doc.uploaded_size if doc.uploaded_size is not None else 0,
        "sha256": digest,
    }
