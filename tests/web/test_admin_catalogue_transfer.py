"""Import and export on the administration page: administrators only, CSRF on the upload,
a wrong file refused with its reason and nothing queued, the export in JSON, CSV and .zip
(with the papers' templates), and (without a job queue) the import done in the request
with the jobs' page and report, which lists each template a .zip carries."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.test_catalogue_bundle import (
    CODE,
    TEMPLATE,
    _docx,
    _publish_with_template,
    _replace_template,
    _rewritten,
)
from tests.web.conftest import csrf_token_from, log_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import BackgroundJob, Procedure

PAGE = "/quan-tri/thu-tuc/nhap-xuat"


def _admin(app: Flask) -> FlaskClient:
    limiter.reset()
    client = app.test_client()
    assert log_in(client, "admin.ttpvhcc", "password-123").status_code == 302
    return client


def _upload(client: FlaskClient, name: str, content: bytes, **extra: str) -> object:
    token = csrf_token_from(client.get(PAGE).get_data(as_text=True))
    data: dict[str, object] = {"csrf_token": token, "tep": (io.BytesIO(content), name), **extra}
    return client.post("/quan-tri/thu-tuc/nhap", data=data, content_type="multipart/form-data")


def test_only_an_administrator_imports_or_exports(app: Flask) -> None:
    limiter.reset()
    officer = app.test_client()
    assert log_in(officer, "reception.ttpvhcc", "password-123").status_code == 302
    assert officer.get(PAGE).status_code == 403
    assert officer.get("/quan-tri/thu-tuc/xuat.json").status_code == 403
    assert officer.get("/quan-tri/thu-tuc/xuat.zip").status_code == 403
    # With a valid token (from a page of their own), the upload is still refused.
    token = csrf_token_from(officer.get("/tai-khoan").get_data(as_text=True))
    assert officer.post("/quan-tri/thu-tuc/nhap", data={"csrf_token": token}).status_code == 403


def test_the_export_reads_back_as_the_catalogue(app: Flask) -> None:
    admin = _admin(app)
    exported = admin.get("/quan-tri/thu-tuc/xuat.json")
    assert exported.headers["Content-Disposition"].endswith('danh-muc-thu-tuc.json"')
    data = json.loads(exported.get_data(as_text=True))
    codes = {entry["code"] for entry in data["procedures"]}
    assert "LT.KS-TT-BHYT" in codes
    csv_text = admin.get("/quan-tri/thu-tuc/xuat.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeffcode,name,field")
    assert "Liên thông: Đăng ký khai sinh" in csv_text
    assert admin.get("/quan-tri/thu-tuc/xuat.xml").status_code == 404


def test_a_wrong_file_is_refused_with_its_reason_and_nothing_is_queued(app: Flask) -> None:
    admin = _admin(app)
    refused = _upload(admin, "danh-muc.txt", b"{}")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "Chọn một tệp .json, .csv hoặc .zip." in refused.get_data(as_text=True)  # type: ignore[attr-defined]
    broken = _upload(admin, "danh-muc.json", b'{"procedures": [')
    assert broken.status_code == 422  # type: ignore[attr-defined]
    assert "Tệp JSON không hợp lệ" in broken.get_data(as_text=True)  # type: ignore[attr-defined]
    without_token = admin.post(
        "/quan-tri/thu-tuc/nhap",
        data={"tep": (io.BytesIO(b"{}"), "a.json")},
        content_type="multipart/form-data",
    )
    assert without_token.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(BackgroundJob)).all() == []


def test_without_a_queue_the_import_is_done_in_the_request(app: Flask) -> None:
    admin = _admin(app)
    exported = json.loads(admin.get("/quan-tri/thu-tuc/xuat.json").get_data(as_text=True))
    entry = next(e for e in exported["procedures"] if e["code"] == "1.000894")
    entry |= {"code": "2.888001", "name": "Thủ tục nhập từ trang"}
    content = json.dumps({"procedures": [entry]}, ensure_ascii=False).encode()
    started = _upload(admin, "moi.json", content)  # the dry-run box left unticked
    assert started.status_code == 303  # type: ignore[attr-defined]
    page = admin.get(started.headers["Location"]).get_data(as_text=True)  # type: ignore[attr-defined]
    assert 'data-job-state="done"' in page
    report = admin.get(started.headers["Location"] + "/tep").get_data()  # type: ignore[attr-defined]
    assert "2.888001,Thủ tục mới" in report.decode("utf-8-sig")
    with app.app_context():
        name = db.session.scalar(select(Procedure.name).where(Procedure.code == "2.888001"))
        assert name == "Thủ tục nhập từ trang"


def _tamper(catalogue: dict[str, Any], files: dict[str, bytes], data: bytes) -> None:
    """A new template described, but its file cut short on the way."""
    _replace_template(catalogue, files, data)
    for name in files:
        files[name] = files[name][:-1]


def _report(admin: FlaskClient, started: Any) -> str:
    return admin.get(started.headers["Location"] + "/tep").get_data().decode("utf-8-sig")


def test_a_zip_from_the_page_carries_a_changed_template_and_refuses_a_tampered_one(
    app: Flask,
) -> None:
    with app.app_context():
        _publish_with_template(TEMPLATE)
    admin = _admin(app)
    exported = admin.get("/quan-tri/thu-tuc/xuat.zip")
    assert exported.status_code == 200 and exported.mimetype == "application/zip"
    assert exported.headers["Content-Disposition"].endswith("danh-muc-thu-tuc.zip")
    newer = _docx("Tờ khai đăng ký khai sinh — bản của máy chạy thử")
    changed = _rewritten(exported.data, lambda cat, files: _replace_template(cat, files, newer))
    tampered = _rewritten(exported.data, lambda cat, files: _tamper(cat, files, newer))
    report = _report(admin, _upload(admin, "danh-muc.zip", tampered, chay_thu="y"))
    assert f"{CODE},Lỗi" in report
    assert "Mẫu bị từ chối,Tờ khai đăng ký khai sinh,to-khai-khai-sinh.docx" in report
    assert "không khớp mã sha256" in report
    report = _report(admin, _upload(admin, "danh-muc.zip", changed))
    assert f"{CODE},Phiên bản mới" in report and "Mẫu thay đổi" in report
    assert app.test_client().get(f"/thu-tuc/{CODE}/mau/1").data == newer
