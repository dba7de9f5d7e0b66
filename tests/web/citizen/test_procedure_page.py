"""What a citizen reads on a procedure page before going to the counter: the legal basis
and conditions, where to go and when (address, phone, opening hours of the counters that
take the procedure in), the blank forms to print, and whether the figures are only
illustrative."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.web.citizen.conftest import text
from tests.web.slips.conftest import pdf_text

COMMUNE_COUNTER = "Trung tâm Phục vụ hành chính công phường Quy Nhơn"
PROVINCE_COUNTER = "Trung tâm Phục vụ hành chính công tỉnh Gia Lai"
ILLUSTRATIVE = "Số liệu minh họa"


def test_the_page_shows_legal_basis_conditions_and_the_counters_of_its_level(
    client: FlaskClient,
) -> None:
    page = text(client.get("/thu-tuc/1.001193"))  # birth registration, a commune procedure
    assert "Căn cứ pháp lý" in page
    assert "<li>Luật Hộ tịch số 60/2014/QH13</li>" in page  # one line per instrument
    assert "Yêu cầu, điều kiện" in page
    assert "Trong thời hạn 60 ngày kể từ ngày sinh con" in page
    assert "Nơi nộp hồ sơ và nhận kết quả" in page
    assert COMMUNE_COUNTER in page and "25 Phan Bội Châu, phường Quy Nhơn" in page
    assert 'href="tel:02563822404"' in page and "0256 3822 404" in page
    assert "Thứ Hai đến Thứ Sáu: 7:00–11:30 và 13:30–17:00" in page
    # A commune procedure is not sent to the province's centre.
    assert PROVINCE_COUNTER not in page


def test_a_province_procedure_sends_the_citizen_to_the_province_centre(
    client: FlaskClient,
) -> None:
    page = text(client.get("/thu-tuc/1.012756"))
    assert PROVINCE_COUNTER in page and "127 Hai Bà Trưng" in page
    assert COMMUNE_COUNTER not in page


def test_illustrative_figures_are_marked_and_sourced_ones_are_not(client: FlaskClient) -> None:
    assert ILLUSTRATIVE in text(client.get("/thu-tuc/2.000884"))  # "illustrative" in the seed
    assert ILLUSTRATIVE not in text(client.get("/thu-tuc/1.001193"))  # "sourced"


def test_the_blank_form_downloads_as_a_pdf_with_its_title_and_fields(
    client: FlaskClient,
) -> None:
    page = text(client.get("/thu-tuc/1.001193"))
    link = "/thu-tuc/1.001193/mau/1.pdf"  # the first document: the declaration
    assert f'href="{link}"' in page and "Tải mẫu để in (PDF)" in page
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="mau-1.001193-1.pdf"' in response.headers["Content-Disposition"]
    form = pdf_text(response.data)
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in form
    assert "Họ, chữ đệm, tên người được khai sinh" in form
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in form and "Người khai".upper() in form


def test_a_document_without_a_form_offers_no_download(client: FlaskClient) -> None:
    page = text(client.get("/thu-tuc/1.001193"))
    assert 'href="/thu-tuc/1.001193/mau/2.pdf"' not in page  # the birth certificate
    assert client.get("/thu-tuc/1.001193/mau/2.pdf").status_code == 404
    assert client.get("/thu-tuc/1.001193/mau/99.pdf").status_code == 404
    assert client.get("/thu-tuc/1.001193/mau/0.pdf").status_code == 404
    assert client.get("/thu-tuc/9.999999/mau/1.pdf").status_code == 404
