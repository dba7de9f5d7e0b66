"""Whether a catalogue entry's figures are real or only illustrative
(docs/domain.md#catalogue).

The seed catalogue records, for each procedure, where its code, limit and fee come from
(`source`): "sourced ..." when they were checked against the national procedure database or
the law, anything else ("illustrative ...") when they are plausible values for the demo. A
citizen must be able to tell the two apart on the procedure page. A catalogue imported
without any note (a province's real catalogue) is taken as it is: not illustrative.
"""

from __future__ import annotations

SOURCED_PREFIX = "sourced"


def is_illustrative(source_note: str | None) -> bool:
    if source_note is None or not source_note.strip():
        return False
    return not source_note.strip().lower().startswith(SOURCED_PREFIX)
