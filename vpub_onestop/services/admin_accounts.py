"""An administrator's work on accounts: create, edit, disable and enable, reset the
password, end every session, lift a sign-in lock. One public function = one transaction,
each audited with the account's fields before and after (never the password hash), each
refused when the page it was made on showed an older state of the account
(docs/architecture.md#admin-audit, docs/policies.md#passwords, docs/policies.md#sessions).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.accounts import agency_problem, last_admin_problem
from vpub_onestop.domain.errors import (
    N_,
    Message,
    NotFound,
    StaleDossier,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, User
from vpub_onestop.services.admin_audit import record_admin_change, row_snapshot
from vpub_onestop.services.uow import unit_of_work

# What the audit keeps of an account: what an administrator decides or must see change.
AUDITED_FIELDS = (
    "username",
    "full_name",
    "role",
    "email",
    "phone",
    "enabled",
    "must_change_password",
    "session_generation",
    "locked_until",
)
USERNAME_MAX = 80
NAME_MAX = 200
# No 0/O, 1/l/I: the password is read from a screen or aloud to the person it is for.
_TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_PASSWORD_LENGTH = 14


@dataclass(frozen=True)
class AccountInput:
    username: str
    full_name: str
    role: Role
    agency_id: int | None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class NewAccount:
    user_id: int
    temporary_password: str  # shown once, never stored in clear


def temporary_password() -> str:
    """A one-time password: 14 characters from a 56-letter alphabet (about 81 bits),
    letters and digits mixed; the account must change it at its next sign-in."""
    while True:
        candidate = "".join(
            secrets.choice(_TEMPORARY_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH)
        )
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


def snapshot(user: User) -> dict[str, Any]:
    return row_snapshot(
        user, AUDITED_FIELDS, extra={"agency": user.agency.code if user.agency else None}
    )


def create_account(actor: Actor, data: AccountInput, reason: str | None = None) -> NewAccount:
    with unit_of_work() as session:
        errors = check_input(session, data, None)
        if errors:
            raise ValidationError(N_("Chưa tạo được tài khoản."), errors)
        user = User(role=data.role.value, enabled=True, must_change_password=True)
        _apply(session, user, data)
        password = temporary_password()
        user.set_password(password, password_hash_method())
        session.add(user)
        session.flush()
        record_admin_change(
            session, actor, "user", user.id, "create", after=snapshot(user), reason=reason
        )
        return NewAccount(user.id, password)


def update_account(
    actor: Actor, user_id: int, version: int | None, data: AccountInput, reason: str | None = None
) -> None:
    with unit_of_work() as session:
        user = _current(session, user_id, version)
        errors = check_input(session, data, user)
        if errors:
            raise ValidationError(N_("Chưa lưu được tài khoản."), errors)
        stays_admin = data.role is Role.ADMIN and user.enabled
        _guard_last_admin(session, actor, user, stays_admin)
        before = snapshot(user)
        role_changed = data.role.value != user.role or data.agency_id != user.agency_id
        _apply(session, user, data)
        if role_changed:
            # What the sessions may do changed: they start again under the new role.
            user.session_generation += 1
        _audited(session, actor, user, "update", before, reason)


def set_enabled(
    actor: Actor, user_id: int, version: int | None, enabled: bool, reason: str | None = None
) -> None:
    with unit_of_work() as session:
        user = _current(session, user_id, version)
        if user.enabled == enabled:
            return
        _guard_last_admin(session, actor, user, enabled and user.role == Role.ADMIN.value)
        before = snapshot(user)
        user.enabled = enabled
        if not enabled:
            user.session_generation += 1  # a disabled account's open sessions end now
        _audited(session, actor, user, "enable" if enabled else "disable", before, reason)


def reset_password(
    actor: Actor, user_id: int, version: int | None, reason: str | None = None
) -> str:
    """A new temporary password (returned once), every session ended, any sign-in lock
    lifted; the owner must choose a new password at the next sign-in."""
    with unit_of_work() as session:
        user = _current(session, user_id, version)
        before = snapshot(user)
        password = temporary_password()
        user.set_password(password, password_hash_method())
        user.must_change_password = True
        user.session_generation += 1
        _clear_lock(user)
        _audited(session, actor, user, "reset_password", before, reason)
        return password


def sign_out_everywhere(
    actor: Actor, user_id: int, version: int | None, reason: str | None = None
) -> None:
    with unit_of_work() as session:
        user = _current(session, user_id, version)
        before = snapshot(user)
        user.session_generation += 1
        _audited(session, actor, user, "sign_out_everywhere", before, reason)


def unlock(actor: Actor, user_id: int, version: int | None, reason: str | None = None) -> None:
    with unit_of_work() as session:
        user = _current(session, user_id, version)
        before = snapshot(user)
        _clear_lock(user)
        _audited(session, actor, user, "unlock", before, reason)


# --- shared with the CSV import (services/account_import.py) --------------------------


def check_input(session: Session, data: AccountInput, user: User | None) -> dict[str, Message]:
    """Field errors of an account's data (empty: acceptable)."""
    errors: dict[str, Message] = {}
    username = data.username.strip()
    if user is None:
        if not username:
            errors["username"] = N_("Nhập tên đăng nhập.")
        elif len(username) > USERNAME_MAX or any(c.isspace() for c in username):
            errors["username"] = N_("Tên đăng nhập tối đa 80 ký tự, không có dấu cách.")
        elif session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
            errors["username"] = N_("Tên đăng nhập đã có người dùng.")
    if not data.full_name.strip():
        errors["full_name"] = N_("Nhập họ và tên.")
    elif len(data.full_name.strip()) > NAME_MAX:
        errors["full_name"] = N_("Họ và tên tối đa 200 ký tự.")
    if data.agency_id is not None and session.get(Agency, data.agency_id) is None:
        errors["agency_id"] = N_("Không có cơ quan này.")
    problem = agency_problem(data.role, data.agency_id is not None)
    if problem is not None and "agency_id" not in errors:
        errors["agency_id"] = problem
    if data.email and ("@" not in data.email or len(data.email) > 254):
        errors["email"] = N_("Địa chỉ thư điện tử không hợp lệ.")
    if data.phone and not _phone_ok(data.phone):
        errors["phone"] = N_("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.")
    return errors


