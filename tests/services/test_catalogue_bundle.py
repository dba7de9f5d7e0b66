"""Moving a catalogue from a test server to a production one with its paper templates
(docs/domain.md#catalogue-import): the .zip export holds catalogue.json (each template with
its file name, size and sha256) and the files; the production server's dry run lists each
template as new, changed, unchanged or refused with the reason, writes nothing, and the
import stores the files through the storage interface so citizens download the very
bytes the test server had."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import seeded_sqlite_app
from tests.services.support import actor
from tests.web.test_admin_paper_templates import _docx
from vpub_onestop.extensions import db
from vpub_onestop.models import AdminChange, Procedure, RequiredDocument
from vpub_onestop.queries.catalogue_bundle import write_bundle
from vpub_onestop.queries.catalogue_export import export_catalogue
from vpub_onestop.services.catalogue_transfer import (
    ERROR,
    NEW_VERSION,
    UNCHANGED,
    apply_catalogue,
    plan_catalogue,
    read_source,
)
from vpub_onestop.services.catalogue_versions import publish, start_draft
from vpub_onestop.services.paper_templates import attach_template

CODE = "1.001193"  # birth registration: its first paper is the declaration (tờ khai)


TEMPLATE = _docx("Tờ khai đăng ký khai sinh — mẫu của Sở Tư pháp")


def _publish_with_template(data: bytes, name: str = "to-khai-khai-sinh.docx") -> None:
    """What an administrator does on the test server: a draft, the upload, publishing."""
    admin = actor("admin.ttpvhcc")
    draft_id = start_draft(admin, CODE)
    draft = db.session.get(Procedure, draft_id)
    assert draft is not None
    first = min(draft.documents, key=lambda d: d.position)
    revision = attach_template(admin, draft_id, draft.revision, first.id, name, data)
    publish(admin, draft_id, expected_revision=revision, today=date(2026, 3, 2))


def _bundle() -> bytes:
    out = io.BytesIO()
    write_bundle(db.session(), out)
    return out.getvalue()


def _rewritten(bundle: bytes, change: Any) -> bytes:
    """The archive with catalogue.json and the members as `change(catalogue, members)`
    leaves them (a damaged or tampered file)."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    catalogue = json.loads(members.pop("catalogue.json"))
    change(catalogue, members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("catalogue.json", json.dumps(catalogue, ensure_ascii=False))
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def production(tmp_path: Path) -> Iterator[Flask]:
    """A second server: its own database and its own upload folder, the same demo seed."""
    application = seeded_sqlite_app(tmp_path, "production")
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _first_paper(code: str = CODE) -> RequiredDocument:
    db.session.expire_all()
    procedure = db.session.scalars(
        select(Procedure).where(Procedure.code == code, Procedure.is_current.is_(True))
    ).one()
    return min(procedure.documents, key=lambda d: d.position)


def test_a_template_travels_to_production_checked_by_its_sha256(
    app: Flask, production: Flask
) -> None:
    with app.app_context():
        _publish_with_template(TEMPLATE)
        bundle = _bundle()
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        catalogue = json.loads(archive.read("catalogue.json"))
        entry = next(e for e in catalogue["procedures"] if e["code"] == CODE)
        described = entry["documents"][0]["template_file"]
        assert described["sha256"] == hashlib.sha256(TEMPLATE).hexdigest()
        assert described["size"] == len(TEMPLATE)
        assert described["file_name"] == "to-khai-khai-sinh.docx"
        assert archive.read(described["path"]) == TEMPLATE
    with production.app_context():
        source = read_source("danh-muc-thu-tuc.zip", bundle)
        dry = plan_catalogue(source)
        line = next(line for line in dry.lines if line.code == CODE)
        assert line.outcome == NEW_VERSION and line.fields == ("documents",)
        assert [(t.code, t.file_name, t.outcome) for t in dry.templates] == [
            (CODE, "to-khai-khai-sinh.docx", "new")
        ]
        # Every other procedure is as it was on production: nothing else would change.
        assert {x.outcome for x in dry.lines if x.code != CODE} == {UNCHANGED}
        assert _first_paper().template_file is None  # the dry run wrote nothing
        apply_catalogue(read_source("danh-muc-thu-tuc.zip", bundle))
        paper = _first_paper()
        assert paper.template_file_name == "to-khai-khai-sinh.docx"
        assert paper.template_file_size == len(TEMPLATE)
        # The admin audit shows the template the import brought, before and after.
        change = db.session.scalars(
            select(AdminChange)
            .where(AdminChange.object_id == CODE, AdminChange.action == "import")
            .order_by(AdminChange.id.desc())
        ).first()
        assert change is not None and change.before is not None and change.after is not None
        assert change.before["template_files"] == {}
        assert "to-khai-khai-sinh.docx" in change.after["template_files"]["1"]
        again = plan_catalogue(read_source("danh-muc-thu-tuc.zip", bundle))
        assert {x.outcome for x in again.lines} == {UNCHANGED}
        assert [t.outcome for t in again.templates] == ["unchanged"]
    # The citizen on production downloads the bytes the test server had.
    download = production.test_client().get(f"/thu-tuc/{CODE}/mau/1")
    assert download.status_code == 200 and download.data == TEMPLATE


def test_a_changed_template_makes_a_new_version_and_shares_nothing_by_accident(
    app: Flask, production: Flask
) -> None:
    with app.app_context():
        _publish_with_template(TEMPLATE)
        first = _bundle()
        newer = _docx("Tờ khai đăng ký khai sinh — bản sửa 2026")
        _publish_with_template(newer, "to-khai-2026.docx")
        second = _bundle()
    with production.app_context():
        apply_catalogue(read_source("a.zip", first))
        dry = plan_catalogue(read_source("b.zip", second))
        assert [(t.file_name, t.outcome) for t in dry.templates] == [
            ("to-khai-2026.docx", "changed")
        ]
        apply_catalogue(read_source("b.zip", second))
        versions = db.session.scalars(
            select(Procedure.version).where(Procedure.code == CODE).order_by(Procedure.version)
        ).all()
        assert list(versions) == [1, 2, 3]  # demo v1, first import, second import
    assert production.test_client().get(f"/thu-tuc/{CODE}/mau/1").data == newer


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (
            lambda cat, files: files.update({k: v + b"x" for k, v in files.items()}),
            "không khớp mã sha256",
        ),
        (lambda cat, files: files.clear(), "không có trong tệp .zip"),
        (
            lambda cat, files: _replace_template(cat, files, b"just some text, not a form"),
            "không phải PDF, DOC, DOCX, ODT hoặc XLSX",
        ),
    ],
    ids=["tampered", "missing", "wrong-type"],
)
def test_a_damaged_template_is_refused_with_its_reason_and_nothing_is_written(
    app: Flask, production: Flask, damage: Any, reason: str
) -> None:
    with app.app_context():
        _publish_with_template(TEMPLATE)
        bundle = _rewritten(_bundle(), damage)
    with production.app_context():
        plan = apply_catalogue(read_source("danh-muc.zip", bundle))
        line = next(line for line in plan.lines if line.code == CODE)
        assert line.outcome == ERROR and reason in str(line.reason)
        assert [(t.outcome, reason in str(t.reason)) for t in plan.templates] == [("refused", True)]
        assert _first_paper().template_file is None
        versions = db.session.scalars(select(Procedure.version).where(Procedure.code == CODE))
        assert list(versions) == [1]


