"""Accounts of citizens and organisations: register, profile, change password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.extensions import db, limiter
from vpub_onestop.queries.accounts import user_by_id
from vpub_onestop.services import portal_accounts
from vpub_onestop.web import sessions
from vpub_onestop.web.auth import safe_next_url
from vpub_onestop.web.errors import error_message
from vpub_onestop.web.portal_forms import PasswordForm, ProfileForm, RegistrationForm, put_errors

bp = Blueprint("account", __name__)

# What an account holding a temporary password may still open: the page to change it,
# signing out, the static files, the health probe.
_BEFORE_NEW_PASSWORD = frozenset(
    {"account.change_password", "auth.logout", "static", "main.healthz"}
)


@bp.before_app_request
def _new_password_first() -> Response | None:
    """An account an administrator created or reset signs in with a temporary password and
    must choose its own before anything else (docs/policies.md#passwords)."""
    if (
        request.endpoint not in _BEFORE_NEW_PASSWORD
        and current_user.is_authenticated
        and current_user.must_change_password
    ):
        flash(_("Vui lòng đổi mật khẩu tạm thời trước khi tiếp tục."), "warning")
        return redirect(url_for("account.change_password"))
    return None


DEFAULT_REGISTER_LIMIT = "10 per hour"


@bp.route("/dang-ky", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config.get("RATELIMIT_REGISTER", DEFAULT_REGISTER_LIMIT), methods=["POST"]
)
def register() -> Response | str | tuple[str, int]:
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        data = portal_accounts.Registration(
            username=form.username.data or "",
            full_name=form.full_name.data or "",
            phone=form.phone.data or "",
            email=form.email.data or "",
            password=form.password.data or "",
            citizen_id=form.citizen_id.data or "",
            is_organisation=bool(form.is_organisation.data),
            tax_code=form.tax_code.data or "",
            address=form.address.data or "",
        )
        try:
            user_id = portal_accounts.register(data)
        except ValidationError as error:
            put_errors(form, error)
            return _register_page(form, next_url, error_message(error)), 422
        user = user_by_id(db.session(), user_id)
        assert user is not None
        sessions.start(user)
        flash(_("Đăng ký thành công. Chào mừng %(name)s!", name=user.full_name), "success")
        return redirect(next_url or url_for("main.home"))
    if form.is_submitted():
        return _register_page(form, next_url, _("Vui lòng kiểm tra lại các ô được đánh dấu.")), 422
    return _register_page(form, next_url)


def _register_page(form: RegistrationForm, next_url: str | None, problem: str | None = None) -> str:
    return render_template("account/register.html", form=form, next_url=next_url, problem=problem)


@bp.route("/tai-khoan", methods=["GET", "POST"])
@login_required
def profile() -> Response | str | tuple[str, int]:
    user = current_user
    form = ProfileForm(obj=None if request.method == "POST" else user)
    if form.validate_on_submit():
        contact = portal_accounts.Contact(
            full_name=form.full_name.data or "",
            phone=form.phone.data or "",
            email=form.email.data or "",
            address=form.address.data or "",
        )
        try:
            portal_accounts.update_profile(user.id, contact)
        except ValidationError as error:
            put_errors(form, error)
            return render_template(
                "account/profile.html", form=form, user=user, problem=error_message(error)
            ), 422
        flash(_("Đã lưu thông tin tài khoản."), "success")
        return redirect(url_for("account.profile"))
    if form.is_submitted():
        problem = _("Vui lòng kiểm tra lại các ô được đánh dấu.")
        return render_template("account/profile.html", form=form, user=user, problem=problem), 422
    return render_template("account/profile.html", form=form, user=user, problem=None)


@bp.route("/tai-khoan/mat-khau", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str | tuple[str, int]:
    form = PasswordForm()
    if form.validate_on_submit():
        user_id = current_user.id
        try:
            portal_accounts.change_password(
                user_id, form.current_password.data or "", form.new_password.data or ""
            )
        except ValidationError as error:
            put_errors(form, error)
            return render_template(
                "account/password.html", form=form, problem=error_message(error)
            ), 422
        # Every other session ended with the old password; this one goes on, fresh.
        user = user_by_id(db.session(), user_id)
        assert user is not None
        sessions.start(user)
        flash(_("Đã đổi mật khẩu."), "success")
        return redirect(url_for("account.profile"))
    if form.is_submitted():
        problem = _("Vui lòng kiểm tra lại các ô được đánh dấu.")
        return render_template("account/password.html", form=form, problem=problem), 422
    return render_template("account/password.html", form=form, problem=None)
