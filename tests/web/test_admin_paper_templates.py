"""Uploaded blank templates of a procedure's papers (docs/domain.md#paper-templates): the
administrator uploads one on a draft (the file's content decides whether it is a PDF, Word,
OpenDocument or Excel file, whatever its name says), replaces or removes it; once the
version is published the citizen downloads it from the procedure page instead of the
generated blank form; a new draft keeps it, and the orphan sweep keeps it while a version
names it."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.web.conftest import csrf_token_from
from tests.web.test_admin_catalogue import _form_fields, _ids, _signed_in
from vpub_onestop.extensions import db
from vpub_onestop.models import AdminChange, RequiredDocument
from vpub_onestop.services.file_sweep import sweep_orphan_files
from vpub_onestop.storage import file_store

CODE = "1.001193"  # birth registration: its first paper (the declaration) has a blank form
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(text: str) -> bytes:
    """A minimal Word document, as a word processor writes its zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document>{text}</w:document>")
    return buffer.getvalue()


def _start_draft(app: Flask, admin: FlaskClient) -> str:
    token = csrf_token_from(admin.get(f"/quan-tri/thu-tuc/{CODE}").get_data(as_text=True))
    assert (
        admin.post(f"/quan-tri/thu-tuc/{CODE}/ban-nhap", data={"csrf_token": token}).status_code
        == 302
    )
    draft = max(_ids(app, CODE).items())[1]
    return f"/quan-tri/thu-tuc/phien-ban/{draft}"


def _first_paper(app: Flask, base: str) -> RequiredDocument:
    procedure_id = int(base.rsplit("/", 1)[1])
    with app.app_context():
        document = db.session.scalars(
            select(RequiredDocument)
            .where(RequiredDocument.procedure_id == procedure_id)
            .order_by(RequiredDocument.position)
        ).first()
        assert document is not None
        db.session.expunge(document)
        return document


def _upload(admin: FlaskClient, base: str, paper_id: int, name: str, content: bytes) -> str:
    """Posts the paper's upload form as the browser sends it; the page's answer."""
    action = f"{base}/giay-to/{paper_id}/mau"
    fields = _form_fields(admin.get(base).get_data(as_text=True), action)
    fields[f"mau-{paper_id}-tep"] = (io.BytesIO(content), name)  # type: ignore[assignment]
    response = admin.post(action, data=fields, content_type="multipart/form-data")
    return f"{response.status_code} {response.get_data(as_text=True)}"


def _sweep(app: Flask) -> list[str]:
    """The orphan sweep as cron runs it, long after every upload (past the grace period)."""
    with app.app_context():
        report = sweep_orphan_files(
            db.session, file_store(), now=time.time() + 7200, grace=timedelta(hours=1)
        )
        return report.removed


def test_a_wrong_file_is_refused_with_its_reason_and_the_template_kept(app: Flask) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    base = _start_draft(app, admin)
    paper = _first_paper(app, base)
    kept = _upload(admin, base, paper.id, "to-khai-khai-sinh.docx", _docx("TỜ KHAI"))
    assert kept.startswith("302")
    page = admin.get(base).get_data(as_text=True)
    assert "Mẫu hiện tại: to-khai-khai-sinh.docx" in page

    # A web page renamed .docx is not a Word document: refused, the reason given.
    refused = _upload(admin, base, paper.id, "mau-moi.docx", b"<html><body>x</body></html>")
    assert refused.startswith("422")
    assert "“mau-moi.docx” không phải PDF, DOC, DOCX, ODT hoặc XLSX" in refused
    assert "kiểm tra theo nội dung tệp" in refused
    # A zip that is no office document either.
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("anh.jpg", b"\xff\xd8\xff")
    assert _upload(admin, base, paper.id, "mau.xlsx", archive.getvalue()).startswith("422")
    # The paper still has the template it had.
    still = _first_paper(app, base)
    assert still.template_file_name == "to-khai-khai-sinh.docx"
    assert still.template_file_type == DOCX
    with app.app_context():
        assert file_store().exists(str(still.template_file))


