"""The declaration form (tờ khai) on a page: a WTForms form built from the procedure
version's definition, for the citizen's online form and the counter's
(docs/domain.md#declaration-forms).

WTForms renders the fields and keeps what was typed; the rules are the domain's
(domain/declaration/answers.py, called by the services), and their errors come back by the
answer's path ("key", "group.1.key") and are shown under the same field. Everything works
without JavaScript: a condition's field is always shown, with a note saying when it
applies (static/js/declaration.js hides it while it does not); a group shows its rows plus
an "add a row" button that sends the form back with one more row, nothing saved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, RadioField, SelectField, StringField, TextAreaField
from wtforms import Form as PlainForm
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Field as WTField
from wtforms.fields.core import UnboundField

from vpub_onestop.domain.declaration.address import provinces
from vpub_onestop.domain.declaration.answers import MULTILINE_MAX, TEXT_MAX
from vpub_onestop.domain.declaration.definition import (
    NO,
    YES,
    Condition,
    Field,
    FormDefinition,
)
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.request_input import clean_text

PREFIX = "tk-"
ADD_ROW = "tk-add-row"
ERROR_PREFIX = "tk."  # services/declaration.py puts this before each answer's path
COMMUNE_LIST = "tk-communes"


def attr(key: str) -> str:
    """The form attribute of a field (a key such as "data" must not hide Form's own)."""
    return f"f_{key}"


class _AddressForm(PlainForm):
    province = SelectField(_l("Tỉnh, thành phố"), choices=[], validate_choice=False)
    commune = StringField(
        _l("Phường, xã, đặc khu"), render_kw={"list": COMMUNE_LIST, "maxlength": 200}
    )
    detail = StringField(_l("Số nhà, đường, thôn, tổ"), render_kw={"maxlength": 200})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province.choices = [SelectChoice("", _("— Chọn tỉnh, thành phố —"))] + [
            SelectChoice(item.code, item.name) for item in provinces()
        ]


def _text_kw(item: Field, mode: str | None = None) -> dict[str, Any]:
    limit = item.max_length or (MULTILINE_MAX if item.multiline else TEXT_MAX)
    kw: dict[str, Any] = {"maxlength": limit}
    if mode:
        kw["inputmode"] = mode
    return kw


def _unbound(item: Field) -> UnboundField:
    label = item.label
    if item.type == "text":
        kind = TextAreaField if item.multiline else StringField
        return kind(label, render_kw=_text_kw(item))
    if item.type == "choice":
        choices = [SelectChoice("", _l("— Chọn —"))]
        choices += [SelectChoice(value, text) for value, text in item.options]
        return SelectField(label, choices=choices, validate_choice=False)
    if item.type == "yesno":
        return RadioField(
            label, choices=[(YES, _l("Có")), (NO, _l("Không"))], validate_choice=False
        )
    if item.type == "address":
        return FormField(_AddressForm, label=label)
    if item.type == "group":
        row = type("RowForm", (PlainForm,), {attr(i.key): _unbound(i) for i in item.fields})
        return FieldList(FormField(row), label=label, min_entries=max(item.min_items, 1))
    modes = {"date": "numeric", "number": "decimal", "money": "numeric", "id_number": "numeric"}
    kw = _text_kw(item, modes.get(item.type, "tel" if item.type == "phone" else None))
    if item.type == "date":
        kw.update(placeholder="dd/mm/yyyy", maxlength=10, autocomplete="off")
    if item.type == "id_number":
        kw["maxlength"] = 12
    return StringField(label, render_kw=kw)


def _form_class(definition: FormDefinition) -> type[Form]:
    class Meta:
        csrf = False  # a part of the page's own form, which carries the token

        def bind_field(self, form: Any, unbound_field: UnboundField, options: Any) -> WTField:
            # Form's text cleaning is a filter, which an enclosure of fields cannot take:
            # their own text fields are cleaned when read (typed_answers).
            if issubclass(unbound_field.field_class, FormField | FieldList):
                return unbound_field.bind(form=form, **options)
            return Form.Meta.bind_field(self, form, unbound_field, options)  # type: ignore[arg-type]

    fields = {attr(item.key): _unbound(item) for item in definition.fields()}
    return type("DeclarationForm", (Form,), {"Meta": Meta, **fields})


def _as_attrs(definition_fields: Iterable[Field], typed: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in definition_fields:
        value = typed.get(item.key)
        if item.is_group:
            data[attr(item.key)] = [_as_attrs(item.fields, row) for row in value or ()]
        else:
            data[attr(item.key)] = value
    return data


def build_form(
    definition: FormDefinition, typed: Mapping[str, Any] | None = None, *, posted: bool
) -> Form:
    """The form with what was posted, or (a page opened) with the stored answers retyped."""
    cls = _form_class(definition)
    if posted:
        form = cls(prefix=PREFIX)
    else:
        form = cls(formdata=None, prefix=PREFIX, data=_as_attrs(definition.fields(), typed or {}))
    return form


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {name: _clean(part) for name, part in value.items()}
    return value


def _raw(definition_fields: Iterable[Field], data: Mapping[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for item in definition_fields:
        value = data.get(attr(item.key))
        if item.is_group:
            raw[item.key] = [_raw(item.fields, row) for row in value or ()]
        else:
            raw[item.key] = _clean(value) if value is not None else ""
    return raw


def typed_answers(definition: FormDefinition, form: Form) -> dict[str, Any]:
    """What was typed, keyed as the definition names the fields (services check it)."""
    return _raw(definition.fields(), form.data)


def add_requested_row(definition: FormDefinition, form: Form) -> bool:
    """The "add a row" button of a group was pressed: one more row, True (nothing to save)."""
    wanted = request.form.get(ADD_ROW, "") if request.method == "POST" else ""
    item = definition.field(wanted) if wanted else None
    if item is None or not item.is_group:
        return False
    rows = getattr(form, attr(item.key))
    if len(rows.entries) < item.max_items:
        rows.append_entry()
    return True


def declaration_problems(field_errors: Mapping[str, str]) -> dict[str, str]:
    """The declaration's part of a service's field errors, by answer path."""
    return {
        name[len(ERROR_PREFIX) :]: message
        for name, message in field_errors.items()
        if name.startswith(ERROR_PREFIX)
    }


def without_declaration(error: ValidationError) -> ValidationError:
    """The same error without the declaration's fields (shown under them, not on top)."""
    rest = {k: v for k, v in error.field_errors.items() if not k.startswith(ERROR_PREFIX)}
    return ValidationError(error.message, rest)


# --- what the template walks: one slot per field, rows of slots per group ---------------


@dataclass
class Slot:
    item: Field
    control: WTField
    path: str
    problem: str | None
    when_name: str = ""  # the input a condition reads (for the script)
    when_values: str = ""  # JSON list
    when_text: str = ""  # the note shown without the script
    rows: list[list[Slot]] = field(default_factory=list)


@dataclass
class Block:
    title: str
    slots: list[Slot]


def _value_text(source: Field | None, value: str) -> str:
    if source is None:
        return value
    if source.type == "yesno":
        return _("Có") if value == YES else _("Không")
    return dict(source.options).get(value, value)


def _when(
    condition: Condition | None, names: Mapping[str, str], labels: Mapping[str, Field]
) -> tuple[str, str, str]:
    if condition is None:
        return "", "", ""
    source = labels.get(condition.field)
    shown = " / ".join(f"“{_value_text(source, value)}”" for value in condition.values)
    text = _(
        "Chỉ điền khi “%(label)s” là %(values)s.",
        label=source.label if source else condition.field,
        values=shown,
    )
    return names.get(condition.field, ""), json.dumps(list(condition.values)), text


def _slots(
    fields: Iterable[Field],
    form: Any,
    problems: Mapping[str, str],
    prefix: str,
    names: dict[str, str],
    labels: dict[str, Field],
) -> list[Slot]:
    fields = list(fields)
    names = {**names, **{i.key: getattr(form, attr(i.key)).name for i in fields}}
    labels = {**labels, **{i.key: i for i in fields}}
    slots = []
    for item in fields:
        control = getattr(form, attr(item.key))
        path = f"{prefix}{item.key}"
        when_name, when_values, when_text = _when(item.show_when, names, labels)
        slot = Slot(item, control, path, problems.get(path), when_name, when_values, when_text)
        if item.is_group:
            slot.rows = [
                _slots(item.fields, entry.form, problems, f"{path}.{index}.", names, labels)
                for index, entry in enumerate(control.entries)
            ]
        slots.append(slot)
    return slots


def blocks(definition: FormDefinition, form: Form, problems: Mapping[str, str]) -> list[Block]:
    names: dict[str, str] = {}
    labels: dict[str, Field] = {}
    top = {item.key: item for item in definition.fields()}
    names.update({key: getattr(form, attr(key)).name for key in top})
    labels.update(top)
    return [
        Block(section.title, _slots(section.fields, form, problems, "", names, labels))
        for section in definition.sections
    ]


def commune_names() -> list[str]:
    """The listed communes, offered as the commune input's suggestions."""
    return [name for item in provinces() for name in item.communes]
