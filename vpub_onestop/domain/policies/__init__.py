"""The policies of docs/policies.md that an administrator may change, each effective from a
day (docs/policies.md#effective-dates): what each one is, how its typed value is read and
checked, and which value is in force on a given day. Pure: the values in force are read
by access/policies.py and handed to the domain's own rules as their parameters.

The package: catalogue (the policies and their legal notes), schedule (the value in force on
a day), parsing (a typed value from what was typed), consistency (rules across policies).
"""

from __future__ import annotations

from vpub_onestop.domain.policies.catalogue import BY_KEY, POLICIES, PolicySpec
from vpub_onestop.domain.policies.consistency import Conflict, conflict_of_decision, conflicts
from vpub_onestop.domain.policies.parsing import parse_value
from vpub_onestop.domain.policies.schedule import (
    PolicyValues,
    Scheduled,
    stable_span,
    value_in_force,
    values_on,
)

__all__ = [
    "BY_KEY",
    "POLICIES",
    "Conflict",
    "PolicySpec",
    "PolicyValues",
    "Scheduled",
    "conflict_of_decision",
    "conflicts",
    "parse_value",
    "stable_span",
    "value_in_force",
    "values_on",
]
