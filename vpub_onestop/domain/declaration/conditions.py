"""Which fields of a form apply to these answers: "show B when A = …" and "B is required
when A = …" (docs/domain.md#declaration-forms). A field hidden by its condition has no
answer, so a field that depends on it is hidden too: the chain is followed to its start
(definition_check refuses cycles, so it always ends)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vpub_onestop.domain.declaration.definition import NO, YES, Condition, Field


def answer_token(value: Any) -> str:
    """The text a condition compares: "yes"/"no" for a yes/no answer, "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    return str(value)


class Scope:
    """The fields a condition may name (a group row's own, then the top level's) with their
    cleaned answers; `shown` says whether a field applies, following the chain."""

    def __init__(
        self,
        fields: Mapping[str, Field],
        answers: Mapping[str, Any],
        outer: Scope | None = None,
    ) -> None:
        self.fields = fields
        self.answers = answers
        self.outer = outer
        self._shown: dict[str, bool] = {}

    def _owner(self, key: str) -> Scope | None:
        if key in self.fields:
            return self
        return self.outer._owner(key) if self.outer else None

    def holds(self, condition: Condition) -> bool:
        owner = self._owner(condition.field)
        if owner is None or not owner.shown(condition.field):
            return False
        token = answer_token(owner.answers.get(condition.field))
        return token != "" and token in condition.values

    def shown(self, key: str) -> bool:
        if key not in self._shown:
            condition = self.fields[key].show_when
            self._shown[key] = condition is None or self.holds(condition)
        return self._shown[key]

    def required(self, key: str) -> bool:
        """Required when shown and either always required or its condition holds."""
        item = self.fields[key]
        if not self.shown(key):
            return False
        return item.required or (item.required_when is not None and self.holds(item.required_when))
