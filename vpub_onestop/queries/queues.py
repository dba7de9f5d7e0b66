"""Work queues of the one-stop desk: set-based, paginated, one query per list.

Each list is one SELECT of the columns a row shows (procedure joined, the file count as a
correlated count over the dossier's own files) and one COUNT for the pager, so a page
costs the same statements whether it shows 5 rows or 50, and what it reads grows with the
unit's open dossiers, never with every dossier the province ever had (bench/PLANS.md).
Pages are walked by keyset (queries/paging.py). Waiting times are computed in Python from
the rows (never a query per row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from vpub_onestop.access.state_sql import state_is
from vpub_onestop.access.visibility import received_by
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.deadlines import working_time_between
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Dossier, DossierFile, Procedure
from vpub_onestop.models.dossier import DESK_RECEIVED_STATES
from vpub_onestop.queries.paging import (
    DEFAULT_PAGE_SIZE,
    AnySelect,
    Keyset,
    Order,
    Page,
    paginate,
)

__all__ = ["DEFAULT_PAGE_SIZE", "AnySelect", "Keyset", "Page", "paginate"]

# The national expectation: an online submission is decided within 8 working hours.
CHECK_EXPECTATION = timedelta(hours=8)


# --- the one-stop unit ---------------------------------------------------------------


class DeskList(Enum):
    """The desk's lists: which dossiers of the unit, oldest first."""

    CHECK = ("cho-kiem-tra", DossierState.SUBMITTED, "submitted_at")
    DISPATCH = ("cho-chuyen", DossierState.RECEIVED, "received_at")
    SUPPLEMENT = ("cho-bo-sung", DossierState.SUPPLEMENT_REQUESTED, "received_at")
    PAYMENT = ("cho-nop-phi", DossierState.AWAITING_PAYMENT, "received_at")
    RESULT = ("cho-tra", DossierState.RESULT_READY, "finished_at")
    WITHDRAWAL = ("rut-ho-so", DossierState.WITHDRAWAL_REQUESTED, "received_at")

    def __init__(self, slug: str, state: DossierState, oldest_by: str) -> None:
        self.slug = slug
        self.state = state
        self.oldest_by = oldest_by

    @classmethod
    def from_slug(cls, slug: str | None, default: DeskList) -> DeskList:
        return next((item for item in cls if item.slug == slug), default)


@dataclass(frozen=True)
class DeskRow:
    dossier_id: int
    version: int
    code: str | None
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_phone: str | None
    channel: str
    state: DossierState
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    appointment_at: datetime | None
    finished_at: datetime | None
    outcome: str | None
    result_delivery: str
    file_count: int
    # Released results waiting to be handed over (`<code>-KQ<n>`), on the return list.
    result_codes: tuple[str, ...] = ()
    # Online submissions: office time waited so far, and whether beyond the 8 hours.
    waited: timedelta | None = None
    waited_too_long: bool = False

    @property
    def waited_hours(self) -> float | None:
        return None if self.waited is None else round(self.waited.total_seconds() / 3600, 1)


# What a desk row shows, read as plain columns (no ORM objects to build for a list).
_ROW_COLUMNS = (
    Dossier.id,
    Dossier.version,
    Dossier.code,
    Procedure.code.label("procedure_code"),
    Procedure.name.label("procedure_name"),
    Dossier.applicant_name,
    Dossier.applicant_phone,
    Dossier.channel,
    Dossier.state,
    Dossier.submitted_at,
    Dossier.received_at,
    Dossier.due_at,
    Dossier.appointment_at,
    Dossier.finished_at,
    Dossier.outcome,
    Dossier.result_delivery,
)


def _file_count() -> Any:
    """The applicant's files of the row's dossier: counted per shown row over the
    (dossier_id, kind) index, never aggregated over the whole file table."""
    return (
        select(func.count())
        .where(DossierFile.dossier_id == Dossier.id, DossierFile.kind == "component")
        .correlate(Dossier)
        .scalar_subquery()
        .label("file_count")
    )


def desk_list(
    session: Session,
    unit_ids: Sequence[int],
    which: DeskList,
    *,
    cal: WorkCalendar,
    now: datetime,
    page: int = 1,
    size: int = DEFAULT_PAGE_SIZE,
    after: Keyset | None = None,
    total: int | None = None,
) -> Page[DeskRow]:
    """One desk list of the units a desk answers for (domain.permissions.desk_units),
    oldest first; `after` continues from a page's edge,
    `total` is the list's length when the caller has counted it (desk_counts)."""
    oldest = getattr(Dossier, which.oldest_by)
    stmt: AnySelect = (
        select(*_ROW_COLUMNS, _file_count())
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(
            received_by(unit_ids),
            state_is(Dossier.state, which.state, indexed=DESK_RECEIVED_STATES),
        )
    )
    order = Order(oldest, Dossier.id, lambda row: (getattr(row, which.oldest_by), row.id))
    rows, total, number, first, last = paginate(session, stmt, page, size, order, after, total)
    codes = _result_codes(session, [row.id for row in rows]) if which is DeskList.RESULT else {}
    items = [
        _desk_row(row, which=which, cal=cal, now=now, codes=codes.get(row.id, ())) for row in rows
    ]
    return Page(items, number, size, total, first, last)


def _result_codes(session: Session, dossier_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The released results of a page of dossiers, in release order (one query)."""
    found: dict[int, list[str]] = {}
    for dossier_id, code in session.execute(
        select(DossierFile.dossier_id, DossierFile.result_code)
        .where(DossierFile.dossier_id.in_(dossier_ids), DossierFile.result_code.is_not(None))
        .order_by(DossierFile.released_at, DossierFile.id)
    ):
        found.setdefault(dossier_id, []).append(str(code))
    return {dossier_id: tuple(codes) for dossier_id, codes in found.items()}


def _desk_row(
    row: Row[Any],
    *,
    which: DeskList,
    cal: WorkCalendar,
    now: datetime,
    codes: tuple[str, ...] = (),
) -> DeskRow:
    waited = None
    if which is DeskList.CHECK and row.submitted_at is not None:
        waited = working_time_between(cal, row.submitted_at, now)
    return DeskRow(
        dossier_id=row.id,
        version=row.version,
        code=row.code,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        applicant_name=row.applicant_name,
        applicant_phone=row.applicant_phone,
        channel=row.channel,
        state=row.state,
        submitted_at=row.submitted_at,
        received_at=row.received_at,
        due_at=row.due_at,
        appointment_at=row.appointment_at,
        finished_at=row.finished_at,
        outcome=row.outcome,
        result_delivery=row.result_delivery,
        file_count=int(row.file_count),
        result_codes=codes,
        waited=waited,
        waited_too_long=waited is not None and waited > CHECK_EXPECTATION,
    )


def desk_counts(session: Session, unit_ids: Sequence[int]) -> dict[DeskList, int]:
    """How many dossiers wait in each desk list of these units (one GROUP BY)."""
    states = [item.state for item in DeskList]
    rows = session.execute(
        select(Dossier.state, func.count())
        .where(received_by(unit_ids), Dossier.state.in_(states))
        .group_by(Dossier.state)
    ).all()
    counted: dict[DossierState, int] = {state: int(count) for state, count in rows}
    return {item: counted.get(item.state, 0) for item in DeskList}
