"""The application's one clock: every service, query, view and column default asks
`clock.now()` through this module, so whoever sets it (a test, or the demo setting
`DEMO_CLOCK_START`) moves "now" for the whole app at once.

Call it as `clock.now()` on the module, never import `now` by name, so the call reads the
current setting. The domain never reads the clock: `now` is passed to it.

It sits below `models/` (which use it for column defaults) and imports nothing of ours.
The setting is process-wide, as the wall clock it stands in for is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Source = Callable[[], datetime]

_source: Source | None = None


def now() -> datetime:
    """The current moment, timezone-aware (UTC from the wall clock)."""
    moment = _source() if _source is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("the clock gave a naive datetime: give an aware one")
    return moment


def set_source(source: Source | None) -> None:
    """Read "now" from `source` from here on; None goes back to the wall clock."""
    global _source
    _source = source


def freeze(moment: datetime) -> None:
    """Stop the clock at `moment` (until the next set_source/freeze/reset)."""
    if moment.tzinfo is None:
        raise ValueError("freeze the clock with an aware datetime")
    set_source(lambda: moment)


def run_from(start: datetime) -> None:
    """The clock reads `start` now and keeps running at the wall clock's pace (a demo shown
    as if on a given working day, with time still passing between clicks)."""
    if start.tzinfo is None:
        raise ValueError("start the clock with an aware datetime")
    offset = start - datetime.now(UTC)
    set_source(lambda: datetime.now(UTC) + offset)


def reset() -> None:
    set_source(None)
