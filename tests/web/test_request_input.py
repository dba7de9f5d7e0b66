"""The input layer (web/request_input.py and the form base): what a user or a hand-edited
address sees when a request carries Unicode digits, ids out of range, control characters,
impossible dates, a JSON body or a file where text belongs."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField

from tests.web.conftest import log_in
from vpub_onestop.extensions import db
from vpub_onestop.models.org import User
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.request_input import MAX_ID, clean_text, parse_date, parse_id, parse_int


def test_only_ascii_digits_make_a_number() -> None:
    # "²" and "١" pass str.isdigit(); int() refuses the first and reads the second as 1.
    assert [parse_int(text, minimum=0, maximum=99) for text in ("7", " 42 ", "²", "١", "５")] == [
        7,
        42,
        None,
        None,
        None,
    ]
    assert parse_int("-1", minimum=0, maximum=99) is None
    assert parse_int("100", minimum=0, maximum=99) is None


def test_an_id_fits_postgresql_integer() -> None:
    assert parse_id(str(MAX_ID)) == 2_147_483_647
    assert parse_id("2147483648") is None
    assert parse_id("9" * 40) is None
    assert parse_id("0") is None


def test_dates_are_real_days_within_the_calendar_span() -> None:
    assert parse_date("2026-03-02") == date(2026, 3, 2)
    assert parse_date("02/03/2026", ("%Y-%m-%d", "%d/%m/%Y")) == date(2026, 3, 2)
    assert parse_date("2026-02-30") is None  # no such day
    assert parse_date("9999-12-31") is None  # a day later arithmetic cannot step past
    assert parse_date("0001-01-01") is None
    assert parse_date("２０２６-03-02") is None


def test_control_characters_never_survive_and_only_text_areas_keep_line_breaks() -> None:
    assert clean_text("Nguyễn\nVăn\x00 An\x1b") == "Nguyễn Văn An"
    assert clean_text("dòng 1\r\ndòng 2\t\x00\x85", multiline=True) == "dòng 1\r\ndòng 2\t"


def test_every_form_cleans_its_fields(shell_app: Flask) -> None:
    class NoteForm(Form):
        class Meta:
            csrf = False

        title = StringField()
        body = TextAreaField()

    with shell_app.test_request_context(method="POST"):
        form = NoteForm(MultiDict({"title": "Tờ\tkhai\x00", "body": "Dòng 1\nDòng 2\x00"}))
        assert form.title.data == "Tờ khai"
        assert form.body.data == "Dòng 1\nDòng 2"


def test_page_numbers_and_ids_out_of_range_are_refused_not_crashed(
    shell_client: FlaskClient,
) -> None:
    assert shell_client.get("/thu-tuc?trang=%C2%B2").status_code == 400
    assert shell_client.get("/thu-tuc?trang=99999999999").status_code == 400
    assert shell_client.get("/thu-tuc?trang=1").status_code == 200
    log_in(shell_client, "hung.congdan")
    # An id that cannot exist answers like one that does not.
    for segment in ("2147483648", "9223372036854775808", "%EF%BC%92", "%C2%B2", "0"):
        assert shell_client.get(f"/ho-so-cua-toi/{segment}").status_code == 404
    assert shell_client.get("/ho-so-cua-toi/2147483647").status_code == 404


def test_a_nul_in_the_login_form_is_a_failed_login(shell_client: FlaskClient) -> None:
    response = shell_client.post("/dang-nhap", data={"username": "\x00", "password": "a\x00"})
    assert response.status_code == 200
    assert 'name="username"' in response.get_data(as_text=True)


def test_a_name_typed_with_control_characters_is_saved_clean(
    shell_app: Flask, shell_client: FlaskClient
) -> None:
    log_in(shell_client, "hung.congdan")
    response = shell_client.post(
        "/tai-khoan",
        data={
            "full_name": "Trần\nVăn\x00 Hùng\x07",
            "phone": "0905123456",
            "email": "hung@example.com",
            "address": "Quy Nhơn\x00",
        },
    )
    assert response.status_code == 302
    with shell_app.app_context():
        user = db.session.query(User).filter_by(username="hung.congdan").one()
        assert (user.full_name, user.address) == ("Trần Văn Hùng", "Quy Nhơn")


def test_a_json_body_or_a_file_in_a_text_field_is_an_invalid_form(
    shell_client: FlaskClient,
) -> None:
    log_in(shell_client, "hung.congdan")
    assert shell_client.post("/tai-khoan", json="Trần Văn Hùng").status_code == 422
    assert shell_client.post("/tai-khoan", json={"full_name": ["x"]}).status_code == 422
    upload = {
        "full_name": (BytesIO(b"%PDF-1.4"), "ten.pdf"),
        "phone": "0905123456",
        "email": "hung@example.com",
    }
    response = shell_client.post("/tai-khoan", data=upload, content_type="multipart/form-data")
    assert response.status_code == 422


def test_the_web_layer_reads_numbers_only_through_the_input_layer() -> None:
    """No view parses a number on its own again (`isdigit()` + `int()` was how "²" got
    through): request_input is the one place."""
    web = Path(__file__).resolve().parents[2] / "vpub_onestop" / "web"
    ad_hoc = re.compile(r"\.isdigit\(\)|int\(request\.|int\(raw\b")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(web.glob("*.py"))
        if path.name != "request_input.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ad_hoc.search(line)
    ]
    assert offenders == []
