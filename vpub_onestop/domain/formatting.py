"""Money, numbers, dates and times as the pages, slips, exports, emails and messages print
them: the one place that spells them (docs/architecture.md#formatting).

- Money: whole đồng, dots between thousands, "1.250.000 ₫". The same in every locale: it is
  how official fee schedules and receipts write amounts.
- Dates "dd/mm/yyyy" and times "HH:MM dd/mm/yyyy", always in local time (Asia/Ho_Chi_Minh),
  in both locales.
- Other numbers follow the page's locale: "1.234" and "12,5" in Vietnamese, "1,234" and
  "12.5" in English.

Pure: the locale is an argument (the web layer passes the page's), the default Vietnamese.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from vpub_onestop.domain.calendar import LOCAL_TZ

CURRENCY = "₫"
# (thousands separator, decimal separator) per locale.
_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def _separators(locale: str | None) -> tuple[str, str]:
    return _SEPARATORS.get((locale or "vi").split("_")[0].lower(), _SEPARATORS["vi"])


def number(
    value: int | float | Decimal | None,
    decimals: int = 0,
    locale: str = "vi",
    trim: bool = False,
) -> str:
    """1234.5 -> "1.234,5" (vi) / "1,234.5" (en), rounded half up to `decimals` places;
    `trim` drops trailing zeros of the fraction ("3" rather than "3,0")."""
    if value is None:
        return ""
    thousands, point = _separators(locale)
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    spelled = whole.replace(",", thousands) + (point + fraction if fraction else "")
    return f"-{spelled}" if rounded < 0 else spelled


def percent(value: int | float | Decimal | None, decimals: int = 1, locale: str = "vi") -> str:
    """12.345 -> "12,3 %" (vi) / "12.3 %" (en); the space before % as Vietnamese writes it."""
    return "" if value is None else f"{number(value, decimals, locale)} %"


def money(amount: int | float | Decimal | None) -> str:
    """1250000 -> "1.250.000 ₫" (the đồng has no subunit: rounded to whole đồng)."""
    return "" if amount is None else f"{number(amount, 0, 'vi')} {CURRENCY}"


def file_size(size: int, locale: str = "vi") -> str:
    """10485760 -> "10 MB", 1572864 -> "1,5 MB" (vi) / "1.5 MB" (en), 2048 -> "2 KB"."""
    megabytes = Decimal(int(size)) / (1024 * 1024)
    if megabytes >= 1:
        return f"{number(megabytes, 1, locale, trim=True)} MB"
    return f"{max(1, -(-int(size) // 1024))} KB"


def local_day(value: date | datetime) -> date:
    """The local calendar date of a moment (aware datetimes), or the date itself."""
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).date() if value.tzinfo else value.date()
    return value


def day(value: date | datetime | None) -> str:
    """ "09/03/2026"."""
    return "" if value is None else f"{local_day(value):%d/%m/%Y}"


def time_of_day(value: datetime | None) -> str:
    """ "08:15", local time."""
    return "" if value is None else f"{_local(value):%H:%M}"


def moment(value: datetime | None) -> str:
    """ "08:15 09/03/2026", local time."""
    return "" if value is None else f"{_local(value):%H:%M %d/%m/%Y}"


def _local(value: datetime) -> datetime:
    return value.astimezone(LOCAL_TZ) if value.tzinfo else value
