"""The page of one procedure version in the catalogue editor: read-only for a published or
retired version; for a draft, its four forms (general data, papers, fee, route) filled
from the draft, or the form just submitted with its errors, the fee's worked example, the
route as a diagram and what still stops publishing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import current_app, render_template
from wtforms import Form as PlainForm

from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.domain.diagrams import route_mermaid
from vpub_onestop.domain.fees import FeeDescription
from vpub_onestop.domain.formatting import file_size
from vpub_onestop.extensions import db
from vpub_onestop.queries import admin_catalogue as queries
from vpub_onestop.queries.catalogue import level_label, limit_label, online_label
from vpub_onestop.services.catalogue_versions import publish_problems_of
from vpub_onestop.web.admin_catalogue_forms import (
    EMPTY_ROWS,
    RECEIVING_UNIT,
    DiscardForm,
    FeeForm,
    GeneralForm,
    PapersForm,
    RouteForm,
    TemplateForm,
    TemplateRemoveForm,
    template_prefix,
)
from vpub_onestop.web.errors import translated
from vpub_onestop.web.fee_text import fee_description

RECEIVING_UNIT_NAME = "Bộ phận Một cửa nơi tiếp nhận hồ sơ"


@dataclass(frozen=True)
class Forms:
    general: GeneralForm | None = None
    papers: PapersForm | None = None
    fee: FeeForm | None = None
    route: RouteForm | None = None
    # The rule the fee form holds (computed on "Tính thử", not saved yet).
    fee_rule: Mapping[str, Any] | None = None
    # A paper's refused template upload (its prefix says which paper).
    template: TemplateForm | None = None


def plain(amount: Decimal | None) -> Decimal | None:
    """3.00 -> 3 and 0.50 -> 0.5 in an input (10 stays 10, not 1E+1)."""
    if amount is None:
        return None
    return (
        amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
    )


def general_form(procedure: Any) -> GeneralForm:
    return GeneralForm(
        formdata=None,
        data={
            "version": procedure.revision,
            "ten": procedure.name,
            "linh_vuc": procedure.field,
            "cap": procedure.level,
            "thoi_han": None
            if procedure.limit_unit == "same_day"
            else plain(procedure.limit_amount),
            "don_vi": procedure.limit_unit,
            "thoi_han_truc_tuyen": plain(procedure.online_limit_amount),
            "truc_tuyen": procedure.online_level,
            "ket_qua": procedure.result_name,
            "can_cu": procedure.legal_basis or "",
            "dieu_kien": procedure.conditions or "",
            "khong_phu_thuoc_dia_gioi": procedure.any_unit,
            "tra_ngay": procedure.immediate_result,
        },
    )


def papers_form(procedure: Any) -> PapersForm:
    rows = [
        {
            "ma": str(document.id),
            "thu_tu": position,
            "ten": document.name,
            "ban_chinh": document.originals,
            "ban_sao": document.copies,
            "bat_buoc": document.mandatory,
            "mau": document.template_name or "",
        }
        for position, document in enumerate(procedure.documents, start=1)
    ]
    blank = {"ban_chinh": 1, "ban_sao": 0, "bat_buoc": True}
    rows += [blank] * EMPTY_ROWS
    return PapersForm(formdata=None, data={"version": procedure.revision, "giay_to": rows})


def fee_form(procedure: Any) -> FeeForm:
    rule = dict(procedure.fee_rule or {})
    note = rule.get("note")
    return FeeForm(
        formdata=None,
        data={
            "version": procedure.revision,
            "loai": rule.get("kind", "exempt"),
            "muc": rule.get("vnd"),
            "so_trang_dau": rule.get("first_pages"),
            "gia_trang_dau": rule.get("first_page_vnd"),
            "gia_trang_sau": rule.get("next_page_vnd"),
            "toi_da": rule.get("cap_per_copy_vnd"),
            "ghi_chu": note if isinstance(note, str) and not note.isascii() else "",
        },
    )


def route_form(procedure: Any) -> RouteForm:
    rows = [
        {
            "giai_doan": step.stage,
            "co_quan": str(step.agency_id) if step.agency_id else RECEIVING_UNIT,
            "cong_viec": step.task_name or "",
            "thoi_gian": None if step.budget_unit == "same_day" else plain(step.budget_amount),
            "phe_duyet": step.needs_approval,
        }
        for step in procedure.steps
    ]
    last = max((step.stage for step in procedure.steps), default=0)
    rows += [{"giai_doan": last + 1, "co_quan": RECEIVING_UNIT, "phe_duyet": True}] * EMPTY_ROWS
    form = RouteForm(formdata=None, data={"version": procedure.revision, "buoc": rows})
    set_agency_choices(form)
    return form


def set_agency_choices(form: RouteForm) -> None:
    options = [(RECEIVING_UNIT, RECEIVING_UNIT_NAME)]
    options += [(str(i), name) for i, name in queries.agency_choices(db.session())]
    for row in form.buoc:
        row_form: PlainForm = row.form
        row_form.co_quan.choices = options


def route_stages(procedure: Any) -> list[list[dict[str, Any]]]:
    """The saved route, stage by stage, as the diagram and the read-only page show it."""
    stages: dict[int, list[dict[str, Any]]] = {}
    for step in procedure.steps:
        stages.setdefault(step.stage, []).append(
            {
                "agency_name": step.agency.name if step.agency else RECEIVING_UNIT_NAME,
                "task": step.task_name,
                "budget": limit_label(step.budget_amount, step.budget_unit),
                "raw_budget": step.budget_text,
            }
        )
    return [stages[number] for number in sorted(stages)]


def fee_text(rule: Mapping[str, Any] | None) -> FeeDescription | None:
    try:
        return fee_description(rule)
    except (TypeError, ValueError):
        return None  # a rule being typed: no example until it is a rule


def template_forms(procedure: Any, refused: TemplateForm | None = None) -> dict[int, Any]:
    """For each paper of the draft: its upload form (the refused one, if it is this
    paper's) and, when it has a template, its remove form."""
    forms: dict[int, Any] = {}
    for document in procedure.documents:
        prefix = template_prefix(document.id)
        data = {"version": procedure.revision}
        upload = (
            refused
            if refused is not None and refused._prefix == prefix
            else TemplateForm(formdata=None, data=data, prefix=prefix)
        )
        remove = TemplateRemoveForm(formdata=None, data=data, prefix=prefix + "xoa-")
        forms[document.id] = (upload, remove if document.template_file else None)
    return forms


def draft_page(procedure: Any, forms: Forms | None = None) -> str:
    forms = forms or Forms()
    editable = procedure.status is ProcedureStatus.DRAFT
    stages = route_stages(procedure)
    mermaid = None
    if stages:
        mermaid = route_mermaid(
            [[{**step, "budget": step["raw_budget"]} for step in stage] for stage in stages]
        )
    context: dict[str, Any] = {
        "procedure": procedure,
        "editable": editable,
        "stages": stages,
        "mermaid": mermaid,
        "limit": limit_label(procedure.limit_amount, procedure.limit_unit),
        "level_label": level_label,
        "online_label": online_label,
        "fee": fee_text(forms.fee_rule if forms.fee_rule is not None else procedure.fee_rule),
    }
    if editable:
        context |= {
            "general": forms.general or general_form(procedure),
            "papers": forms.papers or papers_form(procedure),
            "fee_form": forms.fee or fee_form(procedure),
            "route": forms.route or route_form(procedure),
            "problems": [translated(problem) for problem in publish_problems_of(procedure)],
            "discard_form": DiscardForm(formdata=None, data={"version": procedure.revision}),
            "zero": Decimal(0),
            "template_forms": template_forms(procedure, forms.template),
            "template_max_size": file_size(int(current_app.config["UPLOAD_MAX_FILE_BYTES"])),
        }
    return render_template("admin/catalogue/version.html", **context)
