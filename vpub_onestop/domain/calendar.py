"""The working calendar (docs/domain.md#calendar): which local dates are working, office hours.

Pure domain code: no Flask, no database, no clock. Dates are local (Asia/Ho_Chi_Minh).

The rule (decided by the lead) for whether a date is a working day:

* An ``off`` override (holiday, swapped day off) makes the date non-working, always.
* Saturday and Sunday are non-working unless a ``work`` override names them (a make-up day).
  A ``work`` override on a Saturday only counts when the policy
  ``makeup_saturday_is_working_day`` is on (the default: the offices are open on make-up
  Saturdays); a ``work`` override on any other day always counts.
* For a year whose status is *decided*, the override table is authoritative and the
  ``holidays`` package is NOT consulted. The package changes between releases (it lists
  24/11 "Ngày Văn hóa Việt Nam" from 2026, which was never confirmed), and a deadline
  promised to a citizen must not move because a library was upgraded.
* For a year that is not decided (provisional, or absent from the table) the Vietnamese
  holidays of ``holidays.country_holidays("VN")`` are non-working days as well, so lunar
  holidays such as Tết are known before the government publishes its swaps. Due dates in
  such years are flagged provisional by the deadline code.

The table of non-working days is computed once per year and cached, because deadline
computation asks about single days many times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from vpub_onestop.domain.identifiers import is_ascii_digits

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

OFF = "off"
WORK = "work"
SATURDAY = 5
SUNDAY = 6
_WEEKEND_NAMES_VI = {SATURDAY: "Thứ Bảy", SUNDAY: "Chủ nhật"}
_ONE_DAY = timedelta(days=1)
# A corrupted override table (every day "off") must not make next_working_day loop forever;
# no real calendar has two consecutive years without a working day.
_MAX_SCAN_DAYS = 2 * 366

_CLOCK_RE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")

Period = tuple[time, time]


def parse_clock(text: str, what: str = "time") -> time:
    """Parse "HH:MM" or "HH:MM:SS" (24-hour clock); `what` names the setting in errors."""
    match = _CLOCK_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{what}: {text!r} is not a clock time like 07:30")
    try:
        return time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        raise ValueError(f"{what}: {text!r} is not a time of day (00:00 to 23:59:59)") from None


def _check_periods(periods: tuple[Period, ...]) -> None:
    if not periods:
        raise ValueError("office hours: at least one period is required")
    for start, end in periods:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("office hours: use naive local clock times, not aware ones")
        if start >= end:
            raise ValueError(
                f"office hours: period {start:%H:%M}-{end:%H:%M} does not end after it starts"
            )
    for (_, prev_end), (next_start, next_end) in zip(periods, periods[1:], strict=False):
        if next_start < prev_end:
            raise ValueError(
                f"office hours: periods must be in order and must not overlap "
                f"({next_start:%H:%M}-{next_end:%H:%M} starts before {prev_end:%H:%M})"
            )


def _clock_delta(start: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


@dataclass(frozen=True)
class CalendarPolicy:
    """Office hours and the calendar policies of docs/policies.md (settings, not constants).

    Periods are half-open [start, end) in local time and apply to every working day.
    """

    office_periods: tuple[Period, ...] = ((time(7), time(11, 30)), (time(13, 30), time(17)))
    same_day_cutoff: time = time(15)
    makeup_saturday_is_working_day: bool = True

    def __post_init__(self) -> None:
        # Accept lists (e.g. built from JSON) but store tuples so the policy stays hashable.
        periods = tuple((start, end) for start, end in self.office_periods)
        _check_periods(periods)
        object.__setattr__(self, "office_periods", periods)

    @classmethod
    def from_settings(
        cls,
        office_hours: str = "07:00-11:30,13:30-17:00",
        same_day_cutoff: str = "15:00",
        makeup_saturday_is_working_day: bool = True,
    ) -> CalendarPolicy:
        """Build from the text settings of config.py; ValueError names the bad part."""
        periods: list[Period] = []
        for chunk in office_hours.split(","):
            start_text, dash, end_text = chunk.partition("-")
            if not dash:
                raise ValueError(
                    f"office hours: {chunk.strip()!r} is not a period like 07:00-11:30 "
                    f"(expected comma-separated periods, e.g. 07:00-11:30,13:30-17:00)"
                )
            periods.append(
                (parse_clock(start_text, "office hours"), parse_clock(end_text, "office hours"))
            )
        return cls(
            office_periods=tuple(periods),
            same_day_cutoff=parse_clock(same_day_cutoff, "same-day cutoff"),
            makeup_saturday_is_working_day=bool(makeup_saturday_is_working_day),
        )

    @property
    def opening_time(self) -> time:
        return self.office_periods[0][0]

    @property
    def closing_time(self) -> time:
        """End of the last office period: the "end of the day" of calendar/same-day limits."""
        return self.office_periods[-1][1]

    @cached_property
    def day_length(self) -> timedelta:
        """Office time in one working day (8 h with the default hours); computed once, as
        the working-time loops ask it for every day they cross."""
        return sum((_clock_delta(start, end) for start, end in self.office_periods), timedelta())


@dataclass(frozen=True)
class DayOverride:
    """One row of the administrator-editable override table."""

    day: date
    kind: str  # OFF ("off") or WORK ("work")
    name: str

    def __post_init__(self) -> None:
        if self.kind not in (OFF, WORK):
            raise ValueError(
                f"calendar override {self.day}: kind must be 'off' or 'work', not {self.kind!r}"
            )


class WorkCalendar:
    """Answers "is this local date a working day?" under the rule of the module docstring."""

    def __init__(
        self,
        overrides: Iterable[DayOverride] = (),
        decided_years: Iterable[int] = (),
        policy: CalendarPolicy = CalendarPolicy(),
    ) -> None:
        self._policy = policy
        self._overrides: dict[date, DayOverride] = {}
        for override in overrides:
            previous = self._overrides.get(override.day)
            if previous is not None and previous.kind != override.kind:
                raise ValueError(
                    f"calendar override {override.day}: listed both as 'off' and as 'work'"
                )
            self._overrides[override.day] = override
        self._decided = frozenset(decided_years)
        # year -> {non-working date: reason}; filled lazily, never invalidated because the
        # calendar is immutable (an edited table means a new WorkCalendar).
        self._year_cache: dict[int, dict[date, str]] = {}

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], policy: CalendarPolicy | None = None
    ) -> WorkCalendar:
        """Calendar from the calendar-vn.json structure; `policy` replaces its policy_defaults."""
        overrides, decided, json_policy = load_calendar_json(data)
        return cls(overrides, decided, policy if policy is not None else json_policy)

    @property
    def policy(self) -> CalendarPolicy:
        # Read-only: the cached year tables depend on makeup_saturday_is_working_day.
        return self._policy

    @property
    def decided_years(self) -> frozenset[int]:
        return self._decided

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        return tuple(self._overrides[day] for day in sorted(self._overrides))

    def with_policy(self, policy: CalendarPolicy) -> WorkCalendar:
        return WorkCalendar(self._overrides.values(), self._decided, policy)

    def is_working_day(self, d: date) -> bool:
        return d not in self._year_table(d.year)

    def non_working_reason(self, d: date) -> str | None:
        """Why `d` is off: holiday or override name, "Thứ Bảy", "Chủ nhật"; None if working."""
        return self._year_table(d.year).get(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        candidate = d
        for _ in range(_MAX_SCAN_DAYS):
            candidate += _ONE_DAY
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(
            f"no working day within {_MAX_SCAN_DAYS} days after {d}: check the calendar"
        )

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after `d` (the start day never counts); n == 0 gives d."""
        if n < 0:
            raise ValueError(f"add_working_days: n must not be negative (got {n})")
        result = d
        for _ in range(n):
            result = self.next_working_day(result)
        return result

    def is_provisional(self, d: date) -> bool:
        """True when nobody has confirmed the swaps of d's year yet."""
        return d.year not in self._decided

    def days_off(self, year: int) -> list[tuple[date, str]]:
        """Monday-to-Friday days off in `year` with their reason, in date order."""
        table = self._year_table(year)
        return [(d, table[d]) for d in sorted(table) if d.weekday() < SATURDAY]

    def unconfirmed_holidays(self, year: int) -> list[tuple[date, str]]:
        """The holidays package's Monday-to-Friday holidays of a year not yet decided that the
        table does not name, in date order: they count as days off only while the year is
        provisional, so confirming the year must write them into the table (Labour Code 2019
        Art. 112) or they would become working days (docs/domain.md#calendar-administration)."""
        if year in self._decided:
            return []
        return [
            (d, name)
            for d, name in sorted(_package_holidays(year).items())
            if d.weekday() < SATURDAY and d not in self._overrides
        ]

    def makeup_days(self, year: int) -> list[tuple[date, str]]:
        """Saturdays and Sundays of `year` that are working days (make-up days), in date order."""
        return [
            (d, override.name)
            for d, override in sorted(self._overrides.items())
            if d.year == year and d.weekday() >= SATURDAY and self.is_working_day(d)
        ]

    def _year_table(self, year: int) -> dict[date, str]:
        table = self._year_cache.get(year)
        if table is None:
            table = self._build_year(year)
            self._year_cache[year] = table
        return table

    def _build_year(self, year: int) -> dict[date, str]:
        package = {} if year in self._decided else _package_holidays(year)
        first = date(year, 1, 1)
        days = (first + timedelta(days=i) for i in range((date(year, 12, 31) - first).days + 1))
        reasons = ((d, self._reason(d, package)) for d in days)
        return {d: reason for d, reason in reasons if reason is not None}

    def _reason(self, d: date, package: Mapping[date, str]) -> str | None:
        override = self._overrides.get(d)
        weekday = d.weekday()
        if override is not None and override.kind == OFF:
            return override.name
        if override is not None:  # a "work" override beats weekends and package holidays
            if weekday == SATURDAY and not self._policy.makeup_saturday_is_working_day:
                return _WEEKEND_NAMES_VI[SATURDAY]
            return None
        if d in package:
            return package[d]
        return _WEEKEND_NAMES_VI.get(weekday)


