"""Which value is in force on a day (docs/policies.md#effective-dates): a value takes effect
from a day and stays until a later one does; a day keeps the value that was in force on it,
so a dossier received before a change keeps what it was received under. Config gives the
value when no administrator ever set one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vpub_onestop.domain.calendar import CalendarPolicy
from vpub_onestop.domain.policies.catalogue import POLICIES
from vpub_onestop.domain.time_windows import TimeRuleSettings


@dataclass(frozen=True)
class Scheduled:
    """One administrator's decision: from `effective_from`, `key` takes `value`. A later
    decision for the same day replaces an earlier one (`order`: the row's id)."""

    key: str
    effective_from: date
    order: int
    value: Any


def value_in_force(decisions: Iterable[Scheduled], key: str, day: date, default: Any) -> Any:
    """The value of `key` in force on `day`: the latest decision effective by then, else
    `default` (the configuration)."""
    best: Scheduled | None = None
    for decision in decisions:
        if decision.key != key or decision.effective_from > day:
            continue
        if best is None or (decision.effective_from, decision.order) > (
            best.effective_from,
            best.order,
        ):
            best = decision
    return default if best is None else best.value


def stable_span(
    decisions: Iterable[Scheduled], keys: Iterable[str], day: date
) -> tuple[date | None, date | None]:
    """The days around `day` over which the values of `keys` stay those in force on `day`:
    from the latest decision effective by then (None: since always) to the first one
    effective later (None: until a new decision)."""
    wanted = set(keys)
    start: date | None = None
    end: date | None = None
    for decision in decisions:
        if decision.key not in wanted:
            continue
        if decision.effective_from <= day:
            start = max(start, decision.effective_from) if start else decision.effective_from
        elif end is None or decision.effective_from < end:
            end = decision.effective_from
    return start, end


@dataclass(frozen=True)
class PolicyValues:
    """Every administrable policy's value in force on one day."""

    day: date
    values: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def calendar_policy(self) -> CalendarPolicy:
        return CalendarPolicy.from_settings(
            office_hours=str(self["office_hours"]),
            same_day_cutoff=str(self["same_day_cutoff"]),
            makeup_saturday_is_working_day=bool(self["makeup_saturday_is_working_day"]),
        )

    def time_rules(self) -> TimeRuleSettings:
        return TimeRuleSettings(
            supplement_window_days=int(self["supplement_free_working_days"]),
            supplement_deadline_days=int(self["supplement_deadline_working_days"]),
        )


def values_on(
    day: date, decisions: Iterable[Scheduled], defaults: Mapping[str, Any]
) -> PolicyValues:
    """Every policy's value in force on `day` (defaults: keyed by the config keys)."""
    listed = list(decisions)
    return PolicyValues(
        day,
        {
            spec.key: value_in_force(listed, spec.key, day, defaults[spec.config_key])
            for spec in POLICIES
        },
    )
