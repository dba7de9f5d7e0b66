"""Rows waiting to be written, per table, with ids allocated here (the loader writes them
as they are, so a dossier's events can name its tasks before anything reaches the database)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# Parents before children: the foreign keys hold at every batch.
TABLES: tuple[str, ...] = (
    "dossier",
    "dossier_public_timeline",
    "step_task",
    "dossier_file",
    "dossier_event",
    "clock_pause",
    "rating",
    "rating_answer",
)
# The tables whose rows have an id of their own, allocated here (the others are keyed by
# their dossier).
ID_TABLES: tuple[str, ...] = tuple(t for t in TABLES if t != "dossier_public_timeline")

Row = dict[str, Any]


class Sink:
    def __init__(self, first_ids: dict[str, int]) -> None:
        self._next = dict(first_ids)
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.totals: dict[str, int] = defaultdict(int)

    def new_id(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def add(self, table: str, row: Row) -> Row:
        if "id" not in row and table in ID_TABLES:
            row["id"] = self.new_id(table)
        self.rows[table].append(row)
        self.totals[table] += 1
        return row

    def take(self) -> dict[str, list[Row]]:
        batch = {table: self.rows.pop(table, []) for table in TABLES}
        return batch

    def pending(self) -> int:
        return sum(len(rows) for rows in self.rows.values())
