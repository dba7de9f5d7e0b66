"""Forms of the agencies' task page. Task acts carry the task's version, dossier acts
(supplement, payment, apology) the dossier's; the application-wide CSRFProtect checks the
`csrf_token` each form template includes."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from vpub_onestop.services.counter import MAX_FEE_VND
from vpub_onestop.web.desk_forms import REASON, VersionedForm
from vpub_onestop.web.officer_fields import DayField, MoneyField


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


NOTE_LIMIT = [Length(max=2000, message=_l("Tối đa 2000 ký tự."))]


class AssignForm(VersionedForm):
    assignee = SelectField(
        _l("Giao cho"),
        coerce=int,
        validators=[InputRequired(message=_l("Chọn cán bộ xử lý."))],
        invalid_choice_message=_l("Chọn một cán bộ của cơ quan xử lý."),
    )
    submit = SubmitField(_l("Phân công"))


class ProposeForm(VersionedForm):
    note = TextAreaField(
        _l("Kết quả thẩm định, đề xuất"),
        [DataRequired(message=_l("Vui lòng ghi kết quả đề xuất.")), *NOTE_LIMIT],
        filters=[_strip],
    )
    result_file = FileField(
        _l("Văn bản kết quả (dự thảo) — PDF, JPEG, PNG"),
        [FileRequired(message=_l("Vui lòng đính kèm văn bản kết quả."))],
        render_kw={"accept": "application/pdf,image/jpeg,image/png"},
    )
    submit = SubmitField(_l("Trình phê duyệt"))


class ApproveForm(VersionedForm):
    note = TextAreaField(_l("Ý kiến phê duyệt (nếu có)"), [Optional(), *NOTE_LIMIT])
    submit = SubmitField(_l("Phê duyệt"))


class SendBackForm(VersionedForm):
    note = TextAreaField(_l("Nội dung cần làm lại"), REASON, filters=[_strip])
    submit = SubmitField(_l("Trả lại chuyên viên"))


class DenyForm(VersionedForm):
    reason = TextAreaField(_l("Lý do từ chối giải quyết"), REASON, filters=[_strip])
    submit = SubmitField(_l("Từ chối giải quyết"))


class SupplementForm(VersionedForm):
    items = TextAreaField(
        _l("Giấy tờ cần bổ sung (mỗi dòng một giấy tờ; có thể ghi “tên giấy tờ: lý do”)"),
        [DataRequired(message=_l("Liệt kê ít nhất một giấy tờ.")), *NOTE_LIMIT],
        filters=[_strip],
    )
    reason = TextAreaField(_l("Lý do yêu cầu bổ sung"), REASON, filters=[_strip])
    justification = TextAreaField(
        _l("Văn bản giải trình (bắt buộc khi quá 3 ngày làm việc hoặc yêu cầu lần hai)"),
        [Optional(), *NOTE_LIMIT],
        filters=[_strip],
    )
    submit = SubmitField(_l("Yêu cầu bổ sung qua Bộ phận Một cửa"))

    def item_list(self) -> list[dict[str, str]]:
        items = []
        for line in (self.items.data or "").splitlines():
            name, _, reason = line.partition(":")
            if name.strip():
                items.append({"name": name.strip()[:300], "reason": reason.strip()[:300]})
        return items


class PaymentForm(VersionedForm):
    amount_vnd = MoneyField(
        _l("Số tiền phải nộp (đồng)"),
        [
            InputRequired(message=_l("Nhập số tiền.")),
            NumberRange(1, MAX_FEE_VND, _l("Số tiền phải lớn hơn 0.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    note = TextAreaField(_l("Khoản thu (thuế, phí, lệ phí)"), [Optional(), *NOTE_LIMIT])
    submit = SubmitField(_l("Yêu cầu thực hiện nghĩa vụ tài chính"))


class ApologyForm(VersionedForm):
    reason = TextAreaField(_l("Lý do chậm trễ"), REASON, filters=[_strip])
    new_date = DayField(
        _l("Ngày hẹn trả kết quả mới"),
        validators=[InputRequired(message=_l("Chọn ngày hẹn mới."))],
    )
    submit = SubmitField(_l("Gửi văn bản xin lỗi (Mẫu 04)"))


class AttachForm(VersionedForm):
    working_file = FileField(
        _l("Tài liệu xử lý — PDF, JPEG, PNG"),
        [FileRequired(message=_l("Vui lòng chọn tệp."))],
        render_kw={"accept": "application/pdf,image/jpeg,image/png"},
    )
    submit = SubmitField(_l("Đính kèm"))


FORMS: dict[str, type[VersionedForm]] = {
    "attach": AttachForm,
    "assign": AssignForm,
    "propose": ProposeForm,
    "approve": ApproveForm,
    "send_back": SendBackForm,
    "deny": DenyForm,
    "request_supplement": SupplementForm,
    "request_payment": PaymentForm,
    "apologise": ApologyForm,
}
