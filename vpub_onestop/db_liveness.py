"""A pooled PostgreSQL connection is checked before use only when it may have died, not on
every checkout (docs/architecture.md#busy).

SQLAlchemy's `pool_pre_ping` sends `SELECT 1` on every checkout: one more round trip per
request, a tenth of a public lookup's time (bench/PROFILE.md, "Fifth round: lookup"). A
connection the server ended (a restart, a failover, `pg_terminate_backend`, an idle
timeout) can be told apart without asking the server:

- the server says so: it sends its FATAL message and closes the socket, so a connection
  that sits in the pool with nothing asked of it has something to read (data or the end
  of the stream), which a poll of its socket sees at no cost;
- or the connection sat idle long enough for a firewall or a failover to have dropped it
  silently (`DB_PING_AFTER_IDLE_SECONDS`).

Only then is it pinged; a failed ping makes the pool discard it and hand out a fresh one
(SQLAlchemy retries a checkout that raises `DisconnectionError`), so the request after a
restart gets a working connection, not an error. A server that is still down answers 503
(`web/error_pages.py`).
"""

from __future__ import annotations

import select
import time
from typing import Any

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

DEFAULT_PING_AFTER_IDLE_SECONDS = 30.0
_IDLE_SINCE = "vpub_idle_since"


def ping_after_idle(app: Flask) -> float:
    return float(app.config.get("DB_PING_AFTER_IDLE_SECONDS", DEFAULT_PING_AFTER_IDLE_SECONDS))


def check_when_suspect(engine: Engine, idle_seconds: float) -> None:
    """Install the checks on `engine`'s pool (PostgreSQL only; SQLite has no server)."""
    if engine.dialect.name != "postgresql":
        return
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None:  # opened just now for this checkout
            return
        if time.monotonic() - since < idle_seconds and not _has_input(dbapi_connection):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError() from error
            raise


def _has_input(dbapi_connection: Any) -> bool:
    """Whether the server sent anything (or closed the stream) to a connection nobody is
    using: a healthy idle connection has nothing to read."""
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))