def apply_input(session: Session, user: User, data: AccountInput) -> None:
    _apply(session, user, data)


def _apply(session: Session, user: User, data: AccountInput) -> None:
    if user.id is None:
        user.username = data.username.strip()
    user.full_name = data.full_name.strip()
    user.role = data.role.value
    user.agency = session.get(Agency, data.agency_id) if data.agency_id is not None else None
    user.email = (data.email or "").strip() or None
    user.phone = (data.phone or "").strip() or None


def _phone_ok(phone: str) -> bool:
    digits = phone.strip()
    return len(digits) == 10 and digits.isdigit() and digits.startswith("0")


def _current(session: Session, user_id: int, version: int | None) -> User:
    """The account, locked for this transaction, as the page showed it (else 409)."""
    if version is None:
        raise VersionMissing()
    user = session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None:
        raise NotFound(N_("Không tìm thấy tài khoản."))
    if user.admin_version != version:
        raise StaleDossier(
            N_(
                "Tài khoản vừa được quản trị viên khác thay đổi. Vui lòng tải lại trang để "
                "xem thông tin mới nhất rồi thực hiện lại."
            )
        )
    return user


def _guard_last_admin(session: Session, actor: Actor, user: User, stays_admin: bool) -> None:
    target_is_admin = user.enabled and user.role == Role.ADMIN.value
    others = 0
    if target_is_admin and not stays_admin:
        # The other enabled administrators, locked: two administrators disabling each
        # other at once must not both succeed (PostgreSQL re-reads a row another
        # transaction changed once its lock is released; SQLite writes one at a time).
        others = len(
            session.scalars(
                select(User.id)
                .where(User.role == Role.ADMIN.value, User.enabled, User.id != user.id)
                .with_for_update()
            ).all()
        )
    problem = last_admin_problem(
        acting_user_id=actor.user_id,
        target_user_id=user.id,
        target_is_enabled_admin=target_is_admin,
        stays_enabled_admin=stays_admin,
        other_enabled_admins=others,
    )
    if problem is not None:
        raise ValidationError(problem)


def _audited(
    session: Session,
    actor: Actor,
    user: User,
    action: str,
    before: dict[str, Any],
    reason: str | None,
) -> None:
    user.admin_version += 1
    record_admin_change(
        session, actor, "user", user.id, action, before=before, after=snapshot(user), reason=reason
    )


def _clear_lock(user: User) -> None:
    user.failed_logins = 0
    user.first_failed_at = None
    user.locked_until = None


def password_hash_method() -> str:
    return str(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
