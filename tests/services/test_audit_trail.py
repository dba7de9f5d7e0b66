"""The audit trail cannot be edited: the database itself refuses to change or remove an
event row, whoever asks (the app's own session, a hand-typed statement), on SQLite and on
PostgreSQL, whether the schema came from `create_all` or from the migrations."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import _seed_reference_data, database_urls
from tests.services.support import actor, counter_receipt, procedure_id
from vpub_onestop import create_app
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent
from vpub_onestop.models.append_only import refusal

EVENT_COLUMNS = "id, dossier_id, trigger, from_state, to_state, note, actor_role"


def _received_dossier_events() -> list[tuple[object, ...]]:
    """A file received at the counter writes its first events; their rows as stored."""
    counter_receipt(actor("reception.ttpvhcc"), procedure_id("1.001193"))
    return _event_rows()


def _event_rows() -> list[tuple[object, ...]]:
    db.session.rollback()
    rows = db.session.execute(text(f"SELECT {EVENT_COLUMNS} FROM dossier_event ORDER BY id"))
    found = [tuple(row) for row in rows]
    db.session.rollback()  # no open snapshot: TRUNCATE would wait for its lock
    return found


def _refused(statement: str) -> str:
    """Run one statement in a transaction of its own; the database's error message."""
    with pytest.raises(DBAPIError) as refused, db.engine.begin() as connection:
        connection.execute(text(statement))
    return str(refused.value.orig)


def test_a_hand_typed_update_or_delete_of_an_event_is_refused(app: Flask) -> None:
    with app.app_context():
        before = _received_dossier_events()
        assert before, "receiving a file writes events"
        first = before[0][0]

        message = _refused(f"UPDATE dossier_event SET note = 'sửa lại' WHERE id = {first}")
        assert refusal("dossier_event", "UPDATE") in message
        message = _refused(f"DELETE FROM dossier_event WHERE id = {first}")
        assert refusal("dossier_event", "DELETE") in message

        assert _event_rows() == before


def test_emptying_the_events_table_is_refused(app: Flask) -> None:
    with app.app_context():
        before = _received_dossier_events()
        if db.engine.dialect.name == "postgresql":
            # TRUNCATE fires no row trigger: the statement trigger refuses it, CASCADE too
            # (the status feed references the events: plain TRUNCATE stops at its key).
            message = _refused("TRUNCATE dossier_event CASCADE")
            assert refusal("dossier_event", "TRUNCATE") in message
            message = _refused("TRUNCATE dossier, dossier_event CASCADE")
            assert refusal("dossier_event", "TRUNCATE") in message
        else:
            # SQLite has no TRUNCATE; its equivalent, DELETE without WHERE, fires the trigger.
            message = _refused("DELETE FROM dossier_event")
            assert refusal("dossier_event", "DELETE") in message
        assert _event_rows() == before


def test_the_app_session_cannot_rewrite_an_event(app: Flask) -> None:
    with app.app_context():
        before = _received_dossier_events()
        event = db.session.scalars(select(DossierEvent).order_by(DossierEvent.id)).first()
        assert event is not None
        event.note = "Tiếp nhận lúc 07:00 (sửa lại giờ)"
        with pytest.raises(DBAPIError) as refused:
            db.session.commit()
        assert refusal("dossier_event", "UPDATE") in str(refused.value.orig)
        db.session.rollback()
        assert _event_rows() == before


