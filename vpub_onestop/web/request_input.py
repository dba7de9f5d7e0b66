"""The one way the web layer reads what a request carries: integers, ids, dates, choices
and text, from the query string, the form and the path.

Whatever a browser (or anyone else) sends is untrusted text. Read here, it either becomes a
value the services can use or the request is answered 400 (malformed), 404 (an id that
cannot exist, like one that does not) or 422 (a form field, shown next to the field) —
never a 500 from deeper down:

- Digits are ASCII digits. `str.isdigit()` also accepts "²" and "١", which `int()` then
  refuses; fullwidth "２" would be read as 2.
- Ids lie in 1..2^31-1, PostgreSQL's `integer`; a larger number overflows the database
  driver (and SQLite's 64 bits), so it is answered like a missing id.
- Text never carries NUL (PostgreSQL refuses it in text columns) nor any other control
  character; only multi-line text keeps tab and newline. `InputRequest` cleans every query
  and form value when the request parses it; `clean_text` does the finer single-line pass
  that the form base (web/form_base.py) applies to every field.
- Path segments never carry control characters either (`TextConverter`), and `<int:...>`
  in any route is an id (`IdConverter`), so every route is covered at once.
- Dates are read in a bounded span of years, so no later arithmetic overflows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Any

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import BaseConverter, UnicodeConverter, ValidationError

MAX_ID = 2**31 - 1  # PostgreSQL `integer` (SQLite's rowids are read the same way)
MAX_PAGE = 100_000
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100

_ASCII_DIGITS = re.compile(r"[0-9]+")
_DATE_CHARACTERS = re.compile(r"[0-9/.-]+")
# C0 and C1 control characters, DEL included.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS_AND_TABS = re.compile(r"[\t\n\r]")


# --- plain parsing (None: not a value of the kind asked) ---------------------------------


def parse_int(text: object, *, minimum: int, maximum: int) -> int | None:
    """An integer written in ASCII digits (surrounding spaces allowed) in
    [minimum, maximum]; None for anything else. `minimum` is at least 0: no sign."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if minimum <= text <= maximum else None
    if not isinstance(text, str):
        return None
    digits = text.strip()
    if not digits or len(digits) > len(str(maximum)) or not _ASCII_DIGITS.fullmatch(digits):
        return None
    value = int(digits)
    return value if minimum <= value <= maximum else None


def parse_id(text: object) -> int | None:
    """A row id (1..2^31-1), or None."""
    return parse_int(text, minimum=1, maximum=MAX_ID)


def parse_date(
    text: object,
    formats: Iterable[str] = ("%Y-%m-%d",),
    *,
    earliest_year: int = EARLIEST_YEAR,
    latest_year: int = LATEST_YEAR,
) -> date | None:
    """A date in one of `formats` (ASCII digits and separators only) within the years
    given; None otherwise."""
    if not isinstance(text, str):
        return None
    cleaned = text.strip()
    if not cleaned or len(cleaned) > 10 or not _DATE_CHARACTERS.fullmatch(cleaned):
        return None
    for layout in formats:
        try:
            day = datetime.strptime(cleaned, layout).date()
        except ValueError:
            continue
        return day if earliest_year <= day.year <= latest_year else None
    return None


def clean_text(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters. Single-line text gets a space for each tab or
    line break (a pasted "Nguyễn\\nVăn" stays two words); multi-line text keeps them."""
    if multiline:
        return _CONTROLS_BUT_LINE_BREAKS.sub("", text)
    return _CONTROLS.sub("", _LINE_BREAKS_AND_TABS.sub(" ", text))


# --- the query string ------------------------------------------------------------------


def _raw_arg(name: str) -> str:
    return request.args.get(name, "").strip()


def arg_int(name: str, default: int, *, minimum: int = 0, maximum: int = MAX_PAGE) -> int:
    """`?name=` as an integer: absent or empty gives `default`; anything else that is not
    an integer in range is a malformed request (400)."""
    raw = _raw_arg(name)
    if not raw:
        return default
    value = parse_int(raw, minimum=minimum, maximum=maximum)
    if value is None:
        abort(400)
    return value


def arg_page(name: str = "trang") -> int:
    """A page number of a list (1 when not given)."""
    return arg_int(name, 1, minimum=1, maximum=MAX_PAGE)


# A list page's edge (queries/paging.py): microseconds since 1970 up to the last year read.
MAX_KEY_MICROS = 4_133_980_800 * 1_000_000  # 2101-01-01 00:00 UTC
_KEY = re.compile(r"([0-9]{1,16})-([0-9]{1,10})")


def arg_keyset(name: str) -> tuple[int, int] | None:
    """`?name=<microseconds>-<row id>`, the edge of the page a "next"/"previous" link
    continues from: None when absent or empty, 400 when malformed."""
    raw = _raw_arg(name)
    if not raw:
        return None
    match = _KEY.fullmatch(raw)
    if match is None:
        abort(400)
    micros = parse_int(match[1], minimum=0, maximum=MAX_KEY_MICROS)
    row_id = parse_id(match[2])
    if micros is None or row_id is None:
        abort(400)
    return micros, row_id


def arg_id(name: str) -> int | None:
    """`?name=` as a row id: None when absent or empty, 404 when it cannot be an id (like
    an id that matches no row)."""
    raw = _raw_arg(name)
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        abort(404)
    return value


def arg_text(name: str, max_length: int) -> str:
    """`?name=` as one line of text, trimmed and cut to `max_length` characters."""
    return clean_text(request.args.get(name, "")).strip()[:max_length]


def arg_choice(name: str, choices: Collection[str], default: str) -> str:
    """`?name=` if it is one of `choices`, else `default` (a tab, a list kind...)."""
    raw = request.args.get(name, "")
    return raw if raw in choices else default


# --- the request class: query and form values parsed clean --------------------------------


def _clean_value(value: Any) -> Any:
    return clean_text(value, multiline=True) if isinstance(value, str) else value


class CleanParameters(ImmutableMultiDict[Any, Any]):
    """The request's query and form values (and file field names) with every control
    character but tab and line breaks removed, as they are parsed: no view and no form can
    pass a NUL on to the database. Uploaded files are left as they are (their names are
    cleaned where they are stored, services/files.py)."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is None:
            super().__init__()
            return
        items = mapping.items(multi=True) if hasattr(mapping, "items") else mapping
        super().__init__([(_clean_value(key), _clean_value(value)) for key, value in items])


class InputRequest(Request):
    parameter_storage_class = CleanParameters


# --- path segments ---------------------------------------------------------------------


class IdConverter(BaseConverter):
    """`<int:name>` of every route: a row id in ASCII digits, 1..2^31-1. Anything else does
    not match the route, so the answer is the same 404 as for an id with no row."""

    regex = r"[0-9]{1,10}"
    weight = 50

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


class TextConverter(UnicodeConverter):
    """The default `<name>` segment without control characters (404 otherwise)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f-\x9f]", 1)


def register(app: Flask) -> None:
    """Install the request class and the converters; before any route is added."""
    app.request_class = InputRequest
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter
