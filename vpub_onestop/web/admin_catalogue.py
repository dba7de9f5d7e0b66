"""The catalogue editor of the administration (/quan-tri/thu-tuc): the list of procedures,
one procedure's versions, a version's page (a draft is edited there), the preview of a
draft as a citizen would see it, and publishing with a confirm step
(docs/domain.md#catalogue-versions). Administrators only (403 for anyone else; a version
that does not exist is 404). The editing forms' handlers are in admin_catalogue_edit.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.catalogue_versions import ProcedureStatus, PublishRefused
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.queries import admin_catalogue as queries
from vpub_onestop.queries.catalogue import (
    LEVEL_LABELS,
    QUERY_MAX_LENGTH,
    CatalogueFilters,
    filter_options,
    level_label,
    online_label,
    version_detail,
)
from vpub_onestop.queries.procedure_page import counters_for
from vpub_onestop.services import catalogue_versions as versions
from vpub_onestop.web.admin_catalogue_forms import (
    DiscardForm,
    NewProcedureForm,
    PublishForm,
    StartDraftForm,
)
from vpub_onestop.web.admin_catalogue_view import draft_page
from vpub_onestop.web.errors import translated
from vpub_onestop.web.fee_text import fee_description
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.request_input import arg_page, arg_text
from vpub_onestop.web.workspace import acting_officer, now_utc, roles_required, show_errors

bp = Blueprint("admin_catalogue", __name__, url_prefix="/quan-tri/thu-tuc")

STATUS_LABELS = {status.value: status.label_vi for status in ProcedureStatus}


def today() -> date:
    return now_utc().astimezone(LOCAL_TZ).date()


def version_or_404(procedure_id: int) -> Any:
    procedure = queries.version_for_admin(db.session(), procedure_id)
    if procedure is None:
        abort(404)
    return procedure


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> str:
    filters = CatalogueFilters(
        query=arg_text("q", QUERY_MAX_LENGTH),
        field=arg_text("linh_vuc", 200),
        level=arg_text("cap", 20),
        agency=arg_text("co_quan", 12),
        page=arg_page(),
    )
    status = arg_text("trang_thai", 10)
    session = db.session()
    return render_template(
        "admin/catalogue/index.html",
        filters=filters,
        status=status,
        statuses=STATUS_LABELS,
        results=queries.admin_procedures(session, filters, status),
        options=filter_options(session),
        levels=LEVEL_LABELS,
        level_label=level_label,
        new_form=NewProcedureForm(formdata=None),
    )


@bp.get("/<code>")
@roles_required(Role.ADMIN)
def procedure(code: str) -> str:
    rows = queries.versions_of(db.session(), code[:60])
    if not rows:
        abort(404)
    return render_template(
        "admin/catalogue/procedure.html",
        code=code,
        name=version_or_404(rows[0].id).name,
        rows=rows,
        start_form=StartDraftForm(formdata=None),
        has_draft=any(row.status is ProcedureStatus.DRAFT for row in rows),
    )


@bp.post("/<code>/ban-nhap")
@roles_required(Role.ADMIN)
def start_draft(code: str) -> Response:
    form = StartDraftForm()
    if not form.validate_on_submit():
        abort(400)
    draft_id = versions.start_draft(acting_officer(), code[:60])
    flash(gettext("Đã tạo bản nháp. Sửa rồi công bố để áp dụng cho hồ sơ mới."), "success")
    return redirect(url_for("admin_catalogue.version", procedure_id=draft_id))


@bp.post("/moi")
@roles_required(Role.ADMIN)
def create() -> Response | tuple[str, int]:
    form = NewProcedureForm()
    if form.validate_on_submit():
        try:
            draft_id = versions.create_procedure(
                acting_officer(), form.ma.data or "", form.ten.data or ""
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(gettext("Đã tạo thủ tục mới (bản nháp)."), "success")
            return redirect(url_for("admin_catalogue.version", procedure_id=draft_id))
    session = db.session()
    page = render_template(
        "admin/catalogue/index.html",
        filters=CatalogueFilters(),
        status="",
        statuses=STATUS_LABELS,
        results=queries.admin_procedures(session, CatalogueFilters()),
        options=filter_options(session),
        levels=LEVEL_LABELS,
        level_label=level_label,
        new_form=form,
    )
    return page, 422


@bp.get("/phien-ban/<int:procedure_id>")
@roles_required(Role.ADMIN)
def version(procedure_id: int) -> str:
    return draft_page(version_or_404(procedure_id))


@bp.get("/phien-ban/<int:procedure_id>/xem-truoc")
@roles_required(Role.ADMIN)
def preview(procedure_id: int) -> str:
    """The version as the public procedure page would show it, with a banner."""
    procedure = version_or_404(procedure_id)
    session = db.session()
    detail = version_detail(session, procedure)
    return render_template(
        "public/procedure.html",
        procedure=replace(detail, fee=fee_description(detail.fee_rule)),
        counters=counters_for(session, detail.level),
        level_label=level_label,
        online_label=online_label,
        preview_of=procedure,
    )


@bp.get("/phien-ban/<int:procedure_id>/cong-bo")
@roles_required(Role.ADMIN)
def confirm_publish(procedure_id: int) -> str:
    procedure = version_or_404(procedure_id)
    if procedure.status is not ProcedureStatus.DRAFT:
        abort(404)
    problems = [translated(problem) for problem in versions.publish_problems_of(procedure)]
    form = PublishForm(formdata=None, data={"version": procedure.revision})
    return render_template(
        "admin/catalogue/publish.html",
        procedure=procedure,
        problems=problems,
        form=form,
        today=today(),
    )


@bp.post("/phien-ban/<int:procedure_id>/cong-bo")
@roles_required(Role.ADMIN)
def publish(procedure_id: int) -> Response | tuple[str, int]:
    procedure = version_or_404(procedure_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        versions.publish(
            acting_officer(),
            procedure_id,
            expected_revision=version_of(form) or 0,
            today=today(),
        )
    except PublishRefused as refused:
        page = render_template(
            "admin/catalogue/publish.html",
            procedure=procedure,
            problems=[translated(problem) for problem in refused.problems],
            form=form,
            today=today(),
        )
        return page, 422
    flash(
        gettext(
            "Đã công bố phiên bản %(version)s; hồ sơ tiếp nhận từ nay áp dụng phiên bản này.",
            version=procedure.version,
        ),
        "success",
    )
    return redirect(url_for("admin_catalogue.procedure", code=procedure.code))


@bp.post("/phien-ban/<int:procedure_id>/huy")
@roles_required(Role.ADMIN)
def discard(procedure_id: int) -> Response:
    version_or_404(procedure_id)
    form = DiscardForm()
    if not form.validate_on_submit():
        abort(400)
    code = versions.discard_draft(
        acting_officer(), procedure_id, expected_revision=version_of(form) or 0
    )
    flash(gettext("Đã hủy bản nháp."), "success")
    if queries.versions_of(db.session(), code):
        return redirect(url_for("admin_catalogue.procedure", code=code))
    return redirect(url_for("admin_catalogue.index"))


# The editing forms' handlers register on this blueprint.
from vpub_onestop.web import (  # noqa: E402,F401
    admin_catalogue_edit,
    admin_catalogue_templates,
    admin_catalogue_transfer,
)
