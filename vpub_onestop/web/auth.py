"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from vpub_onestop.domain import formatting
from vpub_onestop.extensions import db, limiter
from vpub_onestop.queries.accounts import user_by_id
from vpub_onestop.services import accounts
from vpub_onestop.services.sign_in import sign_in
from vpub_onestop.web import sessions
from vpub_onestop.web.forms import LoginForm

bp = Blueprint("auth", __name__)


@bp.route("/dang-nhap", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login() -> Response | str:
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.home"))
    form = LoginForm()
    failed = False
    locked_until = None
    if form.validate_on_submit():
        result = sign_in(form.username.data or "", form.password.data or "")
        user = user_by_id(db.session(), result.user_id) if result.user_id else None
        if user is not None:
            sessions.start(user)
            return redirect(next_url or url_for("main.home"))
        failed = True
        if result.locked_until is not None:
            locked_until = formatting.moment(result.locked_until)
    return render_template(
        "auth/login.html", form=form, failed=failed, locked_until=locked_until, next_url=next_url
    )


@bp.route("/dang-xuat", methods=["POST"])
def logout() -> Response:
    if current_user.is_authenticated:
        # Every session of the account ends, copies of this cookie included.
        accounts.sign_out_everywhere(current_user.username)
        sessions.end()
        flash(_("Bạn đã đăng xuất."), "success")
    return redirect(url_for("main.home"))


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/..."), else None (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
