"""The administrator builds a procedure's declaration form in the editor
(`/quan-tri/thu-tuc/<version>/to-khai`): a published version is read-only, so a draft is
started (the version service copies the version in force); sections, fields, a condition
and the preview; publishing goes through the version service, which refuses a broken
form; a change made on an older page is refused with a "reload" message; nobody but an
administrator gets in."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import procedure_id
from tests.web.conftest import csrf_token_from, log_in
from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Procedure
from vpub_onestop.models.admin_audit import AdminChange

SIGNATURE = "2.000884"  # Chứng thực chữ ký: no form in the seed


def _client(app: Flask, username: str = "admin.ttpvhcc") -> FlaskClient:
    limiter.reset()
    client = app.test_client()
    assert log_in(client, username, "password-123").status_code == 302
    return client


def _editor(version_id: int, tail: str = "") -> str:
    return f"/quan-tri/thu-tuc/{version_id}/to-khai{tail}"


def _state(client: FlaskClient, url: str) -> tuple[str, str]:
    page = client.get(url).get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', page)
    assert revision, "no revision in the editor"
    return csrf_token_from(page), revision.group(1)


def _post(client: FlaskClient, version_id: int, tail: str, **data: Any) -> Any:
    token, revision = _state(client, _editor(version_id))
    data.setdefault("revision", revision)
    return client.post(_editor(version_id, tail), data={"csrf_token": token, **data})


def _draft(app: Flask, client: FlaskClient) -> int:
    with app.app_context():
        published = procedure_id(SIGNATURE)
    page = client.get(_editor(published)).get_data(as_text=True)
    assert "Phiên bản đã xuất bản không sửa được" in page and 'action="/quan-tri' in page
    started = _post(client, published, "/ban-nhap")
    assert started.status_code == 302
    found = re.search(r"/quan-tri/thu-tuc/(\d+)/to-khai", started.location)
    assert found and int(found.group(1)) != published
    return int(found.group(1))


def _version(app: Flask, version_id: int) -> Procedure:
    with app.app_context():
        db.session.expire_all()
        procedure = db.session.get(Procedure, version_id)
        assert procedure is not None
        db.session.expunge(procedure)
        return procedure


def _build(client: FlaskClient, draft: int) -> None:
    assert (
        _post(client, draft, "/phan", key="nguoi_yeu_cau", title="Người yêu cầu").status_code == 302
    )
    added = _post(
        client, draft, "/truong", section="nguoi_yeu_cau", key="ho_ten",
        label="Họ, chữ đệm, tên", type="text", required="y", searchable="y",
    )  # fmt: skip
    assert added.status_code == 302
    _post(
        client, draft, "/truong", section="nguoi_yeu_cau", key="uy_quyen",
        label="Nộp thay theo ủy quyền", type="yesno",
    )  # fmt: skip
    _post(
        client, draft, "/truong", section="nguoi_yeu_cau", key="so_van_ban_uy_quyen",
        label="Số văn bản ủy quyền", type="text", required="y",
        show_when_field="uy_quyen", show_when_values="yes",
    )  # fmt: skip


def test_the_admin_builds_a_form_with_a_condition_in_a_draft_and_publishes_it(
    app: Flask,
) -> None:
    admin = _client(app)
    draft = _draft(app, admin)
    _build(admin, draft)
    form = _version(app, draft).form_definition
    assert form is not None
    fields = form["sections"][0]["fields"]
    assert [field["key"] for field in fields] == ["ho_ten", "uy_quyen", "so_van_ban_uy_quyen"]
    assert fields[2]["show_when"] == {"field": "uy_quyen", "in": ["yes"]}

    page = admin.get(_editor(draft)).get_data(as_text=True)
    assert "Tờ khai hợp lệ." in page
    # Every change is in the admin audit, with the form before and after.
    with app.app_context():
        changes = db.session.scalars(
            select(AdminChange)
            .where(AdminChange.object_type == "form", AdminChange.object_id == str(draft))
            .order_by(AdminChange.id)
        ).all()
        assert [change.reason for change in changes] == ["Thêm phần", *["Thêm trường"] * 3]
        assert changes[0].before is None and changes[0].after is not None
        last = changes[-1]
        assert last.before is not None and last.after is not None
        assert len(last.after["sections"][0]["fields"]) == 3
        assert len(last.before["sections"][0]["fields"]) == 2
        assert last.actor_name == "admin.ttpvhcc"
    assert "Lịch sử thay đổi" in page
    # The preview: the form as an applicant sees it, with the condition's note.
    assert 'name="tk-f_so_van_ban_uy_quyen"' in page
    assert "Chỉ điền khi “Nộp thay theo ủy quyền” là “Có”." in page
    assert _post(admin, draft, "/truong/uy_quyen/di-chuyen", direction="up").status_code == 302
    moved = _version(app, draft).form_definition
    assert moved is not None
    assert [f["key"] for f in moved["sections"][0]["fields"]][:2] == ["uy_quyen", "ho_ten"]

    assert _post(admin, draft, "/xuat-ban").status_code == 302
    published = _version(app, draft)
    assert published.status is ProcedureStatus.PUBLISHED and published.is_current
    # The new draft of a later change starts from this form, copied with the version.
    with app.app_context():
        current = db.session.scalars(
            select(Procedure).where(Procedure.code == SIGNATURE, Procedure.is_current.is_(True))
        ).one()
        assert current.id == draft and current.form_definition == moved


def test_a_broken_form_is_not_published(app: Flask) -> None:
    admin = _client(app)
    draft = _draft(app, admin)
    _post(admin, draft, "/phan", key="phan_a", title="Phần A")
    _post(
        admin,
        draft,
        "/truong",
        section="phan_a",
        key="thanh_vien",
        label="Thành viên",
        type="group",
    )
    refused = _post(admin, draft, "/xuat-ban")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Tờ khai điện tử: Nhóm “Thành viên” chưa có trường nào." in page
    assert _version(app, draft).status is ProcedureStatus.DRAFT


def test_a_bad_field_is_refused_with_its_errors_and_what_was_typed_kept(app: Flask) -> None:
    admin = _client(app)
    draft = _draft(app, admin)
    _post(admin, draft, "/phan", key="phan_a", title="Phần A")
    answer = _post(
        admin, draft, "/truong", section="phan_a", key="Giới tính", label="Giới tính",
        type="choice", options="Nam",
    )  # fmt: skip
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới" in page
    assert "Mỗi dòng một lựa chọn “giá_trị | Nhãn”" in page
    assert 'value="Giới tính"' in page
    form = _version(app, draft).form_definition
    assert form is not None and form["sections"][0]["fields"] == []


def test_a_change_made_on_an_older_page_is_refused_and_the_newer_kept(app: Flask) -> None:
    first, second = _client(app), _client(app)
    draft = _draft(app, first)
    _post(first, draft, "/phan", key="phan_a", title="Phần A")
    token, old_revision = _state(second, _editor(draft))
    _post(first, draft, "/phan", key="phan_b", title="Phần B")  # the first admin wins
    late = second.post(
        _editor(draft, "/phan"),
        data={"csrf_token": token, "revision": old_revision, "key": "phan_c", "title": "Phần C"},
    )
    assert late.status_code == 409
    assert "Vui lòng tải lại trang" in late.get_data(as_text=True)
    form = _version(app, draft).form_definition
    assert form is not None and [s["key"] for s in form["sections"]] == ["phan_a", "phan_b"]


def test_only_an_administrator_opens_the_editor(app: Flask) -> None:
    with app.app_context():
        url = _editor(procedure_id(SIGNATURE))
    assert _client(app, "reception.px_quynhon").get(url).status_code == 403
    assert _client(app, "citizen1").get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302  # to the login page
    assert _client(app).get(_editor(999999)).status_code == 404


def test_a_change_without_the_csrf_token_is_refused(app: Flask) -> None:
    admin = _client(app)
    draft = _draft(app, admin)
    _token, revision = _state(admin, _editor(draft))
    app.config["WTF_CSRF_ENABLED"] = True
    answer = admin.post(
        _editor(draft, "/phan"), data={"revision": revision, "key": "x", "title": "X"}
    )
    assert answer.status_code in (400, 422)
    assert _version(app, draft).form_definition is None


def test_a_group_gets_its_own_fields_and_the_form_can_be_dropped(app: Flask) -> None:
    admin = _client(app)
    draft = _draft(app, admin)
    _post(admin, draft, "/phan", key="ho_gia_dinh", title="Hộ gia đình")
    _post(
        admin, draft, "/truong", section="ho_gia_dinh", key="thanh_vien",
        label="Thành viên", type="group", max_items="5",
    )  # fmt: skip
    _post(
        admin, draft, "/truong", section="ho_gia_dinh", group="thanh_vien", key="tv_ho_ten",
        label="Họ tên thành viên", type="text", required="y",
    )  # fmt: skip
    form = _version(app, draft).form_definition
    assert form is not None
    group = form["sections"][0]["fields"][0]
    assert group["max_items"] == 5 and [f["key"] for f in group["fields"]] == ["tv_ho_ten"]
    page = admin.get(_editor(draft)).get_data(as_text=True)
    assert 'name="tk-f_thanh_vien-0-f_tv_ho_ten"' in page  # the preview's first row

    assert _post(admin, draft, "/bo").status_code == 302
    assert _version(app, draft).form_definition is None
