"""The services refuse ID numbers, phones and tax codes written with digits other than
0-9 (docs/domain.md#identifiers), whatever form or import they come from: the desk's
applicant details and a portal registration made without the web form."""

from __future__ import annotations

import pytest
from flask import Flask

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.portal_accounts import Registration, register

ARABIC_INDIC_ID = "٠٥٢١٩٠٠٠٤٣٢١"  # 052190004321
FULLWIDTH_PHONE = "０９１２３４５６７８"  # 0912345678


def test_applicant_details_with_other_digits_name_every_bad_field() -> None:
    applicant = Applicant(
        name="Nguyễn Văn An",
        id_number=ARABIC_INDIC_ID,
        phone=FULLWIDTH_PHONE,
        owner_id_number="০৫২১৯০০০৪৩২১",  # Bengali digits
    )
    with pytest.raises(ValidationError) as refused:
        applicant.validated()
    assert set(refused.value.field_errors) == {"id_number", "phone", "owner_id_number"}
    assert refused.value.field_errors["id_number"] == (
        "Số định danh cá nhân phải gồm đúng 12 chữ số."
    )


def test_the_same_numbers_in_ascii_digits_are_accepted() -> None:
    cleaned = Applicant(
        name="Nguyễn Văn An", id_number="052190004321", phone="0912 345 678"
    ).validated()
    assert (cleaned.id_number, cleaned.phone) == ("052190004321", "0912345678")


def test_a_registration_with_other_digits_is_refused_by_the_service(app: Flask) -> None:
    data = Registration(
        username="lan.tran",
        full_name="Trần Thị Lan",
        phone=FULLWIDTH_PHONE,
        email="lan.tran@example.com",
        password="song-ba-xanh-71",
        citizen_id=ARABIC_INDIC_ID,
    )
    with app.app_context(), pytest.raises(ValidationError) as refused:
        register(data)
    assert {"citizen_id", "phone"} <= set(refused.value.field_errors)


def test_an_organisation_tax_code_with_a_superscript_is_refused(app: Flask) -> None:
    data = Registration(
        username="cty.an",
        full_name="Công ty An Phát",
        phone="0256 3821 234",
        email="lienhe@anphat.vn",
        password="song-ba-xanh-71",
        is_organisation=True,
        tax_code="²312345678",
    )
    with app.app_context(), pytest.raises(ValidationError) as refused:
        register(data)
    assert set(refused.value.field_errors) == {"tax_code"}
