"""The declaration form editor, in the administration area:
`/quan-tri/thu-tuc/<version id>/to-khai`. Sections and fields are added, edited, moved and
removed one change at a time (each a POST with the form's revision, then back to the page);
the page shows what keeps the form from being published and a preview rendered by the
server as the applicant will see it (docs/domain.md#declaration-forms). Works without
JavaScript. A version dossiers were filed under is shown read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from vpub_onestop.domain.declaration import editing
from vpub_onestop.domain.declaration.field_input import field_data, field_inputs
from vpub_onestop.domain.errors import StaleDossier, ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.queries.declaration_editor import EditorView, editor_view
from vpub_onestop.services import declaration_editor
from vpub_onestop.web import declaration_form as tk
from vpub_onestop.web.admin_declaration_forms import (
    TYPE_LABELS,
    FieldForm,
    HeadingForm,
    MoveForm,
    RevisionForm,
    SectionForm,
)
from vpub_onestop.web.errors import error_message, translated
from vpub_onestop.web.workspace import acting_officer, roles_required, show_errors

bp = Blueprint(
    "admin_declaration", __name__, url_prefix="/quan-tri/thu-tuc/<int:procedure_id>/to-khai"
)
admin_only = roles_required(Role.ADMIN)


def _view(procedure_id: int) -> EditorView:
    view = editor_view(db.session(), procedure_id)
    if view is None:
        abort(404)
    return view


def _field_form(view: EditorView, formdata: Any = None, **data: Any) -> FieldForm:
    form = FieldForm(formdata=formdata, **data) if formdata is not None else FieldForm(**data)
    form.section.choices = [SelectChoice(s["key"], s["title"]) for s in view.definition["sections"]]
    none = [SelectChoice("", _("— Không —"))]
    form.group.choices = none + [SelectChoice(key, label) for key, label in view.groups]
    fields = none + [SelectChoice(key, f"{label} ({key})") for key, label in view.field_keys]
    form.show_when_field.choices = fields
    form.required_when_field.choices = fields
    return form


def _page(view: EditorView, status: int = 200, **forms: Any) -> tuple[str, int]:
    heading = forms.pop("heading", None) or HeadingForm(
        formdata=None,
        title=view.definition.get("title"),
        legal_form=view.definition.get("legal_form"),
        document=view.definition.get("document"),
    )
    heading.document.choices = [SelectChoice("", _("— Không —"))] + [
        SelectChoice(name, name) for name in view.documents
    ]
    preview = tk.build_form(view.form, posted=False) if view.form else None
    page = render_template(
        "admin/declaration/editor.html",
        view=view,
        heading=heading,
        section_form=forms.pop("section_form", None) or SectionForm(formdata=None),
        field_form=forms.pop("field_form", None) or _field_form(view, formdata=None),
        plain=RevisionForm(formdata=None, revision=view.revision),
        type_labels=TYPE_LABELS,
        problems=[translated(problem) for problem in view.problems],
        blocks=tk.blocks(view.form, preview, {}) if view.form and preview else [],
        communes=tk.commune_names() if preview else [],
        add_row_name="tk-preview-add-row",
        **forms,
    )
    return page, status


def _apply(
    procedure_id: int,
    form: RevisionForm,
    action: str,
    change: Callable[[editing.Definition], editing.Definition],
) -> None:
    declaration_editor.change_form(
        acting_officer(), procedure_id, form.revision.data, action, change
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


def _refused(procedure_id: int, error: ValidationError | StaleDossier) -> Response:
    flash(error_message(error), "danger")
    return redirect(url_for("admin_declaration.editor", procedure_id=procedure_id))


@bp.get("")
@admin_only
def editor(procedure_id: int) -> tuple[str, int]:
    return _page(_view(procedure_id))


@bp.post("/tieu-de")
@admin_only
def heading(procedure_id: int) -> Response | tuple[str, int]:
    view = _view(procedure_id)
    form = HeadingForm()
    if not form.validate_on_submit():
        return _page(view, 422, heading=form)
    fields = {
        "title": form.title.data or "",
        "legal_form": form.legal_form.data or "",
        "document": form.document.data or "",
    }
    try:
        _apply(procedure_id, form, "heading", lambda d: editing.set_heading(d, **fields))
    except (ValidationError, StaleDossier) as error:
        _show(form, error)
        return _page(view, error.http_status, heading=form)
    return _back(procedure_id, _("Đã lưu tên tờ khai."))


@bp.post("/phan")
@admin_only
def add_section(procedure_id: int) -> Response | tuple[str, int]:
    view = _view(procedure_id)
    form = SectionForm()
    if not form.validate_on_submit():
        return _page(view, 422, section_form=form)
    key, title = (form.key.data or "").strip(), (form.title.data or "").strip()
    try:
        _apply(procedure_id, form, "add_section", lambda d: editing.add_section(d, key, title))
    except (ValidationError, StaleDossier) as error:
        _show(form, error)
        return _page(view, error.http_status, section_form=form)
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
    view = _view(procedure_id)
    form = _field_form(view)
    if not form.validate_on_submit():
        return _page(view, 422, field_form=form)
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
        return _page(view, error.http_status, field_form=form)
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
    view = _view(procedure_id)
    stored = _stored_field(view, key)
    if not view.locked and FieldForm().is_submitted():
        form = _field_form(view)
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
        form = _field_form(view, formdata=None, revision=view.revision, **field_inputs(stored))
        status = 200
    page = render_template(
        "admin/declaration/field.html", view=view, form=form, key=key, type_labels=TYPE_LABELS
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
