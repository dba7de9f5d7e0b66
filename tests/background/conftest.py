"""A real Redis server for the background-work tests, on a free loopback port
(`.ci/run` installs redis-server), and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.web.citizen.conftest import Mailbox, free_port


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[str]:
    """A throwaway Redis; its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is needed for this test (apt-get install redis-server)")
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def queued_app(app: Flask, redis_server: str, tmp_path: Path) -> Flask:
    """The seeded app with a job queue: REDIS_URL set, mail sent after commit (which now
    means: handed to a worker), job files in the test's folder."""
    app.config.update(
        REDIS_URL=redis_server,
        OUTBOX_AUTOSEND=True,
        JOB_FILE_DIR=str(tmp_path / "job-files"),
    )
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
