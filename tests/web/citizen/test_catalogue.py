"""The public catalogue: accent-insensitive search, filters, and a procedure's page."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.citizen.conftest import text

BIRTH = "Đăng ký khai sinh"
BIRTH_GROUP = (
    "Liên thông: Đăng ký khai sinh – Đăng ký thường trú – Cấp thẻ BHYT cho trẻ em dưới 6 tuổi"
)


def _names(page: str) -> list[str]:
    return re.findall(r'class="fw-semibold procedure-link" href="[^"]+">([^<]+)</a>', page)


@pytest.mark.parametrize(
    "query", ["khai sinh", "KHAI SINH", "Khai Sinh", "khai sinh ", "dang ky khai sinh"]
)
def test_search_ignores_case_and_diacritics(client: FlaskClient, query: str) -> None:
    names = _names(text(client.get("/thu-tuc", query_string={"q": query})))
    assert sorted(names) == sorted([BIRTH, BIRTH_GROUP])


def test_search_without_accents_finds_the_certification_procedures(client: FlaskClient) -> None:
    names = _names(text(client.get("/thu-tuc", query_string={"q": "chung thuc"})))
    assert sorted(names) == [
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
    ]


def test_an_exact_code_comes_first(client: FlaskClient) -> None:
    # "1.001193" is the birth registration's code; the group procedure mentions khai sinh too
    names = _names(text(client.get("/thu-tuc", query_string={"q": "1.001193"})))
    assert names[0] == BIRTH
    names = _names(text(client.get("/thu-tuc", query_string={"q": "2.000884"})))
    assert names == ["Chứng thực chữ ký trong các giấy tờ, văn bản"]


def test_a_query_with_like_wildcards_matches_them_literally(client: FlaskClient) -> None:
    page = text(client.get("/thu-tuc", query_string={"q": "%"}))
    assert _names(page) == [] and "Tìm thấy 0 thủ tục." in page


def test_filters_by_level_online_level_field_and_agency(app: Flask, client: FlaskClient) -> None:
    province = _names(text(client.get("/thu-tuc", query_string={"cap": "province"})))
    assert sorted(province) == [
        "Đăng ký biến động đất đai do thay đổi ranh giới làm tăng diện tích thửa đất",
        "Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý",
    ]
    partial_land = _names(
        text(client.get("/thu-tuc", query_string={"linh_vuc": "Đất đai", "truc_tuyen": "partial"}))
    )
    assert partial_land == [
        "Đăng ký biến động đất đai do thay đổi ranh giới làm tăng diện tích thửa đất"
    ]
    page = text(client.get("/thu-tuc"))
    police = re.search(r'<option value="(\d+)">Công an tỉnh Gia Lai</option>', page)
    assert police, "the police appear among the agencies to filter by"
    by_police = _names(text(client.get("/thu-tuc", query_string={"co_quan": police.group(1)})))
    assert sorted(by_police) == sorted(["Đăng ký thường trú", BIRTH_GROUP])


def test_an_agency_filter_that_is_no_agency_id_shows_the_whole_catalogue(
    client: FlaskClient,
) -> None:
    """A superscript "²" passed str.isdigit() and broke int() (a 500); an id past the
    column's range would reach PostgreSQL. Both are no filter at all."""
    everything = sorted(_names(text(client.get("/thu-tuc"))))
    for value in ("²", "١٢", "2147483648", "99999999999"):
        response = client.get("/thu-tuc", query_string={"co_quan": value})
        assert response.status_code == 200, value
        assert sorted(_names(text(response))) == everything, value


def test_the_procedure_page_explains_documents_fees_route_and_offers_online_submission(
    client: FlaskClient,
) -> None:
    page = text(client.get("/thu-tuc/2.000815"))
    assert "Chứng thực bản sao từ bản chính giấy tờ, văn bản" in page
    assert "Bản chính giấy tờ, văn bản cần chứng thực" in page and "Bản chính: 1" in page
    assert "Trong ngày" in page
    # the tiered fee, with its worked example (2 pages at 2.000 ₫, then 1.000 ₫ a page)
    assert "2.000 ₫/trang cho 2 trang đầu" in page
    assert "từ trang thứ 3 trở đi: 1.000 ₫/trang" in page
    assert "tối đa 200.000 ₫ cho mỗi bản" in page
    assert "Ví dụ: một bản 5 trang = 2 × 2.000 ₫ + 3 × 1.000 ₫ = 7.000 ₫" in page
    assert "Bộ phận Một cửa nơi tiếp nhận hồ sơ" in page
    assert 'href="/thu-tuc/2.000815/nop-truc-tuyen"' in page and "Nộp trực tuyến" in page


def test_an_inter_agency_route_lists_each_agency_with_its_share(client: FlaskClient) -> None:
    page = text(client.get("/thu-tuc/LT.KS-TT-BHYT"))
    assert "Các cơ quan sau xử lý song song:" in page
    for line in (
        "Công an tỉnh Gia Lai</span>: Đăng ký thường trú — 2 ngày làm việc",
        "Bảo hiểm xã hội tỉnh Gia Lai</span>: Cấp thẻ BHYT — 2 ngày làm việc",
    ):
        assert line in page
    assert "Không thu phí, lệ phí." in page


def test_an_unknown_procedure_is_not_found(client: FlaskClient) -> None:
    assert client.get("/thu-tuc/9.999999").status_code == 404


def test_the_catalogue_links_the_next_page_when_results_overflow(
    app: Flask, client: FlaskClient
) -> None:
    app.config["CATALOGUE_PER_PAGE"] = 3  # the demo catalogue has 8 procedures
    first = text(client.get("/thu-tuc"))
    third = text(client.get("/thu-tuc", query_string={"trang": "3"}))
    assert len(_names(first)) == 3 and len(_names(third)) == 2
    assert "trang=2" in first
