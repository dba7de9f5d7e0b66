"""The account pages of the administration area, as an administrator uses them: create an
account and read its temporary password once, edit, the buttons, the CSV import with its
dry run; and what a non-administrator, a stale page or an unknown id gets."""

from __future__ import annotations

import io
import re

from flask import Flask
from sqlalchemy import select

from tests.web.conftest import log_in
from tests.web.officer.conftest import Clients, csrf_of
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import AdminChange, Agency, User

BASE = "/quan-tri/tai-khoan"


def _token(html: str, prefix: str = "") -> str:
    match = re.search(
        rf'id="{prefix}csrf_token" name="{prefix}csrf_token" type="hidden" value="([^"]+)"', html
    )
    assert match, "no CSRF token"
    return match.group(1)


def _post(client, path: str, data: dict, **kwargs):  # type: ignore[no-untyped-def]
    """A form sent as the page sends it: with the session's CSRF token."""
    return client.post(path, data={"csrf_token": csrf_of(client), **data}, **kwargs)


def _user(username: str) -> User:
    db.session.rollback()
    return db.session.scalars(select(User).where(User.username == username)).one()


def _agency(key: str) -> int:
    return db.session.scalars(select(Agency.id).where(Agency.key == key)).one()


def _create(client, **fields: str):  # type: ignore[no-untyped-def]
    page = client.get(f"{BASE}/moi").get_data(as_text=True)
    data = {
        "csrf_token": _token(page),
        "username": "hoa.chuyenvien",
        "full_name": "Phạm Thị Hoa",
        "role": "specialist",
        "agency_id": str(_agency("congan")),
        "email": "",
        "phone": "",
        "reason": "",
    }
    data.update(fields)
    return client.post(f"{BASE}/moi", data=data)


def test_only_administrators_open_the_account_pages(
    officer_app: Flask, client_for: Clients
) -> None:
    user_id = _user("citizen1").id
    for path in (BASE, f"{BASE}/moi", f"{BASE}/{user_id}", f"{BASE}/nhap-csv"):
        assert client_for("supervisor.ttpvhcc").get(path).status_code == 403, path
        assert client_for("reception.ttpvhcc").get(path).status_code == 403, path
        visitor = officer_app.test_client().get(path)
        assert visitor.status_code == 302 and "/dang-nhap" in visitor.headers["Location"]
    admin = client_for("admin.ttpvhcc")
    assert admin.get(f"{BASE}/999999").status_code == 404
    assert _post(admin, f"{BASE}/999999/khoa", {"khoa-version": "0"}).status_code == 404
    assert _post(admin, f"{BASE}/{user_id}/xoa-het", {}).status_code == 404


