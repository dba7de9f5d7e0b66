"""The complaint record (sổ phản ánh, kiến nghị) of a one-stop unit: its reception officers
and head record complaints and follow them up; supervisors and administrators read every
unit's record. Feeds Circular 01 indicators 7 and 8 and the Decision 766 satisfaction
figure (docs/indicators.md)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from vpub_onestop.access.policies import policies_on
from vpub_onestop.domain.complaints import READERS, RECORDERS, may_read_complaints
from vpub_onestop.domain.complaints import may_record_complaint as may_record
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.queries.complaints import complaint_lines, one_stop_units
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.complaints import (
    ComplaintInput,
    ComplaintUpdate,
    record_complaint,
    update_complaint,
)
from vpub_onestop.web.complaint_forms import CHANNEL_LABELS, ComplaintForm, ComplaintUpdateForm
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.request_input import arg_id
from vpub_onestop.web.workspace import (
    acting_officer,
    local_today,
    now_utc,
    roles_required,
    show_errors,
)

bp = Blueprint("complaints", __name__, url_prefix="/mot-cua/phan-anh")

# Service field -> form field, so a service refusal shows next to the right input.
NEW_FIELDS = {
    "received_on": "ngay_nhan",
    "channel": "kenh",
    "content": "noi_dung",
    "handling_due_on": "han_xu_ly",
    "dossier_code": "ma_ho_so",
}
UPDATE_FIELDS = {"handled_on": "ngay_xu_ly", "handling_note": "ket_qua"}


def _unit_for(actor: Actor) -> int | None:
    """A recorder's own unit; a supervisor's choice in ?don_vi= (None: not chosen yet)."""
    if actor.role in RECORDERS:
        return actor.agency_id
    return arg_id("don_vi")


def _new_form() -> ComplaintForm:
    today = local_today()
    days = int(policies_on(today)["complaint_handling_working_days"])
    due = load_work_calendar().add_working_days(today, days)
    return ComplaintForm(formdata=None, data={"ngay_nhan": today, "han_xu_ly": due})


def _update_form(line: Any) -> ComplaintUpdateForm:
    return ComplaintUpdateForm(
        formdata=None,
        prefix=f"pa{line.id}-",
        data={
            "version": line.version,
            "da_xac_minh": line.verified,
            "ngay_xu_ly": line.handled_on,
            "ket_qua": line.handling_note,
        },
    )


def _page(
    actor: Actor,
    unit_id: int | None,
    new: ComplaintForm | None = None,
    changed: tuple[int, ComplaintUpdateForm] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    units = one_stop_units()
    if unit_id is not None and (
        unit_id not in dict(units) or not may_read_complaints(actor, unit_id)
    ):
        abort(403 if actor.role in RECORDERS else 404)
    writable = unit_id is not None and may_record(actor, unit_id)
    lines = complaint_lines(unit_id, local_today()) if unit_id is not None else []
    forms = {line.id: _update_form(line) for line in lines} if writable else {}
    if changed is not None and changed[0] in forms:
        forms[changed[0]] = changed[1]
    page = render_template(
        "complaints/index.html",
        units=units if actor.role in READERS else [],
        unit_id=unit_id,
        unit_name=dict(units).get(unit_id or 0, ""),
        lines=lines,
        channel_labels=CHANNEL_LABELS,
        new_form=(new or _new_form()) if writable else None,
        update_forms=forms,
    )
    return page, status


@bp.get("")
@roles_required(*RECORDERS, *READERS)
def index() -> tuple[str, int]:
    actor = acting_officer()
    return _page(actor, _unit_for(actor))


@bp.post("")
@roles_required(*RECORDERS)
def create() -> Response | tuple[str, int]:
    actor = acting_officer()
    unit_id = _unit_for(actor)
    if unit_id is None or not may_record(actor, unit_id):
        abort(403)
    form = ComplaintForm()
    if not form.validate_on_submit():
        return _page(actor, unit_id, new=form, status=422)
    data = ComplaintInput(
        received_on=form.ngay_nhan.data,
        channel=str(form.kenh.data),
        content=form.noi_dung.data or "",
        handling_due_on=form.han_xu_ly.data,
        dossier_code=form.ma_ho_so.data,
        sender_name=form.nguoi_gui.data,
    )
    try:
        record_complaint(actor, unit_id, data, now=now_utc())
    except ValidationError as error:
        show_errors(form, error, NEW_FIELDS)
        return _page(actor, unit_id, new=form, status=422)
    flash(gettext("Đã ghi nhận phản ánh, kiến nghị."), "success")
    return redirect(url_for("complaints.index"))


@bp.post("/<int:complaint_id>")
@roles_required(*RECORDERS)
def update(complaint_id: int) -> Response | tuple[str, int]:
    actor = acting_officer()
    unit_id = _unit_for(actor)
    form = ComplaintUpdateForm(prefix=f"pa{complaint_id}-")
    if not form.validate_on_submit():
        return _page(actor, unit_id, changed=(complaint_id, form), status=422)
    change = ComplaintUpdate(
        version=version_of(form),
        verified=bool(form.da_xac_minh.data),
        handled_on=form.ngay_xu_ly.data,
        handling_note=form.ket_qua.data,
    )
    try:
        update_complaint(actor, complaint_id, change, now=now_utc())
    except ValidationError as error:
        show_errors(form, error, UPDATE_FIELDS)
        return _page(actor, unit_id, changed=(complaint_id, form), status=422)
    flash(gettext("Đã cập nhật phản ánh, kiến nghị."), "success")
    return redirect(url_for("complaints.index"))
