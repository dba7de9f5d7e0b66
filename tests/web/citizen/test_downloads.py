"""A stored file is served under a name the app makes, never the uploader's.

The probe of issue 9: a file that is a valid PDF (it starts with `%PDF-`, so the upload
check takes it) and also carries an HTML page, uploaded as `evil.html`. Served under that
name, `inline`, a browser could open it as a page of our site. It must come back as an
attachment named from the dossier code and the kind of document, with the extension of
the content found on upload (`.pdf`), `nosniff`, and no copy kept in any cache; the same
whether the file lives in the local folder or in a bucket (streamed through the app).
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.conftest import STORAGE_BACKENDS, storage_on
from tests.services.support import unit_id
from tests.web.citizen.conftest import (
    MARRIAGE,
    document_ids,
    draft_fields,
    log_in,
    text,
    token,
    upload,
    version_in,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierFile
from vpub_onestop.storage import file_store


@pytest.fixture(params=STORAGE_BACKENDS)
def storage_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    return storage_on(request)


POLYGLOT = (
    b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    b"1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
)


def _submit_with(app: Flask, client: FlaskClient, name: str) -> tuple[int, str, int]:
    """The web flow (form with the file → review → submit): (dossier id, code, file id)."""
    with app.app_context():
        unit = unit_id("px_quynhon")
    start = f"/thu-tuc/{MARRIAGE}/nop-truc-tuyen"
    files = {f"doc_{doc}": upload(POLYGLOT, name) for doc in document_ids(app, MARRIAGE)}
    data = draft_fields(csrf_token=token(client, start), receiving_unit_id=unit, proceed="x")
    review = client.post(start, data={**data, **files}, content_type="multipart/form-data")
    assert review.status_code == 302, text(review)
    dossier_id = int(review.location.split("/")[-2])
    page = text(client.get(review.location))
    done = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={"csrf_token": token(client, review.location), "version": version_in(page)},
    )
    assert done.status_code == 302
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None and dossier.code
        file_id = db.session.scalars(
            select(DossierFile.id).where(DossierFile.dossier_id == dossier_id)
        ).first()
        assert file_id is not None
        return dossier_id, dossier.code, file_id


def _assert_served_safely(response: TestResponse, code: str, file_id: int) -> None:
    headers = response.headers
    assert response.status_code == 200
    assert response.data == POLYGLOT
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == (f"attachment; filename={code}_giay-to_{file_id}.pdf")
    assert "evil" not in headers["Content-Disposition"] and "html" not in headers["Content-Type"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Length"] == str(len(POLYGLOT))


def test_the_applicants_download_is_an_attachment_named_by_the_app(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    dossier_id, code, file_id = _submit_with(app, client, "evil.html")
    assert re.fullmatch(r"[0-9A-Z.]+-\d{6}-\d{4,}", code)
    downloaded = client.get(f"/ho-so-cua-toi/{dossier_id}/tep/{file_id}")
    _assert_served_safely(downloaded, code, file_id)
    # The pages list the file by what it is, a PDF (domain/file_names.py), never under the
    # ".html" its uploader gave it; the name on disk and in the download is the app's own.
    with app.app_context():
        stored = db.session.get(DossierFile, file_id)
        assert stored is not None
        assert stored.original_name == "evil.pdf"
        assert stored.stored_name.endswith(".pdf") and "evil" not in stored.stored_name


def test_the_officers_download_is_the_same_attachment(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen1")
    dossier_id, code, file_id = _submit_with(app, client, "evil.html")
    desk = app.test_client()
    log_in(desk, "reception.px_quynhon")
    downloaded = desk.get(f"/mot-cua/ho-so/{dossier_id}/tep/{file_id}")
    _assert_served_safely(downloaded, code, file_id)
    # No "open in the browser" variant is left for staff either.
    inline = desk.get(f"/mot-cua/ho-so/{dossier_id}/tep/{file_id}?tai=0")
    assert inline.headers["Content-Disposition"].startswith("attachment;")


def test_a_file_missing_from_the_store_is_a_plain_not_found(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    dossier_id, _, file_id = _submit_with(app, client, "to-khai.pdf")
    with app.app_context():
        stored = db.session.get(DossierFile, file_id)
        assert stored is not None
        file_store().delete(stored.stored_name)  # lost from the disk or the bucket
    missing = client.get(f"/ho-so-cua-toi/{dossier_id}/tep/{file_id}")
    assert missing.status_code == 404  # the "not found" page, not a server error
