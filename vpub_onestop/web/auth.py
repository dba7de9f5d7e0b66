"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from vpub_onestop.extensions import db, limiter
from vpub_onestop.queries.accounts import authenticate
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
    if form.validate_on_submit():
        user = authenticate(db.session(), form.username.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            return redirect(next_url or url_for("main.home"))
        failed = True
    return render_template("auth/login.html", form=form, failed=failed, next_url=next_url)


@bp.route("/dang-xuat", methods=["POST"])
def logout() -> Response:
    if current_user.is_authenticated:
        logout_user()
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
