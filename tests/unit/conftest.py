"""Fixtures for the pure domain tests: calendars built from the project's seed file."""

from __future__ import annotations

import pytest

from tests.unit.calendar_fixture import build_calendar
from vpub_onestop.domain.calendar import WorkCalendar


@pytest.fixture(scope="session")
def cal() -> WorkCalendar:
    """The seed calendar with the default policy (make-up Saturdays are working days)."""
    return build_calendar()


@pytest.fixture(scope="session")
def cal_no_makeup() -> WorkCalendar:
    """The seed calendar with makeup_saturday_is_working_day = False."""
    return build_calendar(makeup_saturday_is_working_day=False)
