"""A stored file's name follows what the file is (domain/file_names.py)."""

from __future__ import annotations

import pytest

from vpub_onestop.domain.file_names import name_for_content


@pytest.mark.parametrize(
    ("typed", "content_type", "kept_as"),
    [
        ("giay-khai-sinh.pdf", "image/jpeg", "giay-khai-sinh.jpg"),  # a photo named .pdf
        ("ban-do.PDF", "image/png", "ban-do.png"),
        ("to-khai.jpg", "application/pdf", "to-khai.pdf"),  # a scan saved as PDF
        ("anh.jpeg", "image/jpeg", "anh.jpeg"),  # another spelling of the same format
        ("Tờ khai.PDF", "application/pdf", "Tờ khai.PDF"),  # right already: untouched
        ("so do", "image/png", "so do.png"),  # no extension at all
        ("bản 2.1", "application/pdf", "bản 2.1.pdf"),  # "1" is not an extension
        ("hop-dong.docx", "application/pdf", "hop-dong.pdf"),
    ],
)
def test_the_name_takes_the_extension_of_the_content(
    typed: str, content_type: str, kept_as: str
) -> None:
    assert name_for_content(typed, content_type) == kept_as
