"""A pooled PostgreSQL connection is checked only when it may have died
(vpub_onestop/db_liveness.py): a healthy one is handed out without a ping, and one the
server ended while it sat in the pool (`pg_terminate_backend`, what a restart or a
failover does to every connection) is replaced before the request uses it, so the visitor
gets the page, not an error. PostgreSQL only (SQLite has no server to end a connection):
the test exists when TEST_POSTGRES_URL names a server, as in CI."""

from __future__ import annotations

import os
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from tests.services.support import APPLICANT, actor, counter_receipt, local, procedure_id
from vpub_onestop.extensions import db


def _backend_pids(app: Flask) -> list[int]:
    """The server process behind each connection the app's pool hands out, in order."""
    taken: list[int] = []
    with app.app_context():
        engine = db.engine

    def _taken(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        taken.append(dbapi_connection.info.backend_pid)

    event.listen(engine, "checkout", _taken)
    return taken


def _pings(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pings the pool sends (the real ping still goes to the server)."""
    sent: list[int] = []
    with app.app_context():
        dialect = db.engine.dialect
    real_ping = dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        sent.append(1)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return sent


if os.environ.get("TEST_POSTGRES_URL"):

    @pytest.mark.parametrize("app", ["postgres"], indirect=True)
    def test_a_connection_the_server_ended_is_replaced_before_the_next_request(
        app: Flask, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        with app.app_context():
            dossier = counter_receipt(
                actor("reception.px_quynhon"),
                procedure_id("1.000894"),
                APPLICANT,
                now=local(2026, 3, 2, 9),
            )
            address = {"ma": dossier.code, "khoa": dossier.lookup_key}
            db.session.remove()
            db.engine.dispose()  # the pool starts empty: one connection will serve both pages
        client = app.test_client()
        pids = _backend_pids(app)
        pings = _pings(app, monkeypatch)

        assert client.get("/tra-cuu", query_string=address).status_code == 200
        assert client.get("/tra-cuu", query_string=address).status_code == 200
        assert len(set(pids)) == 1, pids  # the same pooled connection, twice...
        assert pings == []  # ...handed out without a round trip to check it

        # The server ends that connection while it waits in the pool (and waits for it to go).
        killer = create_engine(os.environ["TEST_POSTGRES_URL"], poolclass=NullPool)
        with killer.connect() as connection:
            ended = connection.scalar(
                text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pids[-1]}
            )
        killer.dispose()
        assert ended is True

        page = client.get("/tra-cuu", query_string=address)
        assert page.status_code == 200
        assert dossier.code in page.get_data(as_text=True)
        assert pings == [1]  # the ended connection was noticed and checked...
        assert pids[-1] != pids[0]  # ...and a fresh one served the page
