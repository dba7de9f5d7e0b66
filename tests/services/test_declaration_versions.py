"""A dossier keeps the declaration form of the procedure version it was filed under: a new
version whose form renames a field and adds a required one changes new dossiers only."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask

from tests.services.support import (
    APPLICANT,
    PDF,
    actor,
    document_ids,
    dossier_version,
    fresh,
    procedure_id,
    unit_id,
)
from vpub_onestop.access.declaration import declaration_of
from vpub_onestop.domain.declaration import editing
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.visibility import Audience, Viewer
from vpub_onestop.extensions import db
from vpub_onestop.models import Procedure
from vpub_onestop.services import catalogue_versions, declaration_editor, portal

CERTIFIED_COPY = "2.000815"  # Chứng thực bản sao: the form is the only thing asked online
ROW = {
    "gt_ten": "Bằng tốt nghiệp đại học",
    "gt_co_quan_cap": "Trường Đại học Quy Nhơn",
    "gt_so_trang": "1",
    "gt_so_ban": "3",
    "gt_nuoc_ngoai": "no",
}
ANSWERS = {
    "nyc_ho_ten": "Phạm Thị Hồng Nhung",
    "nyc_so_dinh_danh": "052195006789",
    "nyc_dien_thoai": "0935111222",
    "giay_to": [ROW],
}
ONE_STOP = Viewer(Audience.ONE_STOP)


def _publish_new_version(code: str) -> Procedure:
    """An administrator changes the form in a new draft and publishes it: the label of the
    first field and a new required e-mail field (services/declaration_editor.py on the
    version service, services/catalogue_versions.py)."""
    admin = actor("admin.ttpvhcc")
    draft_id = catalogue_versions.start_draft(admin, code)

    def change(form: dict[str, Any]) -> dict[str, Any]:
        people = form["sections"][0]["fields"]
        form = editing.update_field(
            form, people[0]["key"], {**people[0], "label": "Họ và tên người yêu cầu"}
        )
        email = {"key": "nyc_email", "type": "text", "label": "Thư điện tử", "required": True}
        return editing.add_field(form, form["sections"][0]["key"], email)

    revision = db.session.get(Procedure, draft_id).revision  # type: ignore[union-attr]
    declaration_editor.change_form(admin, draft_id, revision, "edit", change)
    db.session.expire_all()
    revision = db.session.get(Procedure, draft_id).revision  # type: ignore[union-attr]
    catalogue_versions.publish(admin, draft_id, expected_revision=revision, today=date(2026, 3, 10))
    db.session.expire_all()
    published = db.session.get(Procedure, draft_id)
    assert published is not None and published.is_current
    return published


def _draft(procedure: int, answers: dict[str, object], *, complete: bool) -> int:
    details = portal.DraftDetails(
        procedure_id=procedure,
        receiving_unit_id=unit_id("px_quynhon"),
        applicant=APPLICANT,
        answers=answers,
    )
    uploads = [
        portal.Upload(f"giay-to-{doc}.pdf", PDF, doc)
        for doc in document_ids(procedure, mandatory_only=True)
    ]
    return portal.save_draft(actor("citizen1"), details, uploads, require_complete=complete)


def test_an_old_dossier_keeps_its_form_version_after_a_new_one_is_published(app: Flask) -> None:
    with app.app_context():
        old_id = _draft(procedure_id(CERTIFIED_COPY), ANSWERS, complete=True)
        portal.submit(actor("citizen1"), old_id, expected_version=dossier_version(old_id))
        new_procedure = _publish_new_version(CERTIFIED_COPY)

        old = fresh(old_id)
        shown = declaration_of(old, ONE_STOP)
        assert shown is not None and shown.version == 1
        labels = [line.label for line in shown.sections[0].items]
        # The old dossier reads with its own form: the old label, no e-mail field.
        assert labels[0] == "Họ, chữ đệm, tên" and "Thư điện tử" not in labels

        # A new dossier on the new version must answer the new required field...
        try:
            _draft(new_procedure.id, ANSWERS, complete=True)
        except ValidationError as refused:
            assert refused.field_errors == {"tk.nyc_email": "Vui lòng điền mục này."}
        else:
            raise AssertionError("the new version's required field was not asked")
        # ...and reads with the new labels.
        new_id = _draft(
            new_procedure.id, {**ANSWERS, "nyc_email": "nhung@example.com"}, complete=True
        )
        new_shown = declaration_of(fresh(new_id), ONE_STOP)
        # The changed form took the next form version; the old one is still version 1.
        assert new_shown is not None and new_shown.version == 2
        assert new_shown.sections[0].items[0].label == "Họ và tên người yêu cầu"
        # The old dossier is still complete under its own version at any later check.
        assert fresh(old_id).form_version == 1
