"""Printable official forms (Mẫu 01–06) as PDF downloads, and the register's period form.

Every route is a GET that changes nothing; the PDFs carry personal data, so they are
never cached. Access rules live in services.slips (a dossier the user may not see is 404).
Rendering a PDF is slow work, bounded by web/backpressure.py.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from vpub_onestop import clock
from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain import formatting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.errors import ValidationError as DomainValidationError
from vpub_onestop.services import slips
from vpub_onestop.web.backpressure import slow_work
from vpub_onestop.web.errors import error_message, field_errors
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.jobs import background_register_url
from vpub_onestop.web.request_input import parse_date, parse_id

bp = Blueprint("slips", __name__)

FORM_KEY = re.compile(r"^(mau-0[1-5]|thong-bao-dung|thong-bao-tu-choi)$")


def pdf_response(slip: slips.SlipPage) -> Response:
    response = Response(slip.render(), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{slip.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/ho-so/<int:dossier_id>/phieu/<form>.pdf")
@login_required
@slow_work()
def dossier_slip(dossier_id: int, form: str) -> Response:
    if not FORM_KEY.match(form):
        abort(404)
    return pdf_response(slips.prepare_dossier_slip(form, dossier_id, actor_for(current_user)))


@bp.get("/huong-dan/<int:guidance_id>/mau-02.pdf")
@login_required
@slow_work()
def guidance_slip(guidance_id: int) -> Response:
    return pdf_response(slips.prepare_counter_guidance(guidance_id, actor_for(current_user)))


# --- the register (Mẫu 06) -------------------------------------------------------------


YEARS = range(2000, 2100)  # dossier codes carry two-digit years of this century


def parse_vn_date(text: str) -> date:
    """dd/mm/yyyy (one-digit day and month accepted) -> date; ValueError otherwise."""
    day = parse_date(text, ("%d/%m/%Y",), earliest_year=YEARS[0], latest_year=YEARS[-1])
    if day is None:
        raise ValueError(text)
    return day


class VnDate:
    """WTForms validator: the field holds a real dd/mm/yyyy date."""

    def __call__(self, form: Form, field: StringField) -> None:
        try:
            parse_vn_date(field.data or "")
        except ValueError:
            raise ValidationError(
                str(_l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026."))
            ) from None


def _date_field(label: object, name: str) -> StringField:
    return StringField(
        label,
        name=name,
        validators=[
            DataRequired(message=_l("Vui lòng nhập ngày.")),
            Length(max=10, message=_l("Ngày có dạng ngày/tháng/năm.")),
            VnDate(),
        ],
        render_kw={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": 10},
    )


class OneOfUnits:
    """WTForms validator: the unit is one of those offered to this user."""

    def __call__(self, form: Form, field: SelectField) -> None:
        if field.data not in {value for value, _label in field.choices or []}:
            raise ValidationError(str(_l("Vui lòng chọn một Bộ phận Một cửa trong danh sách.")))


def _unit_id(value: object) -> int | None:
    """Coerce the unit choice; anything but a unit's id is simply no choice."""
    return parse_id(value)


class RegisterPeriodForm(Form):
    """A GET form (it only chooses what to print): no CSRF token needed."""

    class Meta:
        csrf = False

    unit = SelectField(
        _l("Bộ phận Một cửa"),
        name="don-vi",
        coerce=_unit_id,
        validate_choice=False,  # WTForms' own message is English: ours is OneOfUnits
        validators=[OneOfUnits()],
    )
    start = _date_field(_l("Từ ngày"), "tu")
    end = _date_field(_l("Đến ngày"), "den")

    def period(self) -> tuple[date, date]:
        return parse_vn_date(self.start.data or ""), parse_vn_date(self.end.data or "")


def _period_form(units: list[tuple[int, str]]) -> RegisterPeriodForm:
    form = RegisterPeriodForm(request.args)
    form.unit.choices = units
    if form.unit.data is None and "don-vi" not in request.args:
        form.unit.data = units[0][0]  # the officer's own unit, or the first one
    return form


def _valid_period(form: RegisterPeriodForm, *, check_unit: bool = True) -> bool:
    """Field checks, then the service's own rule on the period (order, length)."""
    fields = (form.unit, form.start, form.end) if check_unit else (form.start, form.end)
    results = [field.validate(form) for field in fields]  # every field reports its error
    if not all(results):
        return False
    try:
        slips.check_register_period(*form.period())
    except DomainValidationError as error:
        form.end.errors = [*form.end.errors, field_errors(error).get("den", error_message(error))]
        return False
    return True


def _first_of_month(today: date) -> date:
    return today.replace(day=1)


@bp.get("/so-theo-doi")
@login_required
def register_form() -> str:
    units = slips.register_units(actor_for(current_user))
    if not units:
        abort(403)
    form = _period_form(units)
    pdf_url = job_url = None
    submitted = any(key in request.args for key in ("tu", "den"))
    if submitted and _valid_period(form):
        chosen = {"don-vi": form.unit.data, "tu": form.start.data, "den": form.end.data}
        pdf_url = url_for("slips.register_pdf", **chosen)
        # With a job queue the register is built by a worker (web/jobs.py).
        job_url = background_register_url(chosen)
    elif not submitted:
        today = clock.now().astimezone(LOCAL_TZ).date()  # the office's day, not the server's
        form.start.data = formatting.day(_first_of_month(today))
        form.end.data = formatting.day(today)
    return render_template(
        "slips/register_form.html",
        form=form,
        pdf_url=pdf_url,
        job_url=job_url,
        single_unit=len(units) == 1,
    )


@bp.get("/so-theo-doi.pdf")
@login_required
@slow_work()
def register_pdf() -> Response:
    actor = actor_for(current_user)
    units = slips.register_units(actor)
    if not units:
        abort(403)
    unit_id, start, end = period_from_request(units)
    return pdf_response(slips.prepare_register(unit_id, start, end, actor))


def period_from_request(units: list[tuple[int, str]]) -> tuple[int, date, date]:
    """The unit and period of the query string, or a ValidationError (422) naming the fields.
    The unit is not checked against the list here: the service answers 403 for a unit the
    officer may not print, which is what a hand-edited address deserves."""
    form = _period_form(units)
    if form.unit.data is None or not _valid_period(form, check_unit=False):
        errors = {field.name: " ".join(map(str, field.errors)) for field in form if field.errors}
        if form.unit.data is None:
            errors["don-vi"] = str(_l("Vui lòng chọn một Bộ phận Một cửa."))
        raise DomainValidationError(str(_l("Thông tin in sổ theo dõi chưa hợp lệ.")), errors)
    start, end = form.period()
    return form.unit.data, start, end