def test_a_form_without_its_csrf_token_is_refused(officer_app: Flask, client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    target = _user("citizen1")
    answer = admin.post(
        f"{BASE}/{target.id}/khoa", data={"khoa-version": str(target.admin_version)}
    )
    assert answer.status_code == 400
    assert _user("citizen1").enabled
    answer = _create(admin, csrf_token="sai")
    assert answer.status_code == 400
    assert db.session.scalar(select(User.id).where(User.username == "hoa.chuyenvien")) is None


def test_the_admin_creates_an_account_reads_its_password_once_and_sees_it_audited(
    officer_app: Flask, client_for: Clients
) -> None:
    admin = client_for("admin.ttpvhcc")
    answer = _create(admin)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    password = re.search(r'temp-password" lang="en">([^<]+)<', html)
    assert password, "the temporary password is shown"
    user = _user("hoa.chuyenvien")
    assert user.must_change_password and user.role == "specialist"

    page = admin.get(f"{BASE}/{user.id}").get_data(as_text=True)
    assert password.group(1) not in page  # shown once, never again
    assert "Tạo mới" in page and "Phạm Thị Hoa" in page  # the history macro
    audit = admin.get("/quan-tri/nhat-ky?loai=user").get_data(as_text=True)
    assert f'href="{BASE}/{user.id}"' in audit

    # The new officer signs in and is sent to choose a password before anything else.
    limiter.reset()
    newcomer = officer_app.test_client()
    assert log_in(newcomer, "hoa.chuyenvien", password.group(1)).status_code == 302
    tasks = newcomer.get("/xu-ly")
    assert tasks.status_code == 302 and tasks.headers["Location"].endswith("/tai-khoan/mat-khau")


def test_bad_input_is_explained_and_kept(officer_app: Flask, client_for: Clients) -> None:
    answer = _create(client_for("admin.ttpvhcc"), agency_id="", phone="12345")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "phải thuộc một cơ quan" in html
    assert "Số điện thoại gồm 10 chữ số" in html
    assert 'value="Phạm Thị Hoa"' in html  # nothing typed is lost


def test_a_stale_page_gets_the_reload_message(officer_app: Flask, client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    target = _user("citizen1")
    old_version = target.admin_version
    first = _post(
        admin, f"{BASE}/{target.id}/dang-xuat-moi-noi", {"dang-xuat-moi-noi-version": old_version}
    )
    assert first.status_code == 302
    second = _post(admin, f"{BASE}/{target.id}/khoa", {"khoa-version": old_version})
    assert second.status_code == 409
    assert "tải lại trang" in second.get_data(as_text=True)
    assert _user("citizen1").enabled


def test_the_admin_cannot_disable_their_own_account_from_the_page(
    officer_app: Flask, client_for: Clients
) -> None:
    me = _user("admin.ttpvhcc")
    answer = _post(
        client_for("admin.ttpvhcc"), f"{BASE}/{me.id}/khoa", {"khoa-version": me.admin_version}
    )
    assert answer.status_code == 422
    assert "chính mình" in answer.get_data(as_text=True)
    assert _user("admin.ttpvhcc").enabled


def test_the_list_searches_without_accents(officer_app: Flask, client_for: Clients) -> None:
    html = client_for("admin.ttpvhcc").get(f"{BASE}?q=can+bo+leader.congan").get_data(as_text=True)
    assert "leader.congan" in html and "leader.bhxh" not in html


CSV = (
    "username,full_name,role,agency_code,email,phone\n"
    "mai.tiepnhan,Đỗ Thị Mai,reception,{ttpvhcc},mai@example.com,0905000111\n"
    "citizen1,Cán bộ citizen1,citizen,,citizen1@example.com,\n"
    "leader.congan,Lê Văn Cường,leader,{congan},,\n"
)


def _csv(officer_app: Flask, extra: str = "") -> bytes:
    rows = db.session.execute(select(Agency.key, Agency.code))
    codes = {str(key): str(code) for key, code in rows}
    return (CSV.format(ttpvhcc=codes["ttpvhcc"], congan=codes["congan"]) + extra).encode()


def test_a_csv_import_shows_its_dry_run_then_applies_in_one_go(
    officer_app: Flask, client_for: Clients
) -> None:
    admin = client_for("admin.ttpvhcc")
    body = _csv(officer_app)
    dry = _post(admin, f"{BASE}/nhap-csv", {"tep": (io.BytesIO(body), "tk.csv")})
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200
    assert "Tạo mới: 1 · Cập nhật: 1 · Không thay đổi: 1 · Lỗi: 0" in html
    assert db.session.scalar(select(User.id).where(User.username == "mai.tiepnhan")) is None

    text = body.decode()
    applied = _post(admin, f"{BASE}/nhap-csv/ap-dung", {"noi_dung": text, "reason": "Đợt 1"})
    assert applied.status_code == 200 and "mai.tiepnhan" in applied.get_data(as_text=True)
    assert _user("mai.tiepnhan").must_change_password
    assert _user("leader.congan").full_name == "Lê Văn Cường"
    rows = db.session.scalars(select(AdminChange).where(AdminChange.action == "import")).all()
    assert len(rows) == 2 and all("Đợt 1" in (row.reason or "") for row in rows)


def test_a_csv_with_a_bad_line_lists_the_reason_and_imports_nothing(
    officer_app: Flask, client_for: Clients
) -> None:
    admin = client_for("admin.ttpvhcc")
    body = _csv(officer_app, "tam.sai,Nguyễn Văn Tâm,specialist,KHONG-CO,,\nvu,Vũ,pilot,,,\n")
    dry = _post(admin, f"{BASE}/nhap-csv", {"tep": (io.BytesIO(body), "tk.csv")})
    html = dry.get_data(as_text=True)
    assert "Lỗi: 2" in html
    assert "Không có cơ quan mã &#39;KHONG-CO&#39;." in html
    assert "Vai trò &#39;pilot&#39; không có" in html
    assert "ap-dung" not in html  # nothing to apply while a line is wrong

    forced = _post(admin, f"{BASE}/nhap-csv/ap-dung", {"noi_dung": body.decode()})
    assert forced.status_code == 422
    assert db.session.scalar(select(User.id).where(User.username == "mai.tiepnhan")) is None
