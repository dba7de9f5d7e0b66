"""The form definition validator: what an administrator's mistake looks like to him."""

from __future__ import annotations

from typing import Any

from vpub_onestop.domain.declaration.definition import parse_definition
from vpub_onestop.domain.declaration.definition_check import definition_problems


def _form(*fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": 1,
        "title": "Tờ khai thử",
        "sections": [{"key": "a", "title": "Phần A", "fields": list(fields)}],
    }


MARRIED = {"key": "da_ket_hon", "type": "yesno", "label": "Đã kết hôn"}
SPOUSE = {
    "key": "ten_vo_chong",
    "type": "text",
    "label": "Họ tên vợ/chồng",
    "show_when": {"field": "da_ket_hon", "equals": "yes"},
}


def test_a_sound_definition_has_no_problem_and_parses() -> None:
    data = _form(MARRIED, SPOUSE)
    assert definition_problems(data) == []
    spouse = parse_definition(data).field("ten_vo_chong")
    assert spouse is not None and spouse.show_when is not None
    assert spouse.show_when.values == ("yes",)


def test_two_fields_with_one_key_are_refused() -> None:
    problems = definition_problems(
        _form(MARRIED, {**SPOUSE, "key": "da_ket_hon", "show_when": None})
    )
    assert any("bị trùng" in problem and "da_ket_hon" in problem for problem in problems)


def test_a_key_inside_a_group_may_not_repeat_a_top_level_key() -> None:
    group = {
        "key": "con",
        "type": "group",
        "label": "Các con",
        "fields": [{"key": "da_ket_hon", "type": "text", "label": "X"}],
    }
    assert any("bị trùng" in p for p in definition_problems(_form(MARRIED, group)))


def test_a_condition_on_a_missing_field_is_named() -> None:
    problems = definition_problems(
        _form({**SPOUSE, "show_when": {"field": "khong_co", "equals": "yes"}})
    )
    assert any("“khong_co” không có" in problem for problem in problems)


def test_a_condition_value_a_choice_does_not_offer_is_refused() -> None:
    kind = {"key": "loai", "type": "choice", "label": "Loại", "options": [["a", "A"], ["b", "B"]]}
    dependent = {
        "key": "ghi_chu",
        "type": "text",
        "label": "Ghi chú",
        "show_when": {"field": "loai", "equals": "c"},
    }
    problems = definition_problems(_form(kind, dependent))
    assert any("giá trị so sánh không có" in problem for problem in problems)


def test_a_cycle_of_conditions_is_refused_with_its_path() -> None:
    first = {
        "key": "a1",
        "type": "text",
        "label": "A1",
        "show_when": {"field": "b1", "equals": "x"},
    }
    second = {
        "key": "b1",
        "type": "text",
        "label": "B1",
        "required_when": {"field": "a1", "equals": "y"},
    }
    problems = definition_problems(_form(first, second))
    assert any("vòng lặp" in problem and "a1 → b1 → a1" in problem for problem in problems)


def test_a_field_in_a_group_may_follow_its_own_row_but_not_another_groups() -> None:
    children = {
        "key": "con",
        "type": "group",
        "label": "Các con",
        "fields": [
            {"key": "con_ho_ten", "type": "text", "label": "Họ tên"},
            {"key": "con_co_the", "type": "yesno", "label": "Có thẻ BHYT"},
            {
                "key": "con_so_the",
                "type": "text",
                "label": "Số thẻ",
                "show_when": {"field": "con_co_the", "equals": "yes"},
            },
        ],
    }
    assert definition_problems(_form(children)) == []
    parents = {
        "key": "cha_me",
        "type": "group",
        "label": "Cha mẹ",
        "fields": [
            {
                "key": "cm_ten",
                "type": "text",
                "label": "Tên",
                "show_when": {"field": "con_co_the", "equals": "yes"},
            }
        ],
    }
    assert any("trong một nhóm khác" in p for p in definition_problems(_form(children, parents)))


def test_bad_keys_types_bounds_and_empty_choices_are_all_reported() -> None:
    problems = definition_problems(
        _form(
            {"key": "Họ tên", "type": "text", "label": "Họ tên"},
            {"key": "x", "type": "color", "label": "Màu"},
            {"key": "y", "type": "number", "label": "Tuổi", "minimum": 10, "maximum": 5},
            {"key": "z", "type": "choice", "label": "Chọn", "options": []},
            {
                "key": "g",
                "type": "group",
                "label": "Nhóm",
                "fields": [{"key": "g1", "type": "text", "label": "G"}],
                "min_items": 3,
                "max_items": 2,
            },
        )
    )
    joined = "\n".join(problems)
    assert "Mã trường “Họ tên” không hợp lệ" in joined
    assert "kiểu “color” không được hỗ trợ" in joined
    assert "giá trị tối thiểu lớn hơn tối đa" in joined
    assert "danh sách lựa chọn đang trống" in joined
    assert "số dòng tối thiểu" in joined


def test_a_definition_without_sections_or_fields_is_refused() -> None:
    assert definition_problems({"title": "x"}) == ["Tờ khai phải có danh sách các phần."]
    assert "Tờ khai chưa có trường nào." in definition_problems({"title": "x", "sections": []})
