"""Import the calendar JSON (years, days off, make-up days) into the override table."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.models import CalendarOverride, CalendarYear
from vpub_onestop.services.uow import unit_of_work


def import_calendar(data: dict[str, Any]) -> tuple[int, int]:
    """Upsert years and days. Returns (years, days) written. Days already printed on a
    receipt keep their stored due dates: deadlines are never recomputed from here."""
    years = data.get("years")
    if not isinstance(years, dict):
        raise ValidationError(N_("Tệp lịch không đúng cấu trúc: thiếu mục 'years'."))
    day_count = 0
    with unit_of_work() as session:
        for year_text, entry in years.items():
            year = int(year_text)
            status = entry.get("status", "provisional")
            if status not in ("decided", "provisional"):
                raise ValidationError(
                    N_(
                        "Năm %(year)s: trạng thái '%(status)s' không hợp lệ.",
                        year=year,
                        status=status,
                    )
                )
            row = session.get(CalendarYear, year) or CalendarYear(year=year)
            row.status = status
            row.basis = (entry.get("basis") or "")[:500] or None
            session.add(row)
            for kind in ("off", "work"):
                for day_text, name in entry.get(kind, []):
                    day = date.fromisoformat(day_text)
                    if day.year != year:
                        raise ValidationError(
                            N_("Ngày %(day)s không thuộc năm %(year)s.", day=day_text, year=year)
                        )
                    override = session.scalars(
                        select(CalendarOverride).where(CalendarOverride.day == day)
                    ).first() or CalendarOverride(day=day)
                    override.kind = kind
                    override.name = name
                    session.add(override)
                    day_count += 1
        return len(years), day_count