def test_the_citizen_downloads_the_published_template_and_a_new_draft_keeps_it(
    app: Flask,
) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    base = _start_draft(app, admin)
    paper = _first_paper(app, base)
    content = _docx("TỜ KHAI ĐĂNG KÝ KHAI SINH")
    assert _upload(admin, base, paper.id, "Tờ khai.docx", content).startswith("302")
    stored = _first_paper(app, base).template_file
    assert stored is not None and stored.startswith("mau-") and stored.endswith(".docx")

    # Before publishing, citizens still get the generated PDF of version 1.
    visitor = app.test_client()
    assert visitor.get(f"/thu-tuc/{CODE}/mau/1.pdf").mimetype == "application/pdf"
    assert visitor.get(f"/thu-tuc/{CODE}/mau/1").status_code == 404

    confirm = admin.get(f"{base}/cong-bo").get_data(as_text=True)
    published = admin.post(f"{base}/cong-bo", data=_form_fields(confirm, f"{base}/cong-bo"))
    assert published.status_code == 302

    page = visitor.get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert f'href="/thu-tuc/{CODE}/mau/1"' in page and "Tải mẫu (DOCX)" in page
    assert f'href="/thu-tuc/{CODE}/mau/1.pdf"' not in page  # the upload takes precedence
    download = visitor.get(f"/thu-tuc/{CODE}/mau/1")
    assert download.status_code == 200
    assert download.mimetype == DOCX
    assert download.data == content
    assert "filename=mau-1.001193-1.docx" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    # An old link to the generated form leads to the uploaded one.
    old = visitor.get(f"/thu-tuc/{CODE}/mau/1.pdf")
    assert old.status_code == 302 and old.headers["Location"].endswith(f"/thu-tuc/{CODE}/mau/1")

    # A new draft is a copy: its paper names the same stored file.
    second = _start_draft(app, admin)
    assert second != base
    assert _first_paper(app, second).template_file == stored
    # Removing it from the new draft leaves the published version's file alone.
    action = f"{second}/giay-to/{_first_paper(app, second).id}/mau/xoa"
    fields = _form_fields(admin.get(second).get_data(as_text=True), action)
    assert admin.post(action, data=fields).status_code == 302
    assert _first_paper(app, second).template_file is None
    assert _sweep(app) == []
    assert visitor.get(f"/thu-tuc/{CODE}/mau/1").data == content

    # The administration audit recorded the upload with before and after.
    with app.app_context():
        changes = db.session.scalars(
            select(AdminChange).where(AdminChange.object_id == CODE).order_by(AdminChange.id)
        ).all()
        uploads = [c for c in changes if "template_files" in (c.after or {})]
        assert any(c.after["template_files"] and not c.before["template_files"] for c in uploads)


def test_the_sweep_removes_a_replaced_template_no_version_names(app: Flask) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    base = _start_draft(app, admin)
    paper = _first_paper(app, base)
    assert _upload(admin, base, paper.id, "ban-1.pdf", b"%PDF-1.4\n%first\n").startswith("302")
    first = _first_paper(app, base).template_file
    assert _upload(admin, base, paper.id, "ban-2.pdf", b"%PDF-1.4\n%second\n").startswith("302")
    second = _first_paper(app, base).template_file
    assert first != second
    removed = _sweep(app)
    # Only the replaced one, which no version names any more, goes.
    assert [key.rsplit("/", 1)[1] for key in removed] == [first]
    with app.app_context():
        assert file_store().exists(str(second)) and not file_store().exists(str(first))


def test_only_an_administrator_uploads_and_every_form_needs_its_token(app: Flask) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    base = _start_draft(app, admin)
    paper = _first_paper(app, base)
    action = f"{base}/giay-to/{paper.id}/mau"
    fields = _form_fields(admin.get(base).get_data(as_text=True), action)
    for username in ("reception.ttpvhcc", "leader.congan", "citizen1"):
        other = _signed_in(app, username)
        data = {**fields, f"mau-{paper.id}-tep": (io.BytesIO(b"%PDF-1.4\n"), "a.pdf")}
        answer = other.post(action, data=data, content_type="multipart/form-data")
        assert answer.status_code in (400, 403), username  # the token is the admin's
        bare = other.post(f"{action}/xoa", data={})
        assert bare.status_code in (400, 403), username
    # Signed in with a valid token of their own, a desk officer is refused: 403.
    desk = _signed_in(app, "reception.ttpvhcc")
    token = csrf_token_from(desk.get("/").get_data(as_text=True))
    data = {
        f"mau-{paper.id}-csrf_token": token,
        f"mau-{paper.id}-tep": (io.BytesIO(b"%PDF-1.4\n"), "a.pdf"),
    }
    assert desk.post(action, data=data, content_type="multipart/form-data").status_code == 403
    # The administrator without the form's token: refused, nothing stored.
    no_token = {k: v for k, v in fields.items() if not k.endswith("csrf_token")}
    no_token[f"mau-{paper.id}-tep"] = (io.BytesIO(b"%PDF-1.4\n"), "a.pdf")  # type: ignore[assignment]
    assert admin.post(action, data=no_token, content_type="multipart/form-data").status_code == 400
    assert _first_paper(app, base).template_file is None
    # Unknown ids: 404.
    assert admin.post(f"{base}/giay-to/999999/mau", data=fields).status_code == 404
    unknown = f"/quan-tri/thu-tuc/phien-ban/999999/giay-to/{paper.id}/mau"
    assert admin.post(unknown, data=fields).status_code == 404
    assert re.search(r"mau-\d+-tep", admin.get(base).get_data(as_text=True))
