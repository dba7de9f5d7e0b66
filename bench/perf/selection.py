"""`--only <substring>` (repeatable): which of the table's measures a run takes. A measure
runs when its name contains one of the substrings (case and accents as typed, compared
case-insensitively), or when none was given; the work a measure needs beforehand (fresh
dossiers for the writes, the sweep's backlog) is prepared only when that measure runs."""

from __future__ import annotations

from dataclasses import dataclass

from bench.perf.extras import RSS, SWEEP
from bench.perf.measures import EXPORT, LOOKUP, READS, SEARCH, WRITES


def measure_names() -> tuple[str, ...]:
    """Every row of the table, in the order the runner takes them."""
    reads = tuple(name for name, *_rest in READS)
    return (*reads, LOOKUP, SEARCH, *WRITES, EXPORT, RSS, SWEEP)


@dataclass(frozen=True)
class Selection:
    substrings: tuple[str, ...] = ()

    def wants(self, name: str) -> bool:
        folded = name.casefold()
        return not self.substrings or any(s.casefold() in folded for s in self.substrings)

    def any_of(self, names: tuple[str, ...]) -> bool:
        return any(self.wants(name) for name in names)

    def unmatched(self) -> list[str]:
        """Substrings that name no measure (a typo would otherwise run nothing, silently)."""
        names = [name.casefold() for name in measure_names()]
        return [s for s in self.substrings if not any(s.casefold() in n for n in names)]
