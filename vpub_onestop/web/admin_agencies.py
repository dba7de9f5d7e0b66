"""Agencies in the administration area (/quan-tri/co-quan): the tree, each agency's page,
create, edit and rename (docs/domain.md#agency-administration); the merge pages are
web/admin_agency_merges.py, on this blueprint. Administrators only (others: 403); an unknown
agency is 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.agencies import agency_choices, agency_page, agency_tree
from vpub_onestop.queries.agency_merge import scheduled_merges
from vpub_onestop.services.agencies import (
    AgencyDetails,
    NewAgency,
    create_agency,
    rename_agency,
    update_agency,
)
from vpub_onestop.web import admin_agency_merges
from vpub_onestop.web.admin_agency_forms import (
    LEVEL_LABELS,
    DetailsForm,
    NewAgencyForm,
    RenameForm,
)
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.workspace import acting_officer, local_today, roles_required, show_errors

bp = Blueprint("admin_agencies", __name__, url_prefix="/quan-tri/co-quan")
F = TypeVar("F", bound=FlaskForm)

# Service field -> form field, so a refusal shows next to the right input.
FIELDS = {
    "key": "ma_ngan",
    "code": "ma_dinh_danh",
    "name": "ten",
    "level": "cap",
    "parent_id": "co_quan_chu_quan",
    "phone": "dien_thoai",
    "address": "dia_chi",
    "opening_hours": "gio_lam_viec",
    "valid_to": "hieu_luc_den",
    "reason": "can_cu",
    "effective": "ap_dung_tu",
}


def _saved(
    form: Any, act: Callable[[], int], done: str, template: str, page: Any
) -> Response | tuple[str, int]:
    """An agency form's answer: once it validates, `act` saves it (the agency's id) and the
    agency's page follows with `done`; a refusal shows next to its fields (422) and keeps
    what was typed."""
    if form.validate_on_submit():
        try:
            agency_id = act()
        except ValidationError as error:
            show_errors(form, error, FIELDS)
        else:
            flash(done, "success")
            return redirect(url_for("admin_agencies.show", agency_id=agency_id))
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, page=page), status


def _showing(form_class: type[F], agency: Any, values: dict[str, Any]) -> F:
    """A sent form reads what was typed; a fresh one shows the agency's `values` and the
    version the page read (a later change makes the save stale)."""
    return form_class(data=None if _posted() else {"version": agency.version, **values})


def _details(form: DetailsForm) -> AgencyDetails:
    return AgencyDetails(
        level=str(form.cap.data),
        parent_id=form.parent(),
        is_one_stop_unit=bool(form.mot_cua.data),
        is_vertical=bool(form.nganh_doc.data),
        address=form.dia_chi.data,
        phone=form.dien_thoai.data,
        opening_hours=form.gio_lam_viec.data,
        valid_from=form.hieu_luc_tu.data,
        valid_to=form.hieu_luc_den.data,
    )


def _page_of(agency_id: int) -> Any:
    page = agency_page(agency_id, local_today())
    if page is None:
        abort(404)
    return page


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> str:
    return render_template(
        "admin/agencies/index.html", tree=agency_tree(local_today()), levels=LEVEL_LABELS
    )


@bp.get("/<int:agency_id>")
@roles_required(Role.ADMIN)
def show(agency_id: int) -> str:
    return render_template(
        "admin/agencies/show.html",
        page=_page_of(agency_id),
        levels=LEVEL_LABELS,
        merges=scheduled_merges(agency_id),
    )


@bp.route("/moi", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new() -> Response | tuple[str, int]:
    form = NewAgencyForm()
    form.fill_parents(agency_choices(local_today()))
    return _saved(
        form,
        lambda: create_agency(
            acting_officer(),
            NewAgency(
                form.ma_ngan.data or "",
                form.ma_dinh_danh.data or "",
                form.ten.data or "",
                _details(form),
            ),
        ),
        gettext("Đã tạo cơ quan."),
        "admin/agencies/edit.html",
        None,
    )


@bp.route("/<int:agency_id>/sua", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(agency_id: int) -> Response | tuple[str, int]:
    page = _page_of(agency_id)
    agency = page.agency
    form = _showing(
        DetailsForm,
        agency,
        {
            "cap": agency.level,
            "co_quan_chu_quan": str(agency.parent_id or ""),
            "mot_cua": agency.is_one_stop_unit,
            "nganh_doc": agency.is_vertical,
            "dia_chi": agency.address,
            "dien_thoai": agency.phone,
            "gio_lam_viec": agency.opening_hours,
            "hieu_luc_tu": agency.valid_from,
            "hieu_luc_den": agency.valid_to,
        },
    )
    form.fill_parents([c for c in agency_choices(local_today()) if c[0] != agency_id])

    def save() -> int:
        update_agency(acting_officer(), agency_id, version_of(form), _details(form))
        return agency_id

    return _saved(
        form, save, gettext("Đã lưu thông tin cơ quan."), "admin/agencies/edit.html", page
    )


@bp.route("/<int:agency_id>/doi-ten", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def rename(agency_id: int) -> Response | tuple[str, int]:
    page = _page_of(agency_id)
    agency = page.agency
    form = _showing(RenameForm, agency, {"ten": agency.name, "ma_dinh_danh": agency.code})

    def save() -> int:
        rename_agency(
            acting_officer(),
            agency_id,
            version_of(form),
            name=form.ten.data or "",
            code=form.ma_dinh_danh.data or "",
            effective=form.ap_dung_tu.data,
            reason=form.can_cu.data or "",
        )
        return agency_id

    return _saved(
        form,
        save,
        gettext("Đã đổi tên cơ quan; tên cũ được giữ trên các phiếu đã cấp."),
        "admin/agencies/rename.html",
        page,
    )


admin_agency_merges.register(bp)


def _posted() -> bool:
    return request.method == "POST"
