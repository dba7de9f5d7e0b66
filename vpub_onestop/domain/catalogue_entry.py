"""One procedure of a catalogue file (JSON or CSV), in a canonical form that an import
compares with the version in force (docs/domain.md#catalogue-import).

The file's shape is the demo seed's (`seed/procedures-demo.json`): code, name, field,
level, limit, fee, documents, route, ... A document's blank form is either named from the
file's `forms` (`"form": "ct01"`) or written inline (`template`, `template_fields`). An
entry may carry `declaration`, the electronic declaration form of the version: it is
passed through as it is. Amounts are compared as numbers (3, 3.0 and "3.00" are equal).
A document may carry `template_file`, the uploaded template a .zip export ships with it
(file name, size, sha256: docs/domain.md#catalogue-import); a document without the key
says nothing of it, and the import keeps the one in force.

Pure: a malformed entry raises `EntryError` with a Vietnamese message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from vpub_onestop.domain.catalogue_versions import PaperRule, VersionFacts
from vpub_onestop.domain.deadlines import LimitUnit, TimeLimit
from vpub_onestop.domain.errors import N_, DomainError, Message

RECEIVING_UNIT = "receiving_commune"  # a route step done by the unit that received the file

# The entry's keys an import compares, with the label a dry-run report gives each.
FIELD_LABELS: dict[str, str] = {
    "name": "tên",
    "field": "lĩnh vực",
    "level": "cấp thực hiện",
    "limit": "thời hạn",
    "online_limit": "thời hạn trực tuyến",
    "online": "mức độ trực tuyến",
    "result": "kết quả",
    "legal_basis": "căn cứ pháp lý",
    "conditions": "yêu cầu, điều kiện",
    "source": "nguồn số liệu",
    "fee": "phí, lệ phí",
    "immediate_result": "trả ngay",
    "any_unit": "không phụ thuộc địa giới",
    "documents": "thành phần hồ sơ",
    "route": "quy trình",
    "declaration": "tờ khai điện tử",
}


class EntryError(DomainError):
    pass


_SHA256 = re.compile(r"[0-9a-f]{64}")
TEMPLATE_FILE_NAME_MAX = 200  # the column's length (models/catalogue.py)


def template_file_of(value: object) -> dict[str, Any] | None:
    """A document's `template_file` as compared: its file name, size and sha256."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise EntryError(N_("Tệp mẫu của giấy tờ phải có tên tệp, kích thước và mã sha256."))
    name = str(value.get("file_name") or "").strip()
    digest = str(value.get("sha256") or "").strip().lower()
    size = value.get("size")
    if (
        not name
        or not _SHA256.fullmatch(digest)
        or isinstance(size, bool)
        or not isinstance(size, int)
        or size < 0
    ):
        raise EntryError(N_("Tệp mẫu của giấy tờ phải có tên tệp, kích thước và mã sha256."))
    return {"file_name": name[:TEMPLATE_FILE_NAME_MAX], "size": size, "sha256": digest}


