"""The floor app (`gunicorn bench.floor.wsgi:app` with the app's DATABASE_URL).

- `GET /read/<id>`: one dossier row by primary key (the table the public lookup reads),
  rendered as a line of text.
- `POST /insert`: one row into the floor's own small table `bench_floor`, committed.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
    insert,
    select,
)

metadata = MetaData()
floor_table = Table(
    "bench_floor",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("note", String(60), nullable=False),
    Column("at", DateTime, nullable=False, server_default=func.now()),
)
dossier = Table(
    "dossier",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("code", String(60)),
    Column("state", String(30)),
)


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url)
    # The app's own SQLite settings (vpub_onestop/db_setup.py): WAL, a busy timeout.
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def ensure_table(url: str) -> None:
    """Create the floor's table (the runner does it once, before the workers start)."""
    engine = _engine(url)
    metadata.create_all(engine)
    engine.dispose()


def create_floor(url: str) -> Flask:
    app = Flask(__name__)
    engine = _engine(url)

    @app.get("/read/<int:row_id>")
    def read(row_id: int) -> str:
        with engine.connect() as connection:
            row = connection.execute(
                select(dossier.c.id, dossier.c.code, dossier.c.state).where(dossier.c.id == row_id)
            ).first()
        if row is None:
            abort(404)
        return f"{row.id} {row.code} {row.state}\n"

    @app.post("/insert")
    def insert_one() -> tuple[str, int]:
        with engine.begin() as connection:
            connection.execute(insert(floor_table).values(note="floor"))
        return "ok\n", 201

    return app
