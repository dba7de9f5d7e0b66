"""Forms of agency administration: create, edit, rename, merge. Messages in Vietnamese;
the services check the same rules again (services/agencies.py, services/agency_merge.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from vpub_onestop.domain.agencies import ADDRESS_MAX, HOURS_MAX, LEVELS, NAME_MAX
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.monitor_forms import VnDateField, choices

LEVEL_LABELS: dict[str, Any] = {"province": _l("Cấp tỉnh"), "commune": _l("Cấp xã")}
assert set(LEVEL_LABELS) == set(LEVELS)
NO_PARENT = ""


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Tối đa %(max)d ký tự.", max=length))


def _parent_id(value: Any) -> int | None:
    return int(value) if value not in (None, "", NO_PARENT) else None


class DetailsForm(Form):
    """The fields of an agency other than its identity (name, code)."""

    version = HiddenField()
    cap = SelectField(
        _l("Cấp"),
        choices=choices(LEVEL_LABELS.items()),
        invalid_choice_message=_l("Chọn cấp của cơ quan."),
    )
    co_quan_chu_quan = SelectField(
        _l("Cơ quan chủ quản"),
        validators=[Optional()],
        invalid_choice_message=_l("Chọn cơ quan chủ quản trong danh sách."),
    )
    mot_cua = BooleanField(_l("Là Bộ phận Một cửa (tiếp nhận và trả kết quả hồ sơ)"))
    nganh_doc = BooleanField(_l("Cơ quan ngành dọc (trung ương đóng tại tỉnh)"))
    dia_chi = StringField(_l("Địa chỉ"), validators=[Optional(), _max(ADDRESS_MAX)])
    dien_thoai = StringField(_l("Điện thoại"), validators=[Optional(), _max(20)])
    gio_lam_viec = TextAreaField(
        _l("Giờ tiếp nhận"), validators=[Optional(), _max(HOURS_MAX)], render_kw={"rows": 2}
    )
    hieu_luc_tu = VnDateField(_l("Có hiệu lực từ ngày"), validators=[Optional()])
    hieu_luc_den = VnDateField(_l("Hết hiệu lực sau ngày"), validators=[Optional()])
    submit = SubmitField(_l("Lưu"))

    def fill_parents(self, options: list[tuple[int, str]]) -> None:
        self.co_quan_chu_quan.choices = choices([(NO_PARENT, _l("(Không có)")), *options])

    def parent(self) -> int | None:
        return _parent_id(self.co_quan_chu_quan.data)


class NewAgencyForm(DetailsForm):
    ma_ngan = StringField(
        _l("Mã ngắn (dùng trong tệp dữ liệu)"),
        validators=[DataRequired(message=_l("Nhập mã ngắn.")), _max(40)],
    )
    ma_dinh_danh = StringField(
        _l("Mã định danh"), validators=[DataRequired(message=_l("Nhập mã định danh.")), _max(40)]
    )
    ten = StringField(
        _l("Tên cơ quan"),
        validators=[DataRequired(message=_l("Nhập tên cơ quan.")), _max(NAME_MAX)],
    )
    submit = SubmitField(_l("Tạo cơ quan"))


class RenameForm(Form):
    version = HiddenField()
    ten = StringField(
        _l("Tên mới"), validators=[DataRequired(message=_l("Nhập tên mới.")), _max(NAME_MAX)]
    )
    ma_dinh_danh = StringField(
        _l("Mã định danh (giữ nguyên nếu không đổi)"),
        validators=[DataRequired(message=_l("Nhập mã định danh.")), _max(40)],
    )
    ap_dung_tu = VnDateField(
        _l("Áp dụng từ ngày"), validators=[InputRequired(message=_l("Nhập ngày áp dụng."))]
    )
    can_cu = TextAreaField(
        _l("Căn cứ (quyết định, văn bản)"),
        validators=[DataRequired(message=_l("Nhập căn cứ đổi tên.")), _max(500)],
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Đổi tên"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MergeForm(Form):
    """Step 1 (preview) and step 2 (confirm) post the same fields; the confirmation also
    carries the versions the preview showed (`phien_ban`: "id:version,...")."""

    bi_sap_nhap = MultiCheckboxField(
        _l("Các cơ quan được sáp nhập"),
        coerce=int,
        validators=[DataRequired(message=_l("Chọn ít nhất một cơ quan được sáp nhập."))],
    )
    cach = RadioField(
        _l("Cơ quan tiếp nhận"),
        choices=choices([("co_san", _l("Cơ quan đã có")), ("moi", _l("Cơ quan mới"))]),
        default="co_san",
        invalid_choice_message=_l("Chọn cơ quan tiếp nhận."),
    )
    tiep_nhan = SelectField(_l("Chọn cơ quan đã có"), validators=[Optional()])
    moi_ma_ngan = StringField(_l("Mã ngắn của cơ quan mới"), validators=[Optional(), _max(40)])
    moi_ma_dinh_danh = StringField(
        _l("Mã định danh của cơ quan mới"), validators=[Optional(), _max(40)]
    )
    moi_ten = StringField(_l("Tên cơ quan mới"), validators=[Optional(), _max(NAME_MAX)])
    moi_cap = SelectField(
        _l("Cấp của cơ quan mới"),
        choices=choices(LEVEL_LABELS.items()),
        invalid_choice_message=_l("Chọn cấp của cơ quan."),
    )
    moi_chu_quan = SelectField(_l("Cơ quan chủ quản của cơ quan mới"), validators=[Optional()])
    ap_dung_tu = VnDateField(
        _l("Sáp nhập có hiệu lực từ ngày"),
        validators=[InputRequired(message=_l("Nhập ngày sáp nhập có hiệu lực."))],
    )
    can_cu = TextAreaField(
        _l("Căn cứ (nghị quyết, quyết định)"),
        validators=[DataRequired(message=_l("Nhập căn cứ sáp nhập.")), _max(500)],
        render_kw={"rows": 2},
    )
    phien_ban = HiddenField()
    preview = SubmitField(_l("Xem trước"))
    confirm = SubmitField(_l("Xác nhận sáp nhập"))

    def fill(self, options: list[tuple[int, str]]) -> None:
        self.bi_sap_nhap.choices = choices(options)
        self.tiep_nhan.choices = choices([("", _l("(Chọn cơ quan)")), *options])
        self.moi_chu_quan.choices = choices([(NO_PARENT, _l("(Không có)")), *options])

    def target(self) -> int | None:
        return _parent_id(self.tiep_nhan.data) if self.cach.data == "co_san" else None

    def new_parent(self) -> int | None:
        return _parent_id(self.moi_chu_quan.data)

    def validate_tiep_nhan(self, field: Any) -> None:
        if self.cach.data == "co_san" and not field.data:
            raise ValueError(str(_l("Chọn cơ quan tiếp nhận.")))

    def validate_moi_ten(self, field: Any) -> None:
        if self.cach.data == "moi" and not (field.data or "").strip():
            raise ValueError(str(_l("Nhập tên cơ quan mới.")))
