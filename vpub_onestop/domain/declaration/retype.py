"""Stored answers back into what a person would type: to fill the form again (a draft
reopened, a page shown again) and to check stored answers once more at submission with the
same rules as typed ones (answers.py). A number goes back with the Vietnamese decimal comma
("120,5"), so it is never read as a thousands dot."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from vpub_onestop.domain.declaration.definition import NO, YES, Field, FormDefinition


def _typed(item: Field, value: Any) -> Any:
    if value is None:
        return ""
    if item.type == "yesno":
        return YES if value else NO
    if item.type == "date":
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    if item.type == "number":
        return str(value).replace(".", ",")
    if item.type == "money":
        return str(value)
    if item.type == "address":
        return dict(value)
    return str(value)


def _fields(fields: Iterable[Field], answers: Mapping[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for item in fields:
        value = answers.get(item.key)
        if item.is_group:
            raw[item.key] = [_fields(item.fields, row) for row in value or ()]
        else:
            raw[item.key] = _typed(item, value)
    return raw


def typed_answers(definition: FormDefinition, answers: Mapping[str, Any] | None) -> dict[str, Any]:
    return _fields(definition.fields(), answers or {})
