"""Account creation (staff and citizens, the seed and the command line) and the end of all
of an account's sessions (its owner signing out). An administrator's changes to accounts
are in services/admin_accounts.py."""

from __future__ import annotations

from functools import lru_cache

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from vpub_onestop.domain.errors import N_, NotFound, ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, User
from vpub_onestop.services import password_policy
from vpub_onestop.services.uow import unit_of_work


@lru_cache(maxsize=4)
def _demo_password_hash(password: str, method: str) -> str:
    """Every demo account has the one published password: it is hashed once per process
    (scrypt costs about a third of a second, times some fifty accounts in the demo seed).
    A shared salt reveals nothing about a password that is printed on the sign-in page."""
    return generate_password_hash(password, method=method)


def create_user(
    username: str,
    password: str,
    full_name: str,
    role: Role,
    *,
    agency_key: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    citizen_id: str | None = None,
    demo: bool = False,
) -> int:
    """A new account. `demo` marks a demonstration account: its published password skips
    the policy, and the production configuration never lets it sign in."""
    problem = (
        None
        if demo
        else password_policy.problem(password, (username, full_name, phone, citizen_id))
    )
    if problem is not None:
        raise ValidationError(N_("Mật khẩu chưa đạt yêu cầu."), {"password": problem})
    if role.is_staff and role not in (Role.SUPERVISOR, Role.ADMIN) and agency_key is None:
        raise ValidationError(N_("Cán bộ phải thuộc một cơ quan."), {"agency": N_("Bắt buộc.")})
    with unit_of_work() as session:
        if session.scalars(select(User.id).where(User.username == username)).first():
            raise ValidationError(
                N_("Tên đăng nhập đã tồn tại."), {"username": N_("Chọn tên khác.")}
            )
        agency = None
        if agency_key is not None:
            agency = session.scalars(select(Agency).where(Agency.key == agency_key)).first()
            if agency is None:
                raise ValidationError(N_("Không có cơ quan '%(key)s'.", key=agency_key))
        user = User(
            username=username,
            full_name=full_name,
            role=role.value,
            agency=agency,
            email=email,
            phone=phone,
            citizen_id=citizen_id,
            is_demo=demo,
        )
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        if demo:
            user.password_hash = _demo_password_hash(password, method)
        else:
            user.set_password(password, method)
        session.add(user)
        session.flush()
        return user.id


def sign_out_everywhere(username: str) -> None:
    """End every session of the account (a lost phone, a departed officer): each session
    carries the generation it began under, and this one no longer matches."""
    with unit_of_work() as session:
        user = _by_username(session, username)
        user.session_generation += 1


def _by_username(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(N_("Không có tài khoản '%(name)s'.", name=username))
    return user
