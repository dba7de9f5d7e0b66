"""The declaration form editor's pages (web/admin_declaration.py): the editor with its
forms, the form's problems and the server-rendered preview; the field settings form with
the lists it offers (sections, groups, the fields a condition may name)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from vpub_onestop.extensions import db
from vpub_onestop.queries.declaration_editor import EditorView, editor_view
from vpub_onestop.web import declaration_form as tk
from vpub_onestop.web.admin_declaration_forms import (
    TYPE_LABELS,
    FieldForm,
    HeadingForm,
    RevisionForm,
    SectionForm,
)
from vpub_onestop.web.errors import translated
from vpub_onestop.web.request_input import MAX_ID, parse_int


def revision_of(form: RevisionForm) -> int | None:
    """The draft's revision the page showed (None: missing or not a number: refused)."""
    return parse_int(form.revision.data, minimum=0, maximum=MAX_ID)


def view_or_404(procedure_id: int) -> EditorView:
    view = editor_view(db.session(), procedure_id)
    if view is None:
        abort(404)
    return view


def field_form(view: EditorView, formdata: Any = None, **data: Any) -> FieldForm:
    form = FieldForm(formdata=formdata, **data) if formdata is not None else FieldForm(**data)
    form.section.choices = [SelectChoice(s["key"], s["title"]) for s in view.definition["sections"]]
    none = [SelectChoice("", _("— Không —"))]
    form.group.choices = none + [SelectChoice(key, label) for key, label in view.groups]
    fields = none + [SelectChoice(key, f"{label} ({key})") for key, label in view.field_keys]
    form.show_when_field.choices = fields
    form.required_when_field.choices = fields
    return form


def editor_page(view: EditorView, status: int = 200, **forms: Any) -> tuple[str, int]:
    heading = forms.pop("heading", None) or HeadingForm(
        formdata=None,
        title=view.definition.get("title"),
        legal_form=view.definition.get("legal_form"),
        document=view.definition.get("document"),
    )
    heading.document.choices = [SelectChoice("", _("— Không —"))] + [
        SelectChoice(name, name) for name in view.documents
    ]
    forms.setdefault("refusal", [])
    preview = tk.build_form(view.form, posted=False) if view.form else None
    page = render_template(
        "admin/declaration/editor.html",
        title=_("Tờ khai điện tử") + f" · {view.code}",
        view=view,
        heading=heading,
        section_form=forms.pop("section_form", None) or SectionForm(formdata=None),
        field_form=forms.pop("field_form", None) or field_form(view, formdata=None),
        plain=RevisionForm(formdata=None, revision=view.revision),
        type_labels=TYPE_LABELS,
        problems=[translated(problem) for problem in view.problems],
        blocks=tk.blocks(view.form, preview, {}) if view.form and preview else [],
        communes=tk.commune_names() if preview else [],
        add_row_name="tk-preview-add-row",
        **forms,
    )
    return page, status
