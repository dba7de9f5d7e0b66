"""Text rules shared by search and storage."""

from __future__ import annotations

from unidecode import unidecode


def fold(text: str) -> str:
    """Lower-case ASCII folding for accent-insensitive search ("Nguyễn" -> "nguyen"), so
    that an officer typing without diacritics still finds "Chứng thực bản sao"."""
    return unidecode(text).lower()
