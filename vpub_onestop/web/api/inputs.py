"""Reading the API's inputs: a JSON object body and query arguments, each problem named
by its field (422), a body that is not a JSON object refused (400 / 415). Nothing here
decides a rule: values are only read and shaped."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l

from vpub_onestop.web.api.problems import ApiProblem, invalid_input

# A JSON body of the API is a small object (files travel as multipart): anything larger
# is refused before it is parsed.
JSON_MAX_BYTES = 1024 * 1024
NOT_AN_INTEGER = _l("Phải là số nguyên.")
NOT_A_DATE = _l("Ngày dạng YYYY-MM-DD, năm 2000–2099.")
# The years a dossier can carry (its code spells the year in two digits: domain/codes.py);
# a date outside them asks about no dossier, and before 1906 Vietnam's zone has no offset
# that ISO 8601 can write.
FIRST_YEAR, LAST_YEAR = 2000, 2099
TOO_LONG = _l("Quá dài.")
REQUIRED = _l("Bắt buộc.")


def json_object() -> dict[str, Any]:
    if not request.is_json:
        raise ApiProblem(
            415,
            _l("Kiểu dữ liệu không được hỗ trợ"),
            _l("Nội dung gửi lên phải là JSON (Content-Type: application/json)."),
        )
    raw = request.get_data(cache=True)
    if len(raw) > JSON_MAX_BYTES:
        raise ApiProblem(
            413,
            _l("Dữ liệu quá lớn"),
            _l("Nội dung JSON tối đa %(size)s.", size="1 MB"),
        )
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        # RecursionError: a few kilobytes of "[[[[" nest deeper than the parser goes; a
        # malformed body, not a fault of ours (found by a hostile-input probe).
        body = None
    if not isinstance(body, dict):
        raise ApiProblem(
            400,
            _l("Yêu cầu không hợp lệ"),
            _l("Nội dung gửi lên phải là một đối tượng JSON."),
        )
    return body


class Fields:
    """Collects per-field problems while a body or query string is read, then raises
    them together (a client fixes every field in one round)."""

    def __init__(self, source: dict[str, Any]) -> None:
        self.source = source
        self.errors: dict[str, Any] = {}

    def text(self, name: str, max_length: int, *, required: bool = False) -> str | None:
        value = self.source.get(name)
        if value is None or value == "":
            if required:
                self.errors[name] = REQUIRED
            return None
        if not isinstance(value, str):
            self.errors[name] = _l("Phải là chuỗi ký tự.")
            return None
        if len(value) > max_length:
            self.errors[name] = TOO_LONG
            return None
        if "\x00" in value:
            self.errors[name] = _l("Có ký tự không hợp lệ.")
            return None
        return value

    def integer(
        self, name: str, *, minimum: int, maximum: int, required: bool = False
    ) -> int | None:
        value = self.source.get(name)
        if value is None or value == "":
            if required:
                self.errors[name] = REQUIRED
            return None
        if isinstance(value, str) and value.strip().lstrip("-").isascii():
            text = value.strip()
            if text.lstrip("-").isdigit() and len(text) <= 12:
                value = int(text)
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors[name] = NOT_AN_INTEGER
            return None
        if not minimum <= value <= maximum:
            self.errors[name] = _l(
                "Từ %(minimum)d đến %(maximum)d.", minimum=minimum, maximum=maximum
            )
            return None
        return value

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name, 10, required=required)
        if value is None:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or len(value) != 10 or not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.errors[name] = NOT_A_DATE
            return None
        return parsed

    def string_list(self, name: str, max_items: int, max_length: int) -> list[str] | None:
        value = self.source.get(name)
        if value is None:
            return None
        if (
            not isinstance(value, list)
            or len(value) > max_items
            or not all(isinstance(item, str) and len(item) <= max_length for item in value)
        ):
            self.errors[name] = _l("Phải là danh sách chuỗi ký tự.")
            return None
        return list(value)

    def fail(self, name: str, message: Any) -> None:
        self.errors[name] = message

    def check(self) -> None:
        if self.errors:
            raise invalid_input(self.errors)


def query_fields() -> Fields:
    """The query string, each argument's first value."""
    return Fields({key: request.args.get(key) for key in request.args})
