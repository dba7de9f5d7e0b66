"""Time rules the law counts in days, not in clock hours (Decree 61/2018 Art. 19; Circular
01/2018/TT-VPCP forms 02 and 04; Circular 03/2025/TT-VPCP form 05). One home for each:
services, queries, views and slips all ask here.

Pure: no Flask, no database, no clock; every moment is passed in, timezone-aware, and every
answer is in local time (Asia/Ho_Chi_Minh).

Counting in days means a window ends at the *closing time* of its last working day
(17:00 with the default office hours), whatever hour the counting started: a dossier
received on Monday at 07:05 or at 16:55 may be asked for supplements until Thursday 17:00.
A moment equal to the end is still in time; one second later is not.

- Supplement request window: to the end of the N-th working day after the day of receipt
  (N = 3 by law; the receipt day itself is not counted, as in Civil Code Art. 147). A later
  request, or a second one, needs a written justification and is flagged.
- Apology: the last day is the working day before the due date's day, until closing (due
  Monday -> Friday; due right after Tết -> the last working day before Tết). Only once.
  After that day it is still recorded and sent, but flagged late.
- Supplement deadline: the applicant has until the end of the N-th working day after the
  day of the request (a setting); only after it may the one-stop unit stop the dossier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar

# A corrupted calendar (every day off) must not make the backwards scan loop forever.
_MAX_SCAN_DAYS = 2 * 366


@dataclass(frozen=True)
class TimeRuleSettings:
    """The day counts of these rules, as the deployment sets them (config.py)."""

    supplement_window_days: int = 3
    supplement_deadline_days: int = 30

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TimeRuleSettings:
        return cls(
            supplement_window_days=int(config.get("SUPPLEMENT_FREE_WORKING_DAYS", 3)),
            supplement_deadline_days=int(config.get("POLICY_SUPPLEMENT_DEADLINE_WORKING_DAYS", 30)),
        )


def _local(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {moment.isoformat()}")
    return moment.astimezone(LOCAL_TZ)


def closing_of(cal: WorkCalendar, day: date) -> datetime:
    """The end of `day`'s office hours (17:00 by default), local time."""
    return datetime.combine(day, cal.policy.closing_time, tzinfo=LOCAL_TZ)


def counting_day(cal: WorkCalendar, moment: datetime) -> date:
    """The working day a count in days starts from: the moment's own local date, or, for a
    moment on a day off, the next working day (nothing is received on a day off)."""
    day = _local(moment, "moment").date()
    return day if cal.is_working_day(day) else cal.next_working_day(day)


def previous_working_day(cal: WorkCalendar, day: date) -> date:
    """The last working day strictly before `day`."""
    candidate = day
    for _ in range(_MAX_SCAN_DAYS):
        candidate -= timedelta(days=1)
        if cal.is_working_day(candidate):
            return candidate
    raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days before {day}")


def end_of_working_days_after(cal: WorkCalendar, moment: datetime, days: int) -> datetime:
    """Closing time of the `days`-th working day after the day of `moment`."""
    if days < 0:
        raise ValueError(f"days must not be negative (got {days})")
    return closing_of(cal, cal.add_working_days(counting_day(cal, moment), days))


# --- supplement request (Mẫu 02 from an agency) -----------------------------------------


@dataclass(frozen=True)
class SupplementRequestCheck:
    """What the rule says about a supplement request made at a given moment."""

    free_until: datetime  # end of the free window
    late: bool  # made after the window
    repeated: bool  # not the first request on this dossier

    @property
    def needs_justification(self) -> bool:
        return self.late or self.repeated


def supplement_free_until(cal: WorkCalendar, received_at: datetime, days: int) -> datetime:
    """End of the window in which one supplement request needs no justification."""
    return end_of_working_days_after(cal, received_at, days)


def check_supplement_request(
    cal: WorkCalendar,
    received_at: datetime,
    now: datetime,
    *,
    previous_requests: int,
    window_days: int,
) -> SupplementRequestCheck:
    free_until = supplement_free_until(cal, received_at, window_days)
    return SupplementRequestCheck(
        free_until=free_until,
        late=_local(now, "now") > free_until,
        repeated=previous_requests > 0,
    )


# --- apology (Mẫu 04) --------------------------------------------------------------------


@dataclass(frozen=True)
class ApologyCheck:
    last_moment: datetime  # closing of the working day before the due date's day
    late: bool  # issued after last_moment: still recorded and sent, but flagged
    already_given: bool  # only one apology per dossier

    @property
    def allowed(self) -> bool:
        return not self.already_given


def apology_last_moment(cal: WorkCalendar, due_at: datetime) -> datetime:
    """Closing time of the last working day before the due date's day."""
    due_day = _local(due_at, "due_at").date()
    return closing_of(cal, previous_working_day(cal, due_day))


def check_apology(
    cal: WorkCalendar, due_at: datetime, now: datetime, *, already_apologised: bool
) -> ApologyCheck:
    last = apology_last_moment(cal, due_at)
    return ApologyCheck(
        last_moment=last,
        late=_local(now, "now") > last,
        already_given=already_apologised,
    )


# --- supplement deadline and the stop notice --------------------------------------------


def supplement_deadline(cal: WorkCalendar, requested_at: datetime, days: int) -> datetime:
    """Until when the applicant may bring the documents asked for (printed on Mẫu 02)."""
    return end_of_working_days_after(cal, requested_at, days)


def may_stop_unsupplemented(deadline: datetime, now: datetime) -> bool:
    """Only once the supplement deadline has passed may the dossier be stopped."""
    return _local(now, "now") > _local(deadline, "deadline")
