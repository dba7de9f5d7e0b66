"""Applicant details as the services accept them, with their validation rules."""

from __future__ import annotations

from dataclasses import dataclass

from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.identifiers import clean_phone, is_citizen_id, is_email, is_phone

LIMITS = {"name": 200, "address": 300}


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    owner_name: str | None = None
    owner_id_number: str | None = None
    owner_address: str | None = None

    def validated(self) -> Applicant:
        """Return a cleaned copy or raise ValidationError naming every bad field."""
        errors: dict[str, str] = {}
        name = " ".join(self.name.split())
        if not name:
            errors["name"] = N_("Vui lòng nhập họ và tên.")
        elif len(name) > LIMITS["name"]:
            errors["name"] = N_("Họ và tên tối đa %(max)s ký tự.", max=LIMITS["name"])
        id_number = (self.id_number or "").strip() or None
        if id_number and not is_citizen_id(id_number):
            errors["id_number"] = N_("Số định danh cá nhân phải gồm đúng 12 chữ số.")
        phone = clean_phone(self.phone or "") or None
        if phone and not is_phone(phone):
            errors["phone"] = N_("Số điện thoại không hợp lệ (ví dụ 0912345678).")
        email = (self.email or "").strip() or None
        if email and not is_email(email):
            errors["email"] = N_("Địa chỉ thư điện tử không hợp lệ.")
        address = (self.address or "").strip() or None
        if address and len(address) > LIMITS["address"]:
            errors["address"] = N_("Địa chỉ tối đa %(max)s ký tự.", max=LIMITS["address"])
        owner_id = (self.owner_id_number or "").strip() or None
        if owner_id and not is_citizen_id(owner_id):
            errors["owner_id_number"] = N_("Số định danh của chủ hồ sơ phải gồm đúng 12 chữ số.")
        if errors:
            raise ValidationError(N_("Thông tin người nộp hồ sơ chưa hợp lệ."), errors)
        return Applicant(
            name=name,
            id_number=id_number,
            phone=phone,
            email=email,
            address=address,
            owner_name=(self.owner_name or "").strip() or None,
            owner_id_number=owner_id,
            owner_address=(self.owner_address or "").strip() or None,
        )
