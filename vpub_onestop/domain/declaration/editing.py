"""The administrator's changes to a form definition, one at a time, on its JSON: add, edit,
move and remove sections and fields (a group's own fields too). Each returns a new
definition and leaves the one given untouched; each refuses, with a Vietnamese message, a
change that would break the form's structure (an unknown section, a key used twice, a field
that others' conditions still name). What a form must be before it is published (choices
listed, a group with fields...) is definition_check's: a half-built draft may lack it
(docs/domain.md#declaration-forms)."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from vpub_onestop.domain.declaration.definition import FIELD_TYPES, GROUP
from vpub_onestop.domain.declaration.definition_check import KEY_PATTERN
from vpub_onestop.domain.errors import N_, ValidationError

Definition = dict[str, Any]
UP, DOWN = "up", "down"


def blank_definition(title: str) -> Definition:
    return {"version": 1, "title": title, "legal_form": "", "document": "", "sections": []}


def _fields(definition: Definition) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any]]]:
    """(the list holding it, the field) for every field, a group's own ones included."""
    for section in definition["sections"]:
        for item in section["fields"]:
            yield section["fields"], item
            if item.get("type") == GROUP:
                for inner in item.get("fields", []):
                    yield item["fields"], inner


def _find_field(definition: Definition, key: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    for holder, item in _fields(definition):
        if item.get("key") == key:
            return holder, item
    raise ValidationError(N_("Không tìm thấy trường “%(key)s”.", key=key))


def _section(definition: Definition, key: str) -> dict[str, Any]:
    for section in definition["sections"]:
        if section.get("key") == key:
            return section
    raise ValidationError(N_("Không tìm thấy phần “%(key)s”.", key=key))


def _check_key(definition: Definition, key: str, *, field: bool, own: str | None = None) -> None:
    if KEY_PATTERN.fullmatch(key) is None:
        raise ValidationError(
            N_("Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ."),
            {"key": N_("Mã không hợp lệ.")},
        )
    taken = (
        {item.get("key") for _holder, item in _fields(definition)}
        if field
        else {section.get("key") for section in definition["sections"]}
    )
    if key != own and key in taken:
        raise ValidationError(
            N_("Mã “%(key)s” đã có trong tờ khai.", key=key), {"key": N_("Mã đã dùng.")}
        )


def _dependants(definition: Definition, key: str) -> list[str]:
    return [
        str(item.get("label") or item.get("key"))
        for _holder, item in _fields(definition)
        for name in ("show_when", "required_when")
        if (item.get(name) or {}).get("field") == key
    ]


def _move(items: list[Any], index: int, direction: str) -> None:
    target = index - 1 if direction == UP else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]


def set_heading(definition: Definition, **heading: str) -> Definition:
    """Title, legal form, the paper the form stands for."""
    changed = copy.deepcopy(definition)
    for name in ("title", "legal_form", "document"):
        if name in heading:
            changed[name] = heading[name].strip()
    return changed


def add_section(definition: Definition, key: str, title: str) -> Definition:
    _check_key(definition, key, field=False)
    changed = copy.deepcopy(definition)
    changed["sections"].append({"key": key, "title": title.strip(), "fields": []})
    return changed


def rename_section(definition: Definition, key: str, title: str) -> Definition:
    changed = copy.deepcopy(definition)
    _section(changed, key)["title"] = title.strip()
    return changed


def remove_section(definition: Definition, key: str) -> Definition:
    changed = copy.deepcopy(definition)
    section = _section(changed, key)
    if section["fields"]:
        raise ValidationError(
            N_("Phần “%(key)s” còn trường: xóa hoặc chuyển các trường trước.", key=key)
        )
    changed["sections"].remove(section)
    return changed


def move_section(definition: Definition, key: str, direction: str) -> Definition:
    changed = copy.deepcopy(definition)
    sections = changed["sections"]
    _move(sections, sections.index(_section(changed, key)), direction)
    return changed


def add_field(
    definition: Definition, section: str, field: Mapping[str, Any], *, group: str | None = None
) -> Definition:
    """Add at the end of a section, or of a group's fields."""
    key = str(field.get("key") or "")
    _check_key(definition, key, field=True)
    if field.get("type") not in FIELD_TYPES:
        raise ValidationError(N_("Chọn kiểu của trường."), {"type": N_("Chọn kiểu.")})
    changed = copy.deepcopy(definition)
    if group:
        _holder, owner = _find_field(changed, group)
        if owner.get("type") != GROUP or field.get("type") == GROUP:
            raise ValidationError(N_("Chỉ thêm được trường thường vào một nhóm."))
        owner.setdefault("fields", []).append(dict(field))
    else:
        _section(changed, section)["fields"].append(dict(field))
    return changed


def update_field(definition: Definition, key: str, field: Mapping[str, Any]) -> Definition:
    """Replace a field's settings; a new key is checked, and refused while conditions name
    the old one (they would point at nothing)."""
    new_key = str(field.get("key") or "")
    _check_key(definition, new_key, field=True, own=key)
    changed = copy.deepcopy(definition)
    holder, item = _find_field(changed, key)
    if new_key != key and _dependants(changed, key):
        raise ValidationError(
            N_(
                "Không đổi được mã “%(key)s”: điều kiện của %(names)s dựa vào nó.",
                key=key,
                names=", ".join(_dependants(changed, key)),
            ),
        )
    replacement = dict(field)
    if item.get("type") == GROUP and replacement.get("type") == GROUP:
        replacement["fields"] = item.get("fields", [])
    holder[holder.index(item)] = replacement
    return changed


def remove_field(definition: Definition, key: str) -> Definition:
    changed = copy.deepcopy(definition)
    holder, item = _find_field(changed, key)
    names = _dependants(changed, key)
    if names:
        raise ValidationError(
            N_(
                "Không xóa được trường “%(key)s”: điều kiện của %(names)s dựa vào nó.",
                key=key,
                names=", ".join(names),
            )
        )
    holder.remove(item)
    return changed


def move_field(definition: Definition, key: str, direction: str) -> Definition:
    """Up or down within its section (or group); at an edge, into the next section."""
    changed = copy.deepcopy(definition)
    holder, item = _find_field(changed, key)
    index = holder.index(item)
    sections = changed["sections"]
    edge = index == 0 if direction == UP else index == len(holder) - 1
    owner = next((s for s in sections if s["fields"] is holder), None)
    if edge and owner is not None:
        position = sections.index(owner) + (-1 if direction == UP else 1)
        if 0 <= position < len(sections):
            holder.remove(item)
            target = sections[position]["fields"]
            target.insert(len(target) if direction == UP else 0, item)
        return changed
    _move(holder, index, direction)
    return changed
