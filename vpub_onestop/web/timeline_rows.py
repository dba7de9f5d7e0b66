"""A dossier's history as the page draws it: one row of finished words per entry.

The history macro (`templates/citizen/_macros.html`, `timeline`) drew each entry through
three filters and a translation call (about sixty calls an entry); the rows are prepared
here in one loop, the page's catalogue found once for all of them
(bench/PROFILE.md, "Fifth round: lookup"). What is shown, and to whom, is decided before:
the entries come from queries/timeline.py as this viewer may see them.
"""

from __future__ import annotations

from collections.abc import Iterable

from vpub_onestop.domain.formatting import moment
from vpub_onestop.queries.timeline import TimelineEntry
from vpub_onestop.web.labels import page_labeller

# (moment, action, state after, agency, person, note, is a step's change)
Row = tuple[str, str, str, str | None, str | None, str | None, bool]


def timeline_rows(entries: Iterable[TimelineEntry]) -> list[Row]:
    translate = page_labeller()
    return [
        (
            moment(entry.at),
            translate(entry.action),
            translate(entry.state_label),
            entry.agency_name,
            entry.actor_name,
            entry.note,
            entry.is_step,
        )
        for entry in entries
    ]
