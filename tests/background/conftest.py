"""The background-work tests' app with a job queue (the Redis is `tests.live_servers`'s
`redis_server`) and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.web.citizen.conftest import Mailbox, free_port


@pytest.fixture
def queued_app(app: Flask, redis_server: str) -> Flask:
    """The seeded app with a job queue: REDIS_URL set, mail sent after commit (which now
    means: handed to a worker); job files in the app's file store."""
    app.config.update(REDIS_URL=redis_server, OUTBOX_AUTOSEND=True)
    return app


@pytest.fixture
def smtp_sink(app: Flask) -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield box, port
    finally:
        controller.stop()
