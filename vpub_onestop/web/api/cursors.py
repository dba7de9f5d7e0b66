"""Opaque page cursors (docs/api.md#pagination): the key of the last item seen, as
URL-safe base64 of a JSON array. A client passes it back unchanged; one it altered or
made up is refused with 422 naming `cursor`, never an error of ours."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

MAX_LENGTH = 200
# Every integer a cursor carries is an id of a 32-bit column: a larger one would reach the
# database as an out-of-range parameter (an error of ours) instead of a refused input.
_INT_RANGE = range(-(2**31), 2**31)


def encode(key: list[Any] | tuple[Any, ...]) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: str) -> list[Any] | None:
    """The key, or None for anything that is not a cursor of ours."""
    if not text or len(text) > MAX_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        key = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(key, list):
        return None
    if any(type(value) is int and value not in _INT_RANGE for value in key):
        return None
    return key
