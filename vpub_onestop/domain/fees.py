"""Fees and charges (phí, lệ phí) of the procedure catalogue, read from its JSON rules.

Three kinds exist in the catalogue (`Procedure.fee_rule`):
- ``{"kind": "flat", "vnd": 10000, "note": ...}``: one amount per dossier;
- ``{"kind": "per_page", "first_pages": 2, "first_page_vnd": 2000, "next_page_vnd": 1000,
  "cap_per_copy_vnd": 200000}``: the certified-copy tariff, a price for each of the first
  pages, a lower price for every further page, and a ceiling per copy;
- ``{"kind": "exempt", "note": ...}``: nothing to pay.

Pure: amounts are whole đồng (the đồng has no subunit), texts are Vietnamese and explain a
tiered tariff with a worked example, because "2.000 ₫/trang cho 2 trang đầu" alone is what
people misread at the counter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vpub_onestop.domain.formatting import money

# The example page count shown for a tiered tariff: a few pages past the first tier, so the
# example uses both prices.
EXAMPLE_EXTRA_PAGES = 3


@dataclass(frozen=True)
class PerPageTariff:
    first_pages: int
    first_page_vnd: int
    next_page_vnd: int
    cap_per_copy_vnd: int | None

    def per_copy(self, pages: int) -> int:
        """What one copy of `pages` pages costs, ceiling applied."""
        if pages < 1:
            raise ValueError("a copy has at least one page")
        first = min(pages, self.first_pages)
        amount = first * self.first_page_vnd + (pages - first) * self.next_page_vnd
        if self.cap_per_copy_vnd is not None:
            amount = min(amount, self.cap_per_copy_vnd)
        return amount

    def pages_reaching_cap(self) -> int | None:
        """The smallest page count whose price equals the ceiling (None: never reached)."""
        cap = self.cap_per_copy_vnd
        if cap is None:
            return None
        first_tier = self.first_pages * self.first_page_vnd
        if first_tier >= cap:
            pages = 1
            while self.per_copy(pages) < cap:
                pages += 1
            return pages
        if self.next_page_vnd <= 0:
            return None
        extra = -(-(cap - first_tier) // self.next_page_vnd)  # ceiling division
        return self.first_pages + extra


@dataclass(frozen=True)
class FeeDescription:
    """What the procedure page shows: a headline, detail lines and an optional example."""

    kind: str
    summary: str
    details: tuple[str, ...] = ()
    example: str | None = None
    note: str | None = None


def _int(rule: Mapping[str, Any], key: str, default: int | None = None) -> int | None:
    value = rule.get(key, default)
    if value is None:
        return None
    return int(value)


def per_page_tariff(rule: Mapping[str, Any]) -> PerPageTariff:
    return PerPageTariff(
        first_pages=_int(rule, "first_pages", 0) or 0,
        first_page_vnd=_int(rule, "first_page_vnd", 0) or 0,
        next_page_vnd=_int(rule, "next_page_vnd", 0) or 0,
        cap_per_copy_vnd=_int(rule, "cap_per_copy_vnd"),
    )


def fee_amount(rule: Mapping[str, Any], *, pages: int = 1, copies: int = 1) -> int | None:
    """The amount due for a dossier, or None when the rule cannot say (unknown kind)."""
    kind = rule.get("kind", "exempt")
    if kind == "exempt":
        return 0
    if kind == "flat":
        return int(rule.get("vnd", 0))
    if kind == "per_page":
        if copies < 1:
            raise ValueError("at least one copy")
        return per_page_tariff(rule).per_copy(pages) * copies
    return None


def citizen_note(note: object) -> str | None:
    """The rule's note when it is written for citizens. The catalogue also carries notes for
    its maintainers, in plain ASCII English ("illustrative; ..."): those stay out of the
    public page. A Vietnamese note always has letters outside ASCII."""
    if not isinstance(note, str) or note.isascii():
        return None
    return note.strip() or None


def describe_fee(rule: Mapping[str, Any] | None) -> FeeDescription:
    rule = rule or {}
    kind = str(rule.get("kind", "exempt"))
    note = citizen_note(rule.get("note"))
    if kind == "exempt":
        return FeeDescription(kind, "Không thu phí, lệ phí.", note=note)
    if kind == "flat":
        return FeeDescription(kind, f"{money(int(rule.get('vnd', 0)))} cho mỗi hồ sơ.", note=note)
    if kind == "per_page":
        return _describe_per_page(per_page_tariff(rule), note)
    return FeeDescription(
        kind, "Mức thu theo quy định hiện hành; vui lòng liên hệ Bộ phận Một cửa.", note=note
    )


def _describe_per_page(tariff: PerPageTariff, note: str | None) -> FeeDescription:
    details = [
        f"{money(tariff.first_page_vnd)}/trang cho {tariff.first_pages} trang đầu;",
        f"từ trang thứ {tariff.first_pages + 1} trở đi: {money(tariff.next_page_vnd)}/trang;",
    ]
    reaching = tariff.pages_reaching_cap()
    if tariff.cap_per_copy_vnd is not None:
        ceiling = f"tối đa {money(tariff.cap_per_copy_vnd)} cho mỗi bản"
        if reaching is not None:
            ceiling += f" (đạt mức tối đa từ bản có {reaching} trang)"
        details.append(ceiling + ".")
    pages = tariff.first_pages + EXAMPLE_EXTRA_PAGES
    first = min(pages, tariff.first_pages)
    rest = pages - first
    uncapped = first * tariff.first_page_vnd + rest * tariff.next_page_vnd
    price = tariff.per_copy(pages)
    capped = " (áp dụng mức tối đa)" if price < uncapped else ""
    example = (
        f"Ví dụ: một bản {pages} trang = {first} × {money(tariff.first_page_vnd)} "
        f"+ {rest} × {money(tariff.next_page_vnd)} = {money(price)}{capped}; "
        f"hai bản như vậy: {money(2 * price)}."
    )
    return FeeDescription(
        "per_page", "Thu theo số trang của mỗi bản:", tuple(details), example, note
    )


def suggested_fee(rule: Mapping[str, Any] | None) -> int | None:
    """The amount the counter form proposes before the officer records what was paid:
    known in advance for an exempt or a flat-rate procedure; for a per-page tariff it
    depends on the papers in hand, so the officer types it (None)."""
    rule = rule or {}
    kind = rule.get("kind", "exempt")
    if kind == "exempt":
        return 0
    if kind == "flat" and isinstance(rule.get("vnd"), int):
        return int(rule["vnd"])
    return None
