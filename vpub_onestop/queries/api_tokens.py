"""Lists of API tokens: a person's own, and the system clients' for the administrator.
Never the secret (it is not stored); the hint tells tokens apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain import api_access
from vpub_onestop.models import Agency, ApiToken


@dataclass(frozen=True)
class TokenRow:
    id: int
    kind: str
    name: str
    hint: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    agency_id: int | None
    agency_name: str | None
    operations: tuple[str, ...]

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


def _rows(session: Session, *where: object) -> list[TokenRow]:
    rows = session.execute(
        select(ApiToken, Agency.name)
        .outerjoin(Agency, Agency.id == ApiToken.agency_id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()
    return [
        TokenRow(
            id=token.id,
            kind=token.kind,
            name=token.name,
            hint=token.hint,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            agency_id=token.agency_id,
            agency_name=agency_name,
            operations=tuple(token.operations or ()),
        )
        for token, agency_name in rows
    ]


def own_tokens(session: Session, user_id: int) -> list[TokenRow]:
    return _rows(session, ApiToken.user_id == user_id, ApiToken.kind == api_access.USER_KIND)


def system_tokens(session: Session) -> list[TokenRow]:
    return _rows(session, ApiToken.kind == api_access.SYSTEM_KIND)


def agency_choices(session: Session) -> list[tuple[int, str]]:
    """Every agency, by name: a system client may belong to any of them."""
    return [
        (agency_id, name)
        for agency_id, name in session.execute(
            select(Agency.id, Agency.name).order_by(Agency.name, Agency.id)
        )
    ]
