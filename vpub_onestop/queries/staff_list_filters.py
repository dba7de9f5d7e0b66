"""What the officers' dossier lists are asked and what they answer: the filters of a link,
the rows of a page (queries/staff_lists.py; docs/architecture.md#staff-lists)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from vpub_onestop.domain.dossier_clock import OPEN_STATES
from vpub_onestop.domain.status import DossierState
from vpub_onestop.queries.agency_queues import Urgency
from vpub_onestop.queries.paging import Page

# A list's length is counted up to this many rows: beyond, the page says "more than" and
# the pager keeps offering the next page while pages come back full.
COUNT_CAP = 1000

# The open states and the results waiting at the desk: what a unit still handles, a few
# thousand rows at a province's volume, which the (unit, state, due_at) index holds.
LIVE_STATES = frozenset(OPEN_STATES | {DossierState.RESULT_READY})
RECEIVED_STATES = frozenset(
    LIVE_STATES | {DossierState.RETURNED, DossierState.STOPPED, DossierState.VOIDED}
)


class StateFilter(Enum):
    """The state choices of the lists (the link's `trang_thai`)."""

    OPEN = ("dang-giai-quyet", OPEN_STATES)
    RECEIVED = ("cho-chuyen", frozenset({DossierState.RECEIVED}))
    PROCESSING = ("dang-xu-ly", frozenset({DossierState.PROCESSING}))
    SUPPLEMENT = ("cho-bo-sung", frozenset({DossierState.SUPPLEMENT_REQUESTED}))
    PAYMENT = ("cho-nop-phi", frozenset({DossierState.AWAITING_PAYMENT}))
    WITHDRAWAL = ("xin-rut", frozenset({DossierState.WITHDRAWAL_REQUESTED}))
    RESULT = ("cho-tra", frozenset({DossierState.RESULT_READY}))
    RETURNED = ("da-tra", frozenset({DossierState.RETURNED}))
    STOPPED = ("da-dung", frozenset({DossierState.STOPPED}))
    ALL = ("tat-ca", RECEIVED_STATES)

    def __init__(self, slug: str, states: frozenset[DossierState]) -> None:
        self.slug = slug
        self.states = states

    @property
    def live(self) -> bool:
        """Only states a unit still handles: bounded by the open work, sortable by due date."""
        return self.states <= LIVE_STATES


class Sort(Enum):
    DUE = "han"  # nearest due date first (live lists only)
    NEWEST = "moi-nhan"  # most recently received first
    OLDEST = "cu-nhat"  # longest received first


class DueWindow(Enum):
    """The due windows, as the dashboard's cards (one-stop) and the agency's badges name them."""

    OVERDUE = ("qua-han", "overdue", Urgency.OVERDUE)
    TODAY = ("hom-nay", "due_today", Urgency.TODAY)
    SOON = ("sap-den-han", "due_soon", Urgency.SOON)

    def __init__(self, slug: str, dashboard_kind: str, urgency: Urgency) -> None:
        self.slug = slug
        self.dashboard_kind = dashboard_kind
        self.urgency = urgency


@dataclass(frozen=True)
class Filters:
    state: StateFilter = StateFilter.OPEN
    procedure_id: int | None = None
    channel: str | None = None
    due: DueWindow | None = None
    holder_id: int | None = None  # the agency holding an open step (one-stop lists)
    sent_back: bool = False  # a specialist's steps the leader sent back for rework
    sort: Sort | None = None

    @property
    def effective_sort(self) -> Sort:
        """Due-date order only where the rows are the open work; a history list is walked
        newest first through the (unit, received_at) index."""
        if self.sort is Sort.DUE or self.sort is None:
            return Sort.DUE if self.state.live else Sort.NEWEST
        return self.sort


@dataclass(frozen=True)
class Holder:
    """Who holds the dossier now: an agency's open step, and its officer when assigned."""

    agency: str
    step: str
    officer: str | None


@dataclass(frozen=True)
class ListRow:
    dossier_id: int
    code: str | None
    applicant_name: str
    procedure_name: str
    channel: str
    state: DossierState
    received_at: datetime | None
    due_at: datetime | None
    holders: tuple[Holder, ...]
    # Working days past the due moment while the clock runs (domain.timeliness), else None;
    # on an agency's list, past its step's due moment.
    days_late: Decimal | None
    # On an agency's list: the officer's step (the page the row opens) and its due date.
    task_id: int | None = None
    step_due_at: datetime | None = None


@dataclass(frozen=True)
class ListPage:
    page: Page[ListRow]
    capped: bool  # the total is "more than COUNT_CAP"