def amount_text(value: object) -> str:
    """3, 3.0, "3.00" -> "3"; 0.5 -> "0.5"."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise EntryError(N_("Số không hợp lệ: %(value)s.", value=value)) from None
    if not number.is_finite():
        raise EntryError(N_("Số không hợp lệ: %(value)s.", value=value))
    return format(number.normalize(), "f")


def limit_of(value: object) -> dict[str, str]:
    """{"amount": .., "unit": ..} as canonical text, checked as a time limit."""
    if not isinstance(value, Mapping) or "unit" not in value:
        raise EntryError(N_("Thời hạn phải có số lượng và đơn vị."))
    unit = str(value["unit"])
    amount = "0" if unit == LimitUnit.SAME_DAY.value else amount_text(value.get("amount"))
    try:
        to_time_limit({"amount": amount, "unit": unit})
    except ValueError:
        raise EntryError(
            N_("Thời hạn không hợp lệ: %(amount)s %(unit)s.", amount=amount, unit=unit)
        ) from None
    return {"amount": amount, "unit": unit}


def to_time_limit(limit: Mapping[str, str]) -> TimeLimit:
    if limit["unit"] == LimitUnit.SAME_DAY.value:
        return TimeLimit.parse("same_day")
    return TimeLimit.parse(f"{limit['amount']} {limit['unit']}")


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    return "" if value is None else str(value).strip()


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise EntryError(N_("Số bản phải là số nguyên."))
    try:
        return int(value)
    except ValueError:
        raise EntryError(N_("Số bản phải là số nguyên.")) from None


def _document(doc: Any, forms: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(doc, Mapping) or not _text(doc, "name"):
        raise EntryError(N_("Mỗi giấy tờ phải có tên."))
    template, fields = doc.get("template"), doc.get("template_fields")
    if doc.get("form") is not None:
        key = str(doc["form"])
        if key not in forms:
            raise EntryError(N_("Không có mẫu '%(key)s'.", key=key))
        template, fields = forms[key].get("name"), forms[key].get("fields", [])
    document = {
        "name": _text(doc, "name"),
        "originals": _count(doc.get("originals", 0)),
        "copies": _count(doc.get("copies", 0)),
        "mandatory": bool(doc.get("mandatory", True)),
        "template": str(template) if template else None,
        "template_fields": [str(label) for label in fields] if fields else None,
    }
    if "template_file" in doc:
        document["template_file"] = template_file_of(doc["template_file"])
    return document


def _step(step: Any) -> dict[str, Any]:
    if not isinstance(step, Mapping) or not step.get("agency"):
        raise EntryError(N_("Mỗi bước của quy trình phải có cơ quan."))
    return {
        "agency": str(step["agency"]),
        "task": _text(step, "task") or None,
        "budget": limit_of(step.get("budget")),
        "approval": bool(step.get("approval", True)),
    }


def canonical(entry: Mapping[str, Any], forms: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The entry as an import compares it; EntryError when it cannot be read."""
    if not isinstance(entry, Mapping):
        raise EntryError(N_("Mỗi thủ tục phải là một đối tượng JSON."))
    forms = forms or {}
    code = _text(entry, "code")
    if not code or len(code) > 60:
        raise EntryError(N_("Thiếu mã thủ tục (tối đa 60 ký tự)."))
    documents, route = entry.get("documents", []), entry.get("route", [])
    if not isinstance(documents, list) or not isinstance(route, list):
        raise EntryError(N_("Thành phần hồ sơ và quy trình phải là danh sách."))
    if any(not isinstance(stage, list) for stage in route):
        raise EntryError(N_("Mỗi giai đoạn của quy trình phải là danh sách các bước."))
    online_limit = entry.get("online_limit")
    fee = entry.get("fee") or {"kind": "exempt"}
    if not isinstance(fee, Mapping):
        raise EntryError(N_("Phí, lệ phí phải là một đối tượng JSON."))
    declaration = entry.get("declaration") or None
    if declaration is not None and not isinstance(declaration, Mapping):
        raise EntryError(N_("Tờ khai điện tử phải là một đối tượng JSON."))
    return {
        "code": code,
        "name": _text(entry, "name"),
        "field": _text(entry, "field"),
        "level": _text(entry, "level") or "commune",
        "limit": limit_of(entry.get("limit")),
        "online_limit": limit_of(online_limit) if online_limit else None,
        "online": _text(entry, "online") or "partial",
        "result": _text(entry, "result"),
        "legal_basis": _text(entry, "legal_basis") or None,
        "conditions": _text(entry, "conditions") or None,
        "source": _text(entry, "source") or None,
        "fee": dict(fee),
        "immediate_result": bool(entry.get("immediate_result", False)),
        "any_unit": bool(entry.get("any_unit", False)),
        "documents": [_document(doc, forms) for doc in documents],
        "route": [[_step(step) for step in stage] for stage in route],
        "declaration": dict(declaration) if declaration is not None else None,
    }


def differences(current: Mapping[str, Any], incoming: Mapping[str, Any]) -> list[str]:
    """The keys whose values differ, in FIELD_LABELS order."""
    return [key for key in FIELD_LABELS if current.get(key) != incoming.get(key)]


def facts(entry: Mapping[str, Any]) -> VersionFacts:
    """The publishing check's view of a canonical entry."""
    return VersionFacts(
        name=entry["name"],
        field=entry["field"],
        level=entry["level"],
        online_level=entry["online"],
        limit=to_time_limit(entry["limit"]),
        online_limit=to_time_limit(entry["online_limit"]) if entry["online_limit"] else None,
        fee_rule=entry["fee"],
        papers=[PaperRule(d["name"], d["originals"], d["copies"]) for d in entry["documents"]],
        stages=[[to_time_limit(step["budget"]) for step in stage] for stage in entry["route"]],
        declaration=entry["declaration"],
    )


def problem_text(problems: list[Message]) -> str:
    return " ".join(problems)