def _package_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi").items())


def load_calendar_json(
    data: Mapping[str, Any],
) -> tuple[list[DayOverride], list[int], CalendarPolicy]:
    """Parse the calendar-vn.json structure into (overrides, decided years, policy).

    Each year's "off" and "work" lists become overrides; a year is decided when its
    "status" is exactly "decided" (anything else, a typo included, leaves it provisional:
    the safe side). The "unconfirmed" lists are NOT overrides: they are candidate days an
    administrator has not ruled on (read them with `load_unconfirmed_json`).
    policy_defaults.supplement_clock is not a calendar policy and is ignored here.
    """
    overrides: list[DayOverride] = []
    decided: list[int] = []
    for year, entry in _years(data):
        if entry.get("status") == "decided":
            decided.append(year)
        for kind in (OFF, WORK):
            overrides += [DayOverride(d, kind, name) for d, name in _entries(entry, year, kind)]
    defaults = data.get("policy_defaults", {})
    hours = defaults.get("office_hours", [["07:00", "11:30"], ["13:30", "17:00"]])
    try:
        office_hours = ",".join(f"{start}-{end}" for start, end in hours)
    except (TypeError, ValueError):
        raise ValueError("calendar data: office_hours must be a list of [start, end]") from None
    makeup = defaults.get("makeup_saturday_is_working_day", True)
    if not isinstance(makeup, bool):
        raise ValueError("calendar data: makeup_saturday_is_working_day must be true or false")
    policy = CalendarPolicy.from_settings(
        office_hours, str(defaults.get("same_day_cutoff", "15:00")), makeup
    )
    return overrides, sorted(decided), policy


