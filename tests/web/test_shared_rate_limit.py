"""Rate limits hold across workers when the counters live in Redis
(docs/policies.md#rate-limits).

Two real app processes (two "workers", each with its own memory) serve the same database;
the test alternates sign-in attempts between them. With a real Redis server (started here on
a free loopback port) the limit counts every attempt; with `memory://` each process counts
only its own, which is why production refuses it with several workers.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.live_servers import wait_for_port
from tests.web.citizen.conftest import free_port
from vpub_onestop import create_app
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db

LIMIT = 6
WORKER = """
import sys
from werkzeug.serving import run_simple
from vpub_onestop import create_app
database, uploads, storage, port, limit = sys.argv[1:6]
app = create_app(
    "testing",
    SQLALCHEMY_DATABASE_URI=database,
    UPLOAD_DIR=uploads,
    RATELIMIT_STORAGE_URI=storage,
    RATELIMIT_LOGIN=f"{limit} per minute",
    WTF_CSRF_ENABLED=False,
    LOGIN_LOCKOUT_ATTEMPTS=1000,
)
run_simple("127.0.0.1", int(port), app)
"""


@contextmanager
def _workers(tmp_path: Path, storage: str) -> Iterator[list[int]]:
    database = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    uploads = str(tmp_path / "uploads")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, UPLOAD_DIR=uploads)
    with app.app_context():
        db.create_all()
        from vpub_onestop.services.accounts import create_user

        create_user("lan.tiepnhan", "song-ba-xanh-71", "Nguyễn Thị Lan", Role.CITIZEN)
        db.engine.dispose()
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, database, uploads, storage, str(port), str(LIMIT)],
            cwd=Path(__file__).resolve().parents[2],
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_for_port(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def _attempt(port: int) -> int:
    body = urllib.parse.urlencode({"username": "lan.tiepnhan", "password": "sai"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/dang-nhap", data=body)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _statuses(ports: list[int], attempts: int) -> list[int]:
    return [_attempt(ports[number % 2]) for number in range(attempts)]


def test_with_redis_the_limit_counts_attempts_on_every_worker(
    tmp_path: Path, redis_server: str
) -> None:
    with _workers(tmp_path, redis_server) as ports:
        statuses = _statuses(ports, 2 * LIMIT)

        # 6 per minute in all: attempts 1-6 answered (3 by each worker), 7-12 refused.
        assert statuses == [200] * LIMIT + [429] * LIMIT


def test_with_memory_each_worker_counts_alone(tmp_path: Path) -> None:
    with _workers(tmp_path, "memory://") as ports:
        statuses = _statuses(ports, 2 * LIMIT)

        # What the probe saw: each worker allows its own 6, so 12 attempts all get through.
        assert statuses == [200] * (2 * LIMIT)
