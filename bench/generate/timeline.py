"""Moments of a story: office hours on working days of the calendar, delays counted in
office time with the project's own deadline engine, and never later than the end."""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import date, datetime, time, timedelta

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import add_working_time

YEARS_BACK = 3
OPENING = time(7, 0)


class StoryEnds(Exception):
    """The next act would fall at or after the end of the history (the demo clock's now)."""


class Timeline:
    def __init__(self, cal: WorkCalendar, end: datetime, rng: random.Random) -> None:
        self.cal, self.end, self.rng = cal, end, rng
        last = end.astimezone(LOCAL_TZ).date()
        first = last.replace(year=last.year - YEARS_BACK)
        self.days: list[date] = []
        day = first
        while day <= last:
            if cal.is_working_day(day):
                self.days.append(day)
            day += timedelta(days=1)
        self.pace = 1.0

    def at(self, moment: datetime) -> datetime:
        if moment >= self.end:
            raise StoryEnds
        return moment

    def later(self, moment: datetime, low: float, high: float) -> datetime:
        """`moment` plus between `low` and `high` office hours (scaled by the pace)."""
        hours = self.rng.uniform(low, high) * self.pace
        return self.at(add_working_time(self.cal, moment, timedelta(hours=hours)))

    def plus_hours(self, moment: datetime, hours: float) -> datetime:
        return self.at(add_working_time(self.cal, moment, timedelta(hours=hours)))

    def day_back(self, working_days: int) -> date:
        """The working day `working_days` before the last one (0 = the last)."""
        index = max(0, len(self.days) - 1 - working_days)
        return self.days[index]

    def any_day(self) -> date:
        return self.days[self.rng.randrange(len(self.days))]

    def index_of(self, day: date) -> int:
        return bisect_left(self.days, day)

    def office_moment(self, day: date) -> datetime:
        """A moment within the office hours of `day` (minutes into the working day)."""
        opening = datetime.combine(day, OPENING, LOCAL_TZ)
        minutes = self.rng.randint(0, 7 * 60 - 1)
        return add_working_time(
            self.cal, opening, timedelta(minutes=minutes, seconds=self.rng.randint(0, 59))
        )
