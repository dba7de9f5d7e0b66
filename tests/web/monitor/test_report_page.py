"""Acceptance: the hand-counted month (month_story.py) shows the same figures on the report
page, in its Excel file (read back with openpyxl) and in its CSV file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import fresh, unit_id
from tests.web.monitor.month_story import add_managers, build_march
from tests.web.monitor.pages import csv_section, html_tables, sign_in, xlsx_rows
from vpub_onestop.extensions import limiter

MARCH = "tu=2026-03-01&den=2026-03-31"
UNIT_NAME = "Trung tâm Phục vụ hành chính công phường Quy Nhơn"
SUMMARY = "Tổng hợp theo đơn vị tiếp nhận"
SHEET = "Tổng hợp"

# Counted by hand from the story (the reasons are spelled out in
# tests/services/test_stats_month.py): the commune centre's March.
EXPECTED = {
    "carried_over": 3,  # F1, F2, F5
    "received_direct": 6,  # M1, M4, M5, M7, M8, M9 (M10 voided)
    "received_online": 2,  # F4 (accepted 2/3), M3
    "received_post": 1,  # M2
    "received": 9,
    "to_process": 12,
    "early": 4,  # F1, M2, M9, and M4 thanks to the excluded supplement interval
    "on_time": 1,  # M1
    "late": 2,  # F2, M3
    "processed": 7,
    "pending_within": 1,  # M8
    "pending_overdue": 2,  # F4, F5
    "in_supplement": 1,  # M5: its date passed while the applicant owed documents
    "stopped": 1,  # M7
    "refused": 1,  # M6
}
RATIO_PAGE = "66,7 %"  # 100 % − (2 + 2) / 12
HEADERS = {
    "carried_over": "Tồn kỳ trước",
    "received_direct": "Tiếp nhận trực tiếp",
    "received_online": "Tiếp nhận trực tuyến",
    "received_post": "Tiếp nhận qua bưu chính",
    "received": "Tổng tiếp nhận trong kỳ",
    "to_process": "Tổng số phải giải quyết",
    "early": "Đã giải quyết trước hạn",
    "on_time": "Đã giải quyết đúng hạn",
    "late": "Đã giải quyết quá hạn",
    "processed": "Tổng đã giải quyết",
    "pending_within": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
    "in_supplement": "Chờ bổ sung hồ sơ",
    "stopped": "Dừng xử lý, rút hồ sơ",
    "refused": "Từ chối tiếp nhận",
}


@pytest.fixture
def story(app: Flask) -> Iterator[dict[str, int]]:
    limiter.reset()
    with app.app_context():
        add_managers()
        yield build_march()


@pytest.fixture
def head(app: Flask, story: dict[str, int]) -> FlaskClient:
    client = app.test_client()
    sign_in(client, "unit_head.px_quynhon")
    return client


def test_the_page_shows_the_hand_counted_month(head: FlaskClient) -> None:
    page = head.get(f"/theo-doi/bao-cao?{MARCH}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    summary = html_tables(html)["units"]
    for row in (UNIT_NAME, "total"):
        shown = summary[row]
        assert {key: int(shown[key]) for key in EXPECTED} == EXPECTED
        assert shown["on_time_ratio"] == RATIO_PAGE
    assert 'data-chart="monthly"' in html  # the page leads with its charts
    assert html.index('data-chart="monthly"') < html.index('id="table-units"')


def test_the_excel_file_holds_the_same_figures(head: FlaskClient) -> None:
    response = head.get(f"/theo-doi/bao-cao.xlsx?{MARCH}")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "bao-cao-20260301-20260331.xlsx" in response.headers["Content-Disposition"]
    for label in (UNIT_NAME, "Tổng cộng"):
        row = xlsx_rows(response.data, SHEET, label)
        assert {key: row[HEADERS[key]] for key in EXPECTED} == EXPECTED
        assert row["Tỷ lệ đúng hạn (%)"] == pytest.approx(66.7)


def test_the_csv_file_holds_the_same_figures(head: FlaskClient) -> None:
    response = head.get(f"/theo-doi/bao-cao.csv?{MARCH}")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM that lets Excel read UTF-8
    header, *rows = csv_section(response.data, SUMMARY)
    for label in (UNIT_NAME, "Tổng cộng"):
        line = dict(zip(header, next(r for r in rows if r[0] == label), strict=True))
        assert {key: int(line[HEADERS[key]]) for key in EXPECTED} == EXPECTED
        assert line["Tỷ lệ đúng hạn (%)"] == "66.7"


def test_the_other_sheets_break_the_month_down(head: FlaskClient) -> None:
    content = head.get(f"/theo-doi/bao-cao.xlsx?{MARCH}").data
    # By procedure: the marriage registrations are 7 of the 9 received (F4 is a residence
    # registration, M3 the birth bundle); M3 is the one late birth bundle.
    marriage = xlsx_rows(content, "Theo thủ tục", "1.000894 – Đăng ký kết hôn")
    assert marriage["Tổng tiếp nhận trong kỳ"] == 7
    bundle = xlsx_rows(
        content,
        "Theo thủ tục",
        "LT.KS-TT-BHYT – Liên thông: Đăng ký khai sinh – Đăng ký thường trú – Cấp thẻ BHYT"
        " cho trẻ em dưới 6 tuổi",
    )
    assert (bundle["Đã giải quyết quá hạn"], bundle["Tổng tiếp nhận trong kỳ"]) == (1, 1)
    # Steps: the police finished its share of M3 early and holds F4 and F5 overdue.
    police = xlsx_rows(content, "Theo cơ quan xử lý", "Công an tỉnh Gia Lai")
    assert (police["Trước hạn"], police["Đang xử lý quá hạn"]) == (1, 2)


def test_a_figure_leads_to_the_dossiers_behind_it(head: FlaskClient, story: dict[str, int]) -> None:
    html = head.get(f"/theo-doi/bao-cao?{MARCH}").get_data(as_text=True)
    link = f"/theo-doi/ho-so?loai=pending_overdue&amp;{MARCH.replace('&', '&amp;')}"
    assert link in html
    listing = head.get(f"/theo-doi/ho-so?loai=pending_overdue&{MARCH}").get_data(as_text=True)
    with head.application.app_context():
        codes = {name: fresh(story[name]).code for name in ("F4", "F5", "M8")}
    assert codes["F4"] in listing and codes["F5"] in listing
    assert codes["M8"] not in listing  # within time
    assert "Tổng số: 2" in listing
    exported = head.get(f"/theo-doi/ho-so.csv?loai=pending_overdue&{MARCH}").data
    assert exported.decode("utf-8-sig").count("000.01.31.H21-") == 2


def test_a_unit_head_sees_only_the_own_unit(head: FlaskClient, app: Flask) -> None:
    with app.app_context():
        other = unit_id("ttpvhcc")
    html = head.get(f"/theo-doi/bao-cao?{MARCH}&don_vi={other}").get_data(as_text=True)
    summary = html_tables(html)["units"]
    assert list(summary) == [UNIT_NAME, "total"]  # the provincial centre's P1 stays out
    assert 'name="don_vi"' not in html  # no unit to choose


def test_a_supervisor_sees_the_province_and_may_pick_a_unit(
    app: Flask, story: dict[str, int]
) -> None:
    client = app.test_client()
    sign_in(client, "supervisor.ttpvhcc")
    summary = html_tables(client.get(f"/theo-doi/bao-cao?{MARCH}").get_data(as_text=True))["units"]
    # P1 at the provincial centre: one more counter receipt, one more overdue dossier;
    # 100 % − (2 + 3) / 13 = 61.5 %.
    assert summary["total"]["received"] == "10"
    assert summary["total"]["on_time_ratio"] == "61,5 %"
    with app.app_context():
        province = unit_id("ttpvhcc")
    one = client.get(f"/theo-doi/bao-cao?{MARCH}&don_vi={province}").get_data(as_text=True)
    assert html_tables(one)["units"]["total"]["pending_overdue"] == "1"


def test_filters_by_channel_and_field_narrow_the_figures(head: FlaskClient) -> None:
    online = html_tables(head.get(f"/theo-doi/bao-cao?{MARCH}&kenh=online").get_data(as_text=True))
    assert online["units"]["total"]["received"] == "2"  # F4 and M3
    field = "Đăng ký, quản lý cư trú"
    query = {"tu": "2026-03-01", "den": "2026-03-31", "linh_vuc": field}
    residence = html_tables(
        head.get("/theo-doi/bao-cao", query_string=query).get_data(as_text=True)
    )
    assert residence["units"]["total"]["carried_over"] == "1"  # F5
    assert residence["units"]["total"]["received"] == "1"  # F4


def test_a_wrong_period_is_explained_next_to_the_field(head: FlaskClient) -> None:
    page = head.get("/theo-doi/bao-cao?tu=2026-03-31&den=2026-03-01")
    assert page.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page.get_data(as_text=True)
    bad = head.get("/theo-doi/bao-cao?tu=31-02-2026").get_data(as_text=True)
    assert "Ngày không hợp lệ." in bad


@pytest.mark.parametrize(
    "path",
    [
        "/theo-doi",
        "/theo-doi/bao-cao",
        "/theo-doi/chi-so",
        "/theo-doi/hai-long",
        "/theo-doi/ho-so?loai=overdue",
        "/theo-doi/bao-cao.xlsx",
    ],
)
@pytest.mark.parametrize("username", ["reception.px_quynhon", "specialist.congan", "citizen1"])
def test_only_managers_get_in(app: Flask, path: str, username: str) -> None:
    limiter.reset()
    client = app.test_client()
    sign_in(client, username)
    assert client.get(path).status_code == 403


def test_visitors_are_sent_to_the_login_page(app: Flask) -> None:
    limiter.reset()
    response = app.test_client().get("/theo-doi/bao-cao")
    assert response.status_code == 302
    assert "/dang-nhap" in response.headers["Location"]


def test_an_unknown_list_or_file_type_is_not_found(head: FlaskClient) -> None:
    assert head.get("/theo-doi/ho-so?loai=everything").status_code == 404
    assert head.get("/theo-doi/bao-cao.pdf").status_code == 404
