"""Work queues of the one-stop desk, and the paging shared with the agencies' queues
(queries/agency_queues.py): set-based, paginated, one query per list.

Each list is one SELECT that joins everything a row shows (procedure, file count) and one
COUNT for the pager, so a page costs the same number of statements whether it shows 5 rows
or 50. Waiting times are computed in Python from the rows (never a query per row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Generic, TypeAlias, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.deadlines import working_time_between
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Dossier, DossierFile, Procedure

T = TypeVar("T")
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

DEFAULT_PAGE_SIZE = 25
# The national expectation: an online submission is decided within 8 working hours.
CHECK_EXPECTATION = timedelta(hours=8)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(
    session: Session, stmt: AnySelect, number: int, size: int
) -> tuple[list[Any], int, int]:
    """(rows of the page, total rows, page number clamped to the pages that exist)."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    number = min(max(1, number), max(1, -(-total // size)))
    rows = list(session.execute(stmt.limit(size).offset((number - 1) * size)).all())
    return rows, total, number


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


def desk_list(
    session: Session,
    unit_id: int,
    which: DeskList,
    *,
    cal: WorkCalendar,
    now: datetime,
    page: int = 1,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[DeskRow]:
    files = (
        select(DossierFile.dossier_id, func.count().label("n"))
        .where(DossierFile.kind == "component")
        .group_by(DossierFile.dossier_id)
        .subquery()
    )
    oldest = getattr(Dossier, which.oldest_by)
    stmt = (
        select(Dossier, Procedure.code, Procedure.name, func.coalesce(files.c.n, 0))
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .outerjoin(files, files.c.dossier_id == Dossier.id)
        .where(Dossier.receiving_unit_id == unit_id, Dossier.state == which.state)
        .order_by(oldest.asc(), Dossier.id.asc())
    )
    rows, total, number = paginate(session, stmt, page, size)
    codes = _result_codes(session, [row[0].id for row in rows]) if which is DeskList.RESULT else {}
    items = [
        _desk_row(*row, which=which, cal=cal, now=now, codes=codes.get(row[0].id, ()))
        for row in rows
    ]
    return Page(items, number, size, total)


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
    dossier: Dossier,
    procedure_code: str,
    procedure_name: str,
    file_count: int,
    *,
    which: DeskList,
    cal: WorkCalendar,
    now: datetime,
    codes: tuple[str, ...] = (),
) -> DeskRow:
    waited = None
    if which is DeskList.CHECK and dossier.submitted_at is not None:
        waited = working_time_between(cal, dossier.submitted_at, now)
    return DeskRow(
        dossier_id=dossier.id,
        version=dossier.version,
        code=dossier.code,
        procedure_code=procedure_code,
        procedure_name=procedure_name,
        applicant_name=dossier.applicant_name,
        applicant_phone=dossier.applicant_phone,
        channel=dossier.channel,
        state=dossier.state,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        appointment_at=dossier.appointment_at,
        finished_at=dossier.finished_at,
        outcome=dossier.outcome,
        result_delivery=dossier.result_delivery,
        file_count=int(file_count),
        result_codes=codes,
        waited=waited,
        waited_too_long=waited is not None and waited > CHECK_EXPECTATION,
    )


def desk_counts(session: Session, unit_id: int) -> dict[DeskList, int]:
    """How many dossiers wait in each desk list (one GROUP BY)."""
    states = [item.state for item in DeskList]
    rows = session.execute(
        select(Dossier.state, func.count())
        .where(Dossier.receiving_unit_id == unit_id, Dossier.state.in_(states))
        .group_by(Dossier.state)
    ).all()
    counted: dict[DossierState, int] = {state: int(count) for state, count in rows}
    return {item: counted.get(item.state, 0) for item in DeskList}
