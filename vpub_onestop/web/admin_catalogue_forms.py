"""Forms of the catalogue editor (/quan-tri/thu-tuc): a draft version's general data, its
papers, its fee rule and its route. Lists of rows (papers, route steps) are repeated
sub-forms with an order number and a "remove" box, plus empty rows to add: they work
without JavaScript and with the keyboard. The services check the same rules again."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DecimalField,
    Field,
    FieldList,
    FileField,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from vpub_onestop.domain.catalogue_versions import MAX_PAPER_COUNT
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.monitor_forms import choices

LEVEL_CHOICES: dict[str, Any] = {"commune": _l("Cấp xã"), "province": _l("Cấp tỉnh")}
ONLINE_CHOICES: dict[str, Any] = {"full": _l("Toàn trình"), "partial": _l("Một phần")}
UNIT_CHOICES: dict[str, Any] = {
    "working_days": _l("ngày làm việc"),
    "working_hours": _l("giờ làm việc"),
    "calendar_days": _l("ngày"),
    "same_day": _l("trong ngày"),
}
FEE_CHOICES: dict[str, Any] = {
    "exempt": _l("Không thu phí, lệ phí"),
    "flat": _l("Một mức cho mỗi hồ sơ"),
    "per_page": _l("Theo số trang (bậc thang, có mức tối đa)"),
}
RECEIVING_UNIT = "tiep-nhan"  # the route step happens at the unit that received the file
EMPTY_ROWS = 2  # blank rows offered to add papers or steps
MAX_ROWS = 60


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Tối đa %(max)d ký tự.", max=length))


def _amount(label: Any) -> DecimalField:
    return DecimalField(
        label,
        places=None,
        validators=[
            Optional(),
            NumberRange(min=0, max=999, message=_l("Từ 0 đến 999.")),
        ],
        render_kw={"inputmode": "decimal"},
    )


def _money(label: Any, *, required: bool = False) -> IntegerField:
    first: Any = InputRequired(message=_l("Nhập số tiền.")) if required else Optional()
    return IntegerField(
        label,
        validators=[
            first,
            NumberRange(min=0, max=100_000_000_000, message=_l("Số tiền không hợp lệ.")),
        ],
        render_kw={"inputmode": "numeric"},
    )


class VersionForm(Form):
    """Every form of a draft carries the revision its page showed (the stale-page check)."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: UnboundField, options: Any) -> Field:
            # A list of rows takes no input filter itself (WTForms refuses one); the fields
            # of each row are cleaned by the row form (web/form_base.py).
            if issubclass(unbound_field.field_class, FieldList | FormField):
                return unbound_field.bind(form=form, **options)
            return Form.Meta.bind_field(self, form, unbound_field, options)  # type: ignore[arg-type]

    version = HiddenField()


class NewProcedureForm(Form):
    ma = StringField(
        _l("Mã thủ tục"),
        validators=[DataRequired(message=_l("Nhập mã thủ tục.")), _max(60)],
    )
    ten = StringField(
        _l("Tên thủ tục"), validators=[DataRequired(message=_l("Nhập tên thủ tục.")), _max(500)]
    )
    submit = SubmitField(_l("Tạo bản nháp"))


class GeneralForm(VersionForm):
    ten = TextAreaField(
        _l("Tên thủ tục"),
        validators=[DataRequired(message=_l("Nhập tên thủ tục.")), _max(500)],
        render_kw={"rows": 2},
    )
    linh_vuc = StringField(
        _l("Lĩnh vực"), validators=[DataRequired(message=_l("Nhập lĩnh vực.")), _max(200)]
    )
    cap = SelectField(_l("Cấp thực hiện"), choices=choices(LEVEL_CHOICES.items()))
    thoi_han = _amount(_l("Thời hạn giải quyết"))
    don_vi = SelectField(_l("Đơn vị thời hạn"), choices=choices(UNIT_CHOICES.items()))
    thoi_han_truc_tuyen = _amount(_l("Thời hạn khi nộp trực tuyến (nếu ngắn hơn)"))
    truc_tuyen = SelectField(_l("Mức độ trực tuyến"), choices=choices(ONLINE_CHOICES.items()))
    ket_qua = StringField(_l("Kết quả giải quyết"), validators=[Optional(), _max(500)])
    can_cu = TextAreaField(
        _l("Căn cứ pháp lý (mỗi văn bản một dòng)"),
        validators=[Optional(), _max(5000)],
        render_kw={"rows": 4},
    )
    dieu_kien = TextAreaField(
        _l("Yêu cầu, điều kiện (mỗi ý một dòng)"),
        validators=[Optional(), _max(5000)],
        render_kw={"rows": 3},
    )
    khong_phu_thuoc_dia_gioi = BooleanField(
        _l("Không phụ thuộc địa giới hành chính (mọi Bộ phận Một cửa cùng cấp đều tiếp nhận)")
    )
    tra_ngay = BooleanField(_l("Trả kết quả ngay tại quầy"))
    submit = SubmitField(_l("Lưu thông tin chung"))


