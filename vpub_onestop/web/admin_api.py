"""`/quan-tri/api`: the administrator's page of system clients' API tokens — make one for
an agency and a set of operations (its secret shown once), revoke one
(docs/api.md#authentication). The same services as `flask api-token`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from vpub_onestop import clock
from vpub_onestop.domain import api_access, formatting
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.queries.api_tokens import agency_choices, system_tokens
from vpub_onestop.services.api_tokens import IssuedToken, issue_system_token, revoke_system_token
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.monitor_forms import choices
from vpub_onestop.web.workspace import acting_officer, roles_required, show_errors

bp = Blueprint("admin_api", __name__, url_prefix="/quan-tri/api")


class TokenForm(Form):
    ten = StringField(
        _l("Tên hệ thống"),
        validators=[
            DataRequired(message=_l("Nhập tên hệ thống.")),
            Length(max=api_access.NAME_MAX_LENGTH, message=_l("Tối đa %(max)d ký tự.")),
        ],
    )
    co_quan = SelectField(
        _l("Cơ quan"),
        coerce=int,
        validators=[InputRequired(message=_l("Chọn cơ quan."))],
        invalid_choice_message=_l("Chọn cơ quan trong danh sách."),
    )
    thao_tac = SelectMultipleField(
        _l("Thao tác được phép"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(message=_l("Chọn ít nhất một thao tác."))],
    )
    so_ngay = IntegerField(
        _l("Số ngày hiệu lực"),
        default=api_access.DEFAULT_SYSTEM_DAYS,
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=api_access.MAX_SYSTEM_DAYS,
                message=_l("Từ 1 đến %(max)s ngày."),
            ),
        ],
    )
    submit = SubmitField(_l("Cấp mã truy cập"))


class RevokeForm(Form):
    submit = SubmitField(_l("Thu hồi"))


# Service field names → this form's.
_FIELDS = {
    "name": "ten",
    "agency_id": "co_quan",
    "operations": "thao_tac",
    "expires_in_days": "so_ngay",
}


def _token_form() -> TokenForm:
    form = TokenForm()
    form.co_quan.choices = choices(agency_choices(db.session()))
    form.thao_tac.choices = choices(api_access.OPERATIONS.items())
    return form


def _page(form: TokenForm, issued: IssuedToken | None = None, status: int = 200) -> Any:
    return (
        render_template(
            "admin/api/tokens.html",
            form=form,
            revoke_form=RevokeForm(),
            tokens=system_tokens(db.session()),
            operations=api_access.OPERATIONS,
            issued=issued,
            now=clock.now(),
        ),
        status,
    )


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> Any:
    return _page(_token_form())


@bp.post("")
@roles_required(Role.ADMIN)
def create() -> Any:
    form = _token_form()
    if not form.validate_on_submit():
        return _page(form, status=422)
    admin = acting_officer()
    assert admin.user_id is not None
    try:
        issued = issue_system_token(
            admin.user_id,
            form.co_quan.data,
            form.thao_tac.data or [],
            form.ten.data,
            form.so_ngay.data,
        )
    except ValidationError as error:
        renamed = ValidationError(
            error.message, {_FIELDS.get(k, k): v for k, v in error.field_errors.items()}
        )
        show_errors(form, renamed)
        return _page(form, status=422)
    # The secret is shown on this answer and never again: a redirect would have to carry
    # it through the session cookie, which is signed but not encrypted.
    return _page(_token_form_blank(), issued, 201)


def _token_form_blank() -> TokenForm:
    form = _token_form()
    form.process(formdata=None)
    return form


@bp.post("/<int:token_id>/thu-hoi")
@roles_required(Role.ADMIN)
def revoke(token_id: int) -> Response | Any:
    form = RevokeForm()
    if not form.validate_on_submit():
        return _page(_token_form(), status=400)
    admin = acting_officer()
    assert admin.user_id is not None
    earlier = revoke_system_token(admin.user_id, token_id)  # NotFound: the 404 page
    if earlier is not None:
        flash(
            _(
                "Mã truy cập #%(id)s đã được thu hồi lúc %(at)s, trước thao tác của bạn.",
                id=token_id,
                at=formatting.moment(earlier),
            ),
            "warning",
        )
    else:
        flash(_("Đã thu hồi mã truy cập #%(id)s.", id=token_id), "success")
    return redirect(url_for("admin_api.index"))
