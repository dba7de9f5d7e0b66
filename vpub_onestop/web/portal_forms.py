"""WTForms of the citizen portal. The validators mirror the services' rules so that most
mistakes are shown next to the field before any service runs; the services check again
(they are the authority) and their field errors are put back on the same fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
)
from wtforms.validators import ValidationError as FieldError

from vpub_onestop.domain import identifiers
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.passwords import MAX_LENGTH as PASSWORD_MAX
from vpub_onestop.domain.satisfaction import CRITERIA, Answer
from vpub_onestop.services import password_policy
from vpub_onestop.web.errors import field_errors, translated
from vpub_onestop.web.form_base import Form


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


STRIP = [_strip]


class Shape:
    """WTForms validator: the text has the shape `rule` (domain/identifiers.py: ASCII
    digits only) demands; an empty field is left to the required-ness checks."""

    def __init__(self, rule: Callable[[str], bool], message: Any) -> None:
        self.rule = rule
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if field.data and not self.rule(field.data):
            raise FieldError(str(self.message))


CITIZEN_ID = Shape(identifiers.is_citizen_id, _l("Số định danh cá nhân phải gồm đúng 12 chữ số."))
PHONE = Shape(identifiers.is_phone, _l("Số điện thoại không hợp lệ (ví dụ 0912345678)."))
EMAIL = Shape(identifiers.is_email, _l("Địa chỉ thư điện tử không hợp lệ."))
TAX_CODE = Shape(identifiers.is_tax_code, _l("Mã số thuế gồm 10 hoặc 13 chữ số."))


class PolicyLength:
    """WTForms validator: the password policy's length (domain/passwords.py with this
    installation's PASSWORD_MIN_LENGTH); the service checks the whole policy on submit."""

    def __call__(self, form: Any, field: Any) -> None:
        problem = password_policy.too_short_or_long(field.data or "")
        if problem is not None:
            raise FieldError(translated(problem))


def _max(limit: int) -> Length:
    return Length(max=limit, message=_l("Tối đa %(max)d ký tự.", max=limit))


def _required(message: Any) -> DataRequired:
    return DataRequired(message=message)


def _autocomplete(token: str | None) -> dict[str, Any]:
    return {"autocomplete": token} if token else {}


def _phone(autocomplete: str | None = None) -> StringField:
    return StringField(
        _l("Số điện thoại"),
        filters=STRIP,
        validators=[_required(_l("Vui lòng nhập số điện thoại.")), PHONE],
        render_kw={**_autocomplete(autocomplete), "inputmode": "tel", "maxlength": 20},
    )


def _email(*, required: bool, autocomplete: str | None = None) -> EmailField:
    presence = _required(_l("Vui lòng nhập thư điện tử.")) if required else Optional()
    return EmailField(
        _l("Thư điện tử"),
        filters=STRIP,
        validators=[presence, _max(254), EMAIL],
        render_kw={**_autocomplete(autocomplete), "maxlength": 254},
    )


def _address() -> StringField:
    return StringField(
        _l("Địa chỉ"), filters=STRIP, validators=[_max(300)], render_kw={"maxlength": 300}
    )


def _new_password(label: Any, missing: Any) -> PasswordField:
    """A password being chosen: the policy's length (its minimum joins the label when the
    form is made, since it is this installation's setting)."""
    return PasswordField(
        label,
        validators=[_required(missing), PolicyLength()],
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )


def _repeated(label: Any, missing: Any, of: str, **render: Any) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            _required(missing),
            EqualTo(of, message=_l("Hai lần nhập mật khẩu không khớp.")),
        ],
        render_kw={"autocomplete": "new-password", **render},
    )


def _full_name(autocomplete: str | None = None) -> StringField:
    return StringField(
        _l("Họ và tên (hoặc tên tổ chức)"),
        filters=STRIP,
        validators=[_required(_l("Vui lòng nhập họ và tên.")), _max(200)],
        render_kw={**_autocomplete(autocomplete), "maxlength": 200},
    )


