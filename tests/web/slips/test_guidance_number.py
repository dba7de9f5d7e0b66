"""Mẫu 02 given at the counter carries a number: the n-th of its unit's year, allocated once
when the guidance is logged, printed on the slip and on every reprint, never given twice
even when two officers print at the same instant (docs/domain.md#identifiers)."""

from __future__ import annotations

import threading

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import local
from tests.web.conftest import log_in
from tests.web.slips import scenarios as sc
from tests.web.slips.conftest import PASSWORD, pdf_text
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import CounterGuidance
from vpub_onestop.services.accounts import create_user


def _slip(client: FlaskClient, guidance_id: int) -> str:
    response = client.get(f"/huong-dan/{guidance_id}/mau-02.pdf")
    assert response.status_code == 200
    return pdf_text(response.get_data())


def test_each_counter_slip_has_the_next_number_of_its_unit_and_year(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        first = sc.counter_guidance(local(2026, 3, 3, 9))
        second = sc.counter_guidance(local(2026, 3, 3, 10))
        # Another unit counts from 01 on its own.
        province = sc.counter_guidance(local(2026, 3, 3, 11), desk_user=sc.PROVINCE_DESK)
        # 31/12/2026 23:30 in Gia Lai is still 2026 (16:30 UTC); 01/01/2027 00:30 there is
        # 31/12/2026 17:30 UTC, but the slip belongs to the local year 2027: it is its 01.
        last_of_year = sc.counter_guidance(local(2026, 12, 31, 23, 30))
        new_year = sc.counter_guidance(local(2027, 1, 1, 0, 30))
    assert log_in(client, sc.COMMUNE_DESK, PASSWORD).status_code == 302

    assert "Số: 01/HDHS" in _slip(client, first)
    assert "Số: 02/HDHS" in _slip(client, second)
    assert "Số: 03/HDHS" in _slip(client, last_of_year)
    assert "Số: 01/HDHS" in _slip(client, new_year)
    page = client.get(f"/mot-cua/huong-dan/{second}").get_data(as_text=True)
    assert "02/HDHS" in page  # the officer sees the number the applicant holds

    province_desk = app.test_client()
    assert log_in(province_desk, sc.PROVINCE_DESK, PASSWORD).status_code == 302
    assert "Số: 01/HDHS" in _slip(province_desk, province)


def test_a_reprint_shows_the_number_first_printed(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        guidance = sc.counter_guidance(local(2026, 3, 3, 9))
    assert log_in(client, sc.COMMUNE_DESK, PASSWORD).status_code == 302
    printed = _slip(client, guidance)
    with app.app_context():
        sc.counter_guidance(local(2026, 3, 4, 9))  # the unit gives out 02 meanwhile

    reprinted = _slip(client, guidance)

    assert "Số: 01/HDHS" in printed and "Số: 01/HDHS" in reprinted
    assert "02/HDHS" not in reprinted


def test_two_officers_printing_at_the_same_instant_get_two_numbers(app: Flask) -> None:
    with app.app_context():
        create_user(
            "reception2.px", PASSWORD, "Lê Thị Mai", Role.RECEPTION, agency_key="px_quynhon"
        )
    ids: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def give(username: str) -> None:
        with app.app_context():
            try:
                barrier.wait()
                ids.append(sc.counter_guidance(local(2026, 3, 3, 9), desk_user=username))
            except BaseException as exc:  # collected and re-raised by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=give, args=(u,)) for u in (sc.COMMUNE_DESK, "reception2.px")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with app.app_context():
        numbers = db.session.scalars(
            select(CounterGuidance.number_seq).where(CounterGuidance.id.in_(ids))
        ).all()
    assert sorted(numbers) == [1, 2]
