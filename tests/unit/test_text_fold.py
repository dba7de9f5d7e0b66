"""Accent folding for search: an officer typing without diacritics finds the procedure."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.text import fold


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("Chứng thực bản sao", "chung thuc ban sao"),
        ("ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"),
        ("1.000894", "1.000894"),
    ],
)
def test_fold_drops_accents_and_case(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_typed_with_or_without_accents_gives_the_same_key() -> None:
    assert fold("hộ tịch") == fold("ho tich") == fold("HỘ TỊCH")
