"""WTForms' own messages (validators without a message of ours, parse errors of fields)
speak Vietnamese on Vietnamese pages and English on English ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from tests.web.conftest import csrf_token_from
from vpub_onestop.web.form_base import WTFORMS_VI, Form

WTFORMS_POT = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd]")


class SampleForm(Form):
    class Meta:
        csrf = False

    count = IntegerField("Số lượng")
    name = StringField("Họ và tên", validators=[DataRequired()])
    code = StringField("Mã", validators=[Length(max=3)])


class MoreForm(Form):
    class Meta:
        csrf = False

    day = DateField("Ngày")
    pick = SelectField("Chọn", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")])
    amount = IntegerField("Số tiền", validators=[NumberRange(min=1, max=9)])
    note = StringField("Ghi chú", validators=[Length(min=5)])  # a plural msgid


BAD_INPUT = MultiDict({"count": "mười", "name": "", "code": "ABCD"})


def _errors(app: Flask, url: str) -> dict[str, list[str]]:
    with app.test_request_context(url):
        form = SampleForm(formdata=BAD_INPUT)
        assert not form.validate()
        return {name: [str(message) for message in errors] for name, errors in form.errors.items()}


def test_every_wtforms_message_has_a_vietnamese_translation_with_the_same_placeholders() -> None:
    with WTFORMS_POT.open("rb") as pot:
        catalog = read_po(pot)
    msgids = [m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id]

    assert len(msgids) >= 30  # 39 in WTForms 3.3
    missing = [msgid for msgid in msgids if msgid not in WTFORMS_VI]
    assert missing == []
    for msgid in msgids:
        assert sorted(PLACEHOLDER.findall(WTFORMS_VI[msgid])) == sorted(
            PLACEHOLDER.findall(msgid)
        ), msgid


def test_a_vietnamese_page_gets_vietnamese_wtforms_messages(shell_app: Flask) -> None:
    for url in ("/", "/?lang=vi"):
        errors = _errors(shell_app, url)

        assert errors == {
            "count": ["Giá trị phải là số nguyên."],
            "name": ["Vui lòng nhập thông tin này."],
            "code": ["Tối đa 3 ký tự."],
        }


def test_an_english_page_keeps_wtforms_english_messages(shell_app: Flask) -> None:
    errors = _errors(shell_app, "/?lang=en")

    assert errors == {
        "count": ["Not a valid integer value."],
        "name": ["This field is required."],
        "code": ["Field cannot be longer than 3 characters."],
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            {
                "day": "Ngày không hợp lệ.",
                "pick": "Lựa chọn không hợp lệ.",
                "amount": "Số phải từ 1 đến 9.",
                "note": "Tối thiểu 5 ký tự.",
            },
        ),
        (
            "en",
            {
                "day": "Not a valid date value.",
                "pick": "Not a valid choice.",
                "amount": "Number must be between 1 and 9.",
                "note": "Field must be at least 5 characters long.",
            },
        ),
    ],
)
def test_parse_errors_and_choices_follow_the_locale(
    shell_app: Flask, lang: str, expected: dict[str, str]
) -> None:
    formdata = MultiDict({"day": "31/02/2026", "pick": "z", "amount": "12", "note": "abc"})
    with shell_app.test_request_context(f"/?lang={lang}"):
        form = MoreForm(formdata=formdata)
        form.validate()
        errors = {name: str(messages[0]) for name, messages in form.errors.items()}

    assert errors == expected


def test_the_registration_page_shows_a_vietnamese_length_message(
    csrf_client: FlaskClient,
) -> None:
    page = csrf_client.get("/dang-ky").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(page),
        "username": "ab",  # Length(min=3, max=80) without a message of ours
        "full_name": "Trần Thị Lan",
        "citizen_id": "052190004321",
        "phone": "0912345678",
        "email": "lan.tran@example.com",
        "password": "mat-khau-rat-dai",
        "confirm": "mat-khau-rat-dai",
    }

    response = csrf_client.post("/dang-ky", data=data)
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "Từ 3 đến 80 ký tự." in html
    assert "Field must be between" not in html and "characters long" not in html


def test_the_registration_page_in_english_shows_the_english_message(
    csrf_client: FlaskClient,
) -> None:
    page = csrf_client.get("/dang-ky?lang=en").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "username": "ab", "full_name": ""}

    response = csrf_client.post("/dang-ky?lang=en", data=data)
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "Field must be between 3 and 80 characters long." in html
    assert "Từ 3 đến 80 ký tự." not in html
