"""The administration's account list and one account's page: searched without accents
(the folded line of domain/search.py), filtered by role, agency and status, newest first
by keyset (queries/paging.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select

from vpub_onestop.domain.search import normalise_query
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, User
from vpub_onestop.queries.paging import Keyset, Order, Page, paginate


@dataclass(frozen=True)
class AccountFilters:
    query: str = ""
    role: str | None = None
    agency_id: int | None = None
    enabled: bool | None = None


@dataclass(frozen=True)
class AccountLine:
    id: int
    username: str
    full_name: str
    role: str
    agency_name: str | None
    enabled: bool
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class AccountView:
    id: int
    username: str
    full_name: str
    role: str
    agency_id: int | None
    agency_name: str | None
    email: str | None
    phone: str | None
    enabled: bool
    must_change_password: bool
    locked_until: datetime | None
    failed_logins: int
    created_at: datetime
    admin_version: int


_ORDER = Order(
    moment=User.created_at,
    row_id=User.id,
    key_of=lambda row: (row.created_at, row.id),
    descending=True,
)


def account_page(
    filters: AccountFilters, number: int, size: int, after: Keyset | None = None
) -> Page[AccountLine]:
    stmt = (
        select(
            User.id,
            User.username,
            User.full_name,
            User.role,
            Agency.name.label("agency_name"),
            User.enabled,
            User.locked_until,
            User.created_at,
        )
        .outerjoin(Agency, Agency.id == User.agency_id)
        .where(*_conditions(filters))
    )
    rows, total, number, first, last = paginate(db.session(), stmt, number, size, _ORDER, after)
    return Page([AccountLine(*row) for row in rows], number, size, total, first, last)


def account_view(user_id: int) -> AccountView | None:
    user = db.session.get(User, user_id)
    if user is None:
        return None
    return AccountView(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        agency_id=user.agency_id,
        agency_name=user.agency.name if user.agency else None,
        email=user.email,
        phone=user.phone,
        enabled=user.enabled,
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        failed_logins=user.failed_logins,
        created_at=user.created_at,
        admin_version=user.admin_version,
    )


def account_by_username(username: str) -> AccountView | None:
    user_id = db.session.scalar(select(User.id).where(User.username == username))
    return account_view(user_id) if user_id is not None else None


def agency_choices() -> list[tuple[int, str]]:
    """(id, "code – name") of every agency, by name."""
    rows = db.session.execute(select(Agency.id, Agency.code, Agency.name).order_by(Agency.name))
    return [(agency_id, f"{name} ({code})") for agency_id, code, name in rows]


def _conditions(filters: AccountFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    # The query folded as the stored line is (accents, case, a phone's punctuation).
    folded = normalise_query(filters.query)
    if folded:
        conditions.append(User.search_text.contains(folded, autoescape=True))
    if filters.role:
        conditions.append(User.role == filters.role)
    if filters.agency_id is not None:
        conditions.append(User.agency_id == filters.agency_id)
    if filters.enabled is not None:
        conditions.append(User.enabled.is_(filters.enabled))
    return conditions
