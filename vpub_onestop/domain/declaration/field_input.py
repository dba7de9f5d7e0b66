"""A field's settings as the form editor's inputs give them (text boxes and tick boxes)
turned into the definition's JSON, with a Vietnamese message per input that cannot be read:
options one per line as "value | label", condition values separated by commas, bounds as
numbers or dd/mm/yyyy dates (docs/domain.md#declaration-forms)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from vpub_onestop.domain.declaration.definition import GROUP
from vpub_onestop.domain.declaration.definition_check import KEY_PATTERN
from vpub_onestop.domain.declaration.values import FieldProblem, read_date, read_number
from vpub_onestop.domain.errors import N_, Message, ValidationError

OPTION_VALUE = re.compile(r"[a-z0-9_]{1,40}")


def _options(text: str) -> list[list[str]]:
    options = []
    for line in text.splitlines():
        if not line.strip():
            continue
        value, bar, label = line.partition("|")
        value, label = value.strip(), label.strip()
        if not bar or OPTION_VALUE.fullmatch(value) is None or not label:
            raise FieldProblem(
                N_(
                    "Mỗi dòng một lựa chọn “giá_trị | Nhãn” (giá trị không dấu): “%(line)s”.",
                    line=line.strip(),
                )
            )
        options.append([value, label])
    return options


def _condition(field: str, values: str) -> dict[str, Any] | None:
    if not field:
        return None
    chosen = [value.strip() for value in values.split(",") if value.strip()]
    if not chosen:
        raise FieldProblem(N_("Ghi giá trị làm điều kiện (nhiều giá trị cách nhau bằng dấu phẩy)."))
    return {"field": field, "in": chosen}


def _whole(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isascii() or not text.strip().isdigit():
        raise FieldProblem(N_("Ghi một số nguyên không âm."))
    return int(text)


def _number(text: str) -> str | None:
    return None if not text.strip() else format(read_number(text), "f")


def _day(text: str) -> str | None:
    return None if not text.strip() else read_date(text).isoformat()


def field_data(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The field's JSON; ValidationError naming each input that cannot be read."""
    text = {name: str(value or "") for name, value in inputs.items()}
    kind = text.get("type", "")
    data: dict[str, Any] = {
        "key": text.get("key", "").strip(),
        "type": kind,
        "label": text.get("label", "").strip(),
    }
    for flag in ("required", "searchable", "multiline", "not_future"):
        if inputs.get(flag):
            data[flag] = True
    if text.get("help", "").strip():
        data["help"] = text["help"].strip()
    if text.get("prefill", "").strip():
        data["prefill"] = text["prefill"].strip()
    errors: dict[str, Message] = {}
    readers: dict[str, Any] = {
        "min_length": _whole,
        "max_length": _whole,
        "minimum": _number,
        "maximum": _number,
        "min_date": _day,
        "max_date": _day,
        "min_items": _whole,
        "max_items": _whole,
    }
    for name, reader in readers.items():
        try:
            value = reader(text.get(name, ""))
        except FieldProblem as problem:
            errors[name] = problem.message
        else:
            if value is not None:
                data[name] = value
    if text.get("pattern", "").strip():
        data["pattern"] = text["pattern"].strip()
        if text.get("pattern_message", "").strip():
            data["pattern_message"] = text["pattern_message"].strip()
    if kind == "choice":
        try:
            data["options"] = _options(text.get("options", ""))
        except FieldProblem as problem:
            errors["options"] = problem.message
    for name in ("show_when", "required_when"):
        try:
            condition = _condition(text.get(f"{name}_field", ""), text.get(f"{name}_values", ""))
        except FieldProblem as problem:
            errors[f"{name}_values"] = problem.message
        else:
            if condition:
                data[name] = condition
    if kind == GROUP:
        data.setdefault("fields", [])
    if not data["label"]:
        errors["label"] = N_("Ghi nhãn của trường.")
    if KEY_PATTERN.fullmatch(data["key"]) is None:
        errors["key"] = N_(
            "Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ."
        )
    if errors:
        raise ValidationError(N_("Trường chưa hợp lệ: xem các ô được đánh dấu."), errors)
    return data


def field_inputs(field: Mapping[str, Any]) -> dict[str, Any]:
    """The editor's inputs for a stored field (the reverse of field_data)."""
    inputs: dict[str, Any] = {name: field.get(name) for name in ("key", "type", "label", "help")}
    for flag in ("required", "searchable", "multiline", "not_future"):
        inputs[flag] = bool(field.get(flag))
    for name in ("min_length", "max_length", "minimum", "maximum", "min_items", "max_items"):
        inputs[name] = "" if field.get(name) is None else str(field[name]).replace(".", ",")
    for name in ("min_date", "max_date"):
        value = field.get(name)
        inputs[name] = "" if not value else "/".join(reversed(str(value).split("-")))
    inputs["prefill"] = field.get("prefill") or ""
    inputs["pattern"] = field.get("pattern") or ""
    inputs["pattern_message"] = field.get("pattern_message") or ""
    inputs["options"] = "\n".join(f"{value} | {label}" for value, label in field.get("options", []))
    for name in ("show_when", "required_when"):
        condition = field.get(name) or {}
        inputs[f"{name}_field"] = condition.get("field", "")
        values = condition.get("in") or ([condition["equals"]] if "equals" in condition else [])
        inputs[f"{name}_values"] = ", ".join(str(value) for value in values)
    return inputs
