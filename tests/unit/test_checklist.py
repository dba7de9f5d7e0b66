"""Missing papers and the one-time guidance (Mẫu 02) for an incomplete file at the counter."""

from __future__ import annotations

from dataclasses import dataclass

from vpub_onestop.domain.checklist import (
    DEFAULT_MISSING_REASON,
    MissingItem,
    guidance_items,
    missing_mandatory,
)


@dataclass(frozen=True)
class Doc:
    id: int
    name: str
    mandatory: bool


FORM = Doc(1, "Tờ khai đăng ký kết hôn", True)
ID_CARD = Doc(2, "Căn cước của hai bên", True)
MARITAL = Doc(3, "Giấy xác nhận tình trạng hôn nhân", True)
PHOTO = Doc(4, "Ảnh 4x6", False)
CHECKLIST = [FORM, ID_CARD, MARITAL, PHOTO]


def test_only_mandatory_papers_not_in_hand_are_missing() -> None:
    assert missing_mandatory(CHECKLIST, {1, 3}) == [ID_CARD]
    assert missing_mandatory(CHECKLIST, {1, 2, 3}) == []  # the photo is optional
    assert missing_mandatory(CHECKLIST, set()) == [FORM, ID_CARD, MARITAL]


def test_guidance_lists_every_missing_paper_and_every_paper_with_a_remark() -> None:
    items = guidance_items(
        CHECKLIST,
        present_ids={1, 2, 4},
        reasons={2: "Căn cước đã hết hạn", 4: "", 3: ""},
    )
    assert items == (
        # Present but invalid: listed with the officer's remark.
        MissingItem(2, "Căn cước của hai bên", "Căn cước đã hết hạn"),
        # Missing with no remark: the default wording.
        MissingItem(3, "Giấy xác nhận tình trạng hôn nhân", DEFAULT_MISSING_REASON),
    )


def test_a_complete_file_needs_no_guidance() -> None:
    assert guidance_items(CHECKLIST, {1, 2, 3}, {}) == ()
