"""Registration, profile and password change."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.web.citizen.conftest import log_in, text, token, user_count
from vpub_onestop.extensions import db
from vpub_onestop.models import User


def _registration(**changes: Any) -> dict[str, Any]:
    data = {
        "username": "lan.tran",
        "full_name": "Trần Thị Lan",
        "citizen_id": "052190004321",
        "phone": "0912 345 678",
        "email": "lan.tran@example.com",
        "address": "Phường Quy Nhơn Nam, tỉnh Gia Lai",
        "password": "mat-khau-rat-dai",
        "confirm": "mat-khau-rat-dai",
    }
    data.update(changes)
    return data


def _register(client: FlaskClient, **changes: Any) -> Any:
    data = _registration(csrf_token=token(client, "/dang-ky"), **changes)
    return client.post("/dang-ky", data=data)


def _user(app: Flask, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge_all()
        return user


def test_a_citizen_registers_is_signed_in_and_the_password_is_hashed(
    app: Flask, client: FlaskClient
) -> None:
    response = _register(client)
    assert response.status_code == 302
    home = text(client.get(response.location))
    assert "Trần Thị Lan" in home and "Đăng ký thành công" in home
    user = _user(app, "lan.tran")
    assert user is not None
    assert user.role == "citizen" and user.citizen_id == "052190004321"
    assert user.phone == "0912345678"
    assert "mat-khau-rat-dai" not in user.password_hash and user.check_password("mat-khau-rat-dai")


def test_an_organisation_registers_with_a_tax_code(app: Flask, client: FlaskClient) -> None:
    response = _register(
        client,
        username="cty.anphat",
        full_name="Công ty TNHH An Phát",
        citizen_id="",
        is_organisation="y",
        tax_code="0101234567-001",
    )
    assert response.status_code == 302
    user = _user(app, "cty.anphat")
    assert user is not None and user.is_organisation and user.tax_code == "0101234567001"


def test_an_organisation_without_a_valid_tax_code_is_refused(
    app: Flask, client: FlaskClient
) -> None:
    before = user_count(app)
    response = _register(
        client, username="cty.b", citizen_id="", is_organisation="y", tax_code="12345"
    )
    assert response.status_code == 422
    assert "Mã số thuế gồm 10 hoặc 13 chữ số." in text(response)
    assert user_count(app) == before


def test_numbers_in_other_scripts_digits_are_refused_and_nothing_is_created(
    app: Flask, client: FlaskClient
) -> None:
    """An ID number in Arabic-Indic digits, a phone in fullwidth digits and a tax code with
    a superscript look like numbers but are not 0-9: each is refused next to its field."""
    before = user_count(app)
    response = _register(client, citizen_id="٠٥٢١٩٠٠٠٤٣٢١", phone="０９１２３４５６７８")
    assert response.status_code == 422
    page = text(response)
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page
    assert "Số điện thoại không hợp lệ" in page
    organisation = _register(
        client, username="cty.c", citizen_id="", is_organisation="y", tax_code="²312345678"
    )
    assert organisation.status_code == 422
    assert "Mã số thuế gồm 10 hoặc 13 chữ số." in text(organisation)
    assert user_count(app) == before


def test_bad_input_is_shown_next_to_each_field_and_nothing_is_created(
    app: Flask, client: FlaskClient
) -> None:
    before = user_count(app)
    response = _register(
        client,
        citizen_id="12345678901",
        phone="09",
        email="lan@",
        password="ngan",
        confirm="khac",
        full_name="L" * 201,
    )
    assert response.status_code == 422
    page = text(response)
    for message in (
        "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        "Số điện thoại không hợp lệ",
        "Địa chỉ thư điện tử không hợp lệ.",
        "Mật khẩu phải có ít nhất 8 ký tự.",
        "Hai lần nhập mật khẩu không khớp.",
        "Tối đa 200 ký tự.",
    ):
        assert message in page
    assert 'value="lan.tran"' in page  # what was typed is kept (never the password)
    assert "ngan" not in page.split('name="password"')[1].split(">")[0]
    assert user_count(app) == before


def test_a_person_must_give_a_citizen_id(app: Flask, client: FlaskClient) -> None:
    before = user_count(app)
    response = _register(client, citizen_id="")
    assert response.status_code == 422
    assert "Vui lòng nhập số định danh cá nhân (12 chữ số)." in text(response)
    assert user_count(app) == before


def test_a_taken_username_or_citizen_id_gets_a_clear_message(
    app: Flask, client: FlaskClient
) -> None:
    assert _register(client).status_code == 302
    client.post("/dang-xuat", data={"csrf_token": token(client, "/")})
    before = user_count(app)
    same_name = _register(client, citizen_id="052190009999")
    assert same_name.status_code == 422
    assert "Tên đăng nhập đã có người dùng, vui lòng chọn tên khác." in text(same_name)
    same_id = _register(client, username="lan.tran2")
    assert same_id.status_code == 422
    assert "Số định danh này đã có tài khoản." in text(same_id)
    assert user_count(app) == before


def test_the_database_refuses_a_duplicate_username_that_slipped_past_the_check(
    app: Flask, monkeypatch: Any
) -> None:
    from vpub_onestop.domain.errors import ValidationError
    from vpub_onestop.services import portal_accounts

    with app.app_context():
        first = portal_accounts.Registration(
            "dup.user", "Người Một", "0905000001", "a@example.com", "mat-khau-123", "052190000001"
        )
        portal_accounts.register(first)
        # two registrations racing: the second one's check ran before the first committed
        monkeypatch.setattr(portal_accounts, "_clashes", lambda *args: {})
        second = portal_accounts.Registration(
            "dup.user", "Người Hai", "0905000002", "b@example.com", "mat-khau-123", "052190000002"
        )
        try:
            portal_accounts.register(second)
        except ValidationError as refused:
            assert refused.field_errors["username"].startswith("Tên đăng nhập đã có người dùng")
        else:
            raise AssertionError("the duplicate username was accepted")
        names = db.session.scalars(select(User.full_name).where(User.username == "dup.user")).all()
        assert names == ["Người Một"]


def test_registration_without_a_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    before = user_count(app)
    response = client.post("/dang-ky", data=_registration())
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in text(response)
    assert user_count(app) == before


def test_registration_attempts_are_rate_limited(app: Flask, client: FlaskClient) -> None:
    app.config["RATELIMIT_REGISTER"] = "2 per hour"
    for _ in range(2):
        assert _register(client, phone="1").status_code == 422
    response = _register(client, phone="1")
    assert response.status_code == 429


def test_the_profile_is_updated_and_values_are_kept_on_error(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    page = text(client.get("/tai-khoan"))
    assert 'value="citizen1@example.com"' in page
    bad = client.post(
        "/tai-khoan",
        data={
            "csrf_token": token(client, "/tai-khoan"),
            "full_name": "Nguyễn Văn An",
            "phone": "abc",
            "email": "an@example.com",
        },
    )
    assert bad.status_code == 422
    assert 'value="Nguyễn Văn An"' in text(bad) and "Số điện thoại không hợp lệ" in text(bad)
    good = client.post(
        "/tai-khoan",
        data={
            "csrf_token": token(client, "/tai-khoan"),
            "full_name": "Nguyễn Văn An",
            "phone": "0905123401",
            "email": "an@example.com",
            "address": "Quy Nhơn",
        },
    )
    assert good.status_code == 302
    user = _user(app, "citizen1")
    assert user is not None and user.full_name == "Nguyễn Văn An" and user.email == "an@example.com"


def test_the_password_changes_only_with_the_current_one(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen1")
    url = "/tai-khoan/mat-khau"
    wrong = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "current_password": "khong-dung-123",
            "new_password": "mat-khau-moi-456",
            "confirm": "mat-khau-moi-456",
        },
    )
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng." in text(wrong)
    right = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "current_password": "password-123",
            "new_password": "mat-khau-moi-456",
            "confirm": "mat-khau-moi-456",
        },
    )
    assert right.status_code == 302
    user = _user(app, "citizen1")
    assert user is not None and user.check_password("mat-khau-moi-456")


def test_account_pages_need_a_signed_in_user(client: FlaskClient) -> None:
    response = client.get("/tai-khoan")
    assert response.status_code == 302 and "/dang-nhap" in response.location


def test_registering_from_a_procedure_leads_on_to_its_online_form(client: FlaskClient) -> None:
    page = text(client.get("/thu-tuc/1.001193"))
    assert "/dang-ky?next=/thu-tuc/1.001193/nop-truc-tuyen" in page
    url = "/dang-ky?next=/thu-tuc/1.001193/nop-truc-tuyen"
    response = client.post(url, data=_registration(csrf_token=token(client, url)))
    assert response.status_code == 302 and response.location == "/thu-tuc/1.001193/nop-truc-tuyen"
    assert 'value="052190004321"' in text(client.get(response.location))
