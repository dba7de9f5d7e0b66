"""The editing forms of a draft procedure version (docs/domain.md#catalogue-versions):
general data, papers, fee, route. Each form carries the draft's revision; a refused form
comes back with its errors and everything typed, nothing saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from vpub_onestop.domain.catalogue_versions import fee_problems
from vpub_onestop.domain.deadlines import LimitUnit, TimeLimit
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.services import catalogue_drafts as drafts
from vpub_onestop.web.admin_catalogue import bp, version_or_404
from vpub_onestop.web.admin_catalogue_forms import (
    RECEIVING_UNIT,
    FeeForm,
    GeneralForm,
    PapersForm,
    RouteForm,
)
from vpub_onestop.web.admin_catalogue_view import Forms, draft_page, fee_text, set_agency_choices
from vpub_onestop.web.errors import translated
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.request_input import arg_choice, parse_id, parse_int
from vpub_onestop.web.workspace import acting_officer, roles_required, show_errors

SAVED = N_("Đã lưu bản nháp.")
MAX_FEE_VND = 100_000_000_000


def _limit(amount: Decimal | None, unit: str) -> TimeLimit:
    """A limit from the amount and unit inputs; ValueError with the reason otherwise."""
    if unit == LimitUnit.SAME_DAY.value:
        return TimeLimit(Decimal(0), LimitUnit.SAME_DAY)
    if amount is None or amount <= 0:
        raise ValueError("no amount")
    return TimeLimit(amount, LimitUnit(unit))


def _refused(procedure: Any, forms: Forms) -> tuple[str, int]:
    return draft_page(procedure, forms), 422


def _saved(procedure_id: int, anchor: str) -> Response:
    flash(gettext(SAVED), "success")
    return redirect(url_for("admin_catalogue.version", procedure_id=procedure_id, _anchor=anchor))


@bp.post("/phien-ban/<int:procedure_id>/chung")
@roles_required(Role.ADMIN)
def save_general(procedure_id: int) -> Response | tuple[str, int]:
    procedure = version_or_404(procedure_id)
    form = GeneralForm()
    if not form.validate_on_submit():
        return _refused(procedure, Forms(general=form))
    unit = str(form.don_vi.data)
    try:
        limit = _limit(form.thoi_han.data, unit)
    except ValueError:
        form.thoi_han.errors = [gettext("Nhập thời hạn lớn hơn 0 (hoặc chọn “trong ngày”).")]
        return _refused(procedure, Forms(general=form))
    online = None
    if form.thoi_han_truc_tuyen.data is not None:
        try:
            online = _limit(form.thoi_han_truc_tuyen.data, unit)
        except ValueError:
            form.thoi_han_truc_tuyen.errors = [gettext("Nhập thời hạn lớn hơn 0 hoặc để trống.")]
            return _refused(procedure, Forms(general=form))
    data = drafts.GeneralData(
        name=form.ten.data or "",
        field=form.linh_vuc.data or "",
        level=str(form.cap.data),
        limit=limit,
        online_limit=online,
        online_level=str(form.truc_tuyen.data),
        result_name=form.ket_qua.data or "",
        legal_basis=form.can_cu.data or "",
        conditions=form.dieu_kien.data or "",
        any_unit=bool(form.khong_phu_thuoc_dia_gioi.data),
        immediate_result=bool(form.tra_ngay.data),
    )
    names = {"name": "ten", "field": "linh_vuc", "level": "cap", "online_level": "truc_tuyen"}
    names["online_limit"] = "thoi_han_truc_tuyen"
    try:
        drafts.save_general(acting_officer(), procedure_id, version_of(form) or 0, data)
    except ValidationError as error:
        renamed = {names.get(k, k): v for k, v in error.field_errors.items()}
        show_errors(form, ValidationError(error.message, renamed))
        return _refused(procedure, Forms(general=form))
    return _saved(procedure_id, "thong-tin-chung")


@bp.post("/phien-ban/<int:procedure_id>/giay-to")
@roles_required(Role.ADMIN)
def save_papers(procedure_id: int) -> Response | tuple[str, int]:
    procedure = version_or_404(procedure_id)
    form = PapersForm()
    if not form.validate_on_submit():
        return _refused(procedure, Forms(papers=form))
    kept: list[tuple[int, int, drafts.PaperData]] = []
    for index, row in enumerate(form.giay_to):
        entry = row.form
        name = (entry.ten.data or "").strip()
        if entry.xoa.data or not name:
            continue  # removed, or a blank row left empty
        order = entry.thu_tu.data if entry.thu_tu.data is not None else len(form.giay_to) + index
        paper = drafts.PaperData(
            name=name,
            originals=entry.ban_chinh.data or 0,
            copies=entry.ban_sao.data or 0,
            mandatory=bool(entry.bat_buoc.data),
            template_name=(entry.mau.data or "").strip() or None,
            existing_id=parse_id(entry.ma.data),
        )
        kept.append((order, index, paper))
    papers = [paper for _, _, paper in sorted(kept, key=lambda item: (item[0], item[1]))]
    try:
        drafts.save_papers(acting_officer(), procedure_id, version_of(form) or 0, papers)
    except ValidationError as error:
        show_errors(form, ValidationError(error.message, {}))
        return _refused(procedure, Forms(papers=form))
    return _saved(procedure_id, "thanh-phan")


def fee_rule_of(form: FeeForm) -> dict[str, Any]:
    kind = str(form.loai.data)
    rule: dict[str, Any] = {"kind": kind}
    if kind == "flat":
        rule["vnd"] = form.muc.data
    elif kind == "per_page":
        rule |= {
            "first_pages": form.so_trang_dau.data,
            "first_page_vnd": form.gia_trang_dau.data,
            "next_page_vnd": form.gia_trang_sau.data,
        }
        if form.toi_da.data is not None:
            rule["cap_per_copy_vnd"] = form.toi_da.data
    note = (form.ghi_chu.data or "").strip()
    if note:
        rule["note"] = note
    return rule


@bp.post("/phien-ban/<int:procedure_id>/phi")
@roles_required(Role.ADMIN)
def save_fee(procedure_id: int) -> Response | tuple[str, int]:
    procedure = version_or_404(procedure_id)
    form = FeeForm()
    if not form.validate_on_submit():
        return _refused(procedure, Forms(fee=form))
    rule = fee_rule_of(form)
    if form.tinh_thu.data:
        # "Tính thử" (the page without JavaScript): the example of the rule typed, unsaved.
        problems = fee_problems(rule)
        if problems:
            show_errors(form, ValidationError(problems[0]))
            return _refused(procedure, Forms(fee=form))
        return draft_page(procedure, Forms(fee=form, fee_rule=rule)), 200
    try:
        drafts.save_fee(acting_officer(), procedure_id, version_of(form) or 0, rule)
    except ValidationError as error:
        show_errors(form, ValidationError(error.message))
        return _refused(procedure, Forms(fee=form, fee_rule=rule))
    return _saved(procedure_id, "phi-le-phi")


@bp.post("/phien-ban/<int:procedure_id>/quy-trinh")
@roles_required(Role.ADMIN)
def save_route(procedure_id: int) -> Response | tuple[str, int]:
    procedure = version_or_404(procedure_id)
    form = RouteForm()
    set_agency_choices(form)
    if not form.validate_on_submit():
        return _refused(procedure, Forms(route=form))
    unit = procedure.limit_unit
    steps: list[drafts.StepData] = []
    for row in form.buoc:
        entry = row.form
        agency = str(entry.co_quan.data or "")
        blank = entry.thoi_gian.data is None and not (entry.cong_viec.data or "").strip()
        if entry.xoa.data or (blank and unit != LimitUnit.SAME_DAY.value):
            continue
        try:
            budget = _limit(entry.thoi_gian.data, unit)
        except ValueError:
            entry.thoi_gian.errors = [gettext("Nhập thời gian lớn hơn 0.")]
            return _refused(procedure, Forms(route=form))
        agency_id = None if agency == RECEIVING_UNIT else parse_id(agency)
        if agency != RECEIVING_UNIT and agency_id is None:
            entry.co_quan.errors = [gettext("Chọn cơ quan thực hiện.")]
            return _refused(procedure, Forms(route=form))
        steps.append(
            drafts.StepData(
                stage=entry.giai_doan.data or 1,
                agency_id=agency_id,
                task_name=entry.cong_viec.data,
                budget=budget,
                needs_approval=bool(entry.phe_duyet.data),
            )
        )
    steps.sort(key=lambda step: step.stage)
    try:
        drafts.save_route(acting_officer(), procedure_id, version_of(form) or 0, steps)
    except ValidationError as error:
        show_errors(form, ValidationError(error.message))
        return _refused(procedure, Forms(route=form))
    return _saved(procedure_id, "quy-trinh")


FEE_ARGS = {
    "muc": "vnd",
    "so_trang_dau": "first_pages",
    "gia_trang_dau": "first_page_vnd",
    "gia_trang_sau": "next_page_vnd",
    "toi_da": "cap_per_copy_vnd",
}


@bp.get("/vi-du-phi")
@roles_required(Role.ADMIN)
def fee_example() -> Response:
    """The worked example of the fee rule being typed (static/js/fee-example.js asks it
    as the administrator types; without JavaScript the form's "Tính thử" button does the
    same): domain/fees.py words it, so the page shows what the citizen will read."""
    rule: dict[str, Any] = {"kind": arg_choice("loai", ("exempt", "flat", "per_page"), "exempt")}
    for name, key in FEE_ARGS.items():
        typed = request.args.get(name, "")  # empty: not typed yet
        value = parse_int(typed, minimum=0, maximum=MAX_FEE_VND)
        if value is not None:
            rule[key] = value
    problems = fee_problems(rule)
    if problems:
        return jsonify({"problem": translated(problems[0])})
    fee = fee_text(rule)
    if fee is None:
        return jsonify({"problem": gettext("Mức phí phải là số nguyên không âm (đồng).")})
    return jsonify({"summary": fee.summary, "details": list(fee.details), "example": fee.example})
