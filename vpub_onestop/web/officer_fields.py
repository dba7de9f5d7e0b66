"""Form fields of the officer workspace whose parse errors speak Vietnamese (WTForms has no
Vietnamese catalogue) and that read amounts the way officers type them ("250.000")."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField

MONEY_NOISE = str.maketrans("", "", ". ,_₫đ")


class MoneyField(IntegerField):
    """Whole đồng; dots, spaces and a trailing "₫" are ignored: "1.250.000 ₫" -> 1250000."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in (None, ""):
            return
        text = str(valuelist[0]).strip().translate(MONEY_NOISE)
        if not text.isdigit() or len(text) > 12:
            self.data = None
            raise ValueError(_l("Số tiền chỉ gồm chữ số, ví dụ 250000 hoặc 250.000."))
        self.data = int(text)


class DayField(DateField):
    """A date from the browser's date picker (yyyy-mm-dd) or typed as dd/mm/yyyy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Ngày không hợp lệ (dd/mm/yyyy).")) from None


class CountField(IntegerField):
    """A small whole number (sets of papers, ...)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in (None, ""):
            return
        text = str(valuelist[0]).strip()
        if not text.isdigit() or len(text) > 4:
            self.data = None
            raise ValueError(_l("Nhập một số nguyên dương."))
        self.data = int(text)
