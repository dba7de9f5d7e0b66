"""Mẫu 06, the register of a unit for a period: every dossier received in it and no other,
printed for the unit's own officers and the supervisors; the period form validates dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    fresh,
    local,
    procedure_id,
    unit_id,
)
from tests.web.conftest import log_in
from tests.web.slips import scenarios as sc
from tests.web.slips.conftest import A4_LANDSCAPE, PASSWORD, page_sizes, pdf_text
from vpub_onestop.domain.errors import PermissionDenied, ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.services import slips
from vpub_onestop.services.accounts import create_user
from vpub_onestop.slips.register import register_rows


def _march_dossiers() -> dict[str, str]:
    """Codes by label: three received in the first week of March at the commune centre,
    one the week after, one at the provincial centre in the same week."""
    codes = {}
    codes["mon"] = fresh(sc.counter_receipt(received=local(2026, 3, 2, 9))).code
    codes["apology"] = fresh(sc.apologised()).code  # received Mon 2/3 09:00 as well
    codes["thu_evening"] = fresh(sc.counter_receipt(received=local(2026, 3, 5, 16, 50))).code
    codes["next_week"] = fresh(sc.counter_receipt(received=local(2026, 3, 10, 8))).code
    codes["province"] = counter_receipt(
        actor(sc.PROVINCE_DESK), procedure_id("1.012781"), APPLICANT, now=local(2026, 3, 3, 9)
    ).code
    return {label: str(code) for label, code in codes.items()}


def test_the_register_lists_every_dossier_of_the_period_and_none_outside(app: Flask) -> None:
    with app.app_context():
        codes = _march_dossiers()
        pdf = slips.render_register(
            unit_id("px_quynhon"), date(2026, 3, 1), date(2026, 3, 5), actor(sc.COMMUNE_DESK)
        )

    text = pdf_text(pdf)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Mẫu số 06" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Từ ngày 01/03/2026 đến ngày 05/03/2026" in text
    for label in ("mon", "apology", "thu_evening"):
        assert codes[label] in text
    assert codes["next_week"] not in text and codes["province"] not in text
    assert "Tổng số: 3 hồ sơ" in text
    assert "Nguyễn Thị Hồng Nhung" in text and "Đăng ký thường trú" in text
    assert "Công an tỉnh Gia Lai" in text  # lead agency of 1.004222
    assert "13/03/2026" in text  # the apology's new appointment
    assert "Có phiếu xin lỗi, hẹn lại" in text
    assert set(page_sizes(pdf)) == {A4_LANDSCAPE}


def test_the_register_flags_a_late_apology(app: Flask) -> None:
    """Due Wed 11/3/2026 09:00: the last day to apologise is Tue 10/3 (the working day before
    the due day) until 17:00. An apology on Wed 11/3 at 10:00 is still recorded, but late,
    and the register says so beside the apology."""
    with app.app_context():
        on_time = fresh(sc.apologised()).code
        late = fresh(sc.apologised(at=local(2026, 3, 11, 10))).code
        rows = {
            row.code: row.notes
            for row in register_rows(
                db.session(), unit_id("px_quynhon"), date(2026, 3, 1), date(2026, 3, 31)
            )
        }

    assert rows[str(on_time)] == "Có phiếu xin lỗi, hẹn lại"
    assert rows[str(late)] == "Có phiếu xin lỗi, hẹn lại (xin lỗi muộn)"


def test_the_register_is_one_query_however_many_dossiers(app: Flask) -> None:
    with app.app_context():
        for hour in (8, 9, 10, 14, 15):
            sc.counter_receipt(received=local(2026, 3, 4, hour))
        commune = unit_id("px_quynhon")
        statements: list[str] = []

        @contextmanager
        def counting() -> Iterator[None]:
            def record(*args: object) -> None:
                statements.append(str(args[2]))

            event.listen(db.engine, "before_cursor_execute", record)
            try:
                yield
            finally:
                event.remove(db.engine, "before_cursor_execute", record)

        with counting():
            rows = register_rows(db.session(), commune, date(2026, 3, 1), date(2026, 3, 31))
    assert len(rows) == 5
    # One read; on PostgreSQL a `SET LOCAL jit = off` goes before it (nothing is read).
    assert len([s for s in statements if not s.startswith("SET LOCAL")]) == 1
    assert [row.lead_agency for row in rows] == [
        "Trung tâm Phục vụ hành chính công phường Quy Nhơn"
    ] * 5


def test_who_may_print_the_register(app: Flask) -> None:
    with app.app_context():
        create_user(
            "unit_head.px", PASSWORD, "Giám đốc phường", Role.UNIT_HEAD, agency_key="px_quynhon"
        )
        create_user("supervisor.vp", PASSWORD, "Giám sát viên", Role.SUPERVISOR)
        commune = unit_id("px_quynhon")
        period = (date(2026, 3, 1), date(2026, 3, 31))
        for allowed in (sc.COMMUNE_DESK, "unit_head.px", "supervisor.vp", "admin.ttpvhcc"):
            assert slips.render_register(commune, *period, actor(allowed)).startswith(b"%PDF")
        for refused in (sc.PROVINCE_DESK, "leader.px_quynhon", "specialist.congan", "citizen1"):
            with pytest.raises(PermissionDenied):
                slips.render_register(commune, *period, actor(refused))
        with pytest.raises(ValidationError):
            slips.render_register(
                commune, date(2026, 3, 31), date(2026, 3, 1), actor("admin.ttpvhcc")
            )


# --- the period form -------------------------------------------------------------------


def _sign_in(client: FlaskClient, username: str) -> None:
    assert log_in(client, username, PASSWORD).status_code == 302


def test_the_officer_chooses_a_period_and_gets_a_download_link(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        code = fresh(sc.counter_receipt()).code
        commune = unit_id("px_quynhon")
    _sign_in(client, sc.COMMUNE_DESK)

    page = client.get("/so-theo-doi").get_data(as_text=True)
    assert "Sổ theo dõi hồ sơ" in page
    assert "Trung tâm Phục vụ hành chính công phường Quy Nhơn" in page  # his own unit
    assert f'name="don-vi" value="{commune}"' in page
    assert 'name="tu"' in page and 'name="den"' in page

    page = client.get(f"/so-theo-doi?don-vi={commune}&tu=01/03/2026&den=31/03/2026")
    html = page.get_data(as_text=True)
    link = re.search(r'href="(/so-theo-doi\.pdf\?[^"]+)"', html)
    assert link, "no download link"
    download = client.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Cache-Control"] == "no-store"
    assert (
        "so-theo-doi-000.01.31.H21-20260301-20260331.pdf" in download.headers["Content-Disposition"]
    )
    assert str(code) in pdf_text(download.get_data())


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("31/02/2026", "05/03/2026", "Ngày không hợp lệ"),
        ("2026-03-01", "05/03/2026", "Ngày không hợp lệ"),
        ("31/12/9999", "31/12/9999", "Ngày không hợp lệ"),
        ("", "05/03/2026", "Vui lòng nhập ngày."),
        ("10/03/2026", "01/03/2026", "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."),
    ],
)
def test_a_wrong_period_is_explained_next_to_the_field_and_kept(
    app: Flask, client: FlaskClient, start: str, end: str, message: str
) -> None:
    with app.app_context():
        commune = unit_id("px_quynhon")
    _sign_in(client, sc.COMMUNE_DESK)

    html = client.get(f"/so-theo-doi?don-vi={commune}&tu={start}&den={end}").get_data(as_text=True)

    assert message in html and "invalid-feedback" in html
    if start:  # what the officer typed stays in the field
        assert f'value="{start}"' in html
    assert "so-theo-doi.pdf" not in html
    pdf = client.get(f"/so-theo-doi.pdf?don-vi={commune}&tu={start}&den={end}")
    assert pdf.status_code == 422


def test_the_supervisor_chooses_the_unit(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        create_user("supervisor.vp", PASSWORD, "Giám sát viên", Role.SUPERVISOR)
    _sign_in(client, "supervisor.vp")

    html = client.get("/so-theo-doi").get_data(as_text=True)

    assert '<select class="form-select" id="don-vi" name="don-vi"' in html
    for unit in (
        "Trung tâm Phục vụ hành chính công tỉnh Gia Lai",
        "Trung tâm Phục vụ hành chính công phường Quy Nhơn",
        "Trung tâm Phục vụ hành chính công phường Quy Nhơn Nam",
    ):
        assert unit in html
    assert "Sở Tư pháp" not in html  # not a one-stop unit


def test_others_may_not_print_a_register(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        province = unit_id("ttpvhcc")
    _sign_in(client, sc.COMMUNE_DESK)
    other_unit = client.get(f"/so-theo-doi.pdf?don-vi={province}&tu=01/03/2026&den=31/03/2026")
    assert other_unit.status_code == 403

    specialist = app.test_client()
    _sign_in(specialist, "specialist.px_quynhon")
    assert specialist.get("/so-theo-doi").status_code == 403
    assert specialist.get("/so-theo-doi.pdf?tu=01/03/2026&den=31/03/2026").status_code == 403

    anonymous = app.test_client()
    assert anonymous.get("/so-theo-doi").status_code == 302
