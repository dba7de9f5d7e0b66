"""Rules across policies (docs/policies.md#consistency): values that are each valid alone
but break a rule together on some day, checked for a decision before it is recorded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vpub_onestop.domain.calendar import CalendarPolicy
from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.policies.catalogue import BY_KEY
from vpub_onestop.domain.policies.schedule import PolicyValues, Scheduled, values_on

_ORDERED_PERCENTS = (  # (lower, upper): the "1 point" share cannot exceed the "2 points" one
    ("indicator8_one_percent", "indicator8_full_percent"),
    ("indicator9_one_percent", "indicator9_full_percent"),
)
_NEW_DECISION = 2**62  # the order of a decision not yet recorded: after every stored one


@dataclass(frozen=True)
class Conflict:
    """Two policies whose values in force on one day break a rule between them."""

    keys: tuple[str, str]
    message: Message


def conflicts(values: PolicyValues) -> list[Conflict]:
    """The rules between policies that the values in force on `values.day` break: a
    "1 point" threshold above the "2 points" one (Circular 01/2018 Appendix: 1 point is the
    lower band), a same-day cut-off outside the office hours (Decree 61/2018 Art. 20: the
    cut-off is an hour of the working day). Office hours themselves must be ordered and not
    overlap: parse_value refuses them alone."""
    day = f"{values.day:%d/%m/%Y}"
    found: list[Conflict] = []
    for lower, upper in _ORDERED_PERCENTS:
        if int(values[lower]) > int(values[upper]):
            found.append(
                Conflict(
                    (lower, upper),
                    N_(
                        "“%(lower)s” (%(lower_value)s%%) không được lớn hơn “%(upper)s” "
                        "(%(upper_value)s%%) áp dụng ngày %(day)s.",
                        lower=BY_KEY[lower].label,
                        lower_value=values[lower],
                        upper=BY_KEY[upper].label,
                        upper_value=values[upper],
                        day=day,
                    ),
                )
            )
    policy = CalendarPolicy.from_settings(
        office_hours=str(values["office_hours"]), same_day_cutoff=str(values["same_day_cutoff"])
    )
    cutoff = policy.same_day_cutoff
    if not any(start < cutoff <= end for start, end in policy.office_periods):
        found.append(
            Conflict(
                ("same_day_cutoff", "office_hours"),
                N_(
                    "“%(cutoff)s” (%(cutoff_value)s) phải nằm trong một buổi của “%(hours)s” "
                    "(%(hours_value)s) áp dụng ngày %(day)s.",
                    cutoff=BY_KEY["same_day_cutoff"].label,
                    cutoff_value=values["same_day_cutoff"],
                    hours=BY_KEY["office_hours"].label,
                    hours_value=values["office_hours"],
                    day=day,
                ),
            )
        )
    return found


def conflict_of_decision(
    decisions: Iterable[Scheduled], defaults: Mapping[str, Any], key: str, value: Any, day: date
) -> Conflict | None:
    """The first rule between policies that deciding `key` = `value` from `day` would break,
    on `day` or on any later day a decision takes effect while this value is in force (until
    the next decision of `key`). Rules that do not involve `key` are not this decision's."""
    listed = [*decisions, Scheduled(key, day, _NEW_DECISION, value)]
    later = [d.effective_from for d in listed if d.key == key and d.effective_from > day]
    until = min(later) if later else None
    checkpoints = sorted(
        {day}
        | {
            d.effective_from
            for d in listed
            if d.effective_from > day and (until is None or d.effective_from < until)
        }
    )
    for checkpoint in checkpoints:
        for conflict in conflicts(values_on(checkpoint, listed, defaults)):
            if key in conflict.keys:
                return conflict
    return None
