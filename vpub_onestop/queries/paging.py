"""Paging of the officers' long lists: numbered pages, walked by keyset.

A list is ordered by one moment column and the row id (oldest submission first, nearest
due date first...). The page links ("Trang sau", "Trang trước") carry the sort key of the
row they continue from, so the next page starts exactly after the last row shown: a
dossier received meanwhile (gone from the list) does not make a row skip, and a new
arrival sorted earlier does not repeat one. The query starts from that key in the index
instead of counting OFFSET rows from the top. A numbered link (`?trang=7`, a bookmark)
still works: without a key the page is found by OFFSET (docs/architecture.md#list-paging).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeAlias, TypeVar

from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_
from sqlalchemy.orm import Session

T = TypeVar("T")
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

DEFAULT_PAGE_SIZE = 25


@dataclass(frozen=True)
class Keyset:
    """A boundary row of a page: its sort moment and its id. `backwards`: the page wanted
    ends just before this row (the "previous page" link), else it starts just after it."""

    moment: datetime
    row_id: int
    backwards: bool = False

    @property
    def token(self) -> str:
        """The link's form of the key: microseconds since the epoch, a dash, the id (ASCII
        digits only, so the request input layer reads it like any number)."""
        delta = self.moment - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}-{self.row_id}"

    @classmethod
    def from_token(cls, micros: int, row_id: int, *, backwards: bool = False) -> Keyset:
        return cls(_EPOCH + timedelta(microseconds=micros), row_id, backwards)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    size: int
    total: int
    # The first and last rows shown, for the previous and next links (None: no key, the
    # link falls back to the page number).
    first: Keyset | None = None
    last: Keyset | None = None

    @property
    def pages(self) -> int:
        # A page reached by its edge may lie one past what the count fills now (rows left
        # the list since the previous page was shown).
        return max(1, -(-self.total // self.size), self.number)

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


@dataclass(frozen=True)
class Order:
    """How a list is sorted: by `moment` then `row_id`, both ascending (or both descending:
    newest first), and how to read these two values back from a fetched row."""

    moment: Any
    row_id: Any
    key_of: Callable[[Any], tuple[datetime | None, int]]
    descending: bool = False

    def sorted(self, stmt: AnySelect, *, ascending: bool) -> AnySelect:
        if ascending:
            return stmt.order_by(self.moment.asc(), self.row_id.asc())
        return stmt.order_by(self.moment.desc(), self.row_id.desc())


def count_rows(session: Session, stmt: AnySelect) -> int:
    return int(
        session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    )


def paginate(
    session: Session,
    stmt: AnySelect,
    number: int,
    size: int,
    order: Order,
    after: Keyset | None = None,
    total: int | None = None,
) -> tuple[list[Any], int, int, Keyset | None, Keyset | None]:
    """(rows of the page, total rows, page number clamped to the pages that exist, first
    and last keys). With `after` the page continues from that row (keyset); a key that
    finds nothing (every later row left the list) falls back to the page number. `total`:
    the list's length when the page already counted it (its tabs' counts)."""
    if total is None:
        total = count_rows(session, stmt)
    last_page = max(1, -(-total // size))
    rows: list[Any] = []
    if after is not None:
        rows = _keyset_rows(session, stmt, size, order, after)
        # The page the officer clicked through to, even when rows left the list since:
        # at most one past the pages the list fills now.
        number = min(max(1, number), last_page + 1)
    if not rows:
        number = min(max(1, number), last_page)
        ordered = order.sorted(stmt, ascending=not order.descending)
        rows = list(session.execute(ordered.limit(size).offset((number - 1) * size)).all())
    return rows, total, number, _boundary(order, rows, 0), _boundary(order, rows, -1)


def _keyset_rows(
    session: Session, stmt: AnySelect, size: int, order: Order, at: Keyset
) -> list[Any]:
    position = tuple_(order.moment, order.row_id)
    boundary = tuple_(_moment_param(order.moment, at.moment), at.row_id)
    # The direction walked in the index: a newest-first list's next page lies below.
    ascending = at.backwards == order.descending
    condition: ColumnElement[bool] = position > boundary if ascending else position < boundary
    sorted_stmt = order.sorted(stmt, ascending=ascending)
    rows = list(session.execute(sorted_stmt.where(condition).limit(size)).all())
    return rows[::-1] if at.backwards else rows


def _moment_param(column: Any, moment: datetime) -> Any:
    """The key as a bound value of the column's own type (stored as naive UTC)."""
    return literal(moment, column.type)


def _boundary(order: Order, rows: list[Any], index: int) -> Keyset | None:
    if not rows:
        return None
    moment, row_id = order.key_of(rows[index])
    return None if moment is None else Keyset(moment, row_id)
