"""JSON Schemas shared by several endpoints (named once in the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.web.api.openapi import component

DATE_TIME = {"type": "string", "format": "date-time"}
NULLABLE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
NULLABLE_STRING = {"type": ["string", "null"]}


NEXT_CURSOR = component(
    "NextCursor",
    {
        "type": ["string", "null"],
        "description": "Pass as `cursor` for the next page; null on the last page.",
    },
)


def moment(value: datetime | None) -> str | None:
    """Every moment the API writes: ISO 8601 in Vietnam's time, offset included
    (docs/api.md#conventions), as the pages show them."""
    return value.astimezone(LOCAL_TZ).isoformat() if value is not None else None
