"""Online submission: the form with files, drafts, review, submit and acknowledgement."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import as_local, unit_id
from tests.web.citizen.conftest import (
    PDF,
    PNG,
    counts,
    document_ids,
    draft_fields,
    log_in,
    text,
    token,
    upload,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierFile, OutboxMessage

MARRIAGE = "1.000894"  # Đăng ký kết hôn: one mandatory document, one optional
START = f"/thu-tuc/{MARRIAGE}/nop-truc-tuyen"


def _unit(app: Flask, key: str = "px_quynhon") -> int:
    with app.app_context():
        return unit_id(key)


def _dossier_id(location: str) -> int:
    match = re.search(r"/ho-so-cua-toi/(\d+)/", location)
    assert match, location
    return int(match.group(1))


def test_the_form_is_prefilled_from_the_profile_and_proposes_a_commune_centre(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    page = text(client.get(START))
    assert 'value="citizen1@example.com"' in page  # the profile's email
    assert "Tờ khai đăng ký kết hôn" in page and 'name="doc_' in page
    # a commune procedure: the commune centre is chosen, the provincial centre is offered
    selected = re.search(r'<option selected value="(\d+)">([^<]+)</option>', page)
    assert selected and "phường" in selected.group(2)
    assert "Trung tâm Phục vụ hành chính công tỉnh Gia Lai" in page


def test_a_citizen_submits_with_files_and_sees_the_code_and_the_submission_time(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    mandatory, optional = document_ids(app, MARRIAGE)
    data = draft_fields(
        csrf_token=token(client, START),
        receiving_unit_id=_unit(app),
        proceed="x",
        **{
            f"doc_{mandatory}": [upload(PDF, "to-khai.pdf"), upload(PNG, "trang-2.png")],
            f"doc_{optional}": upload(PDF, "xac-nhan.pdf"),
        },
    )
    to_review = client.post(START, data=data, content_type="multipart/form-data")
    assert to_review.status_code == 302 and "/xem-lai" in to_review.location
    dossier_id = _dossier_id(to_review.location)

    review = text(client.get(to_review.location))
    assert "to-khai.pdf" in review and "trang-2.png" in review and "xac-nhan.pdf" in review
    version = re.search(r'name="version" type="hidden" value="(\d+)"', review)
    assert version
    submitted = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={"csrf_token": token(client, to_review.location), "version": version.group(1)},
    )
    assert submitted.status_code == 302 and submitted.location.endswith("/da-nop")

    page = text(client.get(submitted.location))
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None and dossier.state == "submitted" and dossier.code
        assert dossier.code.startswith("000.01.31.H21-")  # the commune centre's identifier
        assert dossier.code in page and (dossier.lookup_key or "") in page
        assert dossier.submitted_at is not None
        assert as_local(dossier.submitted_at).strftime("%H:%M %d/%m/%Y") in page
        files = db.session.scalars(select(DossierFile).where(DossierFile.dossier_id == dossier_id)).all()
        assert sorted(f.original_name for f in files) == ["to-khai.pdf", "trang-2.png", "xac-nhan.pdf"]
        email = db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dossier_id == dossier_id, OutboxMessage.channel == "email"
            )
        ).one()
        assert email.recipient == "an.nguyen@example.com"
        assert "Đã nộp hồ sơ trực tuyến" in email.subject and dossier.code in email.subject
