"""Answers cleaned against a definition: conditions, groups, the address and the ID number."""

from __future__ import annotations

from datetime import date
from typing import Any

from vpub_onestop.domain.declaration.address import address_text, province, provinces
from vpub_onestop.domain.declaration.answers import clean_answers, display_value
from vpub_onestop.domain.declaration.definition import parse_definition

TODAY = date(2026, 3, 9)

DEFINITION = parse_definition(
    {
        "version": 1,
        "title": "Tờ khai thử",
        "sections": [
            {
                "key": "chinh",
                "title": "Người khai",
                "fields": [
                    {
                        "key": "ho_ten",
                        "type": "text",
                        "label": "Họ, chữ đệm, tên",
                        "required": True,
                        "max_length": 50,
                    },
                    {
                        "key": "so_dinh_danh",
                        "type": "id_number",
                        "label": "Số định danh cá nhân",
                        "required": True,
                    },
                    {
                        "key": "ngay_sinh",
                        "type": "date",
                        "label": "Ngày sinh",
                        "not_future": True,
                        "min_date": "1900-01-01",
                    },
                    {"key": "dia_chi", "type": "address", "label": "Nơi cư trú", "required": True},
                    {"key": "da_ket_hon", "type": "yesno", "label": "Đã kết hôn", "required": True},
                    {
                        "key": "ten_vo_chong",
                        "type": "text",
                        "label": "Họ tên vợ/chồng",
                        "show_when": {"field": "da_ket_hon", "equals": "yes"},
                        "required": True,
                    },
                    {
                        "key": "so_dt_vo_chong",
                        "type": "phone",
                        "label": "Điện thoại vợ/chồng",
                        "show_when": {"field": "ten_vo_chong", "in": ["Trần Thị Bình"]},
                    },
                    {
                        "key": "von",
                        "type": "money",
                        "label": "Vốn",
                        "minimum": 0,
                        "maximum": 10000000000,
                    },
                    {"key": "dien_tich", "type": "number", "label": "Diện tích (m²)", "minimum": 1},
                    {
                        "key": "thanh_vien",
                        "type": "group",
                        "label": "Thành viên",
                        "min_items": 1,
                        "max_items": 2,
                        "fields": [
                            {
                                "key": "tv_ho_ten",
                                "type": "text",
                                "label": "Họ tên",
                                "required": True,
                            },
                            {
                                "key": "tv_co_dinh_danh",
                                "type": "yesno",
                                "label": "Đã có số định danh",
                            },
                            {
                                "key": "tv_so_dinh_danh",
                                "type": "id_number",
                                "label": "Số định danh",
                                "required_when": {"field": "tv_co_dinh_danh", "equals": "yes"},
                            },
                        ],
                    },
                ],
            }
        ],
    }
)

GOOD: dict[str, Any] = {
    "ho_ten": "  Nguyễn Văn An ",
    "so_dinh_danh": "052090001234",
    "ngay_sinh": "15/04/1990",
    "dia_chi": {"province": "52", "commune": "phường Quy Nhơn", "detail": "12 Lê Lợi"},
    "da_ket_hon": "no",
    "ten_vo_chong": "Trần Thị Bình",
    "von": "1.250.000",
    "dien_tich": "120,5",
    "thanh_vien": [{"tv_ho_ten": "Nguyễn Văn Bé", "tv_co_dinh_danh": "no", "tv_so_dinh_danh": ""}],
}


def _clean(raw: dict[str, Any], complete: bool = True) -> Any:
    return clean_answers(DEFINITION, raw, today=TODAY, complete=complete)


def test_good_answers_are_stored_cleaned_and_a_hidden_field_keeps_nothing() -> None:
    result = _clean(GOOD)
    assert result.errors == {}
    answers = result.answers
    assert answers["ho_ten"] == "Nguyễn Văn An"
    assert answers["ngay_sinh"] == "1990-04-15"
    assert answers["von"] == 1250000
    assert answers["dien_tich"] == "120.5"
    assert answers["da_ket_hon"] is False
    # Not married: the spouse's name typed before the answer changed is not kept.
    assert "ten_vo_chong" not in answers


def test_a_condition_that_holds_shows_the_field_and_makes_it_required() -> None:
    result = _clean({**GOOD, "da_ket_hon": "yes", "ten_vo_chong": ""})
    assert result.errors == {"ten_vo_chong": "Vui lòng điền mục này."}


def test_a_condition_chain_follows_a_hidden_source() -> None:
    # so_dt_vo_chong shows when ten_vo_chong is "Trần Thị Bình"; ten_vo_chong itself is
    # hidden when not married, so the phone is hidden too and its bad value is ignored.
    hidden = _clean({**GOOD, "so_dt_vo_chong": "12"})
    assert hidden.errors == {} and "so_dt_vo_chong" not in hidden.answers
    shown = _clean({**GOOD, "da_ket_hon": "yes", "so_dt_vo_chong": "12"})
    assert shown.errors == {"so_dt_vo_chong": "Số điện thoại không hợp lệ (ví dụ 0912345678)."}
    fine = _clean({**GOOD, "da_ket_hon": "yes", "so_dt_vo_chong": "0912 345 678"})
    assert fine.answers["so_dt_vo_chong"] == "0912345678"


def test_the_id_number_is_twelve_ascii_digits() -> None:
    for wrong in ("05209000123", "0520900012345", "05209000123a", "０５２０９０００１２３４"):
        result = _clean({**GOOD, "so_dinh_danh": wrong})
        assert result.errors == {"so_dinh_danh": "Số định danh cá nhân phải gồm đúng 12 chữ số."}


