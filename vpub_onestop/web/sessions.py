"""Signed-in sessions that end (docs/policies.md#sessions).

The session cookie is signed, not stored: revoking one needs a fact on the server. Each
session carries the account's `session_generation` from its sign-in; signing out, changing
the password and "sign out everywhere" raise the generation, so every copy of every older
cookie stops opening the account. Sessions also end after SESSION_IDLE_MINUTES without a
request and SESSION_ABSOLUTE_HOURS after sign-in. Times come from the app's clock.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, session
from flask_login import login_user, logout_user

from vpub_onestop import clock

GENERATION = "auth_generation"
SIGNED_IN_AT = "auth_signed_in_at"
SEEN_AT = "auth_seen_at"
# What an anonymous session may hand on to the signed-in one: only the chosen language.
KEPT = ("lang",)
# The idle clock is written into the cookie at most this often: a session that did not
# change is then not signed and sent again with every page (docs/policies.md#sessions).
SEEN_STEP_SECONDS = 60


def start(user: Any) -> None:
    """A fresh session for `user`: nothing of the anonymous one survives (so neither does
    its CSRF token) but the language."""
    _clear()
    login_user(user)
    now = clock.now().timestamp()
    session[GENERATION] = user.session_generation
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def end() -> None:
    """Forget the signed-in user in this browser (the language stays)."""
    logout_user()
    _clear()


def still_valid(user: Any) -> bool:
    """Whether this request's session may act as `user`; refreshes the idle clock when it
    is a minute old or more (so a session may end up to a minute before the idle limit)."""
    config = current_app.config
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if session.get(GENERATION) != user.session_generation:
        return False
    if not isinstance(signed_in_at, int | float) or not isinstance(seen_at, int | float):
        return False
    now = clock.now().timestamp()
    if now - seen_at > int(config["SESSION_IDLE_MINUTES"]) * 60:
        return False
    if now - signed_in_at > int(config["SESSION_ABSOLUTE_HOURS"]) * 3600:
        return False
    if now - seen_at >= SEEN_STEP_SECONDS:
        session[SEEN_AT] = now
    return True


def anonymous_without_loading() -> None:
    """First of the request hooks: a session that names no user is an anonymous visitor.
    Flask-Login would find that out by hashing the address and browser for its session
    protection and looking for a remember-me cookie, which this app never sets: about a
    hundred calls on every public page (bench/PROFILE.md, "Fourth round: lookup"). Its
    anonymous user is set as its loader would set it."""
    if "_user_id" not in session:
        g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]


def forget() -> None:
    """Drop a session that is no longer valid (called from the user loader)."""
    _clear()


def _clear() -> None:
    kept = {key: session[key] for key in KEPT if key in session}
    session.clear()
    session.update(kept)
    # Flask-WTF caches the request's CSRF token in `g`: a form rendered after this point
    # must get a token of the new session, not the old one.
    g.pop(str(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")), None)
