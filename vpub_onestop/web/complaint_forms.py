"""Forms of the complaint record (phản ánh, kiến nghị): record one, then verify and close
it. Errors in Vietnamese; the service checks the same rules again."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from vpub_onestop.domain.complaints import CHANNELS, CONTENT_MAX_LENGTH
from vpub_onestop.services.complaints import NOTE_MAX_LENGTH
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.monitor_forms import VnDateField, choices

CHANNEL_LABELS: dict[str, Any] = {
    "direct": _l("Trực tiếp tại Bộ phận Một cửa"),
    "phone": _l("Điện thoại, đường dây nóng"),
    "email": _l("Thư điện tử"),
    "portal": _l("Cổng dịch vụ công"),
    "post": _l("Văn bản, bưu chính"),
    "hotline": _l("Hộp thư góp ý, hệ thống 1022"),
}
assert set(CHANNEL_LABELS) == set(CHANNELS)


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Tối đa %(max)d ký tự.", max=length))


class ComplaintForm(Form):
    ngay_nhan = VnDateField(
        _l("Ngày tiếp nhận"), validators=[InputRequired(message=_l("Nhập ngày tiếp nhận."))]
    )
    kenh = SelectField(
        _l("Kênh tiếp nhận"),
        choices=choices(CHANNEL_LABELS.items()),
        invalid_choice_message=_l("Chọn kênh tiếp nhận."),
    )
    nguoi_gui = StringField(_l("Người phản ánh"), validators=[Optional(), _max(200)])
    ma_ho_so = StringField(_l("Mã hồ sơ liên quan (nếu có)"), validators=[Optional(), _max(60)])
    noi_dung = TextAreaField(
        _l("Nội dung phản ánh, kiến nghị"),
        validators=[
            DataRequired(message=_l("Nhập nội dung phản ánh, kiến nghị.")),
            _max(CONTENT_MAX_LENGTH),
        ],
        render_kw={"rows": 3, "maxlength": CONTENT_MAX_LENGTH},
    )
    han_xu_ly = VnDateField(
        _l("Hạn xử lý"), validators=[InputRequired(message=_l("Nhập hạn xử lý."))]
    )
    submit = SubmitField(_l("Ghi nhận phản ánh"))


class ComplaintUpdateForm(Form):
    version = HiddenField()
    da_xac_minh = BooleanField(_l("Đã xác minh: phản ánh đúng"))
    ngay_xu_ly = VnDateField(_l("Ngày xử lý xong"), validators=[Optional()])
    ket_qua = TextAreaField(
        _l("Kết quả xử lý, trả lời"),
        validators=[Optional(), _max(NOTE_MAX_LENGTH)],
        render_kw={"rows": 2, "maxlength": NOTE_MAX_LENGTH},
    )
    submit = SubmitField(_l("Cập nhật"))
