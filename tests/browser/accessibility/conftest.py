"""One live server for the whole accessibility run: a file database with the demo seed and
the world of world.py, built once (the pages only read it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.browser.accessibility.world import NOW, World, build_world
from tests.conftest import _seed_reference_data
from vpub_onestop import clock, create_app
from vpub_onestop.extensions import db


@pytest.fixture(scope="module")
def world_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World]]:
    folder = tmp_path_factory.mktemp("a11y")
    app: Flask = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'live.sqlite'}",
        UPLOAD_DIR=str(folder / "uploads"),
        OUTBOX_AUTOSEND=False,
        # One client signs in eight times and sends the login form empty: not a brute force.
        RATELIMIT_ENABLED=False,
    )
    with app.app_context():
        db.create_all()
        _seed_reference_data()
        world = build_world()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", world
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def looked_at_on_31_march() -> None:
    """The server (in this process) reads the clock stopped on Tue 31/3/2026 10:00, after
    the world's last event (tests/conftest.py restarts the wall clock after each test)."""
    clock.freeze(NOW)
