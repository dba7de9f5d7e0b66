"""Accounts in the administration area (/quan-tri/tai-khoan): the list, searched without
accents and filtered; create; one account's page with its edit form, its buttons (disable
or enable, reset the password, end every session, lift a sign-in lock) and its history.
A temporary password is shown once, on the answer to the request that made it, and never
again (the page is not cached)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.admin_accounts import (
    AccountView,
    account_page,
    account_view,
    agency_choices,
)
from vpub_onestop.services import admin_accounts
from vpub_onestop.web.admin import PREFIX
from vpub_onestop.web.admin_account_forms import AccountActionForm, AccountFilterForm, AccountForm
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.workspace import (
    acting_officer,
    page_edge,
    page_number,
    page_size,
    page_url,
    roles_required,
    show_errors,
)

bp = Blueprint("admin_accounts", __name__, url_prefix=f"{PREFIX}/tai-khoan")

# The buttons of an account's page: (URL part, service call, the flash after it).
ACTIONS = ("khoa", "mo-lai", "dat-lai-mat-khau", "dang-xuat-moi-noi", "go-khoa-dang-nhap")


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> str:
    form = AccountFilterForm(request.args)
    form.fill_choices(agency_choices())
    filters = form.filters() if form.validate() else AccountFilterForm().filters()
    rows = account_page(filters, page_number(), page_size(), page_edge())
    return render_template("admin/accounts/index.html", form=form, rows=rows, page_url=page_url)


@bp.route("/moi", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create() -> Response | str | tuple[str, int]:
    form = AccountForm()
    form.fill_choices(agency_choices())
    if form.validate_on_submit():
        try:
            made = admin_accounts.create_account(
                acting_officer(), form.account_input(), form.reason.data or None
            )
        except ValidationError as error:
            show_errors(form, error)
            return render_template("admin/accounts/new.html", form=form), 422
        return _with_password(made.user_id, made.temporary_password, _("Đã tạo tài khoản."))
    if form.is_submitted():
        return render_template("admin/accounts/new.html", form=form), 422
    return render_template("admin/accounts/new.html", form=form)


@bp.get("/<int:user_id>")
@roles_required(Role.ADMIN)
def show(user_id: int) -> str:
    account = _account(user_id)
    return _page(account, _edit_form(account))


@bp.post("/<int:user_id>")
@roles_required(Role.ADMIN)
def update(user_id: int) -> Response | tuple[str, int]:
    account = _account(user_id)
    form = AccountForm()
    form.fill_choices(agency_choices())
    form.username.data = account.username  # not editable: the sign-in name stays
    if form.validate_on_submit():
        try:
            admin_accounts.update_account(
                acting_officer(),
                user_id,
                version_of(form),
                form.account_input(account.username),
                form.reason.data or None,
            )
        except ValidationError as error:
            show_errors(form, error)
            return _page(account, form), 422
        flash(_("Đã lưu tài khoản."), "success")
        return redirect(url_for(".show", user_id=user_id))
    return _page(account, form), 422


@bp.post("/<int:user_id>/<action>")
@roles_required(Role.ADMIN)
def act(user_id: int, action: str) -> Response | str | tuple[str, int]:
    if action not in ACTIONS:
        abort(404)
    account = _account(user_id)
    form = AccountActionForm(prefix=action)
    if not form.validate_on_submit():
        return _page(account, _edit_form(account), {action: form}), 422
    actor, version, reason = acting_officer(), version_of(form), form.reason.data or None
    try:
        if action == "dat-lai-mat-khau":
            password = admin_accounts.reset_password(actor, user_id, version, reason)
            return _with_password(user_id, password, _("Đã đặt lại mật khẩu."))
        if action in ("khoa", "mo-lai"):
            admin_accounts.set_enabled(actor, user_id, version, action == "mo-lai", reason)
        elif action == "dang-xuat-moi-noi":
            admin_accounts.sign_out_everywhere(actor, user_id, version, reason)
        else:
            admin_accounts.unlock(actor, user_id, version, reason)
    except ValidationError as error:
        show_errors(form, error)
        return _page(account, _edit_form(account), {action: form}), 422
    flash(_DONE[action](), "success")
    return redirect(url_for(".show", user_id=user_id))


_DONE = {
    "khoa": lambda: _("Đã khóa tài khoản; mọi phiên đăng nhập của tài khoản đã kết thúc."),
    "mo-lai": lambda: _("Đã mở lại tài khoản."),
    "dang-xuat-moi-noi": lambda: _("Đã kết thúc mọi phiên đăng nhập của tài khoản."),
    "go-khoa-dang-nhap": lambda: _("Đã gỡ khóa đăng nhập."),
}


def _account(user_id: int) -> AccountView:
    account = account_view(user_id)
    if account is None:
        abort(404)
    return account


def _edit_form(account: AccountView) -> AccountForm:
    form = AccountForm(
        formdata=None,
        data={
            "version": account.admin_version,
            "username": account.username,
            "full_name": account.full_name,
            "role": account.role,
            "agency_id": str(account.agency_id) if account.agency_id else "",
            "email": account.email,
            "phone": account.phone,
        },
    )
    form.fill_choices(agency_choices())
    return form


def _page(
    account: AccountView, form: AccountForm, refused: dict[str, AccountActionForm] | None = None
) -> str:
    actions: dict[str, Any] = {
        name: AccountActionForm(formdata=None, prefix=name, data={"version": account.admin_version})
        for name in ACTIONS
    }
    actions.update(refused or {})
    return render_template("admin/accounts/show.html", account=account, form=form, actions=actions)


def _with_password(user_id: int, password: str, done: str) -> Response:
    """The one page that shows a temporary password: not stored, not cached."""
    account = _account(user_id)
    page = render_template(
        "admin/accounts/password.html", account=account, password=password, done=done
    )
    response = Response(page, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
