"""Reading what an administrator typed for a policy into its typed value, or the reason it
is refused (docs/policies.md#effective-dates)."""

from __future__ import annotations

from typing import Any

from vpub_onestop.domain.calendar import CalendarPolicy
from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.policies.catalogue import PolicySpec


def parse_value(spec: PolicySpec, raw: str) -> tuple[Any, Message | None]:
    """The typed value of what an administrator typed, or the reason it is refused."""
    text = raw.strip()
    if spec.kind == "bool":
        if text.lower() in ("true", "1", "co", "có", "yes"):
            return True, None
        if text.lower() in ("false", "0", "khong", "không", "no"):
            return False, None
        return None, N_("Chọn có hoặc không.")
    if spec.kind == "choice":
        if text in spec.choices:
            return text, None
        return None, N_("Chọn một trong: %(choices)s.", choices=", ".join(spec.choices))
    if spec.kind == "int":
        if not text.isdigit() or not spec.minimum <= int(text) <= spec.maximum:
            return None, N_(
                "Nhập một số nguyên từ %(lo)s đến %(hi)s.", lo=spec.minimum, hi=spec.maximum
            )
        return int(text), None
    try:
        if spec.kind == "hours":
            CalendarPolicy.from_settings(office_hours=text)
        else:
            CalendarPolicy.from_settings(same_day_cutoff=text)
    except ValueError:
        if spec.kind == "hours":
            return None, N_(
                "Nhập các buổi làm việc dạng 07:00-11:30,13:30-17:00: mỗi buổi bắt đầu "
                "trước khi kết thúc, các buổi theo thứ tự và không chồng lên nhau."
            )
        return None, N_("Nhập giờ dạng 15:00.")
    return text, None
