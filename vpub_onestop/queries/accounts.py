"""User accounts, read: the signed-in user (signing in is services/sign_in.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vpub_onestop.models import User


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)
