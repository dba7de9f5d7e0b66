"""Real servers the tests start on free loopback ports: waiting for one to listen, and a
throwaway Redis (CI installs redis-server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.citizen.conftest import free_port


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
