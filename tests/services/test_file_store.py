"""The upload store's life cycle, on the local folder and on a bucket of the test S3
server alike: a file written by a transaction that fails is gone afterwards, a draft's file
the citizen removes leaves the store, and what is kept is read back byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import STORAGE_BACKENDS, storage_on
from tests.services.support import (
    APPLICANT,
    PDF,
    actor,
    dossier_version,
    draft_with_documents,
    procedure_id,
    stored_content,
    unit_id,
)
from vpub_onestop import clock
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierFile
from vpub_onestop.services import portal
from vpub_onestop.services.files import store_file
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.storage import file_store


@pytest.fixture(params=STORAGE_BACKENDS)
def storage_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    return storage_on(request)


def _draft() -> int:
    return draft_with_documents(
        actor("citizen1"), procedure_id("1.000894"), unit_id("px_quynhon"), APPLICANT
    )


def test_a_draft_keeps_its_files_byte_for_byte(app: Flask) -> None:
    with app.app_context():
        dossier_id = _draft()
        names = list(
            db.session.scalars(
                select(DossierFile.stored_name).where(DossierFile.dossier_id == dossier_id)
            )
        )
        assert names
        assert all(stored_content(name) == PDF for name in names)
        listed = {item.name for item in file_store().list()}
        assert set(names) <= listed
    # In the bucket, not on the app's disk (and the other way round).
    folder = Path(app.config["UPLOAD_DIR"])
    on_disk = {p.name for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()
    assert on_disk == (set(names) if app.config["STORAGE_BACKEND"] == "local" else set())


def test_a_file_written_by_a_failed_transaction_is_removed(app: Flask) -> None:
    with app.app_context():
        dossier_id = _draft()
        before = {item.name for item in file_store().list()}
        written: list[str] = []
        with pytest.raises(RuntimeError), unit_of_work() as session:
            dossier = session.get(Dossier, dossier_id)
            assert dossier is not None
            row = store_file(
                session, dossier, "them.pdf", PDF, now=clock.now(), uploaded_by_id=None
            )
            written.append(row.stored_name)
            assert file_store().exists(row.stored_name)  # on the store before the commit
            raise RuntimeError("the transaction fails after the file was written")
        assert not file_store().exists(written[0])
        assert {item.name for item in file_store().list()} == before


def test_a_file_the_citizen_removes_from_the_draft_leaves_the_store(app: Flask) -> None:
    with app.app_context():
        dossier_id = _draft()
        row = db.session.scalars(
            select(DossierFile).where(DossierFile.dossier_id == dossier_id)
        ).first()
        assert row is not None
        file_id, name = row.id, row.stored_name
        db.session.rollback()
        portal.remove_draft_file(
            actor("citizen1"),
            dossier_id,
            file_id,
            expected_version=dossier_version(dossier_id),
        )
        assert not file_store().exists(name)
        with pytest.raises(FileNotFoundError):
            file_store().open(name)