class RegistrationForm(Form):
    username = StringField(
        _l("Tên đăng nhập"),
        filters=STRIP,
        validators=[_required(_l("Vui lòng chọn tên đăng nhập.")), Length(min=3, max=80)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "maxlength": 80},
    )
    full_name = _full_name("name")
    is_organisation = BooleanField(_l("Tôi đăng ký cho một tổ chức, doanh nghiệp"))
    tax_code = StringField(
        _l("Mã số thuế (tổ chức)"),
        filters=STRIP,
        validators=[
            Optional(),
            TAX_CODE,
        ],
        render_kw={"inputmode": "numeric", "maxlength": 14},
    )
    citizen_id = StringField(
        _l("Số định danh cá nhân (căn cước, 12 chữ số)"),
        filters=STRIP,
        validators=[],  # see validate_citizen_id: required for people, optional for companies
        render_kw={"inputmode": "numeric", "maxlength": 12},
    )
    phone = _phone("tel")
    email = _email(required=True, autocomplete="email")
    address = _address()
    password = _new_password(_l("Mật khẩu"), _l("Vui lòng đặt mật khẩu."))
    confirm = _repeated(
        _l("Nhập lại mật khẩu"),
        _l("Vui lòng nhập lại mật khẩu."),
        "password",
        maxlength=PASSWORD_MAX,
    )
    submit = SubmitField(_l("Đăng ký"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        minimum = password_policy.min_length()
        self.password.label.text = gettext("Mật khẩu (ít nhất %(n)d ký tự)", n=minimum)

    def validate_citizen_id(self, field: StringField) -> None:
        if field.data:
            CITIZEN_ID(self, field)
        elif not self.is_organisation.data:
            raise FieldError(_l("Vui lòng nhập số định danh cá nhân (12 chữ số)."))


class ProfileForm(Form):
    full_name = _full_name()
    phone = _phone()
    email = _email(required=True)
    address = _address()
    submit = SubmitField(_l("Lưu thay đổi"))


class PasswordForm(Form):
    current_password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[_required(_l("Vui lòng nhập mật khẩu hiện tại.")), _max(128)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password(_l("Mật khẩu mới"), _l("Vui lòng nhập mật khẩu mới."))
    confirm = _repeated(
        _l("Nhập lại mật khẩu mới"), _l("Vui lòng nhập lại mật khẩu mới."), "new_password"
    )
    submit = SubmitField(_l("Đổi mật khẩu"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        minimum = password_policy.min_length()
        self.new_password.label.text = gettext("Mật khẩu mới (ít nhất %(n)d ký tự)", n=minimum)


RESULT_DELIVERY_CHOICES = [
    ("online", _l("Trực tuyến (tải kết quả điện tử trên trang này)")),
    ("counter", _l("Tại Bộ phận Một cửa")),
    ("post", _l("Qua dịch vụ bưu chính")),
]


class DraftForm(Form):
    """Submitter, owner and delivery; the files come as `doc_<id>` inputs (several each)."""

    receiving_unit_id = SelectField(
        _l("Nơi nộp hồ sơ (Bộ phận Một cửa)"),
        coerce=int,
        validate_choice=True,
        validators=[InputRequired(message=_l("Vui lòng chọn nơi nộp hồ sơ."))],
    )
    name = StringField(
        _l("Họ và tên người nộp"),
        filters=STRIP,
        validators=[_required(_l("Vui lòng nhập họ và tên.")), _max(200)],
        render_kw={"autocomplete": "name", "maxlength": 200},
    )
    id_number = StringField(
        _l("Số định danh cá nhân"),
        filters=STRIP,
        validators=[_required(_l("Vui lòng nhập số định danh cá nhân.")), CITIZEN_ID],
        render_kw={"inputmode": "numeric", "maxlength": 12},
    )
    phone = _phone()
    email = _email(required=False)
    address = _address()
    owner_differs = BooleanField(_l("Chủ hồ sơ là người khác (tôi nộp thay)"))
    owner_name = StringField(
        _l("Họ và tên chủ hồ sơ"),
        filters=STRIP,
        validators=[_max(200)],
        render_kw={"maxlength": 200},
    )
    owner_id_number = StringField(
        _l("Số định danh của chủ hồ sơ"),
        filters=STRIP,
        validators=[Optional(), CITIZEN_ID],
        render_kw={"inputmode": "numeric", "maxlength": 12},
    )
    owner_address = StringField(
        _l("Địa chỉ của chủ hồ sơ"),
        filters=STRIP,
        validators=[_max(300)],
        render_kw={"maxlength": 300},
    )
    result_delivery = SelectField(
        _l("Hình thức nhận kết quả"), choices=RESULT_DELIVERY_CHOICES, validate_choice=True
    )
    version = HiddenField()
    save = SubmitField(_l("Lưu nháp"))
    proceed = SubmitField(_l("Tiếp tục: xem lại hồ sơ"))

    def validate_owner_name(self, field: StringField) -> None:
        if self.owner_differs.data and not field.data:
            raise FieldError(_l("Vui lòng nhập họ và tên chủ hồ sơ."))


class VersionedForm(Form):
    """A POST that acts on a dossier as the page showed it (stale page: 409)."""

    version = HiddenField()


class SubmitDossierForm(VersionedForm):
    submit = SubmitField(_l("Nộp hồ sơ"))


class SupplementForm(VersionedForm):
    note = TextAreaField(
        _l("Ghi chú cho cán bộ (không bắt buộc)"),
        filters=STRIP,
        validators=[_max(1000)],
        render_kw={"rows": 2, "maxlength": 1000},
    )
    submit = SubmitField(_l("Gửi giấy tờ bổ sung"))


class WithdrawForm(VersionedForm):
    reason = TextAreaField(
        _l("Lý do rút hồ sơ"),
        filters=STRIP,
        validators=[
            _required(_l("Vui lòng ghi lý do rút hồ sơ.")),
            Length(min=5, max=500, message=_l("Từ 5 đến 500 ký tự.")),
        ],
        render_kw={"rows": 2, "maxlength": 500},
    )
    submit = SubmitField(_l("Gửi yêu cầu rút hồ sơ"))


# The domain's labels, translated when shown (listed for extraction in web/labels.py).
ANSWER_CHOICES = [(str(answer.value), _l(answer.label_vi)) for answer in Answer]


def rating_form_class() -> type[FlaskForm]:
    """One radio group per Decree 61 Art. 31 criterion, named by its stored key."""
    attributes: dict[str, Any] = {
        key: RadioField(
            _l(label),
            choices=ANSWER_CHOICES,
            validators=[InputRequired(message=_l("Vui lòng chọn một mức đánh giá."))],
        )
        for key, label in CRITERIA
    }
    attributes["comment"] = TextAreaField(
        _l("Ý kiến khác (không bắt buộc)"),
        filters=STRIP,
        validators=[_max(2000)],
        render_kw={"rows": 3, "maxlength": 2000},
    )
    attributes["submit"] = SubmitField(_l("Gửi đánh giá"))
    return type("RatingForm", (Form,), attributes)


def put_errors(form: FlaskForm, error: ValidationError) -> dict[str, str]:
    """Attach a service's field errors to the form's fields; return those that belong to no
    field (file inputs, or a message for the whole form)."""
    leftovers: dict[str, str] = {}
    for name, message in field_errors(error).items():
        field = form._fields.get(name)
        if field is None:
            leftovers[name] = message
        else:
            field.errors = [*field.errors, message]
    return leftovers
