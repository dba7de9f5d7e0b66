"""Forms of the account administration pages (web/admin_accounts.py). Field names are the
service's own (services/admin_accounts.py), so its refusals land next to the right input."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, FileField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.admin_accounts import AccountFilters
from vpub_onestop.services.admin_accounts import AccountInput
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.labels import label
from vpub_onestop.web.monitor_forms import choices
from vpub_onestop.web.request_input import parse_id

REASON_MAX = 500
REASON_RULES = [Optional(), Length(max=REASON_MAX)]


def role_choices(first: Any = None) -> list[Any]:
    pairs = [(role.value, label(role.label_vi)) for role in Role]
    return choices([("", first), *pairs] if first is not None else pairs)


class AccountFilterForm(Form):
    """Read from the query string; a GET changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Tìm theo tên, tên đăng nhập, thư điện tử, điện thoại"))
    vai_tro = SelectField(_l("Vai trò"), validators=[Optional()])
    co_quan = SelectField(_l("Cơ quan"), validators=[Optional()])
    trang_thai = SelectField(
        _l("Trạng thái"),
        choices=choices([("", _l("Tất cả")), ("1", _l("Đang hoạt động")), ("0", _l("Đã khóa"))]),
        validators=[Optional()],
    )

    def fill_choices(self, agencies: list[tuple[int, str]]) -> None:
        self.vai_tro.choices = role_choices(_l("Tất cả"))
        self.co_quan.choices = choices([("", _l("Tất cả")), *agencies])

    def filters(self) -> AccountFilters:
        state = self.trang_thai.data
        return AccountFilters(
            query=(self.q.data or "")[:100],
            role=self.vai_tro.data or None,
            agency_id=parse_id(self.co_quan.data) if self.co_quan.data else None,
            enabled=None if not state else state == "1",
        )


class AccountForm(Form):
    version = HiddenField()
    username = StringField(
        _l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=80)]
    )
    full_name = StringField(
        _l("Họ và tên"), validators=[DataRequired(_l("Nhập họ và tên.")), Length(max=200)]
    )
    role = SelectField(_l("Vai trò"), validators=[DataRequired(_l("Chọn vai trò."))])
    agency_id = SelectField(_l("Cơ quan"), validators=[Optional()])
    email = EmailField(_l("Thư điện tử"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=20)])
    reason = StringField(
        _l("Lý do (ghi vào nhật ký)"), validators=[Optional(), Length(max=REASON_MAX)]
    )

    def fill_choices(self, agencies: list[tuple[int, str]]) -> None:
        self.role.choices = role_choices(_l("Chọn vai trò"))
        self.agency_id.choices = choices([("", _l("Không thuộc cơ quan nào")), *agencies])

    def account_input(self, username: str | None = None) -> AccountInput:
        return AccountInput(
            username=username if username is not None else (self.username.data or ""),
            full_name=self.full_name.data or "",
            role=Role(self.role.data),
            agency_id=parse_id(self.agency_id.data) if self.agency_id.data else None,
            email=self.email.data or None,
            phone=self.phone.data or None,
        )


class AccountActionForm(Form):
    """One of the account's buttons (disable, reset password...): the version of the page
    and an optional reason for the audit."""

    version = HiddenField()
    reason = StringField(
        _l("Lý do (không bắt buộc)"), validators=[Optional(), Length(max=REASON_MAX)]
    )


class ImportForm(Form):
    tep = FileField(_l("Tệp CSV"))


class ImportApplyForm(Form):
    """The file's text as the dry run read it, sent back to apply exactly that."""

    noi_dung = TextAreaField(validators=[DataRequired()])
    reason = StringField(
        _l("Lý do (ghi vào nhật ký)"), validators=[Optional(), Length(max=REASON_MAX)]
    )
