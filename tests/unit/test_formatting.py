"""Money, numbers, dates and times as every page, slip, export and email prints them
(docs/architecture.md#formatting). Expected strings are written by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from vpub_onestop.domain import formatting


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1250000, "1.250.000 ₫"),
        (0, "0 ₫"),
        (999, "999 ₫"),
        (1000, "1.000 ₫"),
        (-15000, "-15.000 ₫"),
        (Decimal("2500.5"), "2.501 ₫"),  # the đồng has no subunit: half up to whole đồng
        (None, ""),
    ],
)
def test_money_is_whole_dong_with_dots_between_thousands(amount: object, text: str) -> None:
    assert formatting.money(amount) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (1234, 0, "1.234", "1,234"),
        (1234567, 0, "1.234.567", "1,234,567"),
        (12.5, 1, "12,5", "12.5"),
        (66.6666, 1, "66,7", "66.7"),  # 100 % − 4/12: rounded to one decimal
        (0.125, 2, "0,13", "0.13"),  # half up, not half even
        (-0.5, 1, "-0,5", "-0.5"),
        (-0.04, 1, "0,0", "0.0"),  # rounds to zero: no "-0,0"
    ],
)
def test_numbers_follow_the_locale(value: float, decimals: int, vi: str, en: str) -> None:
    assert formatting.number(value, decimals, "vi") == vi
    assert formatting.number(value, decimals, "en") == en


def test_trimmed_numbers_drop_a_zero_fraction() -> None:
    assert formatting.number(Decimal("3.0"), 1, "vi", trim=True) == "3"
    assert formatting.number(Decimal("2.5"), 1, "vi", trim=True) == "2,5"


def test_percent_has_a_space_before_the_sign() -> None:
    assert formatting.percent(61.538, 1, "vi") == "61,5 %"  # 100 % − 5/13
    assert formatting.percent(61.538, 1, "en") == "61.5 %"
    assert formatting.percent(None) == ""


@pytest.mark.parametrize(
    ("size", "vi", "en"),
    [
        (10 * 1024 * 1024, "10 MB", "10 MB"),
        (1572864, "1,5 MB", "1.5 MB"),  # 1.5 × 1 048 576
        (2048, "2 KB", "2 KB"),
        (2049, "3 KB", "3 KB"),  # a started kilobyte counts
        (1, "1 KB", "1 KB"),
    ],
)
def test_file_sizes(size: int, vi: str, en: str) -> None:
    assert formatting.file_size(size, "vi") == vi
    assert formatting.file_size(size, "en") == en


def test_dates_and_times_are_local_and_day_first() -> None:
    # 16:30 UTC on 12/2/2026 is 23:30 the same day in Hanoi; 17:30 UTC is already 13/2.
    assert formatting.day(datetime(2026, 2, 12, 17, 30, tzinfo=UTC)) == "13/02/2026"
    assert formatting.moment(datetime(2026, 2, 12, 16, 30, tzinfo=UTC)) == "23:30 12/02/2026"
    assert formatting.time_of_day(datetime(2026, 3, 9, 1, 15, tzinfo=UTC)) == "08:15"
    assert formatting.day(date(2026, 9, 2)) == "02/09/2026"
    assert formatting.day(None) == "" and formatting.moment(None) == ""
