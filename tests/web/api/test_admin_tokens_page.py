"""`/quan-tri/api`: the administrator makes a system client's token (shown once on the
answer, never again), sees the list, revokes one; bad input keeps what was typed and
names the field; nobody but an administrator gets in; every form carries a CSRF token."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.web.api.conftest import bearer, problem
from tests.web.conftest import csrf_token_from, log_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Agency

PASSWORD = "password-123"


def _signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    limiter.reset()
    assert log_in(client, username, PASSWORD).status_code == 302
    return client


def _agency_id(key: str) -> int:
    agency_id = db.session.query(Agency.id).filter_by(key=key).scalar()
    db.session.rollback()
    return int(agency_id)


def made_on_the_page(admin: FlaskClient, agency: str, *operations: str) -> tuple[str, str]:
    """The answer page and the secret it shows once, for a token the administrator makes
    on /quan-tri/api for `agency` with `operations`, valid 30 days."""
    html = admin.get("/quan-tri/api").get_data(as_text=True)
    made = admin.post(
        "/quan-tri/api",
        data={
            "csrf_token": csrf_token_from(html),
            "ten": "Cổng dịch vụ công tỉnh",
            "co_quan": str(_agency_id(agency)),
            "thao_tac": list(operations),
            "so_ngay": "30",
        },
    )
    assert made.status_code == 201, made.get_data(as_text=True)
    answer = made.get_data(as_text=True)
    return answer, answer.split('id="new-token">')[1].split("<")[0]


def test_the_administrator_makes_a_token_that_is_shown_once_and_works(
    api_app: Flask, api: FlaskClient
) -> None:
    admin = _signed_in(api_app, "admin.ttpvhcc")
    page = admin.get("/quan-tri/api")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Cấp mã truy cập mới" in html and "Chưa cấp mã nào." in html
    answer, secret = made_on_the_page(admin, "px_quynhon", "procedures:read", "stats:read")
    assert secret.startswith("vpub_")
    # 30 days from Mon 2/3/2026: Wed 1/4/2026.
    assert "hết hạn 01/04/2026" in answer
    assert api.get("/api/v1/procedures", headers=bearer(secret)).status_code == 200
    listed = admin.get("/quan-tri/api").get_data(as_text=True)
    assert "Cổng dịch vụ công tỉnh" in listed and secret not in listed
    assert "Trung tâm Phục vụ hành chính công phường Quy Nhơn" in listed

    revoke_page = admin.get("/quan-tri/api").get_data(as_text=True)
    revoked = admin.post(
        "/quan-tri/api/1/thu-hoi", data={"csrf_token": csrf_token_from(revoke_page)}
    )
    assert revoked.status_code == 302
    after = admin.get("/quan-tri/api").get_data(as_text=True)
    assert "Đã thu hồi mã truy cập #1." in after and "Đã thu hồi 02/03/2026" in after
    # The admin audit keeps both acts, by whom, and never the secret nor its digest.
    assert "Lịch sử mã truy cập #1" in after
    history = after.split("Lịch sử mã truy cập #1")[1]
    assert history.count("admin.ttpvhcc") == 2 and "Thu hồi" in history and "Tạo mới" in history
    audit = admin.get("/quan-tri/nhat-ky").get_data(as_text=True)
    assert "Mã truy cập API" in audit
    assert secret not in audit and secret[:20] not in audit
    problem(api.get("/api/v1/procedures", headers=bearer(secret)), 401)
    # A second administrator, on the page opened before the first revoked it, is told.
    other_tab = admin.post(
        "/quan-tri/api/1/thu-hoi", data={"csrf_token": csrf_token_from(revoke_page)}
    )
    assert other_tab.status_code == 302
    told = admin.get("/quan-tri/api").get_data(as_text=True)
    assert "Mã truy cập #1 đã được thu hồi lúc 08:00 02/03/2026, trước thao tác của bạn." in told


def test_bad_input_is_named_and_kept(api_app: Flask) -> None:
    admin = _signed_in(api_app, "admin.ttpvhcc")
    html = admin.get("/quan-tri/api").get_data(as_text=True)
    answer = admin.post(
        "/quan-tri/api",
        data={
            "csrf_token": csrf_token_from(html),
            "ten": "Ứng dụng di động của tỉnh",
            "co_quan": str(_agency_id("congan")),
            "so_ngay": "400",
        },
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "Chọn ít nhất một thao tác." in page and "Từ 1 đến 366 ngày." in page
    assert 'value="Ứng dụng di động của tỉnh"' in page


def test_only_an_administrator_gets_in_and_forms_need_their_csrf_token(api_app: Flask) -> None:
    for username in ("unit_head.px_quynhon", "citizen1"):
        assert _signed_in(api_app, username).get("/quan-tri/api").status_code == 403
    assert api_app.test_client().get("/quan-tri/api").status_code == 302  # to sign in
    api_app.config["WTF_CSRF_ENABLED"] = True
    admin = _signed_in(api_app, "admin.ttpvhcc")
    forged = admin.post(
        "/quan-tri/api",
        data={"ten": "X", "co_quan": str(_agency_id("congan")), "thao_tac": ["stats:read"]},
    )
    assert forged.status_code == 400
    assert "vpub_" not in forged.get_data(as_text=True)
