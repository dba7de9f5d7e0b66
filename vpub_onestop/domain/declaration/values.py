"""Reading one typed answer from what a person typed: dates as dd/mm/yyyy, numbers with the
Vietnamese decimal comma, money in whole đồng with dots between thousands, the ID number and
phone with the project's identifier rules (domain/identifiers.py). Each reader returns the
value to store, or raises FieldProblem with the Vietnamese message shown under the field."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from vpub_onestop.domain import identifiers
from vpub_onestop.domain.errors import N_, Message

_THOUSANDS = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+")
_MONEY = re.compile(r"[0-9]{1,3}(?:[.,\s][0-9]{3})*|[0-9]+")
_DATE_LAYOUTS = ("%d/%m/%Y", "%Y-%m-%d")


class FieldProblem(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def read_number(text: str) -> Decimal:
    """ "12", "12,5", "1.234" (a thousands dot), "1.234,5" -> Decimal."""
    cleaned = text.replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise FieldProblem(N_("Nhập một số (ví dụ 12 hoặc 12,5).")) from None
    if not number.is_finite() or not re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", cleaned):
        raise FieldProblem(N_("Nhập một số (ví dụ 12 hoặc 12,5)."))
    return number


def read_money(text: str) -> int:
    """ "1.250.000", "1 250 000", "1250000 ₫" -> 1250000 (whole đồng, never negative)."""
    cleaned = text.replace("₫", "").replace("đồng", "").replace("đ", "").strip()
    if not _MONEY.fullmatch(cleaned):
        raise FieldProblem(N_("Nhập số tiền bằng đồng, ví dụ 1.250.000."))
    return int(re.sub(r"[.,\s]", "", cleaned))


def read_date(text: str) -> date:
    for layout in _DATE_LAYOUTS:
        try:
            return datetime.strptime(text.strip(), layout).date()
        except ValueError:
            continue
    raise FieldProblem(N_("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 09/03/2026."))


def read_id_number(text: str) -> str:
    if not identifiers.is_citizen_id(text.strip()):
        raise FieldProblem(N_("Số định danh cá nhân phải gồm đúng 12 chữ số."))
    return text.strip()


def read_phone(text: str) -> str:
    if not identifiers.is_phone(text):
        raise FieldProblem(N_("Số điện thoại không hợp lệ (ví dụ 0912345678)."))
    return identifiers.clean_phone(text)


def plain_number(value: Decimal) -> str:
    """The stored text of a number: "12", "12.5" (JSON keeps it exact, never a float)."""
    text = format(value.normalize(), "f")
    return text