def load_unconfirmed_json(data: Mapping[str, Any]) -> list[tuple[date, str]]:
    """The "unconfirmed" candidate days of every year, for the administrator's attention."""
    return sorted(
        item for year, entry in _years(data) for item in _entries(entry, year, "unconfirmed")
    )


def _years(data: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    years = data.get("years")
    if not isinstance(years, Mapping):
        raise ValueError("calendar data: 'years' must be an object keyed by year")
    result = []
    for key, entry in years.items():
        if not (isinstance(key, str) and is_ascii_digits(key) and len(key) == 4):
            raise ValueError(f"calendar data: year key {key!r} is not a four-digit year")
        if not isinstance(entry, Mapping):
            raise ValueError(f"calendar data: year {key} must be an object")
        result.append((int(key), entry))
    return result


def _entries(entry: Mapping[str, Any], year: int, kind: str) -> list[tuple[date, str]]:
    result: list[tuple[date, str]] = []
    for item in entry.get(kind, []):
        try:
            day_text, name = item
            day = date.fromisoformat(day_text)
        except (TypeError, ValueError):
            raise ValueError(
                f"calendar data {year} {kind}: {item!r} is not a [YYYY-MM-DD, name] pair"
            ) from None
        if day.year != year or not isinstance(name, str):
            raise ValueError(
                f"calendar data {year} {kind}: {item!r} is not a day of {year} with a name"
            )
        result.append((day, name))
    return result
