"""The calendar's administration (docs/domain.md#calendar-administration): a day off or
make-up day with its legal basis, the dossiers a change concerns, and the rule that an
issued appointment never moves silently."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import Clock
from tests.services.support import actor, as_local, counter_receipt, fresh, local, procedure_id
from vpub_onestop import create_app
from vpub_onestop.domain.calendar import OFF, WORK
from vpub_onestop.domain.errors import PermissionDenied, StaleDossier, ValidationError
from vpub_onestop.extensions import db
from vpub_onestop.models import CalendarOverride, CalendarYear
from vpub_onestop.models.admin_audit import AdminChange
from vpub_onestop.queries.calendar_admin import dossiers_spanning
from vpub_onestop.services.calendar_admin import (
    DayChange,
    confirm_year,
    remove_day,
    save_day,
)
from vpub_onestop.services.clock import load_work_calendar

MARRIAGE = "1.000894"  # 5 working days (Decree 123/2015 Art. 18, as the demo catalogue has it)
WEDNESDAY = date(2026, 3, 4)
BASIS = "Công văn 1234/UBND-KGVX ngày 03/3/2026 của Ủy ban nhân dân tỉnh"


def day_off(day: date = WEDNESDAY, basis: str = BASIS) -> DayChange:
    return DayChange(day, OFF, "Nghỉ theo quyết định của tỉnh", basis)


def test_a_day_off_added_after_receipt_leaves_the_appointment_as_printed(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        frozen_clock.set(local(2026, 3, 2, 9))
        before = counter_receipt(desk, procedure_id(MARRIAGE))
        printed_due, printed_appointment = before.due_at, before.appointment_at
        # Received Monday 2/3, five working days: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9/3.
        assert as_local(printed_due).date() == date(2026, 3, 9)
        affected = dossiers_spanning([WEDNESDAY])
        assert [d.id for d in affected.dossiers] == [before.id]

        save_day(actor("admin.ttpvhcc"), day_off())

        kept = fresh(before.id)
        assert (kept.due_at, kept.appointment_at) == (printed_due, printed_appointment)
        # The same file received now counts without Wednesday: Tue 3, Thu 5, Fri 6, Mon 9,
        # Tue 10/3.
        after = counter_receipt(desk, procedure_id(MARRIAGE))
        assert as_local(after.due_at).date() == date(2026, 3, 10)
        assert not load_work_calendar().is_working_day(WEDNESDAY)


def test_dossiers_due_before_the_day_are_not_listed(app: Flask, frozen_clock: Clock) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 3, 2, 9))
        counter_receipt(actor("reception.px_quynhon"), procedure_id(MARRIAGE))  # due 9/3
        assert dossiers_spanning([date(2026, 3, 10)]).count == 0
        assert dossiers_spanning([date(2026, 3, 9)]).count == 1


def test_a_day_needs_its_legal_basis_and_a_free_date(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        with pytest.raises(ValidationError) as refused:
            save_day(admin, day_off(basis="  "))
        assert set(refused.value.field_errors) == {"basis"}
        # 1/1/2026 is already in the table (Tết Dương lịch): edit that row instead.
        with pytest.raises(ValidationError) as refused:
            save_day(admin, day_off(date(2026, 1, 1)))
        assert set(refused.value.field_errors) == {"day"}
        assert (
            db.session.scalar(select(CalendarOverride.id).where(CalendarOverride.day == WEDNESDAY))
            is None
        )


def test_only_an_administrator_changes_the_calendar(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(PermissionDenied):
            save_day(actor("reception.ttpvhcc"), day_off())
        assert load_work_calendar().is_working_day(WEDNESDAY)


def test_every_change_is_audited_and_an_outdated_edit_is_refused(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        saved = save_day(admin, day_off())
        row = db.session.get(CalendarOverride, saved)
        shown = row.version
        save_day(admin, DayChange(WEDNESDAY, WORK, "Làm việc bình thường", BASIS), saved, shown)
        with pytest.raises(StaleDossier):
            remove_day(admin, saved, shown, "Công văn hủy bỏ")
        db.session.expire_all()
        remove_day(admin, saved, db.session.get(CalendarOverride, saved).version, "Công văn hủy bỏ")
        actions = [
            (c.action, (c.before or {}).get("kind"), (c.after or {}).get("kind"))
            for c in db.session.scalars(
                select(AdminChange)
                .where(AdminChange.object_type == "calendar")
                .order_by(AdminChange.id)
            )
        ]
        assert actions == [
            ("create", None, "off"),
            ("update", "off", "work"),
            ("delete", "work", None),
        ]
        assert load_work_calendar().is_working_day(WEDNESDAY)


def test_confirming_a_provisional_year(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        # The seed lists 2027 as provisional (its swaps are not published yet).
        assert db.session.get(CalendarYear, 2027).status == "provisional"
        assert 2027 not in load_work_calendar().decided_years
        with pytest.raises(ValidationError):
            confirm_year(admin, 2027, "")
        confirm_year(admin, 2027, "Quyết định của Thủ tướng về lịch nghỉ năm 2027")
        assert 2027 in load_work_calendar().decided_years
        with pytest.raises(StaleDossier):
            confirm_year(admin, 2027, "lần hai")


def test_confirming_a_year_keeps_the_holidays_shown_as_days_off(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        desk = actor("reception.px_quynhon")
        # 2027 is provisional: Tết (29 Tết Thu 4/2 to the 5th day Wed 10/2/2027) comes from
        # the holidays package only (Labour Code 2019 Art. 112: five days of Tết), and the
        # page shows its weekdays Thu 4, Fri 5, Mon 8, Tue 9, Wed 10/2 as days off.
        frozen_clock.set(local(2027, 2, 1, 9))
        shown = dict(load_work_calendar().unconfirmed_holidays(2027))
        tet = [date(2027, 2, d) for d in (4, 5, 8, 9, 10)]
        assert set(tet) <= set(shown)
        # Marriage registration, 5 working days, received Mon 1/2/2027: Tue 2, Wed 3, then
        # Tết to Wed 10, Thu 11, Fri 12, Mon 15/2.
        before = counter_receipt(desk, procedure_id(MARRIAGE), now=local(2027, 2, 1, 9))
        assert as_local(before.due_at).date() == date(2027, 2, 15)

        # The administrator unticks one shown day (24/11, if the package lists it, else
        # the last one) and confirms the rest.
        dropped = date(2027, 11, 24) if date(2027, 11, 24) in shown else max(shown)
        kept = [day for day in shown if day != dropped]
        written = confirm_year(admin, 2027, "Quyết định của Thủ tướng về lịch nghỉ năm 2027", kept)
        assert written == sorted(kept)

        calendar = load_work_calendar()
        assert 2027 in calendar.decided_years
        assert not any(calendar.is_working_day(day) for day in kept)
        assert calendar.is_working_day(dropped)
        rows = db.session.scalars(select(CalendarOverride).where(CalendarOverride.day.in_(tet)))
        assert {(r.kind, r.basis) for r in rows} == {(OFF, "Bộ luật Lao động 2019, Điều 112")}
        # The same file received now gets the same appointment as before confirmation.
        after = counter_receipt(desk, procedure_id(MARRIAGE), now=local(2027, 2, 1, 10))
        assert as_local(after.due_at).date() == date(2027, 2, 15)
        assert fresh(before.id).due_at == before.due_at
        # Each day written is in the admin audit of the year, with the confirmation.
        audit = db.session.scalars(
            select(AdminChange).where(
                AdminChange.object_type == "calendar", AdminChange.object_id == "2027"
            )
        ).all()
        created = {a.after["day"] for a in audit if a.action == "create"}
        assert created == {day.isoformat() for day in kept}
        assert [a.after["status"] for a in audit if a.action == "update"] == ["decided"]


def test_a_ticked_day_that_is_not_a_shown_holiday_is_refused(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        # Tue 2/2/2027 is an ordinary working day: nothing is confirmed, nothing written.
        with pytest.raises(ValidationError) as refused:
            confirm_year(admin, 2027, "Quyết định năm 2027", [date(2027, 2, 2)])
        assert "kept" in refused.value.field_errors
        assert db.session.get(CalendarYear, 2027).status == "provisional"
        assert load_work_calendar().is_working_day(date(2027, 2, 2))


@pytest.fixture
def second_worker(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    other = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_DIR=str(tmp_path / "uploads-2"),
        OUTBOX_AUTOSEND=False,
    )
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_another_process_sees_the_new_day_at_its_next_request(
    app: Flask, second_worker: Flask
) -> None:
    with second_worker.app_context():
        assert load_work_calendar().is_working_day(WEDNESDAY)  # built and kept
    with app.app_context():
        save_day(actor("admin.ttpvhcc"), day_off())
    with second_worker.app_context():
        assert not load_work_calendar().is_working_day(WEDNESDAY)
