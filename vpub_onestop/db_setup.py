"""Database binding: SQLite pragmas, write transactions that take the lock up front,
and Flask-Migrate."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, event

from vpub_onestop import (
    models,  # noqa: F401  (registers every table)
    reporting_db,
)
from vpub_onestop.db_liveness import check_when_suspect, ping_after_idle
from vpub_onestop.extensions import db, migrate

MIGRATIONS_DIR = "vpub_onestop/migrations"


def init_app(app: Flask) -> None:
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("timeout", 30)
        if uri in ("sqlite://", "sqlite:///:memory:"):
            # One shared in-memory database for the whole test app.
            from sqlalchemy.pool import StaticPool

            options["poolclass"] = StaticPool
            options["connect_args"]["check_same_thread"] = False
    db.init_app(app)
    from vpub_onestop import PACKAGE_DIR
    from vpub_onestop.models.search_index import include_object

    migrate.init_app(
        app, db, directory=str(PACKAGE_DIR / "migrations"), include_object=include_object
    )
    reporting_db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine)
        # A pooled connection is checked before use when it may have died: after a database
        # restart or failover the first request gets a fresh connection, not an error
        # (docs/architecture.md#busy); a healthy one costs no round trip.
        check_when_suspect(db.engine, ping_after_idle(app))


def _configure_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers; and we issue BEGIN ourselves so that a write
    transaction can start with BEGIN IMMEDIATE (two officers receiving at the same second
    then queue on the lock instead of failing with 'database is locked')."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's begin event emit BEGIN
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
