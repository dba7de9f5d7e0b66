"""The base class of every web form: clean input, and WTForms' own messages in Vietnamese.

Every field of a `Form` reads its value through the input layer (web/request_input.py):
text without control characters (single-line fields also without tabs and line breaks,
text areas keep them), a JSON body ignored (the forms read form fields only), and the
page's version as an ASCII integer (`version_of`).

WTForms ships no Vietnamese catalogue, so a validator or field without a message of ours
("This field is required.", "Not a valid integer value.", a bare Length(max=...)) would
show English on a Vietnamese page. `Form` gives its fields a translations object that
answers from `WTFORMS_VI` while the page is Vietnamese and defers to Flask-WTF's
catalogues (English, or whatever WTForms ships) otherwise. The locale is read when a
message is made, so a form built before the locale is known still speaks the right one.

`WTFORMS_VI` covers every msgid of WTForms' catalogue template (wtforms/locale/wtforms.pot);
a test checks that against the installed WTForms. Vietnamese has a single plural form, so
plural entries are keyed by their singular msgid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from flask import current_app, has_app_context, has_request_context, request
from flask_babel import get_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import Field, FileField, MultipleFileField, TextAreaField
from wtforms.fields.core import UnboundField

from vpub_onestop.web.request_input import MAX_ID, clean_text, parse_int

WTFORMS_VI: dict[str, str] = {
    # validators
    "Invalid field name '%s'.": "Tên trường '%s' không hợp lệ.",
    "Field must be equal to %(other_name)s.": "Phải trùng với %(other_name)s.",
    "Field must be at least %(min)d character long.": "Tối thiểu %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số phải lớn hơn hoặc bằng %(min)s.",
    "Number must be at most %(max)s.": "Số phải nhỏ hơn hoặc bằng %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở về sau.",
    "Date must be at most %(max)s.": "Ngày phải từ %(max)s trở về trước.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải từ %(min)s đến %(max)s.",
    "This field is required.": "Vui lòng nhập thông tin này.",
    "Invalid input.": "Dữ liệu nhập không hợp lệ.",
    "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Invalid IP address.": "Địa chỉ IP không hợp lệ.",
    "Invalid Mac address.": "Địa chỉ MAC không hợp lệ.",
    "Invalid URL.": "Địa chỉ URL không hợp lệ.",
    "Invalid UUID.": "Mã UUID không hợp lệ.",
    "Invalid value, must be one of: %(values)s.": (
        "Giá trị không hợp lệ, phải là một trong các giá trị: %(values)s."
    ),
    "Invalid value, can't be any of: %(values)s.": (
        "Giá trị không hợp lệ, không được là một trong các giá trị: %(values)s."
    ),
    "This field cannot be edited.": "Không được sửa thông tin này.",
    "This field is disabled and cannot have a value.": (
        "Trường này đã bị khóa, không được nhập giá trị."
    ),
    # CSRF
    "Invalid CSRF Token.": "Mã bảo vệ biểu mẫu (CSRF) không hợp lệ.",
    "CSRF token missing.": "Thiếu mã bảo vệ biểu mẫu (CSRF).",
    "CSRF failed.": "Kiểm tra mã bảo vệ biểu mẫu (CSRF) không thành công.",
    "CSRF token expired.": "Mã bảo vệ biểu mẫu (CSRF) đã hết hạn.",
    # choice fields
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ: không đọc được giá trị.",
    "Choices cannot be None.": "Danh sách lựa chọn không được để trống.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "Lựa chọn không hợp lệ: có giá trị không đọc được."
    ),
    "'%(value)s' is not a valid choice for this field.": (
        "'%(value)s' không phải là lựa chọn hợp lệ."
    ),
    # parse errors of the date, time and number fields
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid week value.": "Tuần không hợp lệ.",
    "Not a valid integer value.": "Giá trị phải là số nguyên.",
    "Not a valid decimal value.": "Giá trị phải là số thập phân.",
    "Not a valid float value.": "Giá trị phải là số.",
}


class WTFormsTranslations(Protocol):
    def gettext(self, string: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


def is_vietnamese_page() -> bool:
    """The current locale is Vietnamese (outside a request: the default locale)."""
    default = "vi"
    if has_app_context():
        default = str(current_app.config.get("BABEL_DEFAULT_LOCALE", "vi"))
    if not has_request_context():
        return default.startswith("vi")
    locale = get_locale()
    language = locale.language if locale is not None else default
    return language.startswith("vi")


class VietnameseTranslations:
    """WTForms' translations protocol: Vietnamese on Vietnamese pages, else `fallback`
    (Flask-WTF's translations; None means WTForms' English source strings)."""

    def __init__(self, fallback: WTFormsTranslations | None) -> None:
        self.fallback = fallback

    def gettext(self, string: str) -> str:
        if is_vietnamese_page():
            return WTFORMS_VI.get(string, string)
        if self.fallback is None:
            return string
        return self.fallback.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if is_vietnamese_page():
            vietnamese = WTFORMS_VI.get(singular)
            if vietnamese is not None:
                return vietnamese
        if self.fallback is None:
            return singular if n == 1 else plural
        return self.fallback.ngettext(singular, plural, n)


def _cleaner(multiline: bool) -> Callable[[Any], Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return clean_text(value, multiline=multiline)
        if isinstance(value, list):
            return [
                clean_text(item, multiline=multiline) if isinstance(item, str) else item
                for item in value
            ]
        return value

    return clean


SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})  # Flask-WTF's
_CLEAN_LINE = _cleaner(multiline=False)
_CLEAN_LINES = _cleaner(multiline=True)


class Form(FlaskForm):
    """Every form of the web layer derives from this class instead of FlaskForm."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> VietnameseTranslations:
            return VietnameseTranslations(super().get_translations(form))

        def bind_field(self, form: Any, unbound_field: UnboundField, options: Any) -> Field:
            """The cleaning filter runs first, before the field's own filters (strip...)."""
            multiline = issubclass(unbound_field.field_class, TextAreaField)
            own = unbound_field.kwargs.get("filters") or ()
            options = {**options, "filters": [_CLEAN_LINES if multiline else _CLEAN_LINE, *own]}
            return super().bind_field(form, unbound_field, options)

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            # Flask-WTF would read a JSON body as the form's data, unparsed by the request's
            # clean parameters: these forms are filled by browsers, so a JSON body is an
            # empty submission (and fails validation like one).
            automatic = formdata is not None and not hasattr(formdata, "getlist")
            if automatic and has_request_context() and request.is_json:
                formdata = request.form if request.method in SUBMIT_METHODS else None
            wrapped = super().wrap_formdata(form, formdata)
            if automatic and isinstance(wrapped, CombinedMultiDict):  # a post with files
                return _files_only_in_file_fields(form, request.form, request.files)
            return wrapped


def _files_only_in_file_fields(form: Any, fields: Any, files: Any) -> MultiDict[str, Any]:
    """The form's data with each uploaded file under its own file input only: a file
    sent under a text field's name would reach that field as an object, not text."""
    data: MultiDict[str, Any] = MultiDict(fields.items(multi=True))
    for field in form._fields.values():
        if isinstance(field, FileField | MultipleFileField):
            for upload in files.getlist(field.name):
                data.add(field.name, upload)
    return data


# A version is a row counter: far below the id bound, but read with the same rule.
def version_of(form: FlaskForm) -> int | None:
    """The version of the dossier (or task) the page was rendered with, from the form's
    hidden `version` field; None when the request carries none or a value that is not a
    version. Every service that changes a state refuses None (428: reload the page), so
    the stale-page check always runs."""
    raw = getattr(form, "version", None)
    value = raw.data if raw is not None else None
    return parse_int(value, minimum=0, maximum=MAX_ID)
