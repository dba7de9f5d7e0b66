"""The answers of a declaration, cleaned and checked against its definition: the one
authority the citizen's form, the counter's form and the services all ask
(docs/domain.md#declaration-forms).

`raw` maps each top-level key to what was typed: a string (or a bool for yes/no), a
mapping {"province", "commune", "detail"} for an address, a list of row mappings for a
group. A draft (`complete=False`) may leave required fields empty; a malformed value is
refused either way, so nothing stored is ever unreadable. A field its condition hides
keeps no answer. Error keys: "key", or "group.<row>.key" inside a group (the row's index
as typed, blank rows included, as the form shows them again)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from vpub_onestop.domain.declaration import address as vn_address
from vpub_onestop.domain.declaration.conditions import Scope
from vpub_onestop.domain.declaration.definition import (
    NO,
    YES,
    Field,
    FormDefinition,
)
from vpub_onestop.domain.declaration.values import (
    FieldProblem,
    plain_number,
    read_date,
    read_id_number,
    read_money,
    read_number,
    read_phone,
)
from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.formatting import day, money, number

TEXT_MAX = 500
MULTILINE_MAX = 2000
ADDRESS_DETAIL_MAX = 200


@dataclass
class Cleaned:
    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, Message] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def is_blank(value: Any) -> bool:
    """An answer nobody gave: nothing, spaces, an empty list, or parts all blank."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, Mapping):
        return all(is_blank(part) for part in value.values())
    if isinstance(value, list):
        return not value
    return False


def _text(item: Field, value: str) -> str:
    text = value.strip()
    limit = item.max_length or (MULTILINE_MAX if item.multiline else TEXT_MAX)
    if len(text) > limit:
        raise FieldProblem(N_("Tối đa %(n)s ký tự.", n=limit))
    if item.min_length and len(text) < item.min_length:
        raise FieldProblem(N_("Tối thiểu %(n)s ký tự.", n=item.min_length))
    if item.pattern and re.fullmatch(item.pattern, text) is None:
        # The admin's own message for the pattern is shown as written (not in the catalogue).
        custom = Message(item.pattern_message) if item.pattern_message else None
        raise FieldProblem(custom or N_("Không đúng định dạng yêu cầu."))
    return text


def _number_text(value: Decimal) -> str:
    return number(value, 6, trim=True)


def _in_range(item: Field, value: Decimal | int, spelled: Callable[[Decimal], str]) -> None:
    if item.minimum is not None and value < item.minimum:
        raise FieldProblem(N_("Giá trị không được nhỏ hơn %(low)s.", low=spelled(item.minimum)))
    if item.maximum is not None and value > item.maximum:
        raise FieldProblem(N_("Giá trị không được lớn hơn %(high)s.", high=spelled(item.maximum)))


def _date(item: Field, value: str, today: date) -> str:
    found = read_date(value)
    if item.min_date and found < item.min_date:
        raise FieldProblem(N_("Ngày không được trước %(day)s.", day=day(item.min_date)))
    if item.max_date and found > item.max_date:
        raise FieldProblem(N_("Ngày không được sau %(day)s.", day=day(item.max_date)))
    if item.not_future and found > today:
        raise FieldProblem(N_("Ngày không được sau hôm nay (%(day)s).", day=day(today)))
    return found.isoformat()


def _address(item: Field, value: Mapping[str, Any], required: bool) -> dict[str, str]:
    code = str(value.get("province") or "").strip()
    commune = str(value.get("commune") or "").strip()
    detail = str(value.get("detail") or "").strip()
    found = vn_address.province(code) if code else None
    if code and found is None:
        raise FieldProblem(N_("Chọn tỉnh, thành phố trong danh sách."))
    if found and found.communes and commune and commune not in found.communes:
        raise FieldProblem(N_("Chọn phường, xã thuộc %(province)s.", province=found.name))
    if len(detail) > ADDRESS_DETAIL_MAX or len(commune) > ADDRESS_DETAIL_MAX:
        raise FieldProblem(N_("Tối đa %(n)s ký tự.", n=ADDRESS_DETAIL_MAX))
    if required and not (found and commune and detail):
        raise FieldProblem(N_("Vui lòng ghi đủ số nhà/thôn, chọn tỉnh, thành phố và phường, xã."))
    return {
        name: part
        for name, part in (("province", code), ("commune", commune), ("detail", detail))
        if part
    }


