"""Turn a user account into the domain's Actor."""

from __future__ import annotations

from collections.abc import Iterator

from flask import g, has_request_context
from sqlalchemy import select

from vpub_onestop.domain.agencies import merged_into
from vpub_onestop.domain.permissions import UNIT_DESK_ROLES, Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, User


class MergedUnits:
    """The agencies merged into one agency, read on first use and then kept: a desk
    officer working on his own unit's dossier never pays for it; a list or a dossier of
    another unit reads the (short) list of merged agencies once
    (docs/domain.md#merger-successor-desk)."""

    def __init__(self, agency_id: int) -> None:
        self._agency_id = agency_id
        self._found: frozenset[int] | None = None

    def _ids(self) -> frozenset[int]:
        if self._found is None:
            rows = db.session.execute(
                select(Agency.id, Agency.merged_into_id).where(Agency.merged_into_id.is_not(None))
            )
            self._found = merged_into(self._agency_id, {row.id: row.merged_into_id for row in rows})
        return self._found

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._ids()

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())


def merged_units_of(role: Role, agency_id: int | None) -> MergedUnits | tuple[()]:
    """What a desk officer's unit answers for besides itself; one reader per request and
    agency (kept on flask.g), so the list of merged agencies is read at most once."""
    if role not in UNIT_DESK_ROLES or agency_id is None:
        return ()
    if not has_request_context():
        return MergedUnits(agency_id)  # a command or job: its own reader, never a stale one
    cache: dict[int, MergedUnits] = g.setdefault("merged_units", {})
    return cache.setdefault(agency_id, MergedUnits(agency_id))


def actor_for(user: User) -> Actor:
    role = Role(user.role)
    return Actor(
        user_id=user.id,
        role=role,
        agency_id=user.agency_id,
        merged_units=merged_units_of(role, user.agency_id),
    )
