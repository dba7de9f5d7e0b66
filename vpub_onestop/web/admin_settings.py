"""The policies in the administration area (/quan-tri/cau-hinh): each policy with its legal
note, the value in force today, the decisions scheduled for later days, and a form to
decide a new value from a day (services/policy_settings.py, docs/policies.md#effective-dates)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from vpub_onestop.access.policies import decisions, local_today, policies_today, policy_version
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.policies import BY_KEY, POLICIES, PolicySpec
from vpub_onestop.domain.roles import Role
from vpub_onestop.services.policy_settings import NOTE_MAX, schedule_policy
from vpub_onestop.web.admin import PREFIX
from vpub_onestop.web.form_base import Form, version_of
from vpub_onestop.web.monitor_forms import VnDateField
from vpub_onestop.web.workspace import acting_officer, roles_required, show_errors

bp = Blueprint("admin_settings", __name__, url_prefix=f"{PREFIX}/cau-hinh")


class PolicyForm(Form):
    version = HiddenField()
    value = StringField(_l("Giá trị mới"))
    effective_from = VnDateField(_l("Áp dụng từ ngày"))
    note = TextAreaField(_l("Căn cứ, lý do"), validators=[Length(max=NOTE_MAX)])


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> str:
    today = policies_today()
    later = [d for d in decisions() if d.effective_from > today.day]
    rows = [(spec, today[spec.key], [d for d in later if d.key == spec.key]) for spec in POLICIES]
    return render_template("admin/settings/index.html", rows=rows)


@bp.get("/<key>")
@roles_required(Role.ADMIN)
def show(key: str) -> str:
    spec = _spec(key)
    form = PolicyForm(formdata=None, data={"version": policy_version(key)})
    return _page(spec, form)


@bp.post("/<key>")
@roles_required(Role.ADMIN)
def decide(key: str) -> Response | tuple[str, int]:
    spec = _spec(key)
    form = PolicyForm()
    if not form.validate_on_submit():
        return _page(spec, form), 422
    try:
        schedule_policy(
            acting_officer(),
            key,
            form.value.data or "",
            form.effective_from.data,
            form.note.data or "",
            version_of(form),
        )
    except ValidationError as error:
        show_errors(form, error)
        return _page(spec, form), 422
    flash(_("Đã lưu: giá trị mới áp dụng từ ngày đã chọn."), "success")
    return redirect(url_for(".show", key=key))


def _spec(key: str) -> PolicySpec:
    spec = BY_KEY.get(key)
    if spec is None:
        abort(404)
    return spec


def _page(spec: PolicySpec, form: PolicyForm) -> str:
    history: list[Any] = [d for d in decisions() if d.key == spec.key]
    return render_template(
        "admin/settings/show.html",
        spec=spec,
        form=form,
        in_force=policies_today()[spec.key],
        history=list(reversed(history)),
        today=local_today(),
    )
