"""Orphan files: a worker killed between writing an upload and committing its row.

A real process (not a simulation inside this one) opens the app on the test database,
stores a file for a dossier inside a unit of work, says so, and waits before committing;
it is then killed with SIGKILL, so no rollback handler runs. The file stays in the store
with no row. The sweep leaves it alone inside the grace period (its transaction could still
be open) and removes it after; the files that do have a row are never touched. The sweep
runs on both stores: the local folder and a bucket of the test S3 server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import STORAGE_BACKENDS, storage_on
from tests.services.support import (
    APPLICANT,
    PDF,
    actor,
    draft_with_documents,
    procedure_id,
    stored_content,
    unit_id,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierFile
from vpub_onestop.services.file_sweep import sweep_orphan_files
from vpub_onestop.storage import file_store
from vpub_onestop.storage.local import LocalFolderStore

ROOT = Path(__file__).resolve().parents[2]

# The worker: the same store_file the portal uses, inside the same unit of work; it
# flushes the row (so the INSERT has reached the database) and stops before the commit.
WORKER = textwrap.dedent(
    """
    import json, sys, time
    from vpub_onestop import create_app
    from vpub_onestop.extensions import db
    from vpub_onestop.models import Dossier
    from vpub_onestop.services.files import store_file
    from vpub_onestop.services.uow import unit_of_work
    from vpub_onestop import clock

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=sys.argv[1], UPLOAD_DIR=sys.argv[2],
                     **json.loads(sys.argv[5]))
    with app.app_context():
        with unit_of_work() as session:
            dossier = session.get(Dossier, int(sys.argv[3]))
            row = store_file(session, dossier, "to-khai.pdf", sys.argv[4].encode(),
                             now=clock.now(), uploaded_by_id=None)
            session.flush()
            print("stored", row.stored_name, flush=True)
            time.sleep(600)  # killed here, before the commit
    """
)


def _kill_mid_upload(app: Flask, dossier_id: int, content: bytes) -> str:
    """Run the worker until it has stored its file, SIGKILL it; returns the stored name."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            WORKER,
            app.config["SQLALCHEMY_DATABASE_URI"],
            app.config["UPLOAD_DIR"],
            str(dossier_id),
            content.decode(),
            json.dumps(
                {
                    key: app.config[key]
                    for key in ("STORAGE_BACKEND", "S3_ENDPOINT_URL", "S3_BUCKET", "S3_PREFIX")
                }
            ),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        line = worker.stdout.readline().split()
        assert line[:1] == ["stored"], f"the worker did not store its file: {line}"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    return line[1]


@pytest.fixture(params=STORAGE_BACKENDS)
def storage_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    return storage_on(request)


def _modified(name: str) -> float:
    """When the store says the file was last written (its own clock)."""
    return next(item.modified for item in file_store().list() if item.name == name)


@pytest.fixture
def dossier_with_a_committed_file(app: Flask) -> int:
    with app.app_context():
        return draft_with_documents(
            actor("citizen1"), procedure_id("1.000894"), unit_id("px_quynhon"), APPLICANT
        )


def test_a_file_left_by_a_killed_worker_is_swept_after_the_grace_period_and_not_before(
    app: Flask, dossier_with_a_committed_file: int
) -> None:
    dossier_id = dossier_with_a_committed_file
    content = PDF.decode() + "% killed before commit\n"
    orphan_name = _kill_mid_upload(app, dossier_id, content.encode())
    grace = timedelta(hours=6)
    with app.app_context():
        db.session.remove()
        store = file_store()
        # Killed before the commit: the file is there, its row is not.
        assert stored_content(orphan_name) == content.encode()
        rows = db.session.scalar(select(func.count()).where(DossierFile.stored_name == orphan_name))
        assert rows == 0
        committed = list(db.session.scalars(select(DossierFile.stored_name)))
        assert committed, "the draft's own file has a row"
        written = _modified(orphan_name)

        # One minute before the grace period ends: the upload might still be committing.
        early = sweep_orphan_files(
            db.session(), store, now=written + grace.total_seconds() - 60, grace=grace
        )
        assert store.exists(orphan_name) and early.removed == [] and early.too_young == 1

        # One minute after: the orphan goes, and only it.
        late = sweep_orphan_files(
            db.session(), store, now=written + grace.total_seconds() + 60, grace=grace
        )
        assert late.removed == [f"{orphan_name[:2]}/{orphan_name}"]
        assert not store.exists(orphan_name)
        for name in committed:
            assert store.exists(name)
        assert late.examined == len(committed) + 1


# The local folder only: the test ages the file by hand, which a bucket does not allow.
@pytest.mark.parametrize("storage_settings", [{}])
def test_the_command_sweeps_after_its_grace_hours_and_leaves_foreign_files(
    app: Flask, dossier_with_a_committed_file: int
) -> None:
    orphan_name = _kill_mid_upload(app, dossier_with_a_committed_file, PDF)
    with app.app_context():
        store = file_store()
        assert isinstance(store, LocalFolderStore)
        orphan = store.path(orphan_name)
        foreign = orphan.parent / "ghi-chu-cua-quan-tri.txt"  # not a name the app makes
        foreign.write_text("do not touch")
        runner = app.test_cli_runner()

        fresh = runner.invoke(args=["files", "sweep-orphans", "--grace-hours", "2"])
        assert fresh.exit_code == 0, fresh.output
        assert orphan.exists() and "orphans within the grace period 1" in fresh.output

        three_hours_ago = orphan.stat().st_mtime - 3 * 3600
        os.utime(orphan, (three_hours_ago, three_hours_ago))
        old = runner.invoke(args=["files", "sweep-orphans", "--grace-hours", "2"])
        assert old.exit_code == 0, old.output
        assert not orphan.exists() and f"removed {orphan.parent.name}/{orphan_name}" in old.output
        assert foreign.exists() and "left alone" in old.output
        # The draft's committed file is still there.
        for name in db.session.scalars(select(DossierFile.stored_name)):
            assert store.exists(name)
