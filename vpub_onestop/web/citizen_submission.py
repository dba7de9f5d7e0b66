"""Online submission: procedure → form with files → review → submit → acknowledgement.

Drafts are saved and resumed (`/ho-so-cua-toi/<id>/sua`). A request that fails (bad field,
refused file, missing mandatory document on "continue") stores nothing and shows the form
again with what the user typed; chosen files must be chosen again (browsers never refill
file inputs), and the page says so.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.declaration.definition import FormDefinition
from vpub_onestop.domain.declaration.prefill import (
    account_facts,
    prefilled_answers,
    typed_beyond_prefill,
)
from vpub_onestop.domain.declaration.retype import typed_answers
from vpub_onestop.domain.delivery import MailState
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.extensions import db
from vpub_onestop.queries.citizen_forms import SubmissionContext, own_draft, submission_context
from vpub_onestop.queries.mail_status import submission_mail
from vpub_onestop.services import portal
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.web import declaration_form as tk
from vpub_onestop.web import file_size
from vpub_onestop.web.citizen import (
    bp,
    citizen_required,
    collect_uploads,
    current_actor,
    view_or_404,
)
from vpub_onestop.web.errors import error_message, field_errors
from vpub_onestop.web.fee_text import fee_description
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.portal_forms import (
    DraftForm,
    SubmitDossierForm,
    VersionedForm,
    put_errors,
)

if TYPE_CHECKING:  # a view names the types its queries return; it never queries models
    from vpub_onestop.models import Dossier


def _today() -> date:
    return clock.now().astimezone(LOCAL_TZ).date()


def _draft_form(context: SubmissionContext, dossier: Dossier | None) -> DraftForm:
    form = DraftForm()
    form.receiving_unit_id.choices = [(unit.id, unit.name) for unit in context.units]
    if request.method == "POST":
        return form
    if dossier is None:  # prefilled from the profile; the owner may differ
        user = current_user
        form.name.data = user.full_name
        form.id_number.data = user.citizen_id
        form.phone.data = user.phone
        form.email.data = user.email
        form.address.data = user.address
        form.receiving_unit_id.data = context.default_unit_id
        form.result_delivery.data = "online"
    else:
        form.name.data = dossier.applicant_name
        form.id_number.data = dossier.applicant_id_number
        form.phone.data = dossier.applicant_phone
        form.email.data = dossier.applicant_email
        form.address.data = dossier.applicant_address
        form.owner_differs.data = bool(dossier.owner_name)
        form.owner_name.data = dossier.owner_name
        form.owner_id_number.data = dossier.owner_id_number
        form.owner_address.data = dossier.owner_address
        form.receiving_unit_id.data = dossier.receiving_unit_id
        form.result_delivery.data = dossier.result_delivery
        form.version.data = str(dossier.version)
    return form


def _declaration(context: SubmissionContext, dossier: Dossier | None) -> tk.Form | None:
    """The declaration part of the page: as posted, the draft's stored answers, or (a new
    dossier) the fields the form marks prefilled from the citizen's own account."""
    if context.form is None:
        return None
    if dossier is not None:
        stored = typed_answers(context.form, dossier.form_answers)
    else:
        stored = _from_account(context.form)
    return tk.build_form(context.form, stored, posted=request.method == "POST")


def _from_account(definition: FormDefinition) -> dict[str, Any]:
    """The answers the signed-in citizen's own account fills in."""
    user = current_user
    facts = account_facts(
        full_name=user.full_name,
        citizen_id=user.citizen_id,
        phone=user.phone,
        email=user.email,
        address=user.address,
        is_organisation=bool(user.is_organisation),
    )
    return prefilled_answers(definition, facts)


def _typed_declaration(context: SubmissionContext, declaration: tk.Form | None) -> Any:
    """The declaration's answers as typed; a form holding only what the account filled in
    is sent as blank (the paper declaration may be filed instead)."""
    if context.form is None or declaration is None:
        return None
    typed = tk.typed_answers(context.form, declaration)
    if not typed_beyond_prefill(typed, _from_account(context.form)):
        return {}
    return typed


def _details(
    form: DraftForm, context: SubmissionContext, declaration: tk.Form | None
) -> portal.DraftDetails:
    differs = bool(form.owner_differs.data)
    applicant = Applicant(
        name=form.name.data or "",
        id_number=form.id_number.data,
        phone=form.phone.data,
        email=form.email.data,
        address=form.address.data,
        owner_name=form.owner_name.data if differs else None,
        owner_id_number=form.owner_id_number.data if differs else None,
        owner_address=form.owner_address.data if differs else None,
    )
    return portal.DraftDetails(
        procedure_id=context.procedure_id,
        receiving_unit_id=int(form.receiving_unit_id.data or 0),
        applicant=applicant,
        result_delivery=form.result_delivery.data or "online",
        answers=_typed_declaration(context, declaration),
    )


