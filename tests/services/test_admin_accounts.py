"""An administrator's work on accounts, on both databases: each change audited with the
fields before and after (never the password hash), a temporary password that signs in once
and must be changed, the roles that need an agency, the administrator who must remain, and
the stale page that loses to the change made meanwhile."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import Clock
from tests.services.support import actor
from vpub_onestop.domain.admin_audit import COMMAND_LINE
from vpub_onestop.domain.errors import StaleDossier, ValidationError, VersionMissing
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import AdminChange, Agency, User
from vpub_onestop.queries.admin_accounts import AccountFilters, account_page
from vpub_onestop.services import admin_accounts, portal_accounts
from vpub_onestop.services.accounts import create_user
from vpub_onestop.services.admin_accounts import AccountInput
from vpub_onestop.services.sign_in import sign_in

ADMIN = "admin.ttpvhcc"


def _user(username: str) -> User:
    db.session.rollback()
    return db.session.scalars(select(User).where(User.username == username)).one()


def _agency(key: str) -> int:
    return db.session.scalars(select(Agency.id).where(Agency.key == key)).one()


def _audit(user_id: int) -> list[AdminChange]:
    db.session.rollback()
    stmt = select(AdminChange).where(AdminChange.object_id == str(user_id)).order_by(AdminChange.id)
    return list(db.session.scalars(stmt))


def _officer(username: str = "lan.tiepnhan", agency: str | None = "px_quynhon") -> AccountInput:
    return AccountInput(
        username=username,
        full_name="Nguyễn Thị Lan",
        role=Role.RECEPTION,
        agency_id=_agency(agency) if agency else None,
        email="lan@example.com",
        phone="0905123456",
    )


def test_a_new_account_signs_in_once_with_its_temporary_password_then_must_change_it(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        made = admin_accounts.create_account(actor(ADMIN), _officer(), "Cán bộ mới")

        assert sign_in("lan.tiepnhan", made.temporary_password).user_id == made.user_id
        user = _user("lan.tiepnhan")
        assert user.must_change_password and user.agency_id == _agency("px_quynhon")
        [created] = _audit(made.user_id)
        assert (created.action, created.actor_name, created.reason) == (
            "create",
            ADMIN,
            "Cán bộ mới",
        )
        assert created.before is None and created.after is not None
        assert created.after["full_name"] == "Nguyễn Thị Lan"
        assert created.after["agency"] == db.session.get(Agency, _agency("px_quynhon")).code
        assert "password_hash" not in created.after
        assert made.temporary_password not in str(created.after)

        portal_accounts.change_password(made.user_id, made.temporary_password, "Bien-Dong-2026!")
        assert not _user("lan.tiepnhan").must_change_password


def test_the_role_decides_whether_an_agency_is_needed(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            admin_accounts.create_account(actor(ADMIN), _officer(agency=None))
        assert "agency_id" in refused.value.field_errors

        citizen = AccountInput("an.congdan", "Trần Văn An", Role.CITIZEN, _agency("congan"))
        with pytest.raises(ValidationError) as refused:
            admin_accounts.create_account(actor(ADMIN), citizen)
        assert "agency_id" in refused.value.field_errors

        taken = AccountInput("CITIZEN1", "Trùng tên", Role.CITIZEN, None)
        with pytest.raises(ValidationError) as refused:
            admin_accounts.create_account(actor(ADMIN), taken)
        assert "username" in refused.value.field_errors
        assert _user("citizen1").full_name == "Cán bộ citizen1"


def test_an_edit_is_audited_and_a_stale_page_loses(app: Flask) -> None:
    with app.app_context():
        user = _user("specialist.congan")
        version = user.admin_version
        moved = AccountInput(
            user.username, "Lê Văn Bình", Role.LEADER, _agency("congan"), None, None
        )
        admin_accounts.update_account(actor(ADMIN), user.id, version, moved, "Bổ nhiệm")

        edited = _user("specialist.congan")
        assert (edited.full_name, edited.role) == ("Lê Văn Bình", "leader")
        [change] = _audit(user.id)
        assert change.before is not None and change.after is not None
        assert (change.before["role"], change.after["role"]) == ("specialist", "leader")
        assert change.before["session_generation"] + 1 == change.after["session_generation"]

        # A second administrator's page was rendered before that change.
        with pytest.raises(StaleDossier):
            admin_accounts.set_enabled(actor(ADMIN), user.id, version, False)
        with pytest.raises(VersionMissing):
            admin_accounts.set_enabled(actor(ADMIN), user.id, None, False)
        assert _user("specialist.congan").enabled
        assert len(_audit(user.id)) == 1


def test_an_admin_cannot_disable_or_demote_themself_nor_the_last_admin(app: Flask) -> None:
    with app.app_context():
        second = admin_accounts.create_account(
            actor(ADMIN), AccountInput("admin.hai", "Quản trị hai", Role.ADMIN, None)
        )
        me = _user(ADMIN)
        with pytest.raises(ValidationError, match="chính mình"):
            admin_accounts.set_enabled(actor(ADMIN), me.id, me.admin_version, False)
        as_citizen = AccountInput(ADMIN, me.full_name, Role.CITIZEN, None)
        with pytest.raises(ValidationError, match="chính mình"):
            admin_accounts.update_account(actor(ADMIN), me.id, me.admin_version, as_citizen)

        # Another administrator may: then the remaining one is the last.
        other = _user("admin.hai")
        admin_accounts.set_enabled(actor(ADMIN), other.id, other.admin_version, False)
        assert not _user("admin.hai").enabled
        me = _user(ADMIN)
        with pytest.raises(ValidationError, match="cuối cùng"):
            admin_accounts.set_enabled(COMMAND_LINE, me.id, me.admin_version, False)
        assert _user(ADMIN).enabled and second.user_id == other.id


def test_a_reset_ends_sessions_lifts_the_lock_and_only_the_new_password_opens(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        for _attempt in range(5):
            sign_in("citizen1", "wrong-password")
        locked = _user("citizen1")
        assert locked.locked_until is not None
        generation = locked.session_generation

        password = admin_accounts.reset_password(actor(ADMIN), locked.id, locked.admin_version)

        user = _user("citizen1")
        assert user.locked_until is None and user.failed_logins == 0
        assert user.session_generation == generation + 1 and user.must_change_password
        assert sign_in("citizen1", "password-123").user_id is None
        assert sign_in("citizen1", password).user_id == user.id
        [reset] = _audit(user.id)
        assert reset.action == "reset_password"
        assert "password_hash" not in (reset.after or {}) and password not in str(reset.after)


def test_sign_out_everywhere_and_unlock_are_audited(app: Flask, frozen_clock: Clock) -> None:
    with app.app_context():
        user = _user("citizen2")
        admin_accounts.sign_out_everywhere(actor(ADMIN), user.id, user.admin_version)
        for _attempt in range(5):
            sign_in("citizen2", "wrong-password")
        user = _user("citizen2")
        assert user.locked_until is not None
        admin_accounts.unlock(actor(ADMIN), user.id, user.admin_version, "Đã xác minh")

        frozen_clock.advance(minutes=1)  # still inside the lock it would have had
        assert sign_in("citizen2", "password-123").user_id == user.id
        actions = [row.action for row in _audit(user.id)]
        assert actions == ["sign_out_everywhere", "unlock"]


def test_disabling_ends_every_session(app: Flask) -> None:
    with app.app_context():
        user = _user("leader.bhxh")
        generation = user.session_generation
        admin_accounts.set_enabled(actor(ADMIN), user.id, user.admin_version, False, "Nghỉ việc")
        user = _user("leader.bhxh")
        assert not user.enabled and user.session_generation == generation + 1
        assert sign_in("leader.bhxh", "password-123").user_id is None


def test_the_list_finds_an_account_without_accents_and_filters(app: Flask) -> None:
    with app.app_context():
        create_user(
            "ngoc.nguyen",
            "password-Quy-Nhon-9",
            "Nguyễn Thị Ngọc Ánh",
            Role.CITIZEN,
            phone="0905 111 222",
        )
        found = account_page(AccountFilters(query="nguyen thi ngoc anh"), 1, 10)
        assert [line.username for line in found.items] == ["ngoc.nguyen"]
        assert account_page(AccountFilters(query="NGỌC ÁNH"), 1, 10).total == 1
        assert account_page(AccountFilters(query="0905111222"), 1, 10).total == 1

        leaders = account_page(AccountFilters(role="leader", agency_id=_agency("congan")), 1, 10)
        assert [line.username for line in leaders.items] == ["leader.congan"]
        user = _user("citizen2")
        admin_accounts.set_enabled(actor(ADMIN), user.id, user.admin_version, False)
        disabled = account_page(AccountFilters(enabled=False), 1, 10)
        assert [line.username for line in disabled.items] == ["citizen2"]


def test_the_command_line_levers_are_audited_as_the_command_line(app: Flask) -> None:
    with app.app_context():
        runner = app.test_cli_runner()
        for command in ("sign-out-everywhere", "unlock"):
            result = runner.invoke(args=["account", command, "citizen1"])
            assert result.exit_code == 0, result.output
        user = _user("citizen1")
        rows = _audit(user.id)
        assert [(row.action, row.actor_id, row.actor_name) for row in rows] == [
            ("sign_out_everywhere", None, "(dòng lệnh)"),
            ("unlock", None, "(dòng lệnh)"),
        ]
