"""The API's paged lists (docs/api.md#pagination): `limit` and `cursor` in, `items` and
`next_cursor` out, read and written the same way by every list."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop.web.api import cursors, openapi
from vpub_onestop.web.api.inputs import Fields
from vpub_onestop.web.api.schemas import NEXT_CURSOR

MOST, DEFAULT = 100, 20  # items a page may ask for, and gets unasked
PARAMETERS = (
    openapi.query("limit", {"type": "integer", "minimum": 1, "maximum": MOST, "default": DEFAULT}),
    openapi.query(
        "cursor",
        {"type": "string", "maxLength": cursors.MAX_LENGTH},
        _l("`next_cursor` của trang trước."),
    ),
)


def page_schema(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": item}, "next_cursor": NEXT_CURSOR},
    }


def page_limit(fields: Fields) -> int:
    return fields.integer("limit", minimum=1, maximum=MOST) or DEFAULT


def page_cursor(fields: Fields, *types: type, positive: bool = False) -> list[Any] | None:
    """The key a `next_cursor` carried, None on the first page. A key not of the list's
    shape (`types`, in order; `positive`: its integers are ids) is refused naming `cursor`."""
    text = fields.text("cursor", cursors.MAX_LENGTH)
    if text is None:
        return None
    key = cursors.decode(text)
    if (
        key is None
        or len(key) != len(types)
        or any(type(value) is not kind for value, kind in zip(key, types, strict=True))
        or (positive and any(type(value) is int and value < 1 for value in key))
    ):
        fields.fail("cursor", _l("Con trỏ trang không hợp lệ."))
        return None
    return key


def page_response(items: list[Any], next_key: list[Any] | tuple[Any, ...] | None) -> Response:
    return jsonify({"items": items, "next_cursor": cursors.encode(next_key) if next_key else None})
