"""Forms of the one-stop desk. Every action form carries the version of the dossier the
page showed (hidden field), so a decision taken on an outdated page is refused (409).

Action forms have no CSRF field of their own: the application-wide CSRFProtect checks the
`csrf_token` every template puts in the form, for every POST.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from vpub_onestop.domain.checklist import Paper
from vpub_onestop.web.form_base import Form


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


REQUIRED = _l("Vui lòng nhập thông tin này.")
REASON = [
    DataRequired(message=_l("Vui lòng ghi rõ lý do.")),
    Length(min=5, max=1000, message=_l("Lý do từ 5 đến 1000 ký tự.")),
]


class VersionedForm(Form):
    class Meta:
        csrf = False

    version = HiddenField()


class ReceiveForm(VersionedForm):
    submit = SubmitField(_l("Tiếp nhận hồ sơ"))


class RefuseForm(VersionedForm):
    reason = TextAreaField(_l("Lý do từ chối tiếp nhận"), REASON, filters=[_strip])
    submit = SubmitField(_l("Từ chối tiếp nhận"))


class DispatchForm(VersionedForm):
    submit = SubmitField(_l("Chuyển xử lý"))


class SupplyForm(VersionedForm):
    note = TextAreaField(
        _l("Giấy tờ đã nhận bổ sung"),
        [Optional(), Length(max=1000, message=_l("Tối đa 1000 ký tự."))],
        filters=[_strip],
    )
    scans = MultipleFileField(_l("Tệp quét giấy tờ bổ sung (PDF, JPEG, PNG)"))
    submit = SubmitField(_l("Nhận hồ sơ bổ sung"))


class CloseUnsupplementedForm(VersionedForm):
    reason = TextAreaField(_l("Lý do dừng xử lý"), REASON, filters=[_strip])
    submit = SubmitField(_l("Dừng xử lý do không bổ sung"))


class ConfirmPaymentForm(VersionedForm):
    receipt_number = StringField(
        _l("Số biên lai thu phí, lệ phí"),
        [DataRequired(message=REQUIRED), Length(max=40, message=_l("Tối đa 40 ký tự."))],
        filters=[_strip],
        render_kw={"maxlength": 40},
    )
    submit = SubmitField(_l("Xác nhận đã nộp"))


RETURN_METHODS = [
    SelectChoice("counter", _l("Tại quầy")),
    SelectChoice("post", _l("Qua dịch vụ bưu chính")),
    SelectChoice("online", _l("Trực tuyến (kết quả điện tử)")),
]


class ReturnResultForm(VersionedForm):
    method = RadioField(
        _l("Hình thức trả kết quả"),
        choices=RETURN_METHODS,
        default="counter",
        validators=[DataRequired(message=_l("Chọn hình thức trả kết quả."))],
        invalid_choice_message=_l("Chọn tại quầy, bưu chính hoặc trực tuyến."),
    )
    receipt_code = StringField(
        _l("Mã hồ sơ hoặc mã tra cứu trên giấy tiếp nhận"),
        [Optional(), Length(max=60, message=_l("Tối đa 60 ký tự."))],
        filters=[_strip],
        render_kw={"autocomplete": "off", "maxlength": 60, "spellcheck": "false"},
    )
    authorisation = StringField(
        _l("Hoặc: người nhận thay và giấy ủy quyền"),
        [Optional(), Length(min=5, max=300, message=_l("Từ 5 đến 300 ký tự."))],
        filters=[_strip],
        render_kw={"maxlength": 300},
    )
    tracking_number = StringField(
        _l("Mã bưu gửi (khi trả qua bưu chính)"),
        [Optional(), Length(max=60, message=_l("Tối đa 60 ký tự."))],
        filters=[_strip],
        render_kw={"maxlength": 60, "autocomplete": "off"},
    )
    submit = SubmitField(_l("Trả kết quả"))

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.method.data == "counter" and not (
            self.receipt_code.data or self.authorisation.data
        ):
            self.receipt_code.errors = [
                _l("Kiểm tra giấy tiếp nhận (nhập mã) hoặc ghi giấy ủy quyền của người nhận thay.")
            ]
            return False
        if self.method.data == "post" and not self.tracking_number.data:
            self.tracking_number.errors = [_l("Bắt buộc khi trả qua bưu chính.")]
            return False
        return True


class WithdrawalForm(VersionedForm):
    reason = TextAreaField(
        _l("Lý do rút hồ sơ (theo đề nghị của người nộp)"), REASON, filters=[_strip]
    )
    submit = SubmitField(_l("Ghi nhận yêu cầu rút hồ sơ"))


class ConfirmWithdrawalForm(VersionedForm):
    submit = SubmitField(_l("Xác nhận rút hồ sơ"))


class ReturnForCompletionBase(VersionedForm):
    note = TextAreaField(
        _l("Hướng dẫn chung cho người nộp"),
        [Optional(), Length(max=1000, message=_l("Tối đa 1000 ký tự."))],
        filters=[_strip],
    )
    submit = SubmitField(_l("Yêu cầu hoàn thiện (Mẫu 02)"))


def return_for_completion_form(documents: Sequence[Paper]) -> type[FlaskForm]:
    """One "missing" box and one reason per checklist item of the procedure."""
    fields: dict[str, Any] = {}
    for doc in documents:
        fields[f"missing_{doc.id}"] = BooleanField(_l("Thiếu hoặc chưa hợp lệ"))
        fields[f"reason_{doc.id}"] = StringField(
            _l("Lý do"),
            [Optional(), Length(max=300, message=_l("Tối đa 300 ký tự."))],
            filters=[_strip],
            render_kw={"maxlength": 300},
        )
    return type("ReturnForCompletionForm", (ReturnForCompletionBase,), fields)


def missing_items(form: FlaskForm, documents: Sequence[Paper]) -> list[dict[str, str]]:
    """The ticked items as {"name", "reason"} (the shape Mẫu 02 prints)."""
    items = []
    for doc in documents:
        if form[f"missing_{doc.id}"].data:
            reason = form[f"reason_{doc.id}"].data or "Chưa có hoặc chưa hợp lệ"
            items.append({"name": doc.name, "reason": reason})
    return items


FORMS: dict[str, type[FlaskForm]] = {
    "receive": ReceiveForm,
    "refuse": RefuseForm,
    "dispatch": DispatchForm,
    "supply_supplement": SupplyForm,
    "close_unsupplemented": CloseUnsupplementedForm,
    "confirm_payment": ConfirmPaymentForm,
    "return_result": ReturnResultForm,
    "request_withdrawal": WithdrawalForm,
    "confirm_withdrawal": ConfirmWithdrawalForm,
}
