"""The working calendar in the administration area (/quan-tri/lich): a year's days off and
make-up days with their legal basis; add, change or remove a day; confirm a provisional
year. Before a day is saved, the page lists the open dossiers whose appointment lies after
it: their appointment stays as printed (docs/domain.md#calendar-administration)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.calendar_admin import (
    calendar_year,
    dossiers_spanning,
    override_row,
    years_shown,
)
from vpub_onestop.services.calendar_admin import DayChange, confirm_year, remove_day, save_day
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web import N_
from vpub_onestop.web.admin_calendar_forms import (
    KIND_LABELS,
    ConfirmYearForm,
    DayForm,
    RemoveDayForm,
)
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.request_input import arg_id
from vpub_onestop.web.workspace import (
    acting_officer,
    local_today,
    roles_required,
    show_errors,
)

bp = Blueprint("admin_calendar", __name__, url_prefix="/quan-tri/lich")

FIELDS = {"day": "ngay", "kind": "loai", "name": "ten", "basis": "can_cu", "kept": "giu"}
MIN_YEAR, MAX_YEAR = 2000, 2099
# Shown through the `tr` filter (the page's language).
WEEKDAYS = (
    N_("Thứ Hai"),
    N_("Thứ Ba"),
    N_("Thứ Tư"),
    N_("Thứ Năm"),
    N_("Thứ Sáu"),
    N_("Thứ Bảy"),
    N_("Chủ nhật"),
)


def _year() -> int:
    year = arg_id("nam") or local_today().year
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)
    return year


def _year_page(
    year: int, add: DayForm | None = None, confirm: ConfirmYearForm | None = None, status: int = 200
) -> tuple[str, int]:
    view = calendar_year(year, load_work_calendar())
    unconfirmed = [d for d in view.days if d.override_id is None]
    if confirm is None:  # first shown: every holiday the page shows as off stays off
        confirm = ConfirmYearForm(
            formdata=None, data={"giu": [d.day.isoformat() for d in unconfirmed]}
        )
    confirm.giu.choices = [(d.day.isoformat(), f"{d.day:%d/%m/%Y} – {d.name}") for d in unconfirmed]
    page = render_template(
        "admin/calendar/index.html",
        view=view,
        years=years_shown(local_today()),
        add_form=add or DayForm(formdata=None),
        confirm_form=confirm,
        kinds=KIND_LABELS,
        weekdays=WEEKDAYS,
    )
    return page, status


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> tuple[str, int]:
    return _year_page(_year())


def _preview(
    form: Any, action: str, days: list[date], title: str, row: Any = None
) -> tuple[str, int]:
    form.xac_nhan.data = "1"
    return render_template(
        "admin/calendar/preview.html",
        form=form,
        action=action,
        title=title,
        row=row,
        affected=dossiers_spanning(days),
        days=days,
        kinds=KIND_LABELS,
        weekdays=WEEKDAYS,
    ), 200


def _change(form: DayForm) -> DayChange:
    return DayChange(
        form.ngay.data, str(form.loai.data), form.ten.data or "", form.can_cu.data or ""
    )


@bp.post("/ngay")
@roles_required(Role.ADMIN)
def add() -> Response | tuple[str, int]:
    form = DayForm()
    if not form.validate_on_submit():
        return _year_page(_year_of(form), add=form, status=422)
    if form.xac_nhan.data != "1" or not form.save.data:
        return _preview(
            form, url_for("admin_calendar.add"), [form.ngay.data], gettext("Thêm ngày vào lịch")
        )
    try:
        save_day(acting_officer(), _change(form))
    except ValidationError as error:
        show_errors(form, error, FIELDS)
        return _year_page(form.ngay.data.year, add=form, status=422)
    flash(gettext("Đã lưu ngày vào lịch. Hẹn trả kết quả đã cấp không tự thay đổi."), "success")
    return redirect(url_for("admin_calendar.index", nam=form.ngay.data.year))


def _year_of(form: DayForm) -> int:
    day = form.ngay.data
    return day.year if isinstance(day, date) else local_today().year


def _row_or_404(override_id: int) -> Any:
    row = override_row(override_id)
    if row is None:
        abort(404)
    return row


@bp.route("/ngay/<int:override_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(override_id: int) -> Response | tuple[str, int]:
    row = _row_or_404(override_id)
    form = DayForm(
        data={
            "version": row.version,
            "ngay": row.day,
            "loai": row.kind,
            "ten": row.name,
            "can_cu": row.basis,
        }
    )
    remove = RemoveDayForm(formdata=None, data={"version": row.version})
    if form.is_submitted():
        if not form.validate():
            return _day_page(row, form, remove, 422)
        if form.xac_nhan.data != "1" or not form.save.data:
            days = sorted({row.day, form.ngay.data})
            return _preview(
                form,
                url_for("admin_calendar.edit", override_id=override_id),
                days,
                gettext("Sửa ngày trong lịch"),
                row,
            )
        try:
            save_day(acting_officer(), _change(form), override_id, version_of(form))
        except ValidationError as error:
            show_errors(form, error, FIELDS)
            return _day_page(row, form, remove, 422)
        flash(gettext("Đã lưu ngày vào lịch. Hẹn trả kết quả đã cấp không tự thay đổi."), "success")
        return redirect(url_for("admin_calendar.index", nam=form.ngay.data.year))
    return _day_page(row, form, remove, 200)


def _day_page(row: Any, form: DayForm, remove: RemoveDayForm, status: int) -> tuple[str, int]:
    return render_template(
        "admin/calendar/day.html",
        row=row,
        form=form,
        remove=remove,
        kinds=KIND_LABELS,
        weekdays=WEEKDAYS,
    ), status


@bp.post("/ngay/<int:override_id>/xoa")
@roles_required(Role.ADMIN)
def remove(override_id: int) -> Response | tuple[str, int]:
    row = _row_or_404(override_id)
    form = RemoveDayForm()
    if not form.validate_on_submit():
        edit_form = DayForm(
            formdata=None,
            data={
                "version": row.version,
                "ngay": row.day,
                "loai": row.kind,
                "ten": row.name,
                "can_cu": row.basis,
            },
        )
        return _day_page(row, edit_form, form, 422)
    if form.xac_nhan.data != "1" or not form.save.data:
        return _preview(
            form,
            url_for("admin_calendar.remove", override_id=override_id),
            [row.day],
            gettext("Bỏ ngày khỏi lịch"),
            row,
        )
    year = row.day.year
    remove_day(acting_officer(), override_id, version_of(form), form.can_cu.data or "")
    flash(gettext("Đã bỏ ngày khỏi lịch. Hẹn trả kết quả đã cấp không tự thay đổi."), "success")
    return redirect(url_for("admin_calendar.index", nam=year))


@bp.post("/<int:year>/xac-nhan")
@roles_required(Role.ADMIN)
def confirm(year: int) -> Response | tuple[str, int]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)
    form = ConfirmYearForm()
    if not form.validate_on_submit():
        return _year_page(year, confirm=form, status=422)
    kept = _kept_days(form)
    if kept is None:
        return _year_page(year, confirm=form, status=422)
    try:
        written = confirm_year(acting_officer(), year, form.can_cu.data or "", kept)
    except ValidationError as error:
        show_errors(form, error, FIELDS)
        return _year_page(year, confirm=form, status=422)
    flash(
        gettext(
            "Đã xác nhận lịch năm %(year)s; %(count)s ngày lễ được ghi vào lịch là ngày nghỉ.",
            year=year,
            count=len(written),
        ),
        "success",
    )
    return redirect(url_for("admin_calendar.index", nam=year))


def _kept_days(form: ConfirmYearForm) -> list[date] | None:
    """The ticked holidays as dates; None (with the field's error) when one is not a date."""
    try:
        return [date.fromisoformat(str(value)) for value in form.giu.data or []]
    except ValueError:
        form.giu.errors = [gettext("Chọn các ngày lễ trong danh sách.")]
        return None
