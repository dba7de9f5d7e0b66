"""The administrator's webhook pages: subscribe a system (the secret shown once), a bad
address named in Vietnamese with the input kept, other roles kept out, two admins pausing
at once (one wins, the other is told to reload), and the delivery log of a failing
receiver."""

from __future__ import annotations

import re

from flask import Flask

from tests.conftest import free_port
from tests.services.support import actor, counter_receipt, procedure_id
from tests.web.officer.conftest import PASSWORD, Clients, form_for, submit
from vpub_onestop.domain.roles import Role
from vpub_onestop.services import outbox
from vpub_onestop.services.accounts import create_user

INDEX = "/quan-tri/webhook"


def _subscribe(client_for: Clients, url: str, name: str = "Cổng DVC tỉnh") -> tuple[str, str]:
    """Subscribe from the page; the detail page's address and the secret it shows."""
    answer = submit(
        client_for("admin.ttpvhcc"),
        INDEX,
        INDEX,
        {"ten_he_thong": name, "dia_chi": url, "bo_loc": "*"},
    )
    assert answer.status_code == 201
    html = answer.get_data(as_text=True)
    secret = re.search(r'id="webhook-secret"[^>]*>([^<]+)<', html)
    action = re.search(r'action="(/quan-tri/webhook/\d+)/trang-thai"', html)
    assert secret and action
    return action.group(1), secret.group(1)


def test_the_admin_subscribes_a_system_and_reads_its_secret_once(
    officer_app: Flask, client_for: Clients
) -> None:
    detail, secret = _subscribe(client_for, "https://dvc.gialai.gov.vn/hooks/vpub")
    assert len(secret) >= 40
    listing = client_for("admin.ttpvhcc").get(INDEX).get_data(as_text=True)
    assert "Cổng DVC tỉnh" in listing and "https://dvc.gialai.gov.vn/hooks/vpub" in listing
    # The detail page, opened again, no longer shows it.
    again = client_for("admin.ttpvhcc").get(detail).get_data(as_text=True)
    assert secret not in again and "webhook-secret" not in again


def test_a_bad_address_is_named_and_the_typing_kept(
    officer_app: Flask, client_for: Clients
) -> None:
    answer = submit(
        client_for("admin.ttpvhcc"),
        INDEX,
        INDEX,
        {"ten_he_thong": "Ứng dụng di động", "dia_chi": "dvc.gialai.gov.vn", "bo_loc": "x:99"},
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "Địa chỉ nhận phải là một URL http:// hoặc https:// đầy đủ." in html
    assert "Bộ lọc sự kiện không hợp lệ ở “x”" in html
    assert 'value="Ứng dụng di động"' in html and 'value="dvc.gialai.gov.vn"' in html


def test_other_roles_are_kept_out(officer_app: Flask, client_for: Clients) -> None:
    for username in ("leader.px_quynhon", "reception.ttpvhcc", "supervisor.ttpvhcc"):
        assert client_for(username).get(INDEX).status_code == 403
    assert client_for("admin.ttpvhcc").get(f"{INDEX}/999").status_code == 404


def test_two_admins_pausing_at_once_one_wins_the_other_reloads(
    officer_app: Flask, client_for: Clients
) -> None:
    create_user("admin.hai", PASSWORD, "Quản trị viên Hai", Role.ADMIN, agency_key="ttpvhcc")
    detail, _ = _subscribe(client_for, "https://app.example.vn/hook")
    action = f"{detail}/trang-thai"
    first, second = client_for("admin.ttpvhcc"), client_for("admin.hai")
    first_form = form_for(first.get(detail).get_data(as_text=True), action)
    second_form = form_for(second.get(detail).get_data(as_text=True), action)
    assert first_form and second_form

    assert first.post(action, data=first_form).status_code == 302
    late = second.post(action, data=second_form)

    assert late.status_code == 409
    assert "vừa được người khác thay đổi" in late.get_data(as_text=True)
    page = first.get(detail).get_data(as_text=True)
    assert "Tạm dừng" in page and "Tiếp tục gửi" in page  # paused once, not toggled back
    # The admin audit, shown on the page: the creation and the one pause that won.
    history = page.split("Lịch sử thay đổi", 1)[1]
    assert history.count("Tạo mới") == 1 and history.count("<strong>Sửa</strong>") == 1
    assert "· admin.ttpvhcc" in history and "admin.hai" not in history
    assert "secret" not in history.lower()


def test_the_log_shows_a_failed_try_and_when_the_next_comes(
    officer_app: Flask, client_for: Clients
) -> None:
    # Nothing listens on this port: the connection is refused.
    detail, _ = _subscribe(client_for, f"http://127.0.0.1:{free_port()}/hook")
    dossier = counter_receipt(actor("reception.px_quynhon"), procedure_id("1.000894"))
    outbox.deliver_pending()
    html = client_for("admin.ttpvhcc").get(detail).get_data(as_text=True)
    row = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert row and dossier.code and dossier.code in row.group(1)
    assert "Gửi lỗi" in row.group(1)
    # Tried at 08:00 on 2/3/2026 (the frozen clock); the next try a minute later.
    assert "08:01 02/03/2026" in row.group(1)
