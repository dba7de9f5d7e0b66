"""Forms of the calendar's administration: a day off or make-up day, its removal, the
confirmation of a provisional year (with the package's holidays it keeps as days off). Each
change is shown once with the open dossiers it concerns before it is saved (`xac_nhan`,
docs/domain.md#calendar-administration)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from vpub_onestop.domain.calendar import OFF, WORK
from vpub_onestop.services.calendar_admin import BASIS_MAX, NAME_MAX
from vpub_onestop.web.admin_agency_forms import MultiCheckboxField
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.monitor_forms import VnDateField, choices

KIND_LABELS: dict[str, Any] = {OFF: _l("Ngày nghỉ"), WORK: _l("Ngày làm bù")}


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Tối đa %(max)d ký tự.", max=length))


def _basis_field(label: Any) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[DataRequired(message=_l("Nhập căn cứ pháp lý.")), _max(BASIS_MAX)],
        render_kw={"rows": 2},
    )


class DayForm(Form):
    version = HiddenField()
    xac_nhan = HiddenField()
    ngay = VnDateField(_l("Ngày"), validators=[InputRequired(message=_l("Nhập ngày."))])
    loai = SelectField(
        _l("Loại"),
        choices=choices(KIND_LABELS.items()),
        invalid_choice_message=_l("Chọn ngày nghỉ hoặc ngày làm bù."),
    )
    ten = StringField(
        _l("Tên ngày"), validators=[DataRequired(message=_l("Nhập tên ngày.")), _max(NAME_MAX)]
    )
    can_cu = _basis_field(_l("Căn cứ pháp lý"))
    submit = SubmitField(_l("Xem hồ sơ bị ảnh hưởng"))
    save = SubmitField(_l("Lưu vào lịch"))


class RemoveDayForm(Form):
    version = HiddenField()
    xac_nhan = HiddenField()
    can_cu = _basis_field(_l("Căn cứ bỏ ngày này"))
    submit = SubmitField(_l("Bỏ ngày này khỏi lịch"))
    save = SubmitField(_l("Xác nhận bỏ ngày này"))


class ConfirmYearForm(Form):
    can_cu = _basis_field(_l("Căn cứ xác nhận (văn bản của Chính phủ, Thủ tướng)"))
    # The package's holidays shown as days off, ticked: each kept one is written into the
    # table as a day off (Labour Code 2019 Art. 112). Choices are the days the page shows;
    # the service refuses a day that is no longer one of them.
    giu = MultiCheckboxField(
        _l("Ngày lễ chưa xác nhận được ghi vào lịch là ngày nghỉ"), validate_choice=False
    )
    submit = SubmitField(_l("Xác nhận lịch của năm"))
