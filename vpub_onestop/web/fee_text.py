"""A procedure's fees in the page's language.

The domain (domain/fees.py) words the fee rules in Vietnamese, with the numbers inside the
sentences; an English page needs the same sentences built from the same numbers. Vietnamese
pages keep the domain's own text; a test checks that these templates, untranslated, give
exactly that text, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from vpub_onestop.domain.fees import (
    EXAMPLE_EXTRA_PAGES,
    FeeDescription,
    PerPageTariff,
    citizen_note,
    describe_fee,
    per_page_tariff,
)
from vpub_onestop.domain.formatting import money
from vpub_onestop.web.form_base import is_vietnamese_page


def fee_description(rule: Mapping[str, Any] | None) -> FeeDescription:
    if is_vietnamese_page():
        return describe_fee(rule)
    return translated_fee(rule)


def translated_fee(rule: Mapping[str, Any] | None) -> FeeDescription:
    rule = rule or {}
    kind = str(rule.get("kind", "exempt"))
    note = citizen_note(rule.get("note"))
    if kind == "exempt":
        return FeeDescription(kind, _("Không thu phí, lệ phí."), note=note)
    if kind == "flat":
        amount = money(int(rule.get("vnd", 0)))
        return FeeDescription(kind, _("%(amount)s cho mỗi hồ sơ.", amount=amount), note=note)
    if kind == "per_page":
        return _per_page(per_page_tariff(rule), note)
    return FeeDescription(
        kind, _("Mức thu theo quy định hiện hành; vui lòng liên hệ Bộ phận Một cửa."), note=note
    )


def _per_page(tariff: PerPageTariff, note: str | None) -> FeeDescription:
    details = [
        _(
            "%(price)s/trang cho %(pages)s trang đầu;",
            price=money(tariff.first_page_vnd),
            pages=tariff.first_pages,
        ),
        _(
            "từ trang thứ %(page)s trở đi: %(price)s/trang;",
            page=tariff.first_pages + 1,
            price=money(tariff.next_page_vnd),
        ),
    ]
    reaching = tariff.pages_reaching_cap()
    if tariff.cap_per_copy_vnd is not None:
        cap = money(tariff.cap_per_copy_vnd)
        if reaching is None:
            details.append(_("tối đa %(cap)s cho mỗi bản.", cap=cap))
        else:
            details.append(
                _(
                    "tối đa %(cap)s cho mỗi bản (đạt mức tối đa từ bản có %(pages)s trang).",
                    cap=cap,
                    pages=reaching,
                )
            )
    pages = tariff.first_pages + EXAMPLE_EXTRA_PAGES
    first = min(pages, tariff.first_pages)
    rest = pages - first
    price = tariff.per_copy(pages)
    figures = {
        "pages": pages,
        "first": first,
        "first_price": money(tariff.first_page_vnd),
        "rest": rest,
        "next_price": money(tariff.next_page_vnd),
        "price": money(price),
        "double": money(2 * price),
    }
    if price < first * tariff.first_page_vnd + rest * tariff.next_page_vnd:
        example = _(
            "Ví dụ: một bản %(pages)s trang = %(first)s × %(first_price)s + %(rest)s × "
            "%(next_price)s = %(price)s (áp dụng mức tối đa); hai bản như vậy: %(double)s.",
            **figures,
        )
    else:
        example = _(
            "Ví dụ: một bản %(pages)s trang = %(first)s × %(first_price)s + %(rest)s × "
            "%(next_price)s = %(price)s; hai bản như vậy: %(double)s.",
            **figures,
        )
    return FeeDescription(
        "per_page", _("Thu theo số trang của mỗi bản:"), tuple(details), example, note
    )
