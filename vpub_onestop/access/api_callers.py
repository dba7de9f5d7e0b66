"""Who is calling the public API: the bearer token of a request, checked against its row
and (for a person's token) the account (rules in domain/api_access.py).

Read-side and small: one indexed read by the token's digest, joined to the account. The
API's views and the dossier endpoints built on them ask this, never the token table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.access.actors import merged_units_of
from vpub_onestop.domain import api_access
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import ApiToken, User


@dataclass(frozen=True)
class ApiCaller:
    token_id: int
    kind: str  # api_access.USER_KIND | SYSTEM_KIND
    # A person's token: the person, as the pages know them. A system client: None.
    actor: Actor | None
    # A system client's agency (a person's: the account's agency, or None).
    agency_id: int | None
    operations: frozenset[str]

    @property
    def user_id(self) -> int | None:
        return self.actor.user_id if self.actor is not None else None

    @property
    def is_system(self) -> bool:
        return self.kind == api_access.SYSTEM_KIND

    def may(self, operation: str | None) -> bool:
        return api_access.may_use(self.kind, self.operations, operation)


_BY_DIGEST = select(
    ApiToken.id,
    ApiToken.token_digest,
    ApiToken.kind,
    ApiToken.generation,
    ApiToken.agency_id,
    ApiToken.operations,
    ApiToken.expires_at,
    ApiToken.revoked_at,
    User.id.label("user_id"),
    User.role,
    User.agency_id.label("user_agency_id"),
    User.enabled,
    User.session_generation,
).outerjoin(User, User.id == ApiToken.user_id)


def caller_for(session: Session, secret: str, now: datetime) -> ApiCaller | None:
    """The caller a presented secret stands for, or None (unknown, expired, revoked, or
    its account disabled or signed out everywhere)."""
    if not api_access.looks_like_secret(secret):
        return None
    row = session.execute(
        _BY_DIGEST.where(ApiToken.token_digest == api_access.digest(secret))
    ).first()
    if row is None or not api_access.same_digest(row.token_digest, secret):
        return None
    person = row.kind == api_access.USER_KIND
    if person and row.user_id is None:
        return None
    facts = api_access.TokenFacts(
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        account_enabled=bool(row.enabled) if person else True,
        generation=row.generation if person else None,
        account_generation=row.session_generation if person else None,
    )
    if not api_access.token_usable(facts, now):
        return None
    if person:
        role = Role(row.role)
        actor = Actor(
            user_id=row.user_id,
            role=role,
            agency_id=row.user_agency_id,
            merged_units=merged_units_of(role, row.user_agency_id),
        )
        return ApiCaller(row.id, row.kind, actor, row.user_agency_id, frozenset())
    return ApiCaller(row.id, row.kind, None, row.agency_id, frozenset(row.operations or ()))
