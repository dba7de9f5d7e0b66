"""Account creation (staff and citizens)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, User
from vpub_onestop.services.uow import unit_of_work

MIN_PASSWORD_LENGTH = 8


def create_user(
    username: str,
    password: str,
    full_name: str,
    role: Role,
    *,
    agency_key: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    citizen_id: str | None = None,
) -> int:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(N_("Mật khẩu quá ngắn."), {"password": N_("Ít nhất 8 ký tự.")})
    if role.is_staff and role not in (Role.SUPERVISOR, Role.ADMIN) and agency_key is None:
        raise ValidationError(N_("Cán bộ phải thuộc một cơ quan."), {"agency": N_("Bắt buộc.")})
    with unit_of_work() as session:
        if session.scalars(select(User.id).where(User.username == username)).first():
            raise ValidationError(
                N_("Tên đăng nhập đã tồn tại."), {"username": N_("Chọn tên khác.")}
            )
        agency = None
        if agency_key is not None:
            agency = session.scalars(select(Agency).where(Agency.key == agency_key)).first()
            if agency is None:
                raise ValidationError(N_("Không có cơ quan '%(key)s'.", key=agency_key))
        user = User(
            username=username,
            full_name=full_name,
            role=role.value,
            agency=agency,
            email=email,
            phone=phone,
            citizen_id=citizen_id,
        )
        user.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
        session.add(user)
        session.flush()
        return user.id
