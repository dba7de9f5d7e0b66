"""Sending a stored file: always as an attachment, under the name the app makes
(domain.file_names), never the uploader's, with the content type found on upload, no
sniffing, and no copy kept by a cache (personal data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, send_file
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from vpub_onestop.domain.file_names import download_name
from vpub_onestop.storage import file_store

if TYPE_CHECKING:
    from vpub_onestop.models import DossierFile


def send_stored(stored: DossierFile) -> Response:
    name = download_name(
        dossier_code=stored.dossier.code,
        dossier_id=stored.dossier_id,
        file_id=stored.id,
        kind=stored.kind,
        result_code=stored.result_code,
        content_type=stored.content_type,
    )
    return send_from_store(stored.stored_name, stored.content_type, name)


def send_from_store(stored_name: str, content_type: str | None, name: str) -> Response:
    """The file stored as `stored_name` (dossier file or job file), downloaded as `name`;
    404 with a clear message when the store no longer has it."""
    try:
        opened = file_store().open(stored_name)
    except FileNotFoundError:
        raise NotFound(_("Tệp không còn trên máy chủ lưu trữ.")) from None
    # A stream, whatever the store: from a bucket the bytes pass through the app (the bucket
    # stays private) chunk by chunk, never whole in memory.
    response = send_file(
        opened.stream,
        mimetype=content_type,
        as_attachment=True,
        download_name=name,
        conditional=False,
        etag=False,
    )
    response.content_length = opened.size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
