"""Uploading, replacing and removing the blank template of a draft's paper
(docs/domain.md#paper-templates). Each paper has its own small form (prefixed by the
paper's id, so the page's fields keep distinct names); a refused file comes back on the
draft's page with the reason next to the paper, and the paper keeps the template it had."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.services import paper_templates
from vpub_onestop.web.admin_catalogue import bp, version_or_404
from vpub_onestop.web.admin_catalogue_forms import (
    TemplateForm,
    TemplateRemoveForm,
    template_prefix,
)
from vpub_onestop.web.admin_catalogue_view import Forms, draft_page
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.workspace import acting_officer, roles_required, show_errors

# Read one byte past the limit: enough to know a file is too large without reading it all.
READ_SLACK = 1
UPLOADED = N_("Đã lưu mẫu của giấy tờ.")
REMOVED = N_("Đã bỏ mẫu tải lên của giấy tờ.")


def _paper_or_404(procedure: Any, document_id: int) -> None:
    if not any(document.id == document_id for document in procedure.documents):
        abort(404)


def _back(procedure_id: int, message: str) -> Response:
    flash(gettext(message), "success")
    return redirect(url_for("admin_catalogue.version", procedure_id=procedure_id, _anchor="mau"))


@bp.post("/phien-ban/<int:procedure_id>/giay-to/<int:document_id>/mau")
@roles_required(Role.ADMIN)
def upload_template(procedure_id: int, document_id: int) -> Response | tuple[str, int]:
    procedure = version_or_404(procedure_id)
    _paper_or_404(procedure, document_id)
    form = TemplateForm(prefix=template_prefix(document_id))
    if not form.validate_on_submit():
        return draft_page(procedure, Forms(template=form)), 422
    upload = form.tep.data
    sent = isinstance(upload, FileStorage)  # a text value under the file's name is no file
    try:
        if not sent or not upload.filename:
            raise ValidationError(
                N_("Chọn tệp mẫu để tải lên."), {"tep": N_("Chọn tệp mẫu để tải lên.")}
            )
        limit = int(current_app.config["UPLOAD_MAX_FILE_BYTES"])
        data = upload.read(limit + READ_SLACK)
        paper_templates.attach_template(
            acting_officer(),
            procedure_id,
            version_of(form) or 0,
            document_id,
            str(upload.filename),
            data,
        )
    except ValidationError as error:
        show_errors(form, error)
        return draft_page(procedure, Forms(template=form)), 422
    return _back(procedure_id, UPLOADED)


@bp.post("/phien-ban/<int:procedure_id>/giay-to/<int:document_id>/mau/xoa")
@roles_required(Role.ADMIN)
def remove_template(procedure_id: int, document_id: int) -> Response | tuple[str, int]:
    procedure = version_or_404(procedure_id)
    _paper_or_404(procedure, document_id)
    form = TemplateRemoveForm(prefix=template_prefix(document_id) + "xoa-")
    if not form.validate_on_submit():
        return draft_page(procedure), 422
    paper_templates.remove_template(
        acting_officer(), procedure_id, version_of(form) or 0, document_id
    )
    return _back(procedure_id, REMOVED)
