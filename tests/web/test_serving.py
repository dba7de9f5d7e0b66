"""gunicorn.conf.py and vpub_onestop/serving.py: how many workers a machine gets, and a real
gunicorn started with the file serves pages from its forked workers."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port
from vpub_onestop import create_app, serving
from vpub_onestop.extensions import db

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.mark.parametrize(
    ("cores", "memory_mb", "expected"),
    [
        (2, 4096, 5),  # 2 × 2 + 1; half of 4 GB holds 8 workers of 250 MB
        (8, 2048, 4),  # 17 wanted, but half of 2 GB holds only 4
        (1, 8192, 3),
        (4, 300, 1),  # never fewer than one
        (None, None, 3),  # cores and memory unknown: one core's worth
    ],
)
def test_workers_follow_the_cores_within_the_memory(
    cores: int | None, memory_mb: int | None, expected: int
) -> None:
    assert serving.worker_count(cores, memory_mb, environ={}) == expected


def test_the_environment_overrides_the_plan() -> None:
    chosen = serving.plan(
        2,
        4096,
        environ={
            "WEB_CONCURRENCY": "3",
            "GUNICORN_TIMEOUT": "45",
            "GUNICORN_MAX_REQUESTS": "500",
            "GUNICORN_PRELOAD": "0",
        },
    )
    assert (chosen.workers, chosen.timeout, chosen.graceful_timeout) == (3, 45, 45)
    assert (chosen.max_requests, chosen.max_requests_jitter) == (500, 50)
    assert chosen.preload_app is False
    default = serving.plan(2, 4096, environ={})
    assert (default.max_requests, default.max_requests_jitter, default.preload_app) == (
        1000,
        100,
        True,
    )


@pytest.fixture
def server(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    extra = getattr(request, "param", {})  # more environment, from `indirect` parameters
    database = f"sqlite:///{tmp_path / 'served.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "VPUB_CONFIG": "development",
        "SECRET_KEY": "serving-test-" + os.urandom(16).hex(),
        "DATABASE_URL": database,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5):
                    break
            except OSError:
                assert process.poll() is None, "gunicorn stopped at start-up"
                assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
                time.sleep(0.2)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _replaced_workers(pid: int, count: int) -> set[int]:
    """The master's workers once it has `count` again: the 30th request may be a worker's
    last, and the master starts its successor just after it leaves (a condition waited
    for, not a time measured; gunicorn's own arbiter loop wakes at least once a second)."""
    for _ in range(100):
        found = _workers_of(pid)
        if len(found) >= count:
            return found
        time.sleep(0.1)
    return _workers_of(pid)


def _workers_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def test_gunicorn_with_the_config_serves_from_preloaded_workers(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, process = server
    # Every answer reads the database through a worker forked from the preloaded master.
    for _ in range(20):
        with urllib.request.urlopen(base + "/thu-tuc", timeout=10) as page:
            assert page.status == 200
        with urllib.request.urlopen(base + "/healthz", timeout=10) as health:
            assert json.loads(health.read())["database"] == "ok"
    assert len(_workers_of(process.pid)) == 2  # WEB_CONCURRENCY


@pytest.mark.parametrize("server", [{"GUNICORN_MAX_REQUESTS": "4"}], indirect=True)
def test_recycled_workers_are_replaced_and_keep_serving(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    """Workers leave without the interpreter's teardown when recycled (serving.leave_quickly):
    the master must still see them go and start new ones, and no request may be lost."""
    base, process = server
    first = _workers_of(process.pid)
    for _ in range(30):  # each worker is replaced after 4 or 4 + jitter(0) requests
        with urllib.request.urlopen(base + "/thu-tuc", timeout=10) as page:
            assert page.status == 200
    assert process.poll() is None
    now = _replaced_workers(process.pid, 2)
    assert len(now) == 2
    assert not now & first, "the first workers should have been recycled by now"


def test_a_prepared_master_leaves_its_workers_nothing_to_compile(tmp_path: Path) -> None:
    """What a worker forked from the prepared master inherits: every page template compiled
    and the catalogues loaded, so its first pages do not compile anything; the master's
    objects are out of the collector's sight (gc.freeze) while it runs."""
    database = f"sqlite:///{tmp_path / 'warm.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        db.create_all()
    try:
        serving.prepare_master(app)
        assert gc.get_freeze_count() > 0

        def no_compiling(_source: str, name: str | None = None, *_args: object) -> None:
            raise AssertionError(f"template {name} compiled after the master's warm-up")

        app.jinja_env.compile = no_compiling  # type: ignore[method-assign,assignment]
        client = app.test_client()
        for path in ("/thu-tuc", "/tra-cuu", "/dang-nhap", "/thu-tuc?lang=en"):
            answer = client.get(path)
            assert answer.status_code == 200, path
        assert "Procedures" in client.get("/thu-tuc?lang=en").get_data(as_text=True)
    finally:
        gc.unfreeze()
        with app.app_context():
            db.engine.dispose()
