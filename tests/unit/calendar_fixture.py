"""Builds the WorkCalendar of the project's seed file (vpub_onestop/seed/calendar-vn.json).

Tests read the copy inside the package, so they check the calendar the application ships.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar, load_calendar_json

SEED_PATH = Path(__file__).resolve().parents[2] / "vpub_onestop" / "seed" / "calendar-vn.json"


def seed_data() -> dict[str, Any]:
    """A fresh parse each call, so a test that edits the data cannot leak into another."""
    data: dict[str, Any] = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    return data


def build_calendar(*, makeup_saturday_is_working_day: bool = True) -> WorkCalendar:
    overrides, decided, policy = load_calendar_json(seed_data())
    policy = dataclasses.replace(
        policy, makeup_saturday_is_working_day=makeup_saturday_is_working_day
    )
    return WorkCalendar(overrides, decided, policy)


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """An aware local (Asia/Ho_Chi_Minh) moment."""
    return datetime(year, month, day, hour, minute, second, tzinfo=LOCAL_TZ)
