"""When paper dispatched by the one-stop unit reaches the agency (Decree 61/2018 Art. 19):
the same day up to the 15:00 cut-off, the next working day's opening after it. Online
files move at once. Calendar: the project's seed (Tết Bính Ngọ off 14/2-22/2/2026)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.unit.calendar_fixture import at
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.dispatch import paper_moves_at


@pytest.mark.parametrize(
    ("channel", "dispatched", "arrives"),
    [
        # Tue 10/3/2026 at 15:00:00 exactly is still "up to 15:00": it moves now.
        ("direct", at(2026, 3, 10, 15, 0, 0), at(2026, 3, 10, 15, 0, 0)),
        # One second later: the next working day, Wed 11/3, at opening (07:00).
        ("direct", at(2026, 3, 10, 15, 0, 1), at(2026, 3, 11, 7)),
        ("post", at(2026, 3, 10, 16, 30), at(2026, 3, 11, 7)),
        # Friday afternoon: Saturday and Sunday are off, Monday 16/3 07:00.
        ("direct", at(2026, 3, 13, 16), at(2026, 3, 16, 7)),
        # The last afternoon before Tết (Fri 13/2/2026): the office reopens Mon 23/2.
        ("direct", at(2026, 2, 13, 16), at(2026, 2, 23, 7)),
        # Online files move at once whatever the hour.
        ("online", at(2026, 3, 10, 16, 30), at(2026, 3, 10, 16, 30)),
        # Morning paper moves at once.
        ("direct", at(2026, 3, 10, 9), at(2026, 3, 10, 9)),
    ],
)
def test_paper_after_the_cut_off_moves_next_working_morning(
    cal: WorkCalendar, channel: str, dispatched: datetime, arrives: datetime
) -> None:
    assert paper_moves_at(cal, channel, dispatched) == arrives
