"""The complaint record page (/mot-cua/phan-anh): the unit's officers record and follow up,
supervisors read, everybody else is kept out; and what the indicators page then shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import unit_id
from tests.web.conftest import csrf_token_from
from tests.web.monitor.month_story import add_managers, build_march
from tests.web.monitor.pages import html_tables, sign_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Complaint, Dossier

PAGE = "/mot-cua/phan-anh"
MARCH = "tu=2026-03-01&den=2026-03-31"
UNIT_NAME = "Trung tâm Phục vụ hành chính công phường Quy Nhơn"


@pytest.fixture
def managers(app: Flask) -> Iterator[None]:
    limiter.reset()
    with app.app_context():
        add_managers()
    yield


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, username)
    return client


def _record(client: FlaskClient, **fields: str) -> tuple[int, str]:
    token = csrf_token_from(client.get(PAGE).get_data(as_text=True))
    data = {
        "csrf_token": token,
        "ngay_nhan": "2026-03-10",
        "kenh": "phone",
        "nguoi_gui": "Trần Văn An",
        "ma_ho_so": "",
        "noi_dung": "Cán bộ tiếp nhận hướng dẫn chưa đầy đủ.",
        "han_xu_ly": "2026-03-20",
        **fields,
    }
    response = client.post(PAGE, data=data)
    return response.status_code, response.get_data(as_text=True)


def test_an_officer_records_and_closes_a_complaint(app: Flask, managers: None) -> None:
    desk = _client(app, "reception.px_quynhon")
    page = desk.get(PAGE).get_data(as_text=True)
    assert "Ghi nhận phản ánh, kiến nghị mới" in page
    assert "Chưa có phản ánh, kiến nghị nào." in page
    status, _ = _record(desk)
    assert status == 302
    page = desk.get(PAGE).get_data(as_text=True)
    assert "Đã ghi nhận phản ánh, kiến nghị." in page
    with app.app_context():
        complaint_id = db.session.scalars(select(Complaint.id)).one()
    row = html_tables(page)["complaints"][str(complaint_id)]
    assert (row["received"], row["due"]) == ("10/03/2026", "20/03/2026")
    assert row["content"] == "Trần Văn An: Cán bộ tiếp nhận hướng dẫn chưa đầy đủ."
    assert row["status"] == "Quá hạn, chưa xử lý"  # due 20/3/2026, long past
    prefix = f"pa{complaint_id}-"
    closed = desk.post(
        f"{PAGE}/{complaint_id}",
        data={
            f"{prefix}csrf_token": csrf_token_from(page),
            f"{prefix}version": "1",
            f"{prefix}da_xac_minh": "y",
            f"{prefix}ngay_xu_ly": "2026-03-20",
            f"{prefix}ket_qua": "Đã trả lời công dân, nhắc nhở cán bộ.",
        },
    )
    assert closed.status_code == 302
    row = html_tables(desk.get(PAGE).get_data(as_text=True))["complaints"][str(complaint_id)]
    # Handled on its due date: on time; verified as founded.
    assert row["status"].startswith("Đã xác minh đúng Xử lý đúng hạn 20/03/2026")
    english = desk.get(f"{PAGE}?lang=en").get_data(as_text=True)
    assert "Record new feedback or complaint" in english
    assert "Verified as founded" in english


def test_a_wrong_complaint_is_refused_with_vietnamese_reasons(app: Flask, managers: None) -> None:
    desk = _client(app, "reception.px_quynhon")
    status, page = _record(
        desk, kenh="fax", noi_dung="", han_xu_ly="", ma_ho_so="000.00.00.H99-260310-0001"
    )
    assert status == 422
    assert "Chọn kênh tiếp nhận." in page
    assert "Nhập nội dung phản ánh, kiến nghị." in page
    assert "Nhập hạn xử lý." in page
    # The form is fine but the dossier code is not the unit's: the service says so.
    status, page = _record(desk, ma_ho_so="000.00.00.H99-260310-0001")
    assert status == 422
    assert "Không có hồ sơ mã này do đơn vị tiếp nhận." in page
    no_token = desk.post(PAGE, data={"kenh": "phone", "noi_dung": "x"})
    assert no_token.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Complaint.id)) is None


def test_supervisors_read_and_others_stay_out(app: Flask, managers: None) -> None:
    desk = _client(app, "reception.px_quynhon")
    assert _record(desk)[0] == 302
    supervisor = _client(app, "supervisor.ttpvhcc")
    with app.app_context():
        centre = unit_id("px_quynhon")
    page = supervisor.get(f"{PAGE}?don_vi={centre}").get_data(as_text=True)
    assert "Cán bộ tiếp nhận hướng dẫn chưa đầy đủ." in page
    assert "Ghi nhận phản ánh, kiến nghị mới" not in page  # read-only
    assert "Cập nhật" not in page
    token = csrf_token_from(supervisor.get("/theo-doi/chi-so").get_data(as_text=True))
    refused = supervisor.post(PAGE, data={"csrf_token": token, "noi_dung": "x"})
    assert refused.status_code == 403
    for username in ("specialist.px_quynhon", "leader.px_quynhon", "citizen1"):
        assert _client(app, username).get(PAGE).status_code == 403
    # Another centre's officer sees the own centre's (empty) record, not this one.
    other = _client(app, "reception.ttpvhcc").get(f"{PAGE}?don_vi={centre}")
    assert "Cán bộ tiếp nhận hướng dẫn chưa đầy đủ." not in other.get_data(as_text=True)


@pytest.fixture
def m2_code(app: Flask, managers: None) -> str:
    """The month of tests/web/monitor/month_story.py; M2 was processed early."""
    with app.app_context():
        dossier = db.session.get(Dossier, build_march()["M2"])
        assert dossier is not None and dossier.code
        return dossier.code


def test_a_verified_complaint_moves_indicators_seven_eight_and_766(
    app: Flask, m2_code: str
) -> None:
    desk = _client(app, "reception.px_quynhon")
    assert _record(desk, ma_ho_so=m2_code, han_xu_ly="2026-03-20")[0] == 302
    page = desk.get(PAGE).get_data(as_text=True)
    (complaint_id,) = html_tables(page)["complaints"]
    prefix = f"pa{complaint_id}-"
    desk.post(
        f"{PAGE}/{complaint_id}",
        data={
            f"{prefix}csrf_token": csrf_token_from(page),
            f"{prefix}version": "1",
            f"{prefix}da_xac_minh": "y",
            f"{prefix}ngay_xu_ly": "2026-03-23",  # after its due date, 20/3
        },
    )
    head = _client(app, "unit_head.px_quynhon")
    tables = html_tables(head.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True))
    row = tables["units"][UNIT_NAME]
    # 7: M2 was early (2) and now carries a verified complaint (0): 9 − 2 = 7 / 7 = 1.0.
    # 8: the one complaint due in March was handled late: 0 of 1 on time, 0 points.
    assert (row["c7"], row["c8"]) == ("1,0", "0,0")
    # 1.3 + 1.5 + 1.6 + 2.0 + 1.0 + 0 + 1.0 = 8.4: average (6 to under 9).
    assert (row["total"], row["classification"]) == ("8,4", "Trung bình")
    figure = tables["d766"]["100 % − tỷ lệ hồ sơ trễ hạn − tỷ lệ phản ánh, kiến nghị"]
    # 100 − 4 late / 12 − 1 complaint / 12 = 100 − 33.33 − 8.33 = 58.3.
    assert figure["value"] == "58,3"