def _scalar(item: Field, value: Any, today: date) -> Any:
    """The stored value of one non-blank scalar answer."""
    if item.type == "yesno":
        token = value if isinstance(value, str) else (YES if value else NO)
        if token not in (YES, NO):
            raise FieldProblem(N_("Chọn Có hoặc Không."))
        return token == YES
    text = str(value)
    if item.type == "text":
        return _text(item, text)
    if item.type == "number":
        found = read_number(text)
        _in_range(item, found, _number_text)
        return plain_number(found)
    if item.type == "money":
        amount = read_money(text)
        _in_range(item, amount, money)
        return amount
    if item.type == "date":
        return _date(item, text, today)
    if item.type == "choice":
        if text not in {option for option, _label in item.options}:
            raise FieldProblem(N_("Lựa chọn không hợp lệ."))
        return text
    if item.type == "id_number":
        return read_id_number(text)
    if item.type == "phone":
        return read_phone(text)
    raise FieldProblem(N_("Kiểu trường không được hỗ trợ."))


def _required_message(item: Field) -> Message:
    if item.type in ("choice", "yesno"):
        return N_("Vui lòng chọn một phương án.")
    return N_("Vui lòng điền mục này.")


def _clean_fields(
    fields: Sequence[Field],
    raw: Mapping[str, Any],
    outer: Scope | None,
    today: date,
    complete: bool,
    prefix: str,
    result: Cleaned,
) -> dict[str, Any]:
    # First every value on its own, then the conditions over the cleaned values: a
    # condition may name a field written further down the form.
    values: dict[str, Any] = {}
    problems: dict[str, Message] = {}
    for item in fields:
        value = raw.get(item.key)
        if item.is_group or is_blank(value) or item.type == "address":
            continue
        try:
            values[item.key] = _scalar(item, value, today)
        except FieldProblem as problem:
            problems[item.key] = problem.message
    scope = Scope({item.key: item for item in fields}, values, outer)
    kept: dict[str, Any] = {}
    for item in fields:
        path = f"{prefix}{item.key}"
        if not scope.shown(item.key):
            continue
        required = complete and scope.required(item.key)
        if item.is_group:
            rows = _clean_group(item, raw.get(item.key), scope, today, complete, path, result)
            if rows:
                kept[item.key] = rows
            continue
        if item.type == "address":
            try:
                cleaned = _address(item, raw.get(item.key) or {}, required)
            except FieldProblem as problem:
                result.errors[path] = problem.message
            else:
                if cleaned:
                    kept[item.key] = cleaned
            continue
        if item.key in problems:
            result.errors[path] = problems[item.key]
        elif item.key in values:
            kept[item.key] = values[item.key]
        elif required:
            result.errors[path] = _required_message(item)
    return kept


def _clean_group(
    item: Field,
    raw: Any,
    scope: Scope,
    today: date,
    complete: bool,
    path: str,
    result: Cleaned,
) -> list[dict[str, Any]]:
    # Rows keep the index they were typed at (the form shows them again as they were); a
    # row left blank is no entry.
    rows = [
        (index, row)
        for index, row in enumerate(raw or ())
        if isinstance(row, Mapping) and not is_blank(dict(row))
    ]
    if len(rows) > item.max_items:
        result.errors[path] = N_("Tối đa %(n)s dòng.", n=item.max_items)
        rows = rows[: item.max_items]
    minimum = max(item.min_items, 1 if scope.required(item.key) else 0)
    if complete and len(rows) < minimum:
        result.errors[path] = N_("Cần ít nhất %(n)s dòng.", n=minimum)
    return [
        _clean_fields(item.fields, row, scope, today, complete, f"{path}.{index}.", result)
        for index, row in rows
    ]


def clean_answers(
    definition: FormDefinition, raw: Mapping[str, Any], *, today: date, complete: bool
) -> Cleaned:
    """The answers to store and the problems per field (see the module's docstring)."""
    result = Cleaned()
    fields = [item for section in definition.sections for item in section.fields]
    result.answers = _clean_fields(fields, raw, None, today, complete, "", result)
    return result


def display_value(item: Field, value: Any) -> str:
    """An answer as the pages, the printed declaration and the exports show it."""
    if value is None:
        return ""
    if item.type == "yesno":
        return N_("Có") if value else N_("Không")
    if item.type == "date":
        return day(date.fromisoformat(value))
    if item.type == "money":
        return money(value)
    if item.type == "number":
        return _number_text(Decimal(str(value)))
    if item.type == "choice":
        return dict(item.options).get(value, str(value))
    if item.type == "address":
        return vn_address.address_text(value)
    return str(value)