def _replace_template(catalogue: dict[str, Any], files: dict[str, bytes], data: bytes) -> None:
    """The member swapped for another file whose sha256 the catalogue is made to match."""
    entry = next(e for e in catalogue["procedures"] if e["code"] == CODE)
    described = entry["documents"][0]["template_file"]
    files.pop(described["path"])
    described["sha256"] = hashlib.sha256(data).hexdigest()
    described["size"] = len(data)
    files[described["path"]] = data


def test_a_template_over_the_upload_limit_is_refused(app: Flask, production: Flask) -> None:
    with app.app_context():
        _publish_with_template(TEMPLATE)
        bundle = _bundle()
    production.config["UPLOAD_MAX_FILE_BYTES"] = len(TEMPLATE) - 1
    with production.app_context():
        plan = plan_catalogue(read_source("danh-muc.zip", bundle))
        assert [t.outcome for t in plan.templates] == ["refused"]
        assert "vượt quá" in str(plan.templates[0].reason)


def test_plain_json_says_nothing_of_templates_and_keeps_them(app: Flask) -> None:
    with app.app_context():
        _publish_with_template(TEMPLATE)
        data = export_catalogue(db.session)
        entry = next(e for e in data["procedures"] if e["code"] == CODE)
        assert "template_file" not in entry["documents"][0]
        entry["name"] += " (sửa tên)"
        plan = apply_catalogue(
            read_source("catalogue.json", json.dumps({"procedures": [entry]}).encode())
        )
        assert [line.outcome for line in plan.lines] == [NEW_VERSION] and not plan.templates
        assert _first_paper().template_file_name == "to-khai-khai-sinh.docx"
    assert app.test_client().get(f"/thu-tuc/{CODE}/mau/1").data == TEMPLATE


def test_the_command_line_exports_a_zip_and_its_dry_run_lists_the_templates(
    app: Flask, production: Flask, tmp_path: Path
) -> None:
    with app.app_context():
        _publish_with_template(TEMPLATE)
    path = tmp_path / "danh-muc.zip"
    exported = app.test_cli_runner().invoke(args=["catalogue", "export", str(path)])
    assert exported.exit_code == 0, exported.output
    assert "kèm 1 tệp mẫu giấy tờ" in exported.output
    dry = production.test_cli_runner().invoke(args=["catalogue", "import", "--dry-run", str(path)])
    assert dry.exit_code == 0, dry.output
    assert f"{CODE} · phiên bản mới" in dry.output
    assert "to-khai-khai-sinh.docx · mẫu mới" in dry.output
    assert "mẫu mới: 1, mẫu thay đổi: 0, mẫu không đổi: 0, mẫu bị từ chối: 0." in dry.output
