"""Circular 01 scores, Decision 766 figures and the manually entered indicators, on the
hand-counted month (month_story.py) with four ratings (which indicator 7 does not read)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.services.support import local, unit_id
from tests.web.conftest import csrf_token_from
from tests.web.monitor.month_story import add_managers, build_march
from tests.web.monitor.pages import html_tables, sign_in, xlsx_rows
from tests.web.officer.conftest import IsolatedClient
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import ManualIndicator, Rating, RatingAnswer

MARCH = "tu=2026-03-01&den=2026-03-31"
UNIT_NAME = "Trung tâm Phục vụ hành chính công phường Quy Nhơn"


def _rate(dossier_id: int, attitude: int) -> None:
    db.session.add(
        Rating(
            dossier_id=dossier_id,
            receiving_unit_id=unit_id("px_quynhon"),
            rated_at=local(2026, 3, 25, 10),
            answers=[RatingAnswer(criterion="attitude", score=attitude)],
        )
    )
    db.session.commit()


@pytest.fixture
def story(app: Flask) -> Iterator[dict[str, int]]:
    limiter.reset()
    with app.app_context():
        add_managers()
        ids = build_march()
        # Ratings feed the satisfaction share (3 of 4 satisfied); indicator 7 ignores them.
        for name, score in (("M1", 3), ("M2", 2), ("F2", 1), ("M8", 3)):
            _rate(ids[name], score)
        yield ids


@pytest.fixture
def head(app: Flask, story: dict[str, int]) -> FlaskClient:
    client = app.test_client()
    sign_in(client, "unit_head.px_quynhon")
    return client


def test_the_unit_scores_follow_the_processed_dossiers(head: FlaskClient) -> None:
    units = html_tables(head.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True))["units"]
    row = units[UNIT_NAME]
    # Seven dossiers processed in March (F1, F2, M1, M2, M3, M4, M9); averages are rounded
    # to one decimal, half up:
    # 1: 4 early (F1, M2, M4, M9) × 2 + M1 on its due day × 1 + 2 late × 0 = 9 / 7 = 1.29 -> 1.3
    # 2: per step, the dossier's mean: F1 2, F2 0, M1 1 (its one step approved on its due
    #    day, Mon 9/3), M2 2, M3 (centre early 2, police early 2, insurance late 0) 4/3,
    #    M4 2, M9 2: 10 1/3 / 7 = 1.476 -> 1.5
    # 3: no supplement request 2 (five dossiers), one (M4) 1, two (M9) 0: 11 / 7 -> 1.6
    # 4: one agency to deal with, the one-stop unit: 2
    # 7: no complaint recorded, so the timeliness alone: 2 early, 1 on time, 0 late = 9 / 7
    #    -> 1.3; the ratings the applicants gave play no part.
    # 8: no complaint due in March: nothing handled late, 2.
    # 9: every current procedure is offered online (100 % >= 20 %); 2 of the 9 received
    #    were online (22.2 %): in the 15-30 % band, 1 point.
    # 5, 6 not entered yet: empty, 0 points.
    assert [row[f"c{n}"] for n in range(1, 10)] == [
        "1,3",
        "1,5",
        "1,6",
        "2,0",
        "—",
        "—",
        "1,3",
        "2,0",
        "1,0",
    ]
    assert row["dossiers"] == "7"
    # 1.3 + 1.5 + 1.6 + 2.0 + 1.3 + 2.0 + 1.0 = 10.7: fair (9 to under 12).
    assert row["total"] == "10,7"
    assert row["classification"] == "Khá"


def test_each_officer_is_scored_on_the_dossiers_of_the_officer(head: FlaskClient) -> None:
    officers = html_tables(head.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True))["officers"]
    specialist = officers["Cán bộ specialist.px_quynhon"]
    # The centre's specialist worked the centre's step of the same seven dossiers: own steps
    # F1 2, F2 0, M1 1 (on the due day), M2 2, M3 2, M4 2, M9 2 = 11 / 7 -> 1.6.
    # Total 1.3 + 1.6 + 1.6 + 2.0 + 1.3 = 7.8: at least 5, duties done in full.
    assert (specialist["c1"], specialist["c2"], specialist["c7"]) == ("1,3", "1,6", "1,3")
    assert (specialist["total"], specialist["completes"]) == ("7,8", "Hoàn thành 100 % nhiệm vụ")
    # Social insurance had one dossier, M3, late by its own step: 0 + 0 + 2 + 2 + 0 (late,
    # indicator 7) = 4.0: from 3.5 to under 5.
    insurance = officers["Cán bộ specialist.bhxh"]
    assert (insurance["dossiers"], insurance["total"], insurance["completes"]) == (
        "1",
        "4,0",
        "Hoàn thành từ 70 % đến dưới 100 %",
    )
    # The counter officer received all seven and worked no step: indicator 2 is the whole
    # route's, as for the unit (1.5). 1.3 + 1.5 + 1.6 + 2.0 + 1.3 = 7.7.
    desk = officers["Cán bộ reception.px_quynhon"]
    assert (desk["dossiers"], desk["c2"], desk["total"]) == ("7", "1,5", "7,7")


def test_decision_766_figures_say_how_complete_they_are(head: FlaskClient) -> None:
    figures = html_tables(head.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True))["d766"]
    # M9's two supplement requests make it late: (4 early + 1 on time − 1) / 7 = 57.1 %.
    share = figures["Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (bổ sung quá 1 lần tính quá hạn)"]
    assert (share["value"], share["status"]) == ("57,1", "đầy đủ")
    # Calendar days from receipt to result, the supplement waits left out: F1 6.04, F2 10.83,
    # M1 7.25, M2 0.96, M3 6.04, M4 14.21 − 6.96 (Tue 10/3 10:00 to Tue 17/3 09:00) = 7.25,
    # M9 10.00 − 1 − 1 (two one-day waits) = 8.00: 46.375 / 7 = 6.625 -> 6.6.
    average = figures["Thời gian giải quyết trung bình một hồ sơ"]
    assert (average["value"], average["unit"]) == ("6,6", "ngày")
    assert figures["Tỷ lệ thanh toán trực tuyến"]["status"] == "chưa có dữ liệu"  # none paid
    online = figures["Tỷ lệ hồ sơ tiếp nhận trực tuyến"]
    assert online["value"] == "22,2"  # F4 and M3 of 9, for reference
    # Decision 766 counts an online dossier with a paper result only with its electronic
    # result: M3, the one online dossier processed, has none attached: 0 of 7.
    e_result = figures["Tỷ lệ hồ sơ trực tuyến có kết quả điện tử (Quyết định 766)"]
    assert e_result["value"] == "0,0"
    assert figures["Tỷ lệ thủ tục cung cấp trực tuyến toàn trình"]["value"] == "50,0"  # 4 of 8
    # Satisfaction group: 100 % − late rate − complaint rate. To process: 3 carried over
    # (F1, F2, F5) + 9 received = 12; late: F2, M3 processed late, F4, F5 overdue = 4;
    # no complaint: 100 − 33.3 − 0 = 66.7, under 90 %.
    late_free = figures["100 % − tỷ lệ hồ sơ trễ hạn − tỷ lệ phản ánh, kiến nghị"]
    assert (late_free["value"], late_free["status"]) == ("66,7", "đầy đủ")
    assert "chưa đạt" in late_free["note"]
    assert figures["Tỷ lệ đánh giá hài lòng, rất hài lòng"]["value"] == "75,0"  # 3 of 4
    content = head.get(f"/theo-doi/chi-so.xlsx?{MARCH}").data
    row = xlsx_rows(content, "Quyết định 766", "Tỷ lệ hồ sơ tiếp nhận trực tuyến")
    assert (row["Giá trị"], row["Mức độ dữ liệu"]) == (pytest.approx(22.2), "đầy đủ")
    text = head.get(f"/theo-doi/chi-so.csv?{MARCH}").data.decode("utf-8-sig")
    assert "Tỷ lệ thanh toán trực tuyến,Nhóm 3 – Dịch vụ trực tuyến,,%,chưa có dữ liệu" in text
    times = html_tables(head.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True))["times"]
    # 1.000894: F1, F2, M1, M2, M4, M9 = 6.04 + 10.83 + 7.25 + 0.96 + 7.25 + 8.00 = 40.33
    # days / 6 = 6.7; the birth bundle M3: 6.0.
    assert times["1.000894 – Đăng ký kết hôn"]["average_days"] == "6,7"


def _manual_form(client: FlaskClient, query: str = MARCH) -> dict[str, str]:
    """The hidden fields of the manual-entry form as the page shows them."""
    page = client.get(f"/theo-doi/chi-so?{query}").get_data(as_text=True)
    assert "Nhập thủ công chỉ số 5, 6" in page
    version = re.search(r'name="version" type="hidden" value="([^"]+)"', page)
    assert version, "the form carries the version of the entries it shows"
    return {"csrf_token": csrf_token_from(page), "version": version.group(1)}


def test_a_manager_enters_and_edits_a_manual_indicator(head: FlaskClient, app: Flask) -> None:
    saved = head.post(
        f"/theo-doi/chi-so/nhap?{MARCH}",
        data={**_manual_form(head), "chi_so": "c5", "diem": "2", "ghi_chu": "Biên bản kiểm tra"},
    )
    assert saved.status_code == 302
    page = head.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu chỉ số nhập thủ công." in page
    row = html_tables(page)["units"][UNIT_NAME]
    # 10.7 + 2 = 12.7: good (12 to under 15).
    assert (row["c5"], row["total"], row["classification"]) == ("2,0", "12,7", "Tốt")
    head.post(
        f"/theo-doi/chi-so/nhap?{MARCH}",
        data={**_manual_form(head), "chi_so": "c5", "diem": "1", "ghi_chu": ""},
    )
    row = html_tables(head.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True))["units"]
    assert row[UNIT_NAME]["c5"] == "1,0"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ManualIndicator)) == 1


def test_a_wrong_manual_entry_is_refused_with_the_reason(head: FlaskClient) -> None:
    wrong = head.post(
        f"/theo-doi/chi-so/nhap?{MARCH}",
        data={**_manual_form(head), "chi_so": "c1", "diem": "5", "ghi_chu": "x" * 501},
    )
    assert wrong.status_code == 422
    text = wrong.get_data(as_text=True)
    assert "Chọn 0, 1 hoặc 2 điểm." in text
    assert "Chỉ nhập thủ công các chỉ số 5 và 6." in text
    assert "Tối đa 500 ký tự." in text
    no_token = head.post(f"/theo-doi/chi-so/nhap?{MARCH}", data={"chi_so": "c5", "diem": "2"})
    assert no_token.status_code == 400


def test_an_entry_made_by_another_manager_since_the_page_opened_is_not_overwritten(
    app: Flask, head: FlaskClient
) -> None:
    opened = _manual_form(head)  # the centre's head opens the page
    # A second person: requests in their own application context, as on a real server.
    supervisor = IsolatedClient(app, app.response_class, use_cookies=True)
    sign_in(supervisor, "supervisor.ttpvhcc")
    with app.app_context():
        centre = unit_id("px_quynhon")
    # Meanwhile the province's supervisor enters indicator 5 for the same centre and month.
    by_supervisor = supervisor.post(
        f"/theo-doi/chi-so/nhap?{MARCH}&don_vi={centre}",
        data={**_manual_form(supervisor, f"{MARCH}&don_vi={centre}"), "chi_so": "c5", "diem": "2"},
    )
    assert by_supervisor.status_code == 302

    stale = head.post(
        f"/theo-doi/chi-so/nhap?{MARCH}", data={**opened, "chi_so": "c5", "diem": "0"}
    )

    assert stale.status_code == 409
    assert "Lãnh đạo supervisor.ttpvhcc" in stale.get_data(as_text=True)
    without_version = head.post(
        f"/theo-doi/chi-so/nhap?{MARCH}",
        data={**_manual_form(head), "version": "", "chi_so": "c5", "diem": "0"},
    )
    assert without_version.status_code == 428
    with app.app_context():
        assert db.session.scalars(select(ManualIndicator.points)).all() == [2]


def test_only_a_manager_of_the_unit_may_enter(app: Flask, story: dict[str, int]) -> None:
    supervisor = app.test_client()
    sign_in(supervisor, "supervisor.ttpvhcc")
    province = supervisor.get(f"/theo-doi/chi-so?{MARCH}").get_data(as_text=True)
    assert "Nhập thủ công chỉ số 5, 6" not in province  # choose a unit first
    token = csrf_token_from(province)
    refused = supervisor.post(
        f"/theo-doi/chi-so/nhap?{MARCH}", data={"csrf_token": token, "chi_so": "c5", "diem": "2"}
    )
    assert refused.status_code == 403
    with app.app_context():
        centre = unit_id("px_quynhon")
    one = supervisor.get(f"/theo-doi/chi-so?{MARCH}&don_vi={centre}").get_data(as_text=True)
    assert "Nhập thủ công chỉ số 5, 6" in one
