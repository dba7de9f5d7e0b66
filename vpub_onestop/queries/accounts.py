"""User accounts, read: the signed-in user and the sign-in check."""

from __future__ import annotations

from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from vpub_onestop.models import User


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with this username and password, else None.

    A missing user costs the same hash check as a wrong password, so response time does
    not tell which usernames exist; a disabled account fails like a wrong password."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")
