"""Vietnamese addresses after the 2025 two-level reorganisation: province → commune (ward,
commune or special zone), no district (Resolution 202/2025/QH15; Law on the Organisation of
Local Government 2025). The lists are shipped with the application (vn_address.json, its
source in docs/domain.md#declaration-address) and never fetched at run time.

A province without a commune list in the file takes the commune as typed text: the form
still works for an applicant from another province; the demo province's list is given."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    communes: tuple[str, ...]  # empty: not listed, typed as text


@cache
def provinces() -> tuple[Province, ...]:
    text = resources.files(__package__).joinpath("vn_address.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return tuple(
        Province(item["code"], item["name"], tuple(item.get("communes", ())))
        for item in data["provinces"]
    )


def province(code: str) -> Province | None:
    return next((item for item in provinces() if item.code == code), None)


def address_text(value: dict[str, str] | None) -> str:
    """ "12 Lê Lợi, phường Quy Nhơn, tỉnh Gia Lai" (the parts given, in that order)."""
    if not value:
        return ""
    found = province(value.get("province", ""))
    parts = [value.get("detail", ""), value.get("commune", ""), found.name if found else ""]
    return ", ".join(part for part in parts if part)


def address_parts(text: str | None) -> dict[str, str] | None:
    """The parts of a one-line address written as address_text writes it ("house and
    street, commune, province"), when its province is a listed one and its commune is on
    that province's list (or the province has no list); None otherwise, so a free-text
    address a person typed on the account is never split wrongly."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(parts) < 2:
        return None
    folded = parts[-1].casefold()
    found = next((p for p in provinces() if p.name.casefold() == folded), None)
    if found is None:
        return None
    commune = parts[-2]
    if found.communes:
        listed = {name.casefold(): name for name in found.communes}
        if commune.casefold() not in listed:
            return None
        commune = listed[commune.casefold()]
    return {"province": found.code, "commune": commune, "detail": ", ".join(parts[:-2])}