def test_a_draft_may_leave_required_fields_empty_but_never_malformed() -> None:
    draft = _clean({"ho_ten": "Nguyễn Văn An"}, complete=False)
    assert draft.errors == {} and draft.answers == {"ho_ten": "Nguyễn Văn An"}
    bad = _clean({"ngay_sinh": "31/02/1990"}, complete=False)
    assert bad.errors == {"ngay_sinh": "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 09/03/2026."}
    submitted = _clean({"ho_ten": "Nguyễn Văn An"})
    assert set(submitted.errors) == {"so_dinh_danh", "dia_chi", "da_ket_hon", "thanh_vien"}


def test_dates_in_the_future_and_before_the_bound_are_refused() -> None:
    assert _clean({**GOOD, "ngay_sinh": "10/03/2026"}).errors == {
        "ngay_sinh": "Ngày không được sau hôm nay (09/03/2026)."
    }
    assert _clean({**GOOD, "ngay_sinh": "31/12/1899"}).errors == {
        "ngay_sinh": "Ngày không được trước 01/01/1900."
    }


def test_numbers_and_money_respect_their_range() -> None:
    assert _clean({**GOOD, "dien_tich": "0,5"}).errors == {
        "dien_tich": "Giá trị không được nhỏ hơn 1."
    }
    assert _clean({**GOOD, "von": "20.000.000.000"}).errors == {
        "von": "Giá trị không được lớn hơn 10.000.000.000 ₫."
    }
    assert "von" in _clean({**GOOD, "von": "-5"}).errors


def test_group_rows_blank_rows_dropped_counts_bounded_and_row_conditions() -> None:
    rows = [
        {"tv_ho_ten": "", "tv_co_dinh_danh": "", "tv_so_dinh_danh": ""},
        {"tv_ho_ten": "Nguyễn Thị C", "tv_co_dinh_danh": "yes", "tv_so_dinh_danh": ""},
    ]
    result = _clean({**GOOD, "thanh_vien": rows})
    # The blank first row is no entry, but the row with a problem keeps its place (1).
    assert result.errors == {"thanh_vien.1.tv_so_dinh_danh": "Vui lòng điền mục này."}
    assert len(result.answers["thanh_vien"]) == 1
    too_many = [{"tv_ho_ten": f"Người {n}"} for n in range(3)]
    assert _clean({**GOOD, "thanh_vien": too_many}).errors == {"thanh_vien": "Tối đa 2 dòng."}
    assert _clean({**GOOD, "thanh_vien": []}).errors == {"thanh_vien": "Cần ít nhất 1 dòng."}


def test_the_address_is_a_province_of_the_2025_list_and_a_commune_of_it() -> None:
    # 34 provincial-level units since 12/06/2025 (Resolution 202/2025/QH15).
    assert len(provinces()) == 34
    gia_lai = province("52")
    assert gia_lai is not None and "phường Pleiku" in gia_lai.communes
    # Resolution 1664/NQ-UBTVQH15 (16/06/2025): 135 commune-level units, 110 communes and
    # 25 wards, of which 9 communes were left as they were (Ia O, Nhơn Châu, Ia Púch, Ia Mơ,
    # Ia Pnôn, Ia Nan, Ia Dom, Ia Chia, Krong), as the resolution's announcement counts them.
    units = gia_lai.communes
    assert len(units) == len(set(units)) == 135
    assert sum(u.startswith("phường ") for u in units) == 25
    assert sum(u.startswith("xã ") for u in units) == 110
    kept = ("Ia O", "Nhơn Châu", "Ia Púch", "Ia Mơ", "Ia Pnôn", "Ia Nan", "Ia Dom", "Ia Chia")
    assert {f"xã {name}" for name in (*kept, "Krong")} <= set(units)
    wrong_commune = {
        **GOOD,
        "dia_chi": {"province": "52", "commune": "phường Bến Nghé", "detail": "1"},
    }
    assert _clean(wrong_commune).errors == {"dia_chi": "Chọn phường, xã thuộc tỉnh Gia Lai."}
    # An old province (Bình Định, merged into Gia Lai) is no longer in the list.
    assert (
        "dia_chi"
        in _clean({**GOOD, "dia_chi": {"province": "64", "commune": "x", "detail": "1"}}).errors
    )
    # A province without a commune list takes the commune as typed.
    typed = {
        **GOOD,
        "dia_chi": {"province": "01", "commune": "phường Hoàn Kiếm", "detail": "5 Tràng Tiền"},
    }
    assert _clean(typed).errors == {}
    assert address_text(GOOD["dia_chi"]) == "12 Lê Lợi, phường Quy Nhơn, tỉnh Gia Lai"
    missing_detail = {**GOOD, "dia_chi": {"province": "52", "commune": "phường Quy Nhơn"}}
    assert "dia_chi" in _clean(missing_detail).errors


def test_answers_print_as_people_read_them() -> None:
    answers = _clean(GOOD).answers
    field = DEFINITION.field
    assert display_value(field("ngay_sinh"), answers["ngay_sinh"]) == "15/04/1990"  # type: ignore[arg-type]
    assert display_value(field("von"), answers["von"]) == "1.250.000 ₫"  # type: ignore[arg-type]
    assert display_value(field("dien_tich"), answers["dien_tich"]) == "120,5"  # type: ignore[arg-type]
    assert display_value(field("da_ket_hon"), answers["da_ket_hon"]) == "Không"  # type: ignore[arg-type]