@pytest.fixture(params=database_urls())
def migrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An empty database upgraded by the migrations alone (PostgreSQL: a schema of its own,
    so the shared test database's tables are left alone)."""
    options: dict[str, object] = {}
    schema = None
    if request.param == "postgres":
        url = os.environ["TEST_POSTGRES_URL"]
        schema = f"migrated_{uuid.uuid4().hex[:12]}"
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    else:
        url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        SQLALCHEMY_ENGINE_OPTIONS=options,
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    with application.app_context():
        if schema:
            with db.engine.begin() as connection:
                connection.execute(text(f"CREATE SCHEMA {schema}"))
        try:
            upgrade()
            yield application
        finally:
            db.session.remove()
            if schema:
                with db.engine.begin() as connection:
                    connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            db.engine.dispose()


def test_the_migrations_build_the_same_refusal(migrated: Flask) -> None:
    with migrated.app_context():
        _seed_reference_data()
        before = _received_dossier_events()
        first = before[0][0]
        with db.engine.begin() as connection:
            installed = _trigger_names(connection)
        if db.engine.dialect.name == "postgresql":
            assert installed == {"dossier_event_no_row_change", "dossier_event_no_truncate"}
            message = _refused("TRUNCATE dossier_event CASCADE")
            assert refusal("dossier_event", "TRUNCATE") in message
        else:
            assert installed == {"dossier_event_no_update", "dossier_event_no_delete"}
        message = _refused(f"UPDATE dossier_event SET to_state = 'done' WHERE id = {first}")
        assert refusal("dossier_event", "UPDATE") in message
        message = _refused(f"DELETE FROM dossier_event WHERE id = {first}")
        assert refusal("dossier_event", "DELETE") in message
        assert _event_rows() == before


def _trigger_names(connection: Connection) -> set[str]:
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = 'dossier_event' AND c.relnamespace = "
                "current_schema()::regnamespace AND NOT t.tgisinternal"
            )
        )
    else:
        rows = connection.execute(
            text(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'dossier_event'"
            )
        )
    return {name for (name,) in rows}


if "postgres" in database_urls():  # database roles exist on PostgreSQL only

    @pytest.mark.parametrize("app", ["postgres"], indirect=True)
    def test_the_runtime_role_may_read_and_append_events_and_nothing_more(app: Flask) -> None:
        """The documented production setup: the app connects as a role that owns nothing,
        given its rights by `flask grant-runtime-role` (docs/architecture.md#audit-trail)."""
        role = f"vpub_runtime_{uuid.uuid4().hex[:10]}"
        with app.app_context():
            before = _received_dossier_events()
            dossier_id = before[0][1]
            with db.engine.begin() as connection:
                connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
            try:
                result = app.test_cli_runner().invoke(args=["grant-runtime-role", role])
                assert result.exit_code == 0, result.output
                assert f"GRANT SELECT, INSERT ON dossier_event TO {role};" in result.output

                def as_runtime(statement: str) -> None:
                    with db.engine.begin() as connection:
                        connection.execute(text(f"SET LOCAL ROLE {role}"))
                        connection.execute(text(statement))

                # What the app does: read the trail, append to it, work on its dossiers.
                as_runtime("SELECT count(*) FROM dossier_event")
                as_runtime(
                    "INSERT INTO dossier_event (dossier_id, at, actor_role, trigger, to_state, "
                    f"data) VALUES ({dossier_id}, now(), 'reception', 'note', 'received', '{{}}')"
                )
                as_runtime(f"UPDATE dossier SET deadline_flag = NULL WHERE id = {dossier_id}")
                # What it may not: change the trail, or switch its guard off.
                for statement, refusal_text in [
                    ("UPDATE dossier_event SET note = 'x'", "permission denied"),
                    ("DELETE FROM dossier_event", "permission denied"),
                    ("TRUNCATE dossier_event", "permission denied"),
                    ("ALTER TABLE dossier_event DISABLE TRIGGER ALL", "must be owner"),
                    ("DROP TABLE dossier_event", "must be owner"),
                ]:
                    with pytest.raises(DBAPIError) as refused:
                        as_runtime(statement)
                    assert refusal_text in str(refused.value.orig), statement
                after = _event_rows()
                assert after[: len(before)] == before
                assert len(after) == len(before) + 1
            finally:
                with db.engine.begin() as connection:
                    connection.execute(text(f"DROP OWNED BY {role}"))
                    connection.execute(text(f"DROP ROLE {role}"))
