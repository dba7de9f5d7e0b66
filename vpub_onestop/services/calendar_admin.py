"""The calendar's days off and make-up days: the JSON import (command line, seed) and the
administrator's edits (a day added, changed or removed, a provisional year confirmed).

The one write path of the calendar tables: every write also moves the calendar's revision
token in the same transaction, which is how every app process learns that its built
calendar is stale (services/clock.py, docs/architecture.md#calendar-cache). No write here
recomputes a stored due date: an appointment printed on a receipt never moves silently
(docs/domain.md#calendar-administration)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.calendar import OFF, WORK
from vpub_onestop.domain.errors import (
    N_,
    Message,
    NotFound,
    StaleDossier,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import CalendarOverride, CalendarRevision, CalendarYear
from vpub_onestop.services.admin_audit import record_admin_change, row_snapshot
from vpub_onestop.services.agencies import require_admin
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
                    override.basis = row.basis
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


# --- the administrator's edits (pages under /quan-tri/lich) ---------------------------------

NAME_MAX = 300
BASIS_MAX = 500
_DAY_FIELDS = ("day", "kind", "name", "basis")
STALE_DAY = N_(
    "Ngày này vừa được người khác cập nhật trong lịch. Vui lòng tải lại trang rồi thực hiện lại."
)


@dataclass(frozen=True)
class DayChange:
    day: date
    kind: str  # OFF or WORK
    name: str
    basis: str  # the decision that moves the day: required


def save_day(
    actor: Actor, change: DayChange, override_id: int | None = None, version: int | None = None
) -> int:
    """Add a day off or make-up day (override_id None), or change one; returns its id."""
    require_admin(actor)
    with unit_of_work() as session:
        row = _existing(session, override_id, version) if override_id is not None else None
        errors = _day_errors(session, change, override_id)
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại ngày trong lịch."), errors)
        before = row_snapshot(row, _DAY_FIELDS) if row is not None else None
        row = row or CalendarOverride()
        row.day, row.kind = change.day, change.kind
        row.name, row.basis = change.name.strip(), change.basis.strip()
        session.add(row)
        if session.get(CalendarYear, change.day.year) is None:
            session.add(CalendarYear(year=change.day.year, status="provisional"))
        session.flush()
        record_admin_change(
            session,
            actor,
            "calendar",
            change.day.year,
            "update" if before else "create",
            before=before,
            after=row_snapshot(row, _DAY_FIELDS),
        )
        mark_calendar_changed(session)
        saved = row.id
    load_work_calendar()
    return saved


def remove_day(actor: Actor, override_id: int, version: int | None, reason: str) -> None:
    """The day goes back to what the weekday (and, in a provisional year, the holidays
    package) make of it."""
    require_admin(actor)
    if not reason.strip():
        raise ValidationError(
            N_("Vui lòng kiểm tra lại ngày trong lịch."),
            {"basis": N_("Nhập căn cứ bỏ ngày này khỏi lịch.")},
        )
    with unit_of_work() as session:
        row = _existing(session, override_id, version)
        before = row_snapshot(row, _DAY_FIELDS)
        session.delete(row)
        session.flush()
        record_admin_change(
            session, actor, "calendar", row.day.year, "delete", before=before, reason=reason
        )
        mark_calendar_changed(session)
    load_work_calendar()


# Labour Code 2019 Art. 112: the public holidays the `holidays` package computes.
HOLIDAY_BASIS = "Bộ luật Lao động 2019, Điều 112"


def confirm_year(
    actor: Actor, year: int, basis: str, kept: Collection[date] | None = None
) -> list[date]:
    """A provisional year becomes decided: from now on the override table alone says which
    of its days are off (the holidays package is no longer consulted, docs/domain.md#calendar).
    The package's holidays the page showed as days off are written into the table in the
    same transaction, each audited, so they stay off: all of them when `kept` is None, else
    those the administrator left ticked (`kept`). Returns the days written."""
    require_admin(actor)
    shown = dict(load_work_calendar().unconfirmed_holidays(year))
    keep = sorted(shown) if kept is None else sorted(set(kept))
    errors: dict[str, Message] = {}
    if not basis.strip():
        errors["basis"] = N_("Nhập căn cứ xác nhận lịch của năm.")
    unknown = [day for day in keep if day not in shown]
    if unknown:
        errors["kept"] = N_(
            "Ngày %(day)s không còn là ngày lễ chưa xác nhận của năm: vui lòng tải lại trang.",
            day=f"{unknown[0]:%d/%m/%Y}",
        )
    if errors:
        raise ValidationError(N_("Vui lòng kiểm tra lại thông tin xác nhận lịch."), errors)
    with unit_of_work() as session:
        row = session.get(CalendarYear, year, with_for_update=True)
        if row is not None and row.status == "decided":
            raise StaleDossier(N_("Lịch năm %(year)s đã được xác nhận.", year=year))
        taken = set(
            session.scalars(select(CalendarOverride.day).where(CalendarOverride.day.in_(keep)))
        )
        if taken:
            raise StaleDossier(STALE_DAY)
        before = {"status": row.status, "basis": row.basis} if row is not None else None
        row = row or CalendarYear(year=year)
        row.status, row.basis = "decided", basis.strip()[:BASIS_MAX]
        session.add(row)
        for day in keep:
            holiday = CalendarOverride(
                day=day, kind=OFF, name=shown[day][:NAME_MAX], basis=HOLIDAY_BASIS
            )
            session.add(holiday)
            session.flush()
            record_admin_change(
                session,
                actor,
                "calendar",
                year,
                "create",
                after=row_snapshot(holiday, _DAY_FIELDS),
                reason=basis.strip(),
            )
        session.flush()
        record_admin_change(
            session,
            actor,
            "calendar",
            year,
            "update",
            before=before,
            after={"status": row.status, "basis": row.basis},
        )
        mark_calendar_changed(session)
    load_work_calendar()
    return keep


def _existing(session: Session, override_id: int, version: int | None) -> CalendarOverride:
    row = session.get(CalendarOverride, override_id)
    if row is None:
        raise NotFound(N_("Không tìm thấy ngày này trong lịch."))
    if version is None:
        raise VersionMissing()
    if row.version != version:
        raise StaleDossier(STALE_DAY)
    return row


def _day_errors(session: Session, change: DayChange, override_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if change.kind not in (OFF, WORK):
        errors["kind"] = N_("Chọn ngày nghỉ hoặc ngày làm bù.")
    if not change.name.strip():
        errors["name"] = N_("Nhập tên ngày (ví dụ: Nghỉ hoán đổi, Làm bù cho ngày 2/1).")
    elif len(change.name.strip()) > NAME_MAX:
        errors["name"] = N_("Tên ngày tối đa %(n)s ký tự.", n=NAME_MAX)
    if not change.basis.strip():
        errors["basis"] = N_("Nhập căn cứ pháp lý (số, ngày của văn bản quyết định).")
    elif len(change.basis.strip()) > BASIS_MAX:
        errors["basis"] = N_("Căn cứ tối đa %(n)s ký tự.", n=BASIS_MAX)
    taken = session.scalar(select(CalendarOverride.id).where(CalendarOverride.day == change.day))
    if taken is not None and taken != override_id:
        errors["day"] = N_(
            "Ngày %(day)s đã có trong lịch: hãy sửa ngày đó.", day=f"{change.day:%d/%m/%Y}"
        )
    return errors
