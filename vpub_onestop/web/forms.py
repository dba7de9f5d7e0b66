"""WTForms of the web shell (labels and messages in Vietnamese, translated by Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from vpub_onestop.web.form_base import Form

USERNAME_MAX = 80  # User.username is String(80)
PASSWORD_MAX = 128


class LoginForm(Form):
    username = StringField(
        _l("Tên đăng nhập"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(message=_l("Vui lòng nhập tên đăng nhập.")),
            Length(
                max=USERNAME_MAX,
                message=_l("Tên đăng nhập tối đa %(max)d ký tự.", max=USERNAME_MAX),
            ),
        ],
        render_kw={
            "autocomplete": "username",
            "autocapitalize": "none",
            "spellcheck": "false",
            "maxlength": USERNAME_MAX,
        },
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[
            DataRequired(message=_l("Vui lòng nhập mật khẩu.")),
            Length(
                max=PASSWORD_MAX,
                message=_l("Mật khẩu tối đa %(max)d ký tự.", max=PASSWORD_MAX),
            ),
        ],
        render_kw={"autocomplete": "current-password", "maxlength": PASSWORD_MAX},
    )
    submit = SubmitField(_l("Đăng nhập"))
