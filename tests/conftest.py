"""Shared fixtures: an app on a real database with the demo catalogue and calendar."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from vpub_onestop import clock, create_app
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db

# Fixtures that start real servers (Redis) for the tests that need one.
pytest_plugins = ["tests.live_servers"]

SEED_DIR = Path(__file__).resolve().parent.parent / "vpub_onestop" / "seed"
STAFF = [
    ("reception.ttpvhcc", Role.RECEPTION, "ttpvhcc"),
    ("reception.px_quynhon", Role.RECEPTION, "px_quynhon"),
    ("specialist.px_quynhon", Role.SPECIALIST, "px_quynhon"),
    ("leader.px_quynhon", Role.LEADER, "px_quynhon"),
    ("specialist.congan", Role.SPECIALIST, "congan"),
    ("leader.congan", Role.LEADER, "congan"),
    ("specialist.bhxh", Role.SPECIALIST, "bhxh"),
    ("leader.bhxh", Role.LEADER, "bhxh"),
    ("specialist.vpdkdd", Role.SPECIALIST, "vpdkdd"),
    ("leader.vpdkdd", Role.LEADER, "vpdkdd"),
    ("specialist.thue", Role.SPECIALIST, "thue"),
    ("leader.thue", Role.LEADER, "thue"),
    ("specialist.snnmt", Role.SPECIALIST, "snnmt"),
    ("leader.snnmt", Role.LEADER, "snnmt"),
    ("admin.ttpvhcc", Role.ADMIN, "ttpvhcc"),
    ("citizen1", Role.CITIZEN, None),
    ("citizen2", Role.CITIZEN, None),
]


def database_urls() -> list[str]:
    urls = ["sqlite-file"]
    if os.environ.get("TEST_POSTGRES_URL"):
        urls.append("postgres")
    return urls


def _resolve(kind: str, tmp_path: Path) -> str:
    if kind == "postgres":
        return os.environ["TEST_POSTGRES_URL"]
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


class Clock:
    """A settable "now" for the whole app (installed with `clock.set_source`): services,
    queries, views and column defaults all read it, so a test moves time by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> datetime:
        self.now = moment
        return moment

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


@pytest.fixture
def frozen_clock() -> Clock:
    """The app's clock stopped at Mon 2/3/2026 08:00 (Vietnam), a plain working day in a
    decided year of the demo calendar; `set` and `advance` move it."""
    fixed = Clock(datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ))
    clock.set_source(fixed)
    return fixed


@pytest.fixture(autouse=True)
def _wall_clock_after_each_test() -> Iterator[None]:
    """Whatever a test did to the app's clock, the next test starts on the wall clock."""
    yield
    clock.reset()


STORAGE_BACKENDS = ["local", "s3"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3-compatible server, on a free loopback port for the whole run (real HTTP:
    the app's boto3 client, and any worker process a test starts, talk to it as to a
    bucket elsewhere). Any credentials open it; the app reads them from the environment."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "vpub-test")
        env.setenv("AWS_SECRET_ACCESS_KEY", "vpub-test-secret")
        yield f"http://127.0.0.1:{port}"
    server.stop()


def storage_on(request: pytest.FixtureRequest) -> dict[str, str]:
    """The app settings for the backend named by `request.param`: the local folder (the
    app fixture's UPLOAD_DIR), or a new bucket on the test S3 server. A module's own
    `storage_settings` fixture, parametrized over STORAGE_BACKENDS, calls this."""
    if request.param == "local":
        return {}
    import boto3

    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"vpub-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    return {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": bucket,
        "S3_REGION": "us-east-1",
        "S3_PREFIX": "uploads/",
    }


@pytest.fixture
def storage_settings() -> dict[str, str]:
    """Where the app stores uploads: the local folder, unless a module asks for both."""
    return {}


@pytest.fixture(params=database_urls())
def app(
    request: pytest.FixtureRequest, tmp_path: Path, storage_settings: dict[str, str]
) -> Iterator[Flask]:
    """A fresh schema on a file SQLite database (and on PostgreSQL when CI provides one)."""
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=_resolve(request.param, tmp_path),
        UPLOAD_DIR=str(tmp_path / "uploads"),
        OUTBOX_AUTOSEND=False,
        **storage_settings,
    )
    with application.app_context():
        db.drop_all()
        db.create_all()
        _seed_reference_data()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def seeded_sqlite_app(folder: Path, name: str) -> Flask:
    """A second, separate server for a test (a live server, or a production server a
    catalogue is moved to): its own SQLite file and upload folder under `folder`, the demo
    seed loaded."""
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / f'{name}.sqlite'}",
        UPLOAD_DIR=str(folder / f"{name}-uploads"),
        OUTBOX_AUTOSEND=False,
    )
    with application.app_context():
        db.create_all()
        _seed_reference_data()
        db.session.remove()
    return application


def _seed_reference_data() -> None:
    from vpub_onestop.services.accounts import create_user
    from vpub_onestop.services.calendar_admin import import_calendar
    from vpub_onestop.services.catalogue_import import import_catalogue
    from vpub_onestop.services.declaration_catalogue import import_declarations

    import_calendar(json.loads((SEED_DIR / "calendar-vn.json").read_text(encoding="utf-8")))
    import_catalogue(json.loads((SEED_DIR / "procedures-demo.json").read_text(encoding="utf-8")))
    import_declarations(
        json.loads((SEED_DIR / "declarations-demo.json").read_text(encoding="utf-8"))
    )
    for username, role, agency in STAFF:
        create_user(
            username,
            "password-123",
            f"Cán bộ {username}",
            role,
            agency_key=agency,
            email=f"{username}@example.com" if role is Role.CITIZEN else None,
        )
