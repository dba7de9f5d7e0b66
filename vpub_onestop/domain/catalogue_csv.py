"""The catalogue as CSV (docs/domain.md#catalogue-import): one row per procedure, the
columns of the JSON file flattened. The nested parts (fee, documents, route, declaration)
are a JSON text in their own column, so the CSV holds exactly what the JSON does and a
spreadsheet still shows one procedure per line. UTF-8; Excel's byte-order mark is read
and written.

Pure: text in, entries out (and back).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from vpub_onestop.domain.catalogue_entry import EntryError
from vpub_onestop.domain.errors import N_

COLUMNS = (
    "code",
    "name",
    "field",
    "level",
    "limit_amount",
    "limit_unit",
    "online_limit_amount",
    "online_limit_unit",
    "online",
    "result",
    "legal_basis",
    "conditions",
    "source",
    "immediate_result",
    "any_unit",
    "fee",
    "documents",
    "route",
    "declaration",
)
JSON_COLUMNS = ("fee", "documents", "route", "declaration")
FLAGS = ("immediate_result", "any_unit")
BOM = "\ufeff"


def _limit_cells(limit: Mapping[str, Any] | None) -> tuple[str, str]:
    if not limit:
        return "", ""
    return str(limit.get("amount", "")), str(limit.get("unit", ""))


def to_csv(entries: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        cells: dict[str, str] = {}
        cells["limit_amount"], cells["limit_unit"] = _limit_cells(entry.get("limit"))
        online = entry.get("online_limit")
        cells["online_limit_amount"], cells["online_limit_unit"] = _limit_cells(online)
        for flag in FLAGS:
            cells[flag] = "1" if entry.get(flag) else "0"
        for column in JSON_COLUMNS:
            value = entry.get(column)
            cells[column] = "" if value is None else json.dumps(value, ensure_ascii=False)
        for column in COLUMNS:
            if column not in cells:
                value = entry.get(column)
                cells[column] = "" if value is None else str(value)
        writer.writerow([cells[column] for column in COLUMNS])
    return BOM + out.getvalue()


def _limit(amount: str, unit: str) -> dict[str, Any] | None:
    if not unit.strip():
        return None
    return {"amount": amount.strip() or "0", "unit": unit.strip()}


def from_csv(text: str) -> list[tuple[int, dict[str, Any] | EntryError]]:
    """(row number as a spreadsheet counts it, the entry or why it cannot be read)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix(BOM)))
    missing = [
        column
        for column in ("code", "name", "limit_unit")
        if column not in (reader.fieldnames or [])
    ]
    if missing:
        error = EntryError(N_("Tệp CSV thiếu cột: %(columns)s.", columns=", ".join(missing)))
        return [(1, error)]
    rows: list[tuple[int, dict[str, Any] | EntryError]] = []
    for number, row in enumerate(reader, start=2):
        cells = {key: (value or "") for key, value in row.items() if key is not None}
        try:
            rows.append((number, _entry(cells)))
        except EntryError as error:
            rows.append((number, error))
    return rows


def _entry(cells: Mapping[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        key: cells[key].strip()
        for key in ("code", "name", "field", "level", "online", "result", "source")
        if cells.get(key, "").strip()
    }
    for key in ("legal_basis", "conditions"):
        if cells.get(key, "").strip():
            entry[key] = cells[key]  # several lines: kept as written
    entry["limit"] = _limit(cells.get("limit_amount", ""), cells.get("limit_unit", ""))
    online = _limit(cells.get("online_limit_amount", ""), cells.get("online_limit_unit", ""))
    if online:
        entry["online_limit"] = online
    for flag in FLAGS:
        entry[flag] = cells.get(flag, "").strip().lower() in ("1", "true", "x", "có")
    for column in JSON_COLUMNS:
        raw = cells.get(column, "").strip()
        if raw:
            try:
                entry[column] = json.loads(raw)
            except json.JSONDecodeError:
                raise EntryError(
                    N_("Cột %(column)s không phải JSON hợp lệ.", column=column)
                ) from None
    return entry
