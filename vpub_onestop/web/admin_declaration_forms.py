"""WTForms of the declaration form editor (web/admin_declaration.py). Every form carries
the revision of the form the page showed (domain/declaration/editing.py: revision)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from vpub_onestop.domain.declaration.editing import DOWN, UP
from vpub_onestop.web.form_base import Form

TYPE_LABELS = {
    "text": _l("Văn bản"),
    "number": _l("Số"),
    "money": _l("Số tiền (đồng)"),
    "date": _l("Ngày"),
    "choice": _l("Danh sách chọn"),
    "yesno": _l("Có / Không"),
    "address": _l("Địa chỉ (tỉnh, xã)"),
    "id_number": _l("Số định danh cá nhân"),
    "phone": _l("Số điện thoại"),
    "group": _l("Nhóm lặp lại (nhiều dòng)"),
}
# The account facts a field may be prefilled with (domain/declaration/definition.py).
PREFILL_LABELS = {
    "": _l("Không"),
    "full_name": _l("Họ và tên"),
    "id_number": _l("Số định danh cá nhân"),
    "date_of_birth": _l("Ngày sinh"),
    "phone": _l("Số điện thoại"),
    "email": _l("Thư điện tử"),
    "address": _l("Địa chỉ"),
}


def _text(label: object, limit: int, *, id: str | None = None) -> StringField:
    # `id`: the editor's forms share a page, so a field name two forms use gets its own id.
    checks = [Optional(), Length(max=limit)]
    return StringField(label, checks, id=id, render_kw={"maxlength": limit})


class RevisionForm(Form):
    revision = HiddenField()


class HeadingForm(RevisionForm):
    title = _text(_l("Tên tờ khai"), 200, id="ten_to_khai")
    legal_form = _text(_l("Theo mẫu (văn bản quy định)"), 300)
    document = SelectField(
        _l("Thay cho giấy tờ trong thành phần hồ sơ"), choices=[], validate_choice=False
    )


class SectionForm(RevisionForm):
    key = _text(_l("Mã phần"), 40, id="ma_phan")
    title = _text(_l("Tiêu đề phần"), 200, id="tieu_de_phan")


class MoveForm(RevisionForm):
    direction = HiddenField()

    def wanted(self) -> str | None:
        return self.direction.data if self.direction.data in (UP, DOWN) else None


class FieldForm(RevisionForm):
    section = SelectField(_l("Thuộc phần"), choices=[], validate_choice=False)
    group = SelectField(_l("Trong nhóm (nếu có)"), choices=[], validate_choice=False)
    key = _text(_l("Mã trường"), 40, id="ma_truong")
    label = _text(_l("Nhãn"), 200, id="nhan_truong")
    type = SelectField(
        _l("Kiểu"),
        choices=[SelectChoice(value, label) for value, label in TYPE_LABELS.items()],
        validate_choice=False,
    )
    required = BooleanField(_l("Bắt buộc"))
    help = _text(_l("Hướng dẫn dưới ô"), 300)
    searchable = BooleanField(_l("Tìm kiếm được (cán bộ tìm hồ sơ theo nội dung này)"))
    prefill = SelectField(
        _l("Điền sẵn từ tài khoản người nộp (trực tuyến)"),
        choices=[SelectChoice(value, label) for value, label in PREFILL_LABELS.items()],
        validate_choice=False,
    )
    multiline = BooleanField(_l("Nhiều dòng"))
    min_length = _text(_l("Độ dài tối thiểu"), 5)
    max_length = _text(_l("Độ dài tối đa"), 5)
    pattern = _text(_l("Mẫu kiểm tra (biểu thức chính quy)"), 200)
    pattern_message = _text(_l("Thông báo khi sai mẫu"), 200)
    minimum = _text(_l("Giá trị nhỏ nhất"), 20)
    maximum = _text(_l("Giá trị lớn nhất"), 20)
    min_date = _text(_l("Ngày sớm nhất (dd/mm/yyyy)"), 10)
    max_date = _text(_l("Ngày muộn nhất (dd/mm/yyyy)"), 10)
    not_future = BooleanField(_l("Không sau ngày khai"))
    options = TextAreaField(
        _l("Các lựa chọn, mỗi dòng “giá_trị | Nhãn”"), [Optional(), Length(max=4000)]
    )
    show_when_field = SelectField(_l("Chỉ hiện khi trường"), choices=[], validate_choice=False)
    show_when_values = _text(_l("có giá trị (cách nhau bằng dấu phẩy)"), 200)
    required_when_field = SelectField(_l("Bắt buộc khi trường"), choices=[], validate_choice=False)
    required_when_values = _text(_l("có giá trị (cách nhau bằng dấu phẩy)"), 200)
    min_items = _text(_l("Số dòng tối thiểu (nhóm)"), 3)
    max_items = _text(_l("Số dòng tối đa (nhóm)"), 3)

    INPUTS = (
        "key", "label", "type", "required", "help", "searchable", "prefill", "multiline",
        "min_length", "max_length", "pattern", "pattern_message", "minimum", "maximum",
        "min_date", "max_date", "not_future", "options", "show_when_field", "show_when_values",
        "required_when_field", "required_when_values", "min_items", "max_items",
    )  # fmt: skip

    def inputs(self) -> dict[str, object]:
        return {name: self[name].data for name in self.INPUTS}
