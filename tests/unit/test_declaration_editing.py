"""The form editor's changes: what an administrator does, one step at a time, and what is
refused because it would break the form."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.declaration import editing
from vpub_onestop.domain.declaration.definition_check import definition_problems
from vpub_onestop.domain.declaration.field_input import field_data, field_inputs
from vpub_onestop.domain.errors import ValidationError


def _built() -> editing.Definition:
    form = editing.blank_definition("Tờ khai thử")
    form = editing.add_section(form, "nguoi_khai", "Người khai")
    form = editing.add_section(form, "noi_dung", "Nội dung")
    form = editing.add_field(
        form, "nguoi_khai", {"key": "ho_ten", "type": "text", "label": "Họ tên"}
    )
    form = editing.add_field(
        form, "nguoi_khai", {"key": "co_con", "type": "yesno", "label": "Có con"}
    )
    so_con = {
        "key": "so_con",
        "type": "number",
        "label": "Số con",
        "show_when": {"field": "co_con", "in": ["yes"]},
    }
    return editing.add_field(form, "noi_dung", so_con)


def test_a_form_built_step_by_step_is_sound_and_the_original_is_untouched() -> None:
    blank = editing.blank_definition("Tờ khai thử")
    form = _built()
    assert blank["sections"] == []
    assert definition_problems(form) == []
    assert [f["key"] for f in form["sections"][0]["fields"]] == ["ho_ten", "co_con"]


def test_moving_a_field_past_the_edge_of_its_section_takes_it_to_the_next() -> None:
    form = editing.move_field(_built(), "co_con", editing.DOWN)
    assert [f["key"] for f in form["sections"][1]["fields"]] == ["co_con", "so_con"]
    form = editing.move_field(form, "so_con", editing.UP)
    assert [f["key"] for f in form["sections"][1]["fields"]] == ["so_con", "co_con"]


def test_a_field_others_depend_on_cannot_be_removed_or_rekeyed() -> None:
    with pytest.raises(ValidationError, match="Số con"):
        editing.remove_field(_built(), "co_con")
    with pytest.raises(ValidationError, match="Số con"):
        editing.update_field(
            _built(), "co_con", {"key": "co_con_2", "type": "yesno", "label": "Có con"}
        )
    assert "so_con" not in str(editing.remove_field(_built(), "so_con"))


def test_keys_are_checked_when_added() -> None:
    with pytest.raises(ValidationError, match="đã có"):
        editing.add_field(_built(), "noi_dung", {"key": "ho_ten", "type": "text", "label": "X"})
    with pytest.raises(ValidationError, match="chữ thường"):
        editing.add_section(_built(), "Phần 3", "Phần 3")
    with pytest.raises(ValidationError, match="còn trường"):
        editing.remove_section(_built(), "noi_dung")


def test_the_editor_inputs_are_read_into_a_field_and_back() -> None:
    inputs = {
        "key": "gioi_tinh",
        "type": "choice",
        "label": "Giới tính",
        "required": "y",
        "options": "nam | Nam\nnu | Nữ\n",
        "show_when_field": "co_con",
        "show_when_values": "yes",
        "min_date": "",
    }
    field = field_data(inputs)
    assert field["options"] == [["nam", "Nam"], ["nu", "Nữ"]]
    assert field["show_when"] == {"field": "co_con", "in": ["yes"]}
    assert field_inputs(field)["options"] == "nam | Nam\nnu | Nữ"
    with pytest.raises(ValidationError) as refused:
        field_data({**inputs, "options": "Nam", "max_length": "mười", "label": "", "key": "Giới"})
    assert set(refused.value.field_errors) == {"options", "max_length", "label", "key"}
    dated = field_data({"key": "d", "type": "date", "label": "Ngày", "min_date": "01/01/1900"})
    assert dated["min_date"] == "1900-01-01" and field_inputs(dated)["min_date"] == "01/01/1900"
