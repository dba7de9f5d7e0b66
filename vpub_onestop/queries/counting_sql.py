"""The counting rules of domain.counting as SQL conditions over the rows: the recount, the
live part of a report dated now and the drill-down lists ask the very rules the daily
summary asks in Python (docs/architecture.md#reporting-read-model).

A fact absent from the row is NULL, and NULL compared with a moment is neither true nor
false: it counts as false inside AND, OR, CASE and WHERE, exactly as the Python reader's
"set and earlier than" (the rules never negate a comparison)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, or_

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.models import ClockPause, Dossier, StepTask


class SqlTerms:
    """`domain.counting.Terms` on a table's columns; clock pauses are the dossier's,
    joined through `dossier_id` (a step's own column when counting steps alone)."""

    def __init__(self, table: Any, dossier_id: Any) -> None:
        self.table = table
        self.dossier_id = dossier_id

    def _column(self, fact: str) -> Any:
        return getattr(self.table, fact)

    def before(self, fact: str, moment: datetime) -> ColumnElement[bool]:
        return self._column(fact) < moment

    def since(self, fact: str, moment: datetime) -> ColumnElement[bool]:
        return self._column(fact) >= moment

    def unset(self, fact: str) -> ColumnElement[bool]:
        return self._column(fact).is_(None)

    def is_set(self, fact: str) -> ColumnElement[bool]:
        return self._column(fact).is_not(None)

    def by(self, fact: str, moment: datetime) -> ColumnElement[bool]:
        return self._column(fact) <= moment

    def one_of(self, fact: str, values: Sequence[Any]) -> ColumnElement[bool]:
        column = self._column(fact)
        if values and all(isinstance(value, Enum) for value in values):
            # States written out, so that SQLite too sees a partial index's condition
            # (access.state_sql.state_is; the dashboard's running-steps index).
            return state_is(column, *values)
        if len(values) == 1:
            return column == values[0]
        return column.in_(values)

    def none_of(self, fact: str, values: Sequence[Any]) -> ColumnElement[bool]:
        column = self._column(fact)
        if len(values) == 1:
            return column != values[0]
        return column.not_in(values)

    def more_than(self, fact: str, n: int) -> ColumnElement[bool]:
        return self._column(fact) > n

    def paused_at(self, moment: datetime) -> ColumnElement[bool]:
        return exists().where(
            ClockPause.dossier_id == self.dossier_id,
            ClockPause.started_at < moment,
            or_(ClockPause.ended_at.is_(None), ClockPause.ended_at >= moment),
        )

    def all(self, *parts: ColumnElement[bool]) -> ColumnElement[bool]:
        return and_(*parts)

    def any(self, *parts: ColumnElement[bool]) -> ColumnElement[bool]:
        return or_(*parts)

    def choose(self, cases: Sequence[tuple[ColumnElement[bool], str]], otherwise: str) -> Any:
        return case(*cases, else_=otherwise)


DOSSIERS = SqlTerms(Dossier, Dossier.id)
STEPS = SqlTerms(StepTask, StepTask.dossier_id)
