"""Mergers confirmed ahead of their effective day, on the admin pages: listed on the
agency page and the admin home, cancellable until their day (docs/domain.md#scheduled-merge).
Registered on the agencies' blueprint (web/admin_agencies.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.services.agency_merge_schedule import cancel_scheduled_merge
from vpub_onestop.web.form_base import Form, version_of
from vpub_onestop.web.request_input import parse_id
from vpub_onestop.web.workspace import acting_officer, roles_required


class CancelMergeForm(Form):
    version = HiddenField()
    ly_do = TextAreaField(
        _l("Lý do hủy (quyết định, văn bản)"),
        validators=[DataRequired(message=_l("Nhập lý do hủy lịch sáp nhập.")), Length(max=2000)],
    )


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
        "/sap-nhap/lich/<int:merge_id>/huy",
        "cancel_merge",
        roles_required(Role.ADMIN)(cancel),
        methods=["POST"],
    )