def _form_page(
    context: SubmissionContext,
    form: DraftForm,
    dossier: Dossier | None,
    *,
    upload_errors: dict[str, str] | None = None,
    problem: str | None = None,
    declaration: tk.Form | None = None,
    problems: dict[str, str] | None = None,
) -> str:
    blocks = (
        tk.blocks(context.form, declaration, problems or {}) if context.form and declaration else []
    )
    return render_template(
        "citizen/draft_form.html",
        context=context,
        form=form,
        dossier_id=dossier.id if dossier else None,
        code=dossier.code if dossier else None,
        upload_errors=upload_errors or {},
        problem=problem,
        files_lost=problem is not None and any(f.filename for f in request.files.values()),
        max_file=file_size(current_app.config["UPLOAD_MAX_FILE_BYTES"]),
        max_total=file_size(current_app.config["UPLOAD_MAX_DOSSIER_BYTES"]),
        fee=fee_description(context.fee_rule),
        blocks=blocks,
        communes=tk.commune_names() if blocks else [],
        add_row_name=tk.ADD_ROW,
    )


def _handle_draft(
    context: SubmissionContext, dossier: Dossier | None
) -> Response | str | tuple[str, int]:
    form = _draft_form(context, dossier)
    declaration = _declaration(context, dossier)
    if context.form and declaration and tk.add_requested_row(context.form, declaration):
        return _form_page(context, form, dossier, declaration=declaration)
    if not form.validate_on_submit():
        if form.is_submitted():
            problem = _("Vui lòng kiểm tra lại các ô được đánh dấu. Chưa có gì được lưu.")
            page = _form_page(context, form, dossier, problem=problem, declaration=declaration)
            return page, 422
        return _form_page(context, form, dossier, declaration=declaration)
    proceed = bool(form.proceed.data)
    try:
        dossier_id = portal.save_draft(
            current_actor(),
            _details(form, context, declaration),
            collect_uploads(),
            dossier_id=dossier.id if dossier else None,
            expected_version=version_of(form) if dossier else None,
            require_complete=proceed,
        )
    except ValidationError as error:
        upload_errors = put_errors(form, error)
        problems = tk.declaration_problems(field_errors(error))
        problem = f"{error_message(error)} {_('Chưa có gì được lưu.')}"
        page = _form_page(
            context,
            form,
            dossier,
            upload_errors=upload_errors,
            problem=problem,
            declaration=declaration,
            problems=problems,
        )
        return page, 422
    if proceed:
        return redirect(url_for("citizen.review", dossier_id=dossier_id))
    flash(_("Đã lưu nháp. Ông/Bà có thể quay lại hoàn thiện và nộp sau."), "success")
    return redirect(url_for("citizen.edit_draft", dossier_id=dossier_id))


@bp.route("/thu-tuc/<code>/nop-truc-tuyen", methods=["GET", "POST"])
@citizen_required
def start(code: str) -> Response | str | tuple[str, int]:
    context = submission_context(db.session(), code[:60], _today())
    if context is None:
        abort(404)
    return _handle_draft(context, None)


def _own_draft_context(dossier_id: int) -> tuple[Dossier, SubmissionContext]:
    dossier = own_draft(db.session(), current_user.id, dossier_id)
    if dossier is None:
        abort(404)
    context = submission_context(db.session(), "", _today(), dossier)
    if context is None:
        abort(404)
    return dossier, context


@bp.route("/ho-so-cua-toi/<int:dossier_id>/sua", methods=["GET", "POST"])
@citizen_required
def edit_draft(dossier_id: int) -> Response | str | tuple[str, int]:
    dossier, context = _own_draft_context(dossier_id)
    return _handle_draft(context, dossier)


@bp.post("/ho-so-cua-toi/<int:dossier_id>/tep/<int:file_id>/xoa")
@citizen_required
def remove_file(dossier_id: int, file_id: int) -> Response:
    form = VersionedForm()
    if form.validate_on_submit():
        try:
            portal.remove_draft_file(
                current_actor(), dossier_id, file_id, expected_version=version_of(form)
            )
        except ValidationError as error:
            flash(error_message(error), "danger")
        else:
            flash(_("Đã xóa tệp."), "success")
    return redirect(url_for("citizen.edit_draft", dossier_id=dossier_id))


@bp.get("/ho-so-cua-toi/<int:dossier_id>/xem-lai")
@citizen_required
def review(dossier_id: int) -> str:
    _draft, context = _own_draft_context(dossier_id)
    view = view_or_404(dossier_id)
    missing = context.missing
    form = SubmitDossierForm(formdata=None, version=str(view.version))
    return render_template(
        "citizen/review.html",
        view=view,
        context=context,
        missing=missing,
        form=form,
        fee=fee_description(view.fee_rule),
    )


@bp.post("/ho-so-cua-toi/<int:dossier_id>/nop")
@citizen_required
def submit(dossier_id: int) -> Response:
    form = SubmitDossierForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        portal.submit(current_actor(), dossier_id, expected_version=version_of(form))
    except ValidationError as error:
        flash(error_message(error), "danger")
        return redirect(url_for("citizen.review", dossier_id=dossier_id))
    return redirect(url_for("citizen.acknowledgement", dossier_id=dossier_id))


@bp.get("/ho-so-cua-toi/<int:dossier_id>/da-nop")
@citizen_required
def acknowledgement(dossier_id: int) -> str | Response:
    view = view_or_404(dossier_id)
    if view.submitted_at is None or view.code is None:
        return redirect(url_for("citizen.dossier", dossier_id=dossier_id))
    mail = submission_mail(db.session(), view.id, view.submitted_at)
    return render_template(
        "citizen/acknowledgement.html",
        view=view,
        fee=fee_description(view.fee_rule),
        mail=mail,
        MailState=MailState,
    )
