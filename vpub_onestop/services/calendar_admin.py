"""Import the calendar JSON (years, days off, make-up days) into the override table.

The one write path of the calendar tables: every import also moves the calendar's revision
token in the same transaction, which is how every app process learns that its built
calendar is stale (services/clock.py, docs/architecture.md#calendar-cache)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.models import CalendarOverride, CalendarRevision, CalendarYear
from vpub_onestop.services.clock import load_work_calendar
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
        mark_calendar_changed(session)
    # This process rebuilds now, from the committed tables; the others at their next read.
    load_work_calendar()
    return len(years), day_count


def mark_calendar_changed(session: Session) -> None:
    """A new revision token, committed with the edit it announces (a random token rather
    than a counter: a database restored from a backup never repeats a token a process
    still holds)."""
    row = session.get(CalendarRevision, CalendarRevision.ROW) or CalendarRevision(
        id=CalendarRevision.ROW
    )
    row.token = uuid4().hex
    session.add(row)
