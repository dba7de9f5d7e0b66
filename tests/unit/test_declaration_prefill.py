"""Which declaration fields the citizen's account fills (docs/domain.md#declaration-prefill):
the definition names the fact per field and the check refuses a fact that does not fit;
an account address is split into province, commune and street only when the province
and its commune are listed; an organisation's account offers no person's details."""

from __future__ import annotations

from vpub_onestop.domain.declaration.address import address_parts
from vpub_onestop.domain.declaration.definition import parse_definition
from vpub_onestop.domain.declaration.definition_check import definition_problems
from vpub_onestop.domain.declaration.field_input import field_data, field_inputs
from vpub_onestop.domain.declaration.prefill import account_facts, prefilled_answers


def _definition(*fields: dict[str, object]) -> dict[str, object]:
    return {
        "version": 1,
        "title": "Tờ khai",
        "sections": [{"key": "nguoi_khai", "title": "Người khai", "fields": list(fields)}],
    }


NAME = {"key": "ho_ten", "type": "text", "label": "Họ và tên", "prefill": "full_name"}
ADDRESS = {"key": "noi_o", "type": "address", "label": "Nơi cư trú", "prefill": "address"}
BIRTH = {"key": "ngay_sinh", "type": "date", "label": "Ngày sinh", "prefill": "date_of_birth"}


def test_a_fact_that_does_not_exist_or_does_not_fit_the_field_is_refused() -> None:
    assert definition_problems(_definition(NAME, ADDRESS, BIRTH)) == []
    unknown = NAME | {"prefill": "mother_name"}
    wrong_type = {"key": "so_cmt", "type": "number", "label": "Số", "prefill": "id_number"}
    in_group = {
        "key": "thanh_vien",
        "type": "group",
        "label": "Thành viên",
        "fields": [NAME | {"key": "tv_ho_ten"}],
    }
    problems = definition_problems(_definition(unknown, wrong_type, in_group))
    assert len(problems) == 3
    assert "không có thông tin tài khoản “mother_name”" in problems[0]
    assert all("không điền sẵn được" in p for p in problems[1:])


def test_the_editor_keeps_the_prefill_choice_both_ways() -> None:
    inputs = field_inputs(NAME)
    assert inputs["prefill"] == "full_name"
    assert field_data(inputs)["prefill"] == "full_name"
    assert "prefill" not in field_data(
        field_inputs({k: v for k, v in NAME.items() if k != "prefill"})
    )


def test_an_address_is_split_only_when_its_province_and_commune_are_listed() -> None:
    assert address_parts("12 Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai") == {
        "province": "52",
        "commune": "phường Quy Nhơn",
        "detail": "12 Trần Hưng Đạo",
    }
    # Written in other letter cases, the listed spelling is used.
    assert address_parts("Thôn 2, Xã Ia Hrú, Tỉnh Gia Lai") == {
        "province": "52",
        "commune": "xã Ia Hrú",
        "detail": "Thôn 2",
    }
    assert address_parts("Thôn 3, xã Không Có Thật, tỉnh Gia Lai") is None
    assert address_parts("12 Trần Hưng Đạo, Quy Nhơn") is None  # no province
    assert address_parts("") is None and address_parts(None) is None
    # A province without a commune list takes the commune as written.
    assert address_parts("5 Lý Thái Tổ, phường Hoàn Kiếm, thành phố Hà Nội") == {
        "province": "01",
        "commune": "phường Hoàn Kiếm",
        "detail": "5 Lý Thái Tổ",
    }


def test_the_account_fills_the_marked_fields_and_an_organisation_only_its_contacts() -> None:
    definition = parse_definition(_definition(NAME, ADDRESS, BIRTH))
    person = account_facts(
        full_name="Nguyễn Thị Hồng Nhung",
        citizen_id="052195004567",
        phone=None,
        email="  ",
        address="12 Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai",
        is_organisation=False,
    )
    assert person == {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "052195004567",
        "address": "12 Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai",
    }
    assert prefilled_answers(definition, person) == {
        "ho_ten": "Nguyễn Thị Hồng Nhung",
        "noi_o": {"province": "52", "commune": "phường Quy Nhơn", "detail": "12 Trần Hưng Đạo"},
    }
    company = account_facts(
        full_name="Công ty TNHH Hoa Sen",
        citizen_id=None,
        phone="0935123456",
        email="lienhe@hoasen.vn",
        address="1 Nguyễn Huệ, phường Quy Nhơn, tỉnh Gia Lai",
        is_organisation=True,
    )
    assert company == {"phone": "0935123456", "email": "lienhe@hoasen.vn"}
    assert prefilled_answers(definition, company) == {}
