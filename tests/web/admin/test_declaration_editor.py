"""The administrator builds a procedure version's declaration form in the editor
(`/quan-tri/thu-tuc/<version>/to-khai`): sections, fields, a condition, the preview; a
change made on an older page is refused with a "reload" message; a version dossiers were
filed under is read-only; nobody but an administrator gets in."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import procedure_id
from tests.web.conftest import csrf_token_from, log_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Procedure

SIGNATURE = "2.000884"  # Chứng thực chữ ký: no form in the seed, no dossier in the tests


def _client(app: Flask, username: str = "admin.ttpvhcc") -> FlaskClient:
    limiter.reset()
    client = app.test_client()
    assert log_in(client, username, "password-123").status_code == 302
    return client


def _url(app: Flask, tail: str = "") -> str:
    with app.app_context():
        return f"/quan-tri/thu-tuc/{procedure_id(SIGNATURE)}/to-khai{tail}"


def _state(client: FlaskClient, url: str) -> tuple[str, str]:
    page = client.get(url).get_data(as_text=True)
    revision = re.search(r'name="revision" value="([0-9a-f]+)"', page)
    assert revision, "no revision in the editor"
    return csrf_token_from(page), revision.group(1)


def _post(client: FlaskClient, app: Flask, tail: str, **data: Any) -> Any:
    token, revision = _state(client, _url(app))
    data.setdefault("revision", revision)
    return client.post(_url(app, tail), data={"csrf_token": token, **data})


def _stored(app: Flask) -> dict[str, Any] | None:
    with app.app_context():
        db.session.expire_all()
        procedure = db.session.scalars(select(Procedure).where(Procedure.code == SIGNATURE)).one()
        return procedure.form_definition


def test_the_admin_builds_a_form_with_a_condition_and_sees_its_preview(app: Flask) -> None:
    admin = _client(app)
    assert _post(admin, app, "/phan", key="nguoi_yeu_cau", title="Người yêu cầu").status_code == 302
    added = _post(
        admin, app, "/truong", section="nguoi_yeu_cau", key="ho_ten", label="Họ, chữ đệm, tên",
        type="text", required="y", searchable="y",
    )  # fmt: skip
    assert added.status_code == 302
    _post(
        admin, app, "/truong", section="nguoi_yeu_cau", key="uy_quyen",
        label="Nộp thay theo ủy quyền", type="yesno",
    )  # fmt: skip
    _post(
        admin, app, "/truong", section="nguoi_yeu_cau", key="so_van_ban_uy_quyen",
        label="Số văn bản ủy quyền", type="text", required="y",
        show_when_field="uy_quyen", show_when_values="yes",
    )  # fmt: skip
    stored = _stored(app)
    assert stored is not None
    keys = [field["key"] for field in stored["sections"][0]["fields"]]
    assert keys == ["ho_ten", "uy_quyen", "so_van_ban_uy_quyen"]
    assert stored["sections"][0]["fields"][2]["show_when"] == {"field": "uy_quyen", "in": ["yes"]}

    page = admin.get(_url(app)).get_data(as_text=True)
    assert "Tờ khai hợp lệ." in page
    # The preview: the form as an applicant sees it, with the condition's note.
    assert 'name="tk-f_so_van_ban_uy_quyen"' in page
    assert "Chỉ điền khi “Nộp thay theo ủy quyền” là “Có”." in page

    # Moved up: the order changes.
    assert _post(admin, app, "/truong/uy_quyen/di-chuyen", direction="up").status_code == 302
    stored = _stored(app)
    assert stored is not None
    assert [f["key"] for f in stored["sections"][0]["fields"]][:2] == ["uy_quyen", "ho_ten"]


def test_a_bad_field_is_refused_with_its_errors_and_what_was_typed_kept(app: Flask) -> None:
    admin = _client(app)
    _post(admin, app, "/phan", key="phan_a", title="Phần A")
    answer = _post(
        admin, app, "/truong", section="phan_a", key="Giới tính", label="Giới tính",
        type="choice", options="Nam",
    )  # fmt: skip
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới" in page
    assert "Mỗi dòng một lựa chọn “giá_trị | Nhãn”" in page
    assert 'value="Giới tính"' in page
    stored = _stored(app)
    assert stored is not None and stored["sections"][0]["fields"] == []


def test_a_change_made_on_an_older_page_is_refused_and_the_newer_kept(app: Flask) -> None:
    first, second = _client(app), _client(app)
    _post(first, app, "/phan", key="phan_a", title="Phần A")
    token, old_revision = _state(second, _url(app))
    _post(first, app, "/phan", key="phan_b", title="Phần B")  # the first admin wins
    late = second.post(
        _url(app, "/phan"),
        data={"csrf_token": token, "revision": old_revision, "key": "phan_c", "title": "Phần C"},
    )
    assert late.status_code == 409
    assert "Vui lòng tải lại trang" in late.get_data(as_text=True)
    stored = _stored(app)
    assert stored is not None
    assert [s["key"] for s in stored["sections"]] == ["phan_a", "phan_b"]


def test_only_an_administrator_opens_the_editor(app: Flask) -> None:
    assert _client(app, "reception.px_quynhon").get(_url(app)).status_code == 403
    assert _client(app, "citizen1").get(_url(app)).status_code == 403
    assert app.test_client().get(_url(app)).status_code == 302  # to the login page
    assert _client(app).get("/quan-tri/thu-tuc/999999/to-khai").status_code == 404


def test_a_change_without_the_csrf_token_is_refused(app: Flask) -> None:
    admin = _client(app)
    _token, revision = _state(admin, _url(app))
    app.config["WTF_CSRF_ENABLED"] = True
    answer = admin.post(_url(app, "/phan"), data={"revision": revision, "key": "x", "title": "X"})
    assert answer.status_code in (400, 422)
    assert _stored(app) is None
