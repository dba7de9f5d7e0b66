"""The reporting bind: where the statistics report, the dashboard, the indicators, the
satisfaction page, their drill-down lists and their exports read from.

With `REPORTING_DATABASE_URL` set (a PostgreSQL read replica in production, see the README's
"Production" section), those queries run on a read-only session of that second database, so
a province's managers opening year reports never compete with the counters for the
primary. Unset, they read the primary through the ordinary `db.session`, as before.

The replica lags the primary by a moment: what an officer has just written may show in a
report a second later. Every write, and every read that a write depends on (a version check,
a queue an officer acts on), stays on the primary's `db.session`.

Query modules ask `reporting_session()` for their session, never `db.session`, so that a
page reads the one database, whole, and the choice is made here only.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from vpub_onestop.db_liveness import check_when_suspect, ping_after_idle
from vpub_onestop.extensions import db

_EXTENSION = "vpub_onestop.reporting"


def reporting_session() -> Session:
    """The session the reporting queries read with: read-only on the reporting database
    when one is configured, else the primary's request session."""
    bound: _Reporting | None = current_app.extensions.get(_EXTENSION)
    return bound.sessions() if bound is not None else db.session()


def without_jit() -> None:
    """PostgreSQL compiles a statement to machine code (JIT) when its estimated cost is
    high. The reports' grouped statements over a period's rows, charged with per-row
    probes (clock pauses, events, complaints), are estimated at tens of times their real
    work: it spent seconds compiling for a fraction of that reading (bench/PLANS.md,
    "Reporting read model"). Off for the rest of this read transaction only (SET LOCAL)."""
    session = reporting_session()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def reporting_engine() -> Engine | None:
    """The reporting database's engine (None without `REPORTING_DATABASE_URL`)."""
    bound: _Reporting | None = current_app.extensions.get(_EXTENSION)
    return bound.engine if bound is not None else None


class _Reporting:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        factory = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)
        # One session per app context (per request), as Flask-SQLAlchemy does for db.session.
        self.sessions = scoped_session(factory, scopefunc=_app_context_id)


def init_app(app: Flask) -> None:
    """An engine of its own rather than a Flask-SQLAlchemy bind: a bind key would be
    registered on the process-wide `db` and `db.create_all()` would then expect it of every
    app; the reporting database holds no table of its own anyway (it is a copy)."""
    url = app.config.get("REPORTING_DATABASE_URL")
    if not url:
        return
    if url.startswith("postgresql"):
        # Refused by the server itself, even where the URL points at a writable primary.
        engine = create_engine(url, connect_args={"options": "-c default_transaction_read_only=on"})
        check_when_suspect(engine, ping_after_idle(app))
    else:
        engine = create_engine(url, connect_args={"timeout": 30})
        if engine.dialect.name == "sqlite":
            _sqlite_read_only(engine)
    bound = _Reporting(engine)
    app.extensions[_EXTENSION] = bound

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        bound.sessions.remove()


def _app_context_id() -> int:
    return id(app_ctx._get_current_object())  # type: ignore[attr-defined]


def _sqlite_read_only(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA query_only=ON")
        cursor.close()
