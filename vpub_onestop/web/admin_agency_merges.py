"""Merging agencies on the admin pages (docs/domain.md#agency-merge): the merge page, its
preview and its confirmation; and mergers confirmed ahead of their effective day, listed on
the agency page and the admin home, cancellable until their day
(docs/domain.md#scheduled-merge). Registered on the agencies' blueprint
(web/admin_agencies.py)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from vpub_onestop.domain import formatting
from vpub_onestop.domain.agencies import merge_waits
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.agencies import agency_choices
from vpub_onestop.queries.agency_merge import merge_preview
from vpub_onestop.services.agencies import AgencyDetails, NewAgency
from vpub_onestop.services.agency_merge_confirm import MergeRequest, merge_agencies
from vpub_onestop.services.agency_merge_schedule import cancel_scheduled_merge
from vpub_onestop.web.admin_agency_forms import MergeForm
from vpub_onestop.web.form_base import Form, version_of
from vpub_onestop.web.request_input import MAX_ID, parse_id, parse_int
from vpub_onestop.web.workspace import acting_officer, local_today, roles_required, show_errors

# Service field -> form field, so a refusal shows next to the right input.
MERGE_FIELDS = {
    "sources": "bi_sap_nhap",
    "target_id": "tiep_nhan",
    "reason": "can_cu",
    "key": "moi_ma_ngan",
    "code": "moi_ma_dinh_danh",
    "name": "moi_ten",
    "parent_id": "moi_chu_quan",
}


class CancelMergeForm(Form):
    version = HiddenField()
    ly_do = TextAreaField(
        _l("Lý do hủy (quyết định, văn bản)"),
        validators=[DataRequired(message=_l("Nhập lý do hủy lịch sáp nhập.")), Length(max=2000)],
    )


def merge() -> Response | tuple[str, int]:
    form = MergeForm()
    form.fill(agency_choices(local_today()))
    preview = None
    if form.validate_on_submit():
        sources = list(form.bi_sap_nhap.data or [])
        target = form.target()
        if form.confirm.data:
            try:
                target_id = merge_agencies(acting_officer(), _merge_request(form))
            except ValidationError as error:
                show_errors(form, error, MERGE_FIELDS)
            else:
                flash(_merge_done(form.ap_dung_tu.data), "success")
                return redirect(url_for("admin_agencies.show", agency_id=target_id))
        preview = merge_preview(sources, target)
        form.phien_ban.data = ",".join(
            f"{agency.id}:{agency.version}"
            for agency in [*preview.sources, *([preview.target] if preview.target else [])]
        )
    status = 422 if form.is_submitted() and preview is None else 200
    return render_template("admin/agencies/merge.html", form=form, preview=preview), status


def cancel(merge_id: int) -> Response:
    """Call off a merger still waiting for its day. A page older than the merger's state
    (cancelled or carried out since) gets the reload page (409) from the error handler."""
    form = CancelMergeForm()
    back = _page_sent_from()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return redirect(back)
    try:
        cancel_scheduled_merge(acting_officer(), merge_id, version_of(form), form.ly_do.data or "")
    except ValidationError as error:
        for message in error.field_errors.values():
            flash(gettext(message), "danger")
        return redirect(back)
    flash(gettext("Đã hủy lịch sáp nhập; không có gì thay đổi."), "success")
    return redirect(back)


def _page_sent_from() -> str:
    """Back to the agency page the form was on (its hidden field), else the admin home."""
    agency_id = parse_id(request.form.get("co_quan"))
    if agency_id is None:
        return url_for("admin.home")
    return url_for("admin_agencies.show", agency_id=agency_id)


def register(bp: Blueprint) -> None:
    bp.add_url_rule(
        "/sap-nhap", "merge", roles_required(Role.ADMIN)(merge), methods=["GET", "POST"]
    )
    bp.add_url_rule(
        "/sap-nhap/lich/<int:merge_id>/huy",
        "cancel_merge",
        roles_required(Role.ADMIN)(cancel),
        methods=["POST"],
    )


def _merge_request(form: MergeForm) -> MergeRequest:
    new_target = None
    if form.target() is None:
        details = AgencyDetails(
            level=str(form.moi_cap.data),
            parent_id=form.new_parent(),
            is_one_stop_unit=False,
            is_vertical=False,
            address=None,
            phone=None,
            opening_hours=None,
            valid_from=form.ap_dung_tu.data,
            valid_to=None,
        )
        new_target = NewAgency(
            form.moi_ma_ngan.data or "",
            form.moi_ma_dinh_danh.data or "",
            form.moi_ten.data or "",
            details,
        )
    return MergeRequest(
        sources=list(form.bi_sap_nhap.data or []),
        versions=_versions(form.phien_ban.data or ""),
        effective=form.ap_dung_tu.data,
        reason=form.can_cu.data or "",
        target_id=form.target(),
        new_target=new_target,
    )


def _merge_done(effective: date | None) -> str:
    if effective is not None and merge_waits(effective, local_today()):
        return gettext(
            "Đã lên lịch sáp nhập từ ngày %(day)s: đến ngày đó không có gì thay đổi; có thể "
            "hủy lịch trên trang cơ quan.",
            day=formatting.day(effective),
        )
    return gettext("Đã sáp nhập; các cơ quan được sáp nhập đã hết hiệu lực.")


def _versions(text: str) -> dict[int, int]:
    """ "12:3,14:1" -> {12: 3, 14: 1}; anything unreadable is left out (the service then
    asks for a reload: it never merges an agency whose shown version it does not know)."""
    versions: dict[int, int] = {}
    for part in text.split(","):
        agency, _, version = part.partition(":")
        agency_id, number = parse_id(agency), parse_int(version, minimum=0, maximum=MAX_ID)
        if agency_id is not None and number is not None:
            versions[agency_id] = number
    return versions
