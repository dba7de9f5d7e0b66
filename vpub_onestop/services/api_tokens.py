"""Making and revoking bearer tokens of the public API (docs/api.md#authentication).

A person makes their own token with their username and password: the same sign-in as the
page (services/sign_in.py), so the per-account lock after repeated failures applies, and a
disabled or demo account (under the production configuration) gets nothing. An
administrator makes a system client's token, bound to one agency and a list of
operations. The secret is returned once, here, and only its digest is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain import api_access
from vpub_onestop.domain.errors import N_, NotFound, PermissionDenied, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, ApiToken, User
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.sign_in import sign_in
from vpub_onestop.services.uow import unit_of_work


@dataclass(frozen=True)
class IssuedToken:
    id: int
    secret: str  # shown once
    kind: str
    name: str
    hint: str
    created_at: datetime
    expires_at: datetime
    agency_id: int | None
    operations: tuple[str, ...]


@dataclass(frozen=True)
class SignInRefused:
    """Wrong username or password, a disabled account; `locked_until` when locked;
    `must_change_password` when the password is a temporary one the administrator set."""

    locked_until: datetime | None = None
    must_change_password: bool = False


def clean_name(name: str | None) -> str:
    text = " ".join((name or "").split())
    if not text:
        return "API"
    if len(text) > api_access.NAME_MAX_LENGTH:
        raise ValidationError(
            N_("Dữ liệu không hợp lệ."),
            {"name": N_("Tối đa %(max)d ký tự.", max=api_access.NAME_MAX_LENGTH)},
        )
    return text


def _expiry(now: datetime, kind: str, days: int | None) -> datetime:
    try:
        return api_access.expiry(now, kind, days)
    except ValueError:
        most = (
            api_access.MAX_USER_DAYS
            if kind == api_access.USER_KIND
            else (api_access.MAX_SYSTEM_DAYS)
        )
        raise ValidationError(
            N_("Dữ liệu không hợp lệ."),
            {"expires_in_days": N_("Từ 1 đến %(most)d ngày.", most=most)},
        ) from None


def issue_own_token(
    username: str, password: str, name: str | None = None, days: int | None = None
) -> IssuedToken | SignInRefused:
    """A token for the person whose username and password these are."""
    now = clock.now()
    label = clean_name(name)
    expires_at = _expiry(now, api_access.USER_KIND, days)  # bad input costs no sign-in try
    result = sign_in(username, password)
    if result.user_id is None:
        return SignInRefused(result.locked_until)
    with unit_of_work() as session:
        user = session.get(User, result.user_id)
        if user is None or not user.enabled:
            return SignInRefused()
        if user.must_change_password:
            # A temporary password opens only the page where it is replaced
            # (docs/policies.md#sessions): not a token that would outlive it.
            return SignInRefused(must_change_password=True)
        return _store(
            session,
            kind=api_access.USER_KIND,
            name=label,
            now=now,
            expires_at=expires_at,
            user_id=user.id,
            generation=user.session_generation,
            created_by_id=user.id,
        )


def revoke_own_token(user_id: int, token_id: int) -> None:
    """Another person's token, or one that does not exist, is "not found" alike."""
    with unit_of_work() as session:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user_id or token.kind != api_access.USER_KIND:
            raise NotFound(N_("Không tìm thấy mã truy cập."))
        if token.revoked_at is None:
            token.revoked_at = clock.now()


def issue_system_token(
    admin_id: int,
    agency_id: int,
    operations: Iterable[str],
    name: str | None = None,
    days: int | None = None,
) -> IssuedToken:
    now = clock.now()
    label = clean_name(name)
    granted = tuple(sorted(set(operations)))
    problems: dict[str, str] = {}
    unknown = [op for op in granted if op not in api_access.OPERATIONS]
    if not granted or unknown:
        problems["operations"] = N_("Chọn ít nhất một thao tác trong danh sách.")
    expires_at = None
    try:
        expires_at = _expiry(now, api_access.SYSTEM_KIND, days)
    except ValidationError as error:
        problems.update(error.field_errors)
    with unit_of_work() as session:
        _require_admin(session, admin_id)
        if session.get(Agency, agency_id) is None:
            problems["agency_id"] = N_("Không có cơ quan này.")
        if problems or expires_at is None:
            raise ValidationError(N_("Dữ liệu không hợp lệ."), problems)
        issued = _store(
            session,
            kind=api_access.SYSTEM_KIND,
            name=label,
            now=now,
            expires_at=expires_at,
            agency_id=agency_id,
            operations=granted,
            created_by_id=admin_id,
        )
        token = session.get(ApiToken, issued.id)
        assert token is not None
        record_admin_change(
            session,
            _admin(admin_id),
            "api_token",
            issued.id,
            "create",
            after=_audited(session, token),
        )
        return issued


def revoke_system_token(admin_id: int, token_id: int) -> datetime | None:
    """Revoke; returns when it had already been revoked (another administrator first),
    None when this call revoked it. The row is locked, so of two at once one revokes."""
    with unit_of_work() as session:
        _require_admin(session, admin_id)
        token = session.scalar(select(ApiToken).where(ApiToken.id == token_id).with_for_update())
        if token is None or token.kind != api_access.SYSTEM_KIND:
            raise NotFound(N_("Không tìm thấy mã truy cập."))
        if token.revoked_at is not None:
            return token.revoked_at
        before = _audited(session, token)
        token.revoked_at = clock.now()
        record_admin_change(
            session,
            _admin(admin_id),
            "api_token",
            token.id,
            "revoke",
            before=before,
            after=_audited(session, token),
        )
        return None


def _admin(admin_id: int) -> Actor:
    return Actor(user_id=admin_id, role=Role.ADMIN, agency_id=None)


def _audited(session: Session, token: ApiToken) -> dict[str, object]:
    """What the admin audit keeps of a token: never its digest (docs/api.md#authentication)."""
    agency = session.get(Agency, token.agency_id) if token.agency_id is not None else None
    return {
        "name": token.name,
        "agency": agency.name if agency is not None else None,
        "operations": list(token.operations or ()),
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


def _require_admin(session: Session, admin_id: int) -> None:
    role = session.scalar(select(User.role).where(User.id == admin_id, User.enabled.is_(True)))
    if role != Role.ADMIN.value:
        raise PermissionDenied(N_("Chỉ quản trị hệ thống được cấp mã truy cập cho hệ thống."))


def _store(
    session: Session,
    *,
    kind: str,
    name: str,
    now: datetime,
    expires_at: datetime,
    user_id: int | None = None,
    generation: int | None = None,
    agency_id: int | None = None,
    operations: tuple[str, ...] = (),
    created_by_id: int | None = None,
) -> IssuedToken:
    secret = api_access.new_secret()
    token = ApiToken(
        token_digest=api_access.digest(secret),
        hint=api_access.hint(secret),
        kind=kind,
        name=name,
        user_id=user_id,
        generation=generation,
        agency_id=agency_id,
        operations=list(operations),
        created_by_id=created_by_id,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    return IssuedToken(
        id=token.id,
        secret=secret,
        kind=kind,
        name=name,
        hint=token.hint,
        created_at=now,
        expires_at=expires_at,
        agency_id=agency_id,
        operations=operations,
    )
