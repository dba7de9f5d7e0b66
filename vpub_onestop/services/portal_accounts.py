"""Citizen and organisation accounts: registration, profile, password.

Uniqueness is checked in the transaction (a clear message for the usual case) and again by
the database (the username's unique constraint) for two registrations racing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vpub_onestop.domain.errors import N_, NotFound, ValidationError
from vpub_onestop.domain.identifiers import (
    clean_phone,
    clean_tax_code,
    is_citizen_id,
    is_email,
    is_phone,
    is_tax_code,
)
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import User
from vpub_onestop.services import password_policy
from vpub_onestop.services.uow import unit_of_work

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
LIMITS = {"full_name": 200, "address": 300}
TAKEN_MESSAGE = N_("Tên đăng nhập hoặc số định danh đã được đăng ký.")


@dataclass(frozen=True)
class Registration:
    username: str
    full_name: str
    phone: str
    email: str
    password: str
    citizen_id: str = ""
    is_organisation: bool = False
    tax_code: str = ""
    address: str = ""


@dataclass(frozen=True)
class Contact:
    full_name: str
    phone: str
    email: str
    address: str = ""


def _hash_method() -> str:
    return str(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def _contact_errors(contact: Contact) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = " ".join(contact.full_name.split())
    if not name:
        errors["full_name"] = N_("Vui lòng nhập họ và tên (hoặc tên tổ chức).")
    elif len(name) > LIMITS["full_name"]:
        errors["full_name"] = N_("Tối đa %(n)s ký tự.", n=LIMITS["full_name"])
    if not is_phone(contact.phone):
        errors["phone"] = N_("Số điện thoại không hợp lệ (ví dụ 0912345678).")
    email = contact.email.strip()
    if not is_email(email):
        errors["email"] = N_("Địa chỉ thư điện tử không hợp lệ.")
    if len(contact.address.strip()) > LIMITS["address"]:
        errors["address"] = N_("Tối đa %(n)s ký tự.", n=LIMITS["address"])
    return errors


def _password_errors(
    password: str, personal: tuple[str | None, ...], field: str = "password"
) -> dict[str, str]:
    problem = password_policy.problem(password, personal)
    return {field: problem} if problem is not None else {}


def _registration_errors(data: Registration) -> dict[str, str]:
    contact = Contact(data.full_name, data.phone, data.email, data.address)
    errors = _contact_errors(contact)
    if not USERNAME_RE.match(data.username.strip().lower()):
        errors["username"] = (
            "Tên đăng nhập gồm 3–80 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới."
        )
    citizen_id = data.citizen_id.strip()
    if citizen_id and not is_citizen_id(citizen_id):
        errors["citizen_id"] = N_("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    elif not citizen_id and not data.is_organisation:
        errors["citizen_id"] = N_("Vui lòng nhập số định danh cá nhân (12 chữ số).")
    tax_code = clean_tax_code(data.tax_code)
    if data.is_organisation and not is_tax_code(tax_code):
        errors["tax_code"] = N_("Mã số thuế gồm 10 hoặc 13 chữ số.")
    personal = (data.username, data.full_name, citizen_id, data.phone, tax_code)
    errors.update(_password_errors(data.password, personal))
    return errors


def register(data: Registration) -> int:
    """Create a citizen (or organisation) account; returns its id."""
    errors = _registration_errors(data)
    if errors:
        raise ValidationError(N_("Thông tin đăng ký chưa hợp lệ."), errors)
    username = data.username.strip().lower()
    citizen_id = data.citizen_id.strip() or None
    tax_code = clean_tax_code(data.tax_code) if data.is_organisation else None
    try:
        with unit_of_work() as session:
            clashes = _clashes(session, username, citizen_id, tax_code)
            if clashes:
                raise ValidationError(TAKEN_MESSAGE, clashes)
            user = User(
                username=username,
                full_name=" ".join(data.full_name.split()),
                role=Role.CITIZEN.value,
                email=data.email.strip(),
                phone=clean_phone(data.phone),
                citizen_id=citizen_id,
                tax_code=tax_code,
                is_organisation=data.is_organisation,
                address=data.address.strip() or None,
            )
            user.set_password(data.password, _hash_method())
            session.add(user)
            session.flush()
            return user.id
    except IntegrityError:
        raise ValidationError(
            TAKEN_MESSAGE,
            {"username": N_("Tên đăng nhập đã có người dùng, vui lòng chọn tên khác.")},
        ) from None


def _clashes(
    session: Session, username: str, citizen_id: str | None, tax_code: str | None
) -> dict[str, str]:
    found: dict[str, str] = {}
    if session.scalar(select(User.id).where(User.username == username)):
        found["username"] = N_("Tên đăng nhập đã có người dùng, vui lòng chọn tên khác.")
    if citizen_id and session.scalar(select(User.id).where(User.citizen_id == citizen_id)):
        found["citizen_id"] = N_(
            "Số định danh này đã có tài khoản. Hãy đăng nhập bằng tài khoản đó."
        )
    if tax_code and session.scalar(select(User.id).where(User.tax_code == tax_code)):
        found["tax_code"] = N_("Mã số thuế này đã có tài khoản.")
    return found


def update_profile(user_id: int, contact: Contact) -> None:
    errors = _contact_errors(contact)
    if errors:
        raise ValidationError(N_("Thông tin tài khoản chưa hợp lệ."), errors)
    with unit_of_work() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(N_("Không tìm thấy tài khoản."))
        user.full_name = " ".join(contact.full_name.split())
        user.phone = clean_phone(contact.phone)
        user.email = contact.email.strip()
        user.address = contact.address.strip() or None


def change_password(user_id: int, current: str, new: str) -> int:
    """Set a new password and end every session of the account (a stolen cookie dies with
    the old password); returns the new session generation, for the caller's own session."""
    with unit_of_work() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(N_("Không tìm thấy tài khoản."))
        personal = (user.username, user.full_name, user.citizen_id, user.phone, user.tax_code)
        errors = _password_errors(new, personal, "new_password")
        if not errors and new == current:
            errors["new_password"] = N_("Mật khẩu mới phải khác mật khẩu hiện tại.")
        if not user.check_password(current):
            errors = {"current_password": N_("Mật khẩu hiện tại không đúng."), **errors}
        if errors:
            raise ValidationError(N_("Chưa đổi được mật khẩu."), errors)
        user.set_password(new, _hash_method())
        user.must_change_password = False  # a temporary password has done its work
        user.session_generation += 1
        return user.session_generation
