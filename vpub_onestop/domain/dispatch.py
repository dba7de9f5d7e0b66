"""When a dispatched dossier reaches the first agency of its route.

Decree 61/2018 Art. 19: a file received at the one-stop unit moves to the agency the same
day; paper received after the afternoon cut-off (15:00, a calendar policy) moves at the
opening of the next working day. An online file moves at once, whatever the hour.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import effective_start

ONLINE_CHANNEL = "online"


def paper_moves_at(cal: WorkCalendar, channel: str, now: datetime) -> datetime:
    """When a dossier of `channel` dispatched at `now` reaches the agency: online files
    move at once; paper after the cut-off at the opening of the next working day. A moment
    exactly at the cut-off still counts as the same day."""
    local = now.astimezone(LOCAL_TZ)
    if channel != ONLINE_CHANNEL and local.time() > cal.policy.same_day_cutoff:
        next_day = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        return effective_start(cal, next_day)
    return now
