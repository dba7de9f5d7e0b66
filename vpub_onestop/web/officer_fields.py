"""Form fields of the officer workspace whose parse errors speak Vietnamese (WTForms has no
Vietnamese catalogue) and that read amounts the way officers type them ("250.000")."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField

from vpub_onestop.web.request_input import parse_date, parse_int

MONEY_NOISE = str.maketrans("", "", ". ,_₫đ")
MAX_MONEY = 10**12 - 1  # twelve digits: far above any fee, far below the column's bound
MAX_COUNT = 9999


class MoneyField(IntegerField):
    """Whole đồng; dots, spaces and a trailing "₫" are ignored: "1.250.000 ₫" -> 1250000."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in (None, ""):
            return
        self.data = parse_int(
            str(valuelist[0]).strip().translate(MONEY_NOISE), minimum=0, maximum=MAX_MONEY
        )
        if self.data is None:
            raise ValueError(_l("Số tiền chỉ gồm chữ số, ví dụ 250000 hoặc 250.000."))


class DayField(DateField):
    """A date from the browser's date picker (yyyy-mm-dd) or typed as dd/mm/yyyy."""

    data: Any  # a date once validated (None while empty or invalid)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        self.data = parse_date(valuelist[0], self.strptime_format)
        if self.data is None:
            raise ValueError(_l("Ngày không hợp lệ (dd/mm/yyyy)."))


class CountField(IntegerField):
    """A small whole number (sets of papers, ...)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in (None, ""):
            return
        self.data = parse_int(valuelist[0], minimum=0, maximum=MAX_COUNT)
        if self.data is None:
            raise ValueError(_l("Nhập một số nguyên dương."))
