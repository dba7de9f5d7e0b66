"""Sign-in: the password check, the per-account lock after repeated failures, and the
refusal of demonstration accounts under the production configuration.

Policy in docs/policies.md#login-lockout. Failures are counted on the account row, under a
row lock, so every worker sees the same count (the per-address rate limit is the other,
coarser guard). An unknown username, a disabled account and a demo account in production
all answer exactly like a wrong password.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from vpub_onestop import clock
from vpub_onestop.domain.passwords import DEMO_PASSWORD
from vpub_onestop.models import User
from vpub_onestop.services.uow import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignInResult:
    user_id: int | None = None
    # Set when the account is locked: the moment it may try again.
    locked_until: datetime | None = None


def sign_in(username: str, password: str) -> SignInResult:
    config = current_app.config
    now = clock.now()
    with unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username).with_for_update())
        if user is None:
            # A missing user costs the same hash check: the timing does not tell.
            check_password_hash(_dummy_hash(), password)
            return SignInResult()
        if user.locked_until is not None:
            if user.locked_until > now:
                return SignInResult(locked_until=user.locked_until)
            _clear_failures(user)  # the lock ran out: a fresh start
        if not config.get("ALLOW_DEMO_PASSWORDS", False) and (
            user.is_demo or password == DEMO_PASSWORD
        ):
            log.warning("sign-in refused: %r is a demo account (production config)", username)
            return SignInResult()
        if not user.check_password(password):
            _count_failure(user, now)
            return SignInResult(locked_until=user.locked_until)
        if not user.is_active:
            return SignInResult()
        _clear_failures(user)
        return SignInResult(user_id=user.id)


def _count_failure(user: User, now: datetime) -> None:
    config = current_app.config
    window = timedelta(minutes=int(config["LOGIN_LOCKOUT_WINDOW_MINUTES"]))
    if user.first_failed_at is None or now - user.first_failed_at > window:
        user.first_failed_at = now
        user.failed_logins = 0
    user.failed_logins += 1
    if user.failed_logins >= int(config["LOGIN_LOCKOUT_ATTEMPTS"]):
        user.locked_until = now + timedelta(minutes=int(config["LOGIN_LOCKOUT_MINUTES"]))
        log.warning("account %r locked until %s", user.username, user.locked_until.isoformat())


def _clear_failures(user: User) -> None:
    user.failed_logins = 0
    user.first_failed_at = None
    user.locked_until = None


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")
