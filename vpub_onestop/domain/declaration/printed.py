"""The answers as people read them, section by section: the dossier page, the printed
declaration and the export all show this one reading (docs/domain.md#declaration-forms).
Fields without an answer are left out; a group is a small table, one row per entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vpub_onestop.domain.declaration.answers import display_value
from vpub_onestop.domain.declaration.definition import Field, FormDefinition
from vpub_onestop.domain.text import fold


@dataclass(frozen=True)
class Line:
    label: str
    text: str


@dataclass(frozen=True)
class Table:
    label: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PrintedSection:
    title: str
    items: tuple[Line | Table, ...]


def _table(item: Field, rows: list[Mapping[str, Any]]) -> Table:
    return Table(
        item.label,
        tuple(inner.label for inner in item.fields),
        tuple(
            tuple(display_value(inner, row.get(inner.key)) for inner in item.fields) for row in rows
        ),
    )


def printed_sections(
    definition: FormDefinition, answers: Mapping[str, Any] | None
) -> list[PrintedSection]:
    answers = answers or {}
    sections = []
    for section in definition.sections:
        items: list[Line | Table] = []
        for item in section.fields:
            value = answers.get(item.key)
            if value in (None, "", []):
                continue
            if item.is_group:
                items.append(_table(item, value))
            else:
                items.append(Line(item.label, display_value(item, value)))
        if items:
            sections.append(PrintedSection(section.title, tuple(items)))
    return sections


def flat_columns(definition: FormDefinition) -> list[Field]:
    """The export's columns: every top-level field (a group as one column)."""
    return list(definition.fields())


def flat_value(item: Field, value: Any) -> str:
    """One export cell: a group's rows joined with " | ", their fields with "; "."""
    if value in (None, "", []):
        return ""
    if item.is_group:
        return " | ".join(
            "; ".join(
                display_value(inner, row.get(inner.key))
                for inner in item.fields
                if row.get(inner.key) not in (None, "")
            )
            for row in value
        )
    return display_value(item, value)


def searchable_text(definition: FormDefinition, answers: Mapping[str, Any] | None) -> str:
    """The folded text of the fields marked searchable (inside groups too), for the staff
    search: "nguyen van an 052090001234"."""
    answers = answers or {}
    parts: list[str] = []
    for item in definition.fields():
        value = answers.get(item.key)
        if item.is_group:
            for row in value or ():
                parts.extend(
                    display_value(inner, row.get(inner.key))
                    for inner in item.fields
                    if inner.searchable and row.get(inner.key) not in (None, "")
                )
        elif item.searchable and value not in (None, ""):
            parts.append(display_value(item, value))
    return fold(" ".join(parts))
