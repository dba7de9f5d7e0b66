"""The shape of a form definition: sections of typed fields, repeatable groups, conditions.

A definition is stored as JSON on the procedure version (`Procedure.form_definition`) and
read back with `parse_definition`, which trusts a definition `definition_problems`
(definition_check.py) found sound: every definition is checked before it is stored.
The JSON keys are the dataclasses' own names (docs/domain.md#declaration-forms).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# The scalar types a field may have, and the repeatable group of fields.
SCALAR_TYPES = (
    "text",
    "number",
    "date",
    "choice",
    "yesno",
    "address",
    "id_number",
    "phone",
    "money",
)
GROUP = "group"
FIELD_TYPES = (*SCALAR_TYPES, GROUP)
# A condition compares the answer's text: a choice's value, "yes"/"no" for a yes/no field,
# the plain text of a text field (an address or a group cannot be compared).
CONDITION_SOURCES = ("text", "number", "choice", "yesno", "id_number", "phone", "money", "date")
YES, NO = "yes", "no"
# What a field may be prefilled with from the signed-in citizen's account, and the field
# types each fact fits (docs/domain.md#declaration-prefill). A date of birth is listed for
# forms that ask it, though accounts do not hold one yet: such a field is left empty.
PREFILL_FACTS: dict[str, tuple[str, ...]] = {
    "full_name": ("text",),
    "id_number": ("id_number",),
    "date_of_birth": ("date",),
    "phone": ("phone",),
    "email": ("text",),
    "address": ("address", "text"),
}


@dataclass(frozen=True)
class Condition:
    """True when the answer of `field` is one of `values` (an empty answer never is)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    label: str
    required: bool = False
    help: str = ""
    searchable: bool = False
    multiline: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    min_date: date | None = None
    max_date: date | None = None
    not_future: bool = False
    options: tuple[tuple[str, str], ...] = ()
    show_when: Condition | None = None
    required_when: Condition | None = None
    fields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int = 10
    prefill: str | None = None  # a key of PREFILL_FACTS

    @property
    def is_group(self) -> bool:
        return self.type == GROUP


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class FormDefinition:
    version: int
    title: str
    sections: tuple[Section, ...]
    # The official form it follows, e.g. "Mẫu tờ khai ... ban hành kèm theo Thông tư ...".
    legal_form: str = ""
    # The name of the procedure's required document this form stands for ("Tờ khai đăng ký
    # khai sinh"): the printed declaration is filed as that document.
    document: str = ""

    def fields(self) -> Iterator[Field]:
        """The top-level fields in order (a group once, its own fields inside it)."""
        for section in self.sections:
            yield from section.fields

    def field(self, key: str) -> Field | None:
        return next((item for item in self.fields() if item.key == key), None)


def _condition(data: Any) -> Condition | None:
    if not data:
        return None
    values = data.get("in")
    if values is None:
        values = [data.get("equals", "")]
    return Condition(str(data["field"]), tuple(str(value) for value in values))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_field(data: Mapping[str, Any]) -> Field:
    return Field(
        key=str(data["key"]),
        type=str(data["type"]),
        label=str(data.get("label", "")),
        required=bool(data.get("required", False)),
        help=str(data.get("help", "")),
        searchable=bool(data.get("searchable", False)),
        multiline=bool(data.get("multiline", False)),
        min_length=data.get("min_length"),
        max_length=data.get("max_length"),
        pattern=data.get("pattern") or None,
        pattern_message=data.get("pattern_message") or None,
        minimum=_decimal(data.get("minimum")),
        maximum=_decimal(data.get("maximum")),
        min_date=_date(data.get("min_date")),
        max_date=_date(data.get("max_date")),
        not_future=bool(data.get("not_future", False)),
        options=tuple((str(value), str(label)) for value, label in data.get("options", ())),
        show_when=_condition(data.get("show_when")),
        required_when=_condition(data.get("required_when")),
        fields=tuple(parse_field(item) for item in data.get("fields", ())),
        min_items=int(data.get("min_items", 0)),
        max_items=int(data.get("max_items", 10)),
        prefill=str(data["prefill"]) if data.get("prefill") else None,
    )


def parse_definition(data: Mapping[str, Any]) -> FormDefinition:
    """The definition of a stored JSON document (checked by definition_problems first)."""
    return FormDefinition(
        version=int(data.get("version", 1)),
        title=str(data.get("title", "")),
        legal_form=str(data.get("legal_form", "")),
        document=str(data.get("document", "")),
        sections=tuple(
            Section(
                key=str(section["key"]),
                title=str(section.get("title", "")),
                fields=tuple(parse_field(item) for item in section.get("fields", ())),
            )
            for section in data.get("sections", ())
        ),
    )