class PaperRow(Form):
    class Meta:
        csrf = False

    ma = HiddenField()
    thu_tu = IntegerField(_l("Thứ tự"), validators=[Optional(), NumberRange(min=0, max=MAX_ROWS)])
    ten = StringField(_l("Tên giấy tờ"), validators=[Optional(), _max(500)])
    ban_chinh = IntegerField(
        _l("Bản chính"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_PAPER_COUNT)],
    )
    ban_sao = IntegerField(
        _l("Bản sao"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_PAPER_COUNT)],
    )
    bat_buoc = BooleanField(_l("Bắt buộc"), default=True)
    mau = StringField(_l("Tên mẫu đơn, tờ khai"), validators=[Optional(), _max(200)])
    xoa = BooleanField(_l("Bỏ giấy tờ này"))


class PapersForm(VersionForm):
    giay_to = FieldList(FormField(PaperRow), min_entries=0, max_entries=MAX_ROWS)
    submit = SubmitField(_l("Lưu thành phần hồ sơ"))


class FeeForm(VersionForm):
    loai = SelectField(_l("Cách thu"), choices=choices(FEE_CHOICES.items()))
    muc = _money(_l("Mức thu mỗi hồ sơ (đồng)"))
    so_trang_dau = IntegerField(
        _l("Số trang đầu tính theo mức thứ nhất"),
        validators=[Optional(), NumberRange(min=1, max=1000)],
    )
    gia_trang_dau = _money(_l("Giá mỗi trang đầu (đồng)"))
    gia_trang_sau = _money(_l("Giá mỗi trang tiếp theo (đồng)"))
    toi_da = _money(_l("Mức tối đa mỗi bản (đồng, để trống nếu không có)"))
    ghi_chu = StringField(_l("Ghi chú cho công dân"), validators=[Optional(), _max(300)])
    tinh_thu = SubmitField(_l("Tính thử ví dụ"))
    submit = SubmitField(_l("Lưu phí, lệ phí"))


class StepRow(Form):
    class Meta:
        csrf = False

    giai_doan = IntegerField(
        _l("Giai đoạn"), validators=[Optional(), NumberRange(min=1, max=MAX_ROWS)]
    )
    co_quan = SelectField(_l("Cơ quan thực hiện"), choices=[], validate_choice=False)
    cong_viec = StringField(_l("Công việc"), validators=[Optional(), _max(300)])
    thoi_gian = _amount(_l("Thời gian"))
    phe_duyet = BooleanField(_l("Lãnh đạo phê duyệt"), default=True)
    xoa = BooleanField(_l("Bỏ bước này"))


class RouteForm(VersionForm):
    buoc = FieldList(FormField(StepRow), min_entries=0, max_entries=MAX_ROWS)
    submit = SubmitField(_l("Lưu quy trình"))


class PublishForm(VersionForm):
    submit = SubmitField(_l("Xác nhận công bố"))


class DiscardForm(VersionForm):
    submit = SubmitField(_l("Hủy bản nháp"))


class StartDraftForm(Form):
    submit = SubmitField(_l("Tạo bản nháp mới"))


class TemplateForm(VersionForm):
    tep = FileField(_l("Tệp mẫu (PDF, DOC, DOCX, ODT, XLSX)"))
    submit = SubmitField(_l("Tải mẫu lên"))


class TemplateRemoveForm(VersionForm):
    submit = SubmitField(_l("Bỏ mẫu tải lên"))


def template_prefix(document_id: int) -> str:
    """Each paper's template forms are prefixed with its id: distinct names on one page."""
    return f"mau-{document_id}-"
