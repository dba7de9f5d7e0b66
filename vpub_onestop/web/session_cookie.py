"""The signed session cookie, with its serializer made once per process.

Flask builds a new `URLSafeTimedSerializer` to open the cookie and another to write it, on
every request. Its inputs (the secret key, its fallbacks, salt, digest) are fixed for the
life of the app, so one serializer per key set is kept and reused (bench/PROFILE.md,
"Layout and session"). A changed SECRET_KEY (tests set their own apps' keys) finds its own.
An anonymous visitor's empty session is not saved at all ("Fourth round: lookup").
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer


class KeptSerializerSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._kept: dict[tuple[Any, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or ()
        key = (app.secret_key, *fallbacks)
        if key not in self._kept:
            self._kept[key] = super().get_signing_serializer(app)
        return self._kept[key]

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        # An empty session nobody wrote to (an anonymous visitor who chose nothing): there
        # is no cookie to write or delete, so the cookie's settings are not looked up. The
        # page still varies with the cookie if it read it (the language kept in it).
        if not session and not session.modified:
            if session.accessed:
                if "Vary" in response.headers:
                    response.vary.add("Cookie")
                else:  # the common case, without parsing a header set
                    response.headers["Vary"] = "Cookie"
            return
        super().save_session(app, session, response)


def install(app: Flask) -> None:
    app.session_interface = KeptSerializerSessionInterface()
