"""Is a form definition sound? Run on every definition before it is stored or published, so
that the citizen's form, the counter's and the printed declaration never meet a broken one
(docs/domain.md#declaration-forms). Works on the raw JSON: a wrong type is a problem to
report in Vietnamese, not an exception."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from vpub_onestop.domain.declaration.definition import (
    CONDITION_SOURCES,
    FIELD_TYPES,
    GROUP,
    NO,
    PREFILL_FACTS,
    YES,
)
from vpub_onestop.domain.errors import N_, Message

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
LABEL_MAX = 200
GROUP_MAX_ITEMS = 50


@dataclass(frozen=True)
class _Entry:
    data: Mapping[str, Any]
    group: str | None  # the key of the group holding it, None at the top level


def _entries(data: Mapping[str, Any]) -> Iterator[_Entry]:
    for section in data.get("sections") or ():
        for item in section.get("fields") or () if isinstance(section, Mapping) else ():
            if not isinstance(item, Mapping):
                continue
            yield _Entry(item, None)
            if item.get("type") == GROUP:
                for inner in item.get("fields") or ():
                    if isinstance(inner, Mapping):
                        yield _Entry(inner, str(item.get("key")))


def _number(value: Any) -> Decimal | None:
    try:
        return None if value is None or value == "" else Decimal(str(value))
    except InvalidOperation:
        return None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _bounds_problems(item: Mapping[str, Any], label: str) -> Iterator[Message]:
    low, high = item.get("min_length"), item.get("max_length")
    for value in (low, high):
        if value is not None and (not isinstance(value, int) or value < 0):
            yield N_("Trường “%(label)s”: độ dài phải là số nguyên không âm.", label=label)
    if isinstance(low, int) and isinstance(high, int) and low > high:
        yield N_("Trường “%(label)s”: độ dài tối thiểu lớn hơn tối đa.", label=label)
    minimum, maximum = _number(item.get("minimum")), _number(item.get("maximum"))
    for raw, parsed in ((item.get("minimum"), minimum), (item.get("maximum"), maximum)):
        if raw not in (None, "") and parsed is None:
            yield N_(
                "Trường “%(label)s”: giới hạn “%(value)s” không phải là số.", label=label, value=raw
            )
    if minimum is not None and maximum is not None and minimum > maximum:
        yield N_("Trường “%(label)s”: giá trị tối thiểu lớn hơn tối đa.", label=label)
    first, last = _day(item.get("min_date")), _day(item.get("max_date"))
    for raw, found in ((item.get("min_date"), first), (item.get("max_date"), last)):
        if raw and found is None:
            yield N_(
                "Trường “%(label)s”: ngày giới hạn “%(value)s” không hợp lệ.",
                label=label,
                value=raw,
            )
    if first and last and first > last:
        yield N_("Trường “%(label)s”: ngày sớm nhất sau ngày muộn nhất.", label=label)
    if item.get("pattern"):
        try:
            re.compile(str(item["pattern"]))
        except re.error:
            yield N_("Trường “%(label)s”: mẫu kiểm tra không hợp lệ.", label=label)


def _field_problems(entry: _Entry) -> Iterator[Message]:
    item = entry.data
    key = item.get("key")
    label = str(item.get("label") or key or "?")
    if not isinstance(key, str) or KEY_PATTERN.fullmatch(key) is None:
        yield N_(
            "Mã trường “%(key)s” không hợp lệ: chữ thường không dấu, số và dấu gạch dưới, "
            "bắt đầu bằng chữ, tối đa 40 ký tự.",
            key=key,
        )
    kind = item.get("type")
    if kind not in FIELD_TYPES:
        yield N_("Trường “%(label)s”: kiểu “%(kind)s” không được hỗ trợ.", label=label, kind=kind)
    if not str(item.get("label") or "").strip():
        yield N_("Trường “%(key)s” chưa có nhãn.", key=key)
    elif len(str(item["label"])) > LABEL_MAX:
        yield N_("Trường “%(label)s”: nhãn tối đa %(n)s ký tự.", label=label, n=LABEL_MAX)
    if kind == "choice":
        values = [option[0] for option in item.get("options") or () if len(option) == 2]
        if not values:
            yield N_("Trường “%(label)s”: danh sách lựa chọn đang trống.", label=label)
        if len(set(values)) != len(values):
            yield N_("Trường “%(label)s”: có hai lựa chọn trùng giá trị.", label=label)
    if kind == GROUP:
        if entry.group is not None:
            yield N_(
                "Nhóm “%(label)s” nằm trong một nhóm khác: không hỗ trợ nhóm lồng nhau.",
                label=label,
            )
        if not item.get("fields"):
            yield N_("Nhóm “%(label)s” chưa có trường nào.", label=label)
        low, high = item.get("min_items", 0), item.get("max_items", 10)
        if not (
            isinstance(low, int)
            and isinstance(high, int)
            and 0 <= low <= high <= GROUP_MAX_ITEMS
            and high >= 1
        ):
            yield N_(
                "Nhóm “%(label)s”: cần 0 ≤ số dòng tối thiểu ≤ số dòng tối đa ≤ %(n)s.",
                label=label,
                n=GROUP_MAX_ITEMS,
            )
    yield from _bounds_problems(item, label)
    yield from _prefill_problems(entry, label)


def _prefill_problems(entry: _Entry, label: str) -> Iterator[Message]:
    fact = entry.data.get("prefill")
    if not fact:
        return
    if fact not in PREFILL_FACTS:
        yield N_(
            "Trường “%(label)s”: không có thông tin tài khoản “%(fact)s”.", label=label, fact=fact
        )
    elif entry.data.get("type") not in PREFILL_FACTS[fact] or entry.group is not None:
        yield N_(
            "Trường “%(label)s”: không điền sẵn được từ tài khoản (sai kiểu, hoặc nằm trong nhóm).",
            label=label,
        )


def _condition_problems(
    entry: _Entry, scope: Mapping[str | None, Mapping[str, Mapping[str, Any]]]
) -> Iterator[tuple[str, Message | None]]:
    """(the key it depends on, problem) pairs; a sound condition yields (key, None)."""
    item = entry.data
    label = str(item.get("label") or item.get("key"))
    for name in ("show_when", "required_when"):
        condition = item.get(name)
        if not condition:
            continue
        if not isinstance(condition, Mapping) or not condition.get("field"):
            yield "", N_("Trường “%(label)s”: điều kiện chưa chọn trường.", label=label)
            continue
        target = str(condition["field"])
        # A field in a group sees its own row and the top level; the top level sees itself.
        visible = {**scope[None], **(scope.get(entry.group, {}) if entry.group else {})}
        source = visible.get(target)
        if target == item.get("key"):
            yield "", N_("Trường “%(label)s”: điều kiện không được dựa vào chính nó.", label=label)
        elif source is None:
            yield (
                "",
                N_(
                    "Trường “%(label)s”: điều kiện dựa vào trường “%(target)s” không có (hoặc ở "
                    "trong một nhóm khác).",
                    label=label,
                    target=target,
                ),
            )
        elif source.get("type") not in CONDITION_SOURCES:
            yield (
                "",
                N_(
                    "Trường “%(label)s”: không đặt điều kiện theo “%(target)s” (địa chỉ, nhóm).",
                    label=label,
                    target=target,
                ),
            )
        else:
            values = condition.get("in", [condition.get("equals")])
            allowed: list[str] | None = None
            if source.get("type") == "choice":
                allowed = [str(option[0]) for option in source.get("options") or ()]
            elif source.get("type") == "yesno":
                allowed = [YES, NO]
            if not values or any(value in (None, "") for value in values):
                yield "", N_("Trường “%(label)s”: điều kiện chưa có giá trị so sánh.", label=label)
            elif allowed is not None and any(str(value) not in allowed for value in values):
                yield (
                    "",
                    N_(
                        "Trường “%(label)s”: giá trị so sánh không có trong trường “%(target)s”.",
                        label=label,
                        target=target,
                    ),
                )
            yield target, None


def _cycle(edges: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle of the "depends on" graph, as the keys along it, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(key: str) -> list[str] | None:
        state[key] = 1
        path.append(key)
        for target in sorted(edges.get(key, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[key] = 2
        path.pop()
        return None

    for key in sorted(edges):
        if key not in state and (found := visit(key)):
            return found
    return None


def definition_problems(data: Any) -> list[Message]:
    """Every problem of the definition, in Vietnamese; empty when it may be stored."""
    if not isinstance(data, Mapping) or not isinstance(data.get("sections"), list):
        return [N_("Tờ khai phải có danh sách các phần.")]
    problems: list[Message] = []
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        problems.append(N_("Phiên bản tờ khai phải là số nguyên dương."))
    if not str(data.get("title") or "").strip():
        problems.append(N_("Tờ khai chưa có tên."))
    section_keys: set[str] = set()
    for section in data["sections"]:
        if not isinstance(section, Mapping) or not isinstance(section.get("fields", []), list):
            problems.append(N_("Một phần của tờ khai không đúng cấu trúc."))
            continue
        key = section.get("key")
        if not isinstance(key, str) or KEY_PATTERN.fullmatch(key) is None:
            problems.append(N_("Mã phần “%(key)s” không hợp lệ.", key=key))
        elif key in section_keys:
            problems.append(N_("Mã phần “%(key)s” bị trùng.", key=key))
        section_keys.add(str(key))
        if not str(section.get("title") or "").strip():
            problems.append(N_("Phần “%(key)s” chưa có tiêu đề.", key=key))
    entries = list(_entries(data))
    if not entries:
        problems.append(N_("Tờ khai chưa có trường nào."))
    seen: set[str] = set()
    scope: dict[str | None, dict[str, Mapping[str, Any]]] = {None: {}}
    for entry in entries:
        problems.extend(_field_problems(entry))
        key = str(entry.data.get("key"))
        if key in seen:
            problems.append(N_("Mã trường “%(key)s” bị trùng: mỗi trường một mã riêng.", key=key))
        seen.add(key)
        scope.setdefault(entry.group, {})[key] = entry.data
    edges: dict[str, set[str]] = {}
    for entry in entries:
        for target, problem in _condition_problems(entry, scope):
            if target:
                edges.setdefault(str(entry.data.get("key")), set()).add(target)
            if problem:
                problems.append(problem)
    cycle = _cycle(edges)
    if cycle:
        problems.append(N_("Các điều kiện tạo thành vòng lặp: %(path)s.", path=" → ".join(cycle)))
    return problems


def declaration_publish_problems(data: Any, paper_names: Sequence[str]) -> list[Message]:
    """What keeps a procedure version with this form from being published: the form's own
    problems, and a paper it stands for that the version does not ask for."""
    problems = [N_("Tờ khai điện tử: %(problem)s", problem=p) for p in definition_problems(data)]
    document = str(data.get("document") or "").strip() if isinstance(data, Mapping) else ""
    wanted = document.casefold()
    if document and wanted not in {name.strip().casefold() for name in paper_names}:
        problems.append(
            N_(
                "Tờ khai điện tử thay cho giấy tờ “%(name)s” nhưng thành phần hồ sơ không có "
                "giấy tờ này.",
                name=document,
            )
        )
    return problems
