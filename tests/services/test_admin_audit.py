"""The administration audit: a change and its audit row commit or roll back together, a
row keeps who, when, what and the fields before and after (never a password hash), and
the database refuses to rewrite or remove a row, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import Clock
from tests.services.support import actor
from vpub_onestop.domain.admin_audit import COMMAND_LINE
from vpub_onestop.domain.errors import PermissionDenied
from vpub_onestop.extensions import db
from vpub_onestop.models import AdminChange, User
from vpub_onestop.models.append_only import refusal
from vpub_onestop.queries.admin_audit import AuditFilters, audit_page, object_history
from vpub_onestop.services.admin_audit import record_admin_change, row_snapshot
from vpub_onestop.services.uow import unit_of_work


def _rename(username: str, new_name: str, by: str = "admin.ttpvhcc") -> None:
    """A small admin change made the way every admin service makes one."""
    with unit_of_work() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        before = row_snapshot(user)
        user.full_name = new_name
        record_admin_change(
            session, actor(by), "user", user.id, "update", before=before, after=row_snapshot(user)
        )


def _rows() -> list[AdminChange]:
    db.session.rollback()
    return list(db.session.scalars(select(AdminChange).order_by(AdminChange.id)))


def test_a_change_is_recorded_with_who_when_and_the_fields_before_and_after(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        _rename("citizen1", "Nguyễn Văn An")

        [row] = _rows()
        user_id = db.session.scalar(select(User.id).where(User.username == "citizen1"))
        assert (row.actor_name, row.object_type, row.object_id, row.action) == (
            "admin.ttpvhcc",
            "user",
            str(user_id),
            "update",
        )
        assert row.at == frozen_clock.now
        assert row.before is not None and row.after is not None
        assert row.before["full_name"] == "Cán bộ citizen1"
        assert row.after["full_name"] == "Nguyễn Văn An"
        # The secret never reaches the audit, even as an unchanged field.
        assert "password_hash" not in row.before and "password_hash" not in row.after
        [line] = object_history("user", user_id)
        assert [(c.field, c.before, c.after) for c in line.changes] == [
            ("full_name", "Cán bộ citizen1", "Nguyễn Văn An")
        ]


def test_a_change_that_fails_leaves_no_audit_row(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(RuntimeError), unit_of_work() as session:
            user = session.scalars(select(User).where(User.username == "citizen1")).one()
            record_admin_change(
                session, actor("admin.ttpvhcc"), "user", user.id, "disable", reason="thử"
            )
            raise RuntimeError("the change itself failed after the audit row was added")

        assert _rows() == []


def test_only_an_administrator_or_the_command_line_writes_the_audit(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(PermissionDenied), unit_of_work() as session:
            record_admin_change(session, actor("leader.congan"), "user", 1, "disable")
        with unit_of_work() as session:
            record_admin_change(session, COMMAND_LINE, "user", 1, "unlock")

        [row] = _rows()
        assert row.actor_id is None and row.action == "unlock"


def test_an_edit_that_changes_nothing_writes_no_row(app: Flask) -> None:
    with app.app_context():
        _rename("citizen1", "Cán bộ citizen1")  # the name it already has

        assert _rows() == []


def _refused(statement: str) -> str:
    with pytest.raises(DBAPIError) as refused, db.engine.begin() as connection:
        connection.execute(text(statement))
    return str(refused.value.orig)


def test_the_database_refuses_to_rewrite_or_remove_an_audit_row(app: Flask) -> None:
    with app.app_context():
        _rename("citizen1", "Nguyễn Văn An")
        [row_id] = [row.id for row in _rows()]
        db.session.rollback()  # no open snapshot: TRUNCATE would wait for its lock

        message = _refused(f"UPDATE admin_audit SET actor_name = 'ai đó' WHERE id = {row_id}")
        assert refusal("admin_audit", "UPDATE") in message
        message = _refused(f"DELETE FROM admin_audit WHERE id = {row_id}")
        assert refusal("admin_audit", "DELETE") in message
        if db.engine.dialect.name == "postgresql":
            assert refusal("admin_audit", "TRUNCATE") in _refused("TRUNCATE admin_audit")

        assert [(r.id, r.actor_name) for r in _rows()] == [(row_id, "admin.ttpvhcc")]


def test_the_list_filters_by_type_person_and_local_day_and_pages_newest_first(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        # Mon 2/3/2026 08:00 Vietnam, then 23:30 the same local day (16:30 UTC), then
        # 00:30 on Tue 3/3 local (17:30 UTC on the 2nd): the day filter is the local day.
        _rename("citizen1", "Tên một")
        frozen_clock.advance(hours=15, minutes=30)
        _rename("citizen2", "Tên hai")
        frozen_clock.advance(hours=1)
        with unit_of_work() as session:
            record_admin_change(session, COMMAND_LINE, "setting", "office_hours", "schedule")

        everything = audit_page(AuditFilters(), 1, 2)
        assert everything.total == 3
        assert [line.object_type for line in everything.items] == ["setting", "user"]
        older = audit_page(AuditFilters(), 2, 2, after=everything.last)
        assert [line.object_type for line in older.items] == ["user"]
        assert older.items[0].id < everything.items[-1].id
        monday = audit_page(
            AuditFilters(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)), 1, 9
        )
        assert monday.total == 2
        tuesday = audit_page(AuditFilters(date_from=date(2026, 3, 3)), 1, 9)
        assert [line.object_type for line in tuesday.items] == ["setting"]
        users = audit_page(AuditFilters(object_type="user"), 1, 9)
        assert users.total == 2
        admin_id = db.session.scalar(select(User.id).where(User.username == "admin.ttpvhcc"))
        by_admin = audit_page(AuditFilters(actor_id=admin_id), 1, 9)
        assert by_admin.total == 2
        assert db.session.scalar(select(func.count()).select_from(AdminChange)) == 3
