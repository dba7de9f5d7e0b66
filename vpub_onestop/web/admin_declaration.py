"""The declaration form editor, in the administration area:
`/quan-tri/thu-tuc/<version id>/to-khai`. Sections and fields are added, edited, moved and
removed one change at a time (each a POST with the form's revision, then back to the page);
the page shows what keeps the form from being published and a preview rendered by the
server as the applicant will see it (docs/domain.md#declaration-forms). Works without
JavaScript. A published or retired version is shown read-only: its form is changed in a
new draft, published through the version service (services/catalogue_versions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from vpub_onestop.domain.catalogue_versions import PublishRefused
from vpub_onestop.domain.declaration import editing
from vpub_onestop.domain.declaration.field_input import field_data, field_inputs
from vpub_onestop.domain.errors import (
    StaleDossier,
    TransitionNotAllowed,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.formatting import local_day
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.declaration_editor import EditorView
from vpub_onestop.services import catalogue_versions, declaration_editor
from vpub_onestop.web.admin_declaration_forms import (
    TYPE_LABELS,
    HeadingForm,
    MoveForm,
    RevisionForm,
    SectionForm,
)
from vpub_onestop.web.admin_declaration_page import (
    editor_page,
    field_form,
    revision_of,
    view_or_404,
)
from vpub_onestop.web.errors import error_message, translated
from vpub_onestop.web.workspace import acting_officer, now_utc, roles_required, show_errors

bp = Blueprint(
    "admin_declaration", __name__, url_prefix="/quan-tri/thu-tuc/<int:procedure_id>/to-khai"
)
admin_only = roles_required(Role.ADMIN)


def _apply(
    procedure_id: int,
    form: RevisionForm,
    action: str,
    change: Callable[[editing.Definition], editing.Definition],
) -> None:
    declaration_editor.change_form(
        acting_officer(), procedure_id, revision_of(form), action, change
    )


def _show(form: RevisionForm, error: ValidationError | StaleDossier) -> None:
    """Field errors under their fields; a newer revision ("reload") on top."""
    if isinstance(error, ValidationError):
        show_errors(form, error)
    else:
        form.form_errors.insert(0, error_message(error))


def _back(procedure_id: int, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("admin_declaration.editor", procedure_id=procedure_id))


def _refused(
    procedure_id: int, error: ValidationError | StaleDossier | TransitionNotAllowed
) -> Response:
    flash(error_message(error), "danger")
    return redirect(url_for("admin_declaration.editor", procedure_id=procedure_id))


@bp.get("")
@admin_only
def editor(procedure_id: int) -> tuple[str, int]:
    return editor_page(view_or_404(procedure_id))


@bp.post("/tieu-de")
@admin_only
def heading(procedure_id: int) -> Response | tuple[str, int]:
    view = view_or_404(procedure_id)
    form = HeadingForm()
    if not form.validate_on_submit():
        return editor_page(view, 422, heading=form)
    fields = {
        "title": form.title.data or "",
        "legal_form": form.legal_form.data or "",
        "document": form.document.data or "",
    }
    try:
        _apply(procedure_id, form, "heading", lambda d: editing.set_heading(d, **fields))
    except (ValidationError, StaleDossier) as error:
        _show(form, error)
        return editor_page(view, error.http_status, heading=form)
    return _back(procedure_id, _("Đã lưu tên tờ khai."))


@bp.post("/phan")
@admin_only
def add_section(procedure_id: int) -> Response | tuple[str, int]:
    view = view_or_404(procedure_id)
    form = SectionForm()
    if not form.validate_on_submit():
        return editor_page(view, 422, section_form=form)
    key, title = (form.key.data or "").strip(), (form.title.data or "").strip()
    try:
        _apply(procedure_id, form, "add_section", lambda d: editing.add_section(d, key, title))
    except (ValidationError, StaleDossier) as error:
        _show(form, error)
        return editor_page(view, error.http_status, section_form=form)
    return _back(procedure_id, _("Đã thêm phần “%(title)s”.", title=title))


@bp.post("/phan/<key>/di-chuyen")
@admin_only
def move_section(procedure_id: int, key: str) -> Response:
    form = MoveForm()
    direction = form.wanted()
    if not form.validate_on_submit() or direction is None:
        abort(400)
    try:
        _apply(
            procedure_id, form, "move_section", lambda d: editing.move_section(d, key, direction)
        )
    except (ValidationError, StaleDossier) as error:
        return _refused(procedure_id, error)
    return _back(procedure_id, _("Đã chuyển phần."))


@bp.post("/phan/<key>/xoa")
@admin_only
def remove_section(procedure_id: int, key: str) -> Response:
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        _apply(procedure_id, form, "remove_section", lambda d: editing.remove_section(d, key))
    except (ValidationError, StaleDossier) as error:
        return _refused(procedure_id, error)
    return _back(procedure_id, _("Đã xóa phần."))


@bp.post("/truong")
@admin_only
def add_field(procedure_id: int) -> Response | tuple[str, int]:
    view = view_or_404(procedure_id)
    form = field_form(view)
    if not form.validate_on_submit():
        return editor_page(view, 422, field_form=form)
    try:
        field = field_data(form.inputs())
        section, group = form.section.data or "", form.group.data or None
        _apply(
            procedure_id,
            form,
            "add_field",
            lambda d: editing.add_field(d, section, field, group=group),
        )
    except (ValidationError, StaleDossier) as error:
        _show(form, error)
        return editor_page(view, error.http_status, field_form=form)
    return _back(procedure_id, _("Đã thêm trường “%(label)s”.", label=field["label"]))


def _stored_field(view: EditorView, key: str) -> dict[str, Any]:
    for section in view.definition["sections"]:
        for item in section["fields"]:
            if item["key"] == key:
                return item
            for inner in item.get("fields", []):
                if inner["key"] == key:
                    return inner
    abort(404)


@bp.route("/truong/<key>", methods=["GET", "POST"])
@admin_only
def edit_field(procedure_id: int, key: str) -> Response | tuple[str, int]:
    view = view_or_404(procedure_id)
    stored = _stored_field(view, key)
    if not view.locked and request.method == "POST":
        form = field_form(view)
        if form.validate_on_submit():
            try:
                field = field_data(form.inputs())
                _apply(
                    procedure_id, form, "edit_field", lambda d: editing.update_field(d, key, field)
                )
            except (ValidationError, StaleDossier) as error:
                _show(form, error)
                status = error.http_status
            else:
                return _back(procedure_id, _("Đã lưu trường “%(label)s”.", label=field["label"]))
        else:
            status = 422
    else:
        form = field_form(view, formdata=None, revision=view.revision, **field_inputs(stored))
        status = 200
    page = render_template(
        "admin/declaration/field.html",
        title=_("Sửa trường") + f" · {key}",
        view=view,
        form=form,
        key=key,
        type_labels=TYPE_LABELS,
    )
    return page, status


@bp.post("/truong/<key>/di-chuyen")
@admin_only
def move_field(procedure_id: int, key: str) -> Response:
    form = MoveForm()
    direction = form.wanted()
    if not form.validate_on_submit() or direction is None:
        abort(400)
    try:
        _apply(procedure_id, form, "move_field", lambda d: editing.move_field(d, key, direction))
    except (ValidationError, StaleDossier) as error:
        return _refused(procedure_id, error)
    return _back(procedure_id, _("Đã chuyển trường."))


@bp.post("/truong/<key>/xoa")
@admin_only
def remove_field(procedure_id: int, key: str) -> Response:
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        _apply(procedure_id, form, "remove_field", lambda d: editing.remove_field(d, key))
    except (ValidationError, StaleDossier) as error:
        return _refused(procedure_id, error)
    return _back(procedure_id, _("Đã xóa trường."))


@bp.post("/ban-nhap")
@admin_only
def start_draft(procedure_id: int) -> Response:
    """A published version's form is changed in a new draft of the procedure (copied from
    the version in force, form included: services/catalogue_versions.py)."""
    view = view_or_404(procedure_id)
    if not RevisionForm().validate_on_submit():
        abort(400)
    try:
        draft_id = catalogue_versions.start_draft(acting_officer(), view.code)
    except (ValidationError, StaleDossier) as error:
        return _refused(procedure_id, error)
    flash(
        _("Đang sửa bản nháp của thủ tục: tờ khai được sao từ phiên bản đang áp dụng."), "success"
    )
    return redirect(url_for("admin_declaration.editor", procedure_id=draft_id))


@bp.post("/xuat-ban")
@admin_only
def publish(procedure_id: int) -> Response | tuple[str, int]:
    """Publish the draft through the version service: it checks the whole version (the
    form too) and replaces the version in force for new dossiers, in one transaction."""
    view = view_or_404(procedure_id)
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    revision = revision_of(form)
    if revision is None:
        raise VersionMissing()
    try:
        catalogue_versions.publish(
            acting_officer(), procedure_id, expected_revision=revision, today=local_day(now_utc())
        )
    except PublishRefused as refused:
        return editor_page(view, 422, refusal=[translated(problem) for problem in refused.problems])
    except (ValidationError, StaleDossier, TransitionNotAllowed) as error:
        return _refused(procedure_id, error)
    return _back(
        procedure_id, _("Đã xuất bản phiên bản %(n)s: hồ sơ mới dùng tờ khai này.", n=view.version)
    )


@bp.post("/bo")
@admin_only
def remove_form(procedure_id: int) -> Response:
    """The draft files no electronic form any more: applicants upload the paper one."""
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        declaration_editor.remove_form(acting_officer(), procedure_id, revision_of(form))
    except (ValidationError, StaleDossier, TransitionNotAllowed) as error:
        return _refused(procedure_id, error)
    return _back(procedure_id, _("Đã bỏ tờ khai điện tử của bản nháp này."))
