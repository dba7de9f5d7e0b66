"""The administrator's webhooks: subscribe another system to the status feed, pause or
resume it, and read its delivery log (docs/architecture.md#webhooks)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from vpub_onestop.domain.delivery import MAX_ATTEMPTS
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.national_feed import STATUS_CHANGED
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.webhooks import delivery_log, subscription_lines
from vpub_onestop.services.webhooks import SubscriptionInput, create_subscription, set_active
from vpub_onestop.web.form_base import Form, version_of
from vpub_onestop.web.workspace import acting_officer, roles_required, show_errors

bp = Blueprint("admin_webhooks", __name__, url_prefix="/quan-tri/webhook")


class SubscriptionForm(Form):
    ten_he_thong = StringField(
        _l("Tên hệ thống nhận"),
        validators=[
            DataRequired(message=_l("Vui lòng nhập tên hệ thống nhận.")),
            Length(max=120, message=_l("Tối đa %(max)d ký tự.", max=120)),
        ],
    )
    dia_chi = StringField(
        _l("Địa chỉ nhận (URL)"),
        validators=[
            DataRequired(message=_l("Vui lòng nhập địa chỉ nhận.")),
            Length(max=500, message=_l("Tối đa %(max)d ký tự.", max=500)),
        ],
        render_kw={"inputmode": "url", "autocomplete": "url"},
    )
    bo_loc = StringField(
        _l("Bộ lọc sự kiện"),
        default="*",
        validators=[Length(max=200, message=_l("Tối đa %(max)d ký tự.", max=200))],
    )
    submit = SubmitField(_l("Thêm đăng ký"))


class ToggleForm(Form):
    version = HiddenField()
    submit = SubmitField(_l("Lưu"))


# Service field -> form field, so a refusal shows next to the right input.
FIELDS = {"client_name": "ten_he_thong", "url": "dia_chi", "event_filter": "bo_loc"}


def _index(form: SubscriptionForm, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "admin/webhooks/index.html",
        lines=subscription_lines(),
        form=form,
        event_type=STATUS_CHANGED,
    )
    return page, status


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> tuple[str, int]:
    return _index(SubscriptionForm(formdata=None))


@bp.post("")
@roles_required(Role.ADMIN)
def create() -> tuple[str, int]:
    form = SubscriptionForm()
    if not form.validate_on_submit():
        return _index(form, 422)
    data = SubscriptionInput(
        client_name=form.ten_he_thong.data or "",
        url=form.dia_chi.data or "",
        event_filter=form.bo_loc.data or "*",
    )
    try:
        subscription_id, secret = create_subscription(acting_officer(), data)
    except ValidationError as error:
        renamed = {FIELDS.get(k, k): m for k, m in error.field_errors.items()}
        show_errors(form, ValidationError(error.message, renamed))
        return _index(form, 422)
    # The secret is shown on this answer only (never put in the session or a redirect):
    # the admin gives it to the receiving system, which checks each delivery with it.
    return _detail(subscription_id, secret=secret, status=201)


def _detail(
    subscription_id: int, *, secret: str | None = None, status: int = 200
) -> tuple[str, int]:
    found = subscription_lines(subscription_id)
    if not found:
        abort(404)
    line = found[0]
    page = render_template(
        "admin/webhooks/detail.html",
        line=line,
        secret=secret,
        log=delivery_log(subscription_id),
        toggle=ToggleForm(formdata=None, data={"version": line.version}),
        max_attempts=MAX_ATTEMPTS,
    )
    return page, status


@bp.get("/<int:subscription_id>")
@roles_required(Role.ADMIN)
def detail(subscription_id: int) -> tuple[str, int]:
    return _detail(subscription_id)


@bp.post("/<int:subscription_id>/trang-thai")
@roles_required(Role.ADMIN)
def toggle(subscription_id: int) -> Response | tuple[str, int]:
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    found = subscription_lines(subscription_id)
    if not found:
        abort(404)
    now_active = not found[0].active
    set_active(acting_officer(), subscription_id, now_active, expected_version=version_of(form))
    flash(
        gettext("Đã tiếp tục gửi sự kiện.") if now_active else gettext("Đã tạm dừng gửi sự kiện."),
        "success",
    )
    return redirect(url_for("admin_webhooks.detail", subscription_id=subscription_id))
