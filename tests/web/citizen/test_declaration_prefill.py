"""A signed-in citizen starting an online dossier finds the declaration's requester fields
filled from the account (docs/domain.md#declaration-prefill): name, ID number, phone,
e-mail and an address the province lists, all editable; a draft keeps what was typed; an
organisation's account prefills no person's details; an officer at the counter gets
nothing from his own account."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import unit_id
from tests.web.citizen.conftest import (
    PDF,
    document_ids,
    draft_fields,
    log_in,
    text,
    token,
    upload,
    version_in,
)
from tests.web.conftest import log_in as staff_log_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Dossier, User

BIRTH = "/thu-tuc/1.001193/nop-truc-tuyen"
RESIDENCE = "/thu-tuc/1.004222/nop-truc-tuyen"


def _account(app: Flask, username: str, **values: object) -> None:
    """The account as its owner keeps it on the profile page."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == username)).one()
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def _value(page: str, name: str) -> str | None:
    """The value an input shows, None when it shows none."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, f"no input {name}"
    found = re.search(r'value="([^"]*)"', tag.group(0))
    return found.group(1) if found else None


def _selected(page: str, name: str) -> str | None:
    select_tag = re.search(rf'<select[^>]*name="{re.escape(name)}".*?</select>', page, re.S)
    assert select_tag is not None, f"no select {name}"
    for option in re.findall(r"<option[^>]*>", select_tag.group(0)):
        if " selected" in option:
            value = re.search(r'value="([^"]*)"', option)
            return value.group(1) if value else None
    return None


def test_the_birth_declaration_opens_with_the_requester_from_the_account(
    app: Flask, client: FlaskClient
) -> None:
    _account(
        app,
        "citizen1",
        full_name="Nguyễn Thị Hồng Nhung",
        citizen_id="052195004567",
        address="12 Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai",
    )
    log_in(client, "citizen1")
    page = text(client.get(BIRTH))
    assert _value(page, "tk-f_nyc_ho_ten") == "Nguyễn Thị Hồng Nhung"
    assert _value(page, "tk-f_nyc_so_dinh_danh") == "052195004567"
    assert _selected(page, "tk-f_nyc_noi_cu_tru-province") == "52"
    assert _value(page, "tk-f_nyc_noi_cu_tru-detail") == "12 Trần Hưng Đạo"
    assert _commune(page) == "phường Quy Nhơn"
    # Only the requester: the child's and the mother's names are the citizen's to type.
    assert _value(page, "tk-f_ks_ho_ten") in (None, "")
    assert _value(page, "tk-f_me_ho_ten") in (None, "")


def _commune(page: str) -> str | None:
    """The commune shown: a select when the province lists its communes, else a text box."""
    if re.search(r'<select[^>]*name="tk-f_nyc_noi_cu_tru-commune"', page):
        return _selected(page, "tk-f_nyc_noi_cu_tru-commune")
    return _value(page, "tk-f_nyc_noi_cu_tru-commune")


def test_a_prefilled_name_can_be_changed_and_the_draft_keeps_the_change(
    app: Flask, client: FlaskClient
) -> None:
    _account(app, "citizen1", full_name="Nguyễn Thị Hồng Nhung", citizen_id="052195004567")
    log_in(client, "citizen1")
    with app.app_context():
        unit = unit_id("px_quynhon")
    fields = draft_fields(
        csrf_token=token(client, BIRTH),
        receiving_unit_id=unit,
        save="x",
        **{"tk-f_nyc_ho_ten": "Nguyễn Văn An", "tk-f_nyc_so_dinh_danh": "052090001234"},
    )
    saved = client.post(BIRTH, data=fields, content_type="multipart/form-data")
    assert saved.status_code == 302
    with app.app_context():
        answers = db.session.scalars(select(Dossier.form_answers)).one()
        assert answers is not None and answers["nyc_ho_ten"] == "Nguyễn Văn An"
    reopened = text(client.get(saved.location))
    assert _value(reopened, "tk-f_nyc_ho_ten") == "Nguyễn Văn An"  # the draft, not the account
    assert version_in(reopened)


def test_a_declaration_left_as_the_account_filled_it_lets_the_paper_one_be_filed(
    app: Flask, client: FlaskClient
) -> None:
    """A citizen who files the signed paper declaration is not made to fill in the rest of
    the online form because we typed his name into it: a form holding only the account's
    values is a blank form, and the dossier goes on to review with the scanned paper."""
    _account(app, "citizen1", full_name="Nguyễn Thị Hồng Nhung", citizen_id="052195004567")
    log_in(client, "citizen1")
    with app.app_context():
        unit = unit_id("px_quynhon")
    paper, certificate, identity = document_ids(app, "1.001193")
    fields = draft_fields(
        csrf_token=token(client, BIRTH),
        receiving_unit_id=unit,
        proceed="x",
        # what the page showed, sent back untouched (spaces around a value are no change)
        **{"tk-f_nyc_ho_ten": "Nguyễn Thị Hồng Nhung ", "tk-f_nyc_so_dinh_danh": "052195004567"},
        **{
            f"doc_{paper}": upload(PDF, "to-khai-khai-sinh.pdf"),
            f"doc_{certificate}": upload(PDF, "giay-chung-sinh.pdf"),
            f"doc_{identity}": upload(PDF, "can-cuoc.pdf"),
        },
    )
    to_review = client.post(BIRTH, data=fields, content_type="multipart/form-data")
    assert to_review.status_code == 302 and "/xem-lai" in to_review.location, text(to_review)
    with app.app_context():
        assert db.session.scalars(select(Dossier.form_answers)).one() is None


def test_one_answer_of_his_own_makes_the_declaration_one_to_complete(
    app: Flask, client: FlaskClient
) -> None:
    """Beside the prefilled name, the child's name typed by the citizen: now the electronic
    form is being filled in, and its missing answers are named."""
    _account(app, "citizen1", full_name="Nguyễn Thị Hồng Nhung", citizen_id="052195004567")
    log_in(client, "citizen1")
    with app.app_context():
        unit = unit_id("px_quynhon")
    fields = draft_fields(
        csrf_token=token(client, BIRTH),
        receiving_unit_id=unit,
        proceed="x",
        **{"tk-f_nyc_ho_ten": "Nguyễn Thị Hồng Nhung", "tk-f_ks_ho_ten": "Trần Bảo Ngọc"},
    )
    refused = client.post(BIRTH, data=fields, content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "Tờ khai còn" in text(refused)


def test_the_residence_declaration_takes_phone_and_email_and_leaves_the_birth_date(
    app: Flask, client: FlaskClient
) -> None:
    _account(
        app,
        "citizen2",
        full_name="Lê Hoàng Yến",
        citizen_id="052196007788",
        phone="0935123456",
        email="yen.le@example.com",
    )
    log_in(client, "citizen2")
    page = text(client.get(RESIDENCE))
    assert _value(page, "tk-f_ho_ten") == "Lê Hoàng Yến"
    assert _value(page, "tk-f_so_dinh_danh") == "052196007788"
    assert _value(page, "tk-f_dien_thoai") == "0935123456"
    assert _value(page, "tk-f_email") == "yen.le@example.com"
    assert _value(page, "tk-f_ngay_sinh") in (None, "")  # accounts hold no date of birth


def test_an_address_the_province_list_does_not_know_is_not_split_into_the_form(
    app: Flask, client: FlaskClient
) -> None:
    _account(app, "citizen1", address="Thôn 3, xã Không Có Thật, tỉnh Gia Lai")
    log_in(client, "citizen1")
    page = text(client.get(BIRTH))
    assert _selected(page, "tk-f_nyc_noi_cu_tru-province") in (None, "")
    assert _value(page, "tk-f_nyc_noi_cu_tru-detail") in (None, "")


def test_an_organisation_account_prefills_no_persons_details(
    app: Flask, client: FlaskClient
) -> None:
    _account(
        app,
        "citizen2",
        full_name="Công ty TNHH Hoa Sen",
        is_organisation=True,
        phone="0935123456",
    )
    log_in(client, "citizen2")
    page = text(client.get(RESIDENCE))
    assert _value(page, "tk-f_ho_ten") in (None, "")
    assert _value(page, "tk-f_dien_thoai") == "0935123456"


def test_an_officer_at_the_counter_gets_nothing_from_his_own_account(app: Flask) -> None:
    with app.app_context():
        from tests.services.support import procedure_id

        url = f"/mot-cua/tai-quay?thu-tuc={procedure_id('1.004222')}"
    _account(
        app,
        "reception.px_quynhon",
        full_name="Phạm Quốc Bảo",
        citizen_id="052187001122",
        phone="0909111222",
    )
    limiter.reset()
    desk = app.test_client()
    assert staff_log_in(desk, "reception.px_quynhon", "password-123").status_code == 302
    page = desk.get(url).get_data(as_text=True)
    # (his name is on the page's header, as on every page he opens: not in the form)
    for name in ("tk-f_ho_ten", "tk-f_so_dinh_danh", "tk-f_dien_thoai", "name", "id_number"):
        assert _value(page, name) in (None, ""), name
    assert "052187001122" not in page
