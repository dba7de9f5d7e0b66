"""Recording an administrator's change in the append-only admin audit
(docs/architecture.md#admin-audit).

`record_admin_change` is the one function every admin service calls, inside its own
unit of work, after making the change: the audit row commits or rolls back with it, so
the audit never tells of a change that did not happen nor misses one that did.
`row_snapshot` turns a model row into the JSON the row keeps (never a password hash).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from vpub_onestop.domain.admin_audit import may_administer
from vpub_onestop.domain.errors import N_, PermissionDenied
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import User
from vpub_onestop.models.admin_audit import AdminChange

# Never written to the audit, whoever asks: a hash is a secret even when it changes.
SECRET_FIELDS = frozenset({"password_hash"})
# Bookkeeping and derived columns that say nothing an administrator decided.
_BOOKKEEPING = frozenset({"id", "version", "admin_version", "created_at", "search_text"})
COMMAND_LINE_NAME = "(dòng lệnh)"


def record_admin_change(
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: object,
    action: str,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> AdminChange | None:
    """Add the audit row of one change to `session` (the caller's unit of work commits
    it with the change). `before` and `after` are the object's administrator-visible
    fields (a snapshot, see `row_snapshot`); when both are given and equal nothing changed
    and no row is written (None). Refuses an actor who is not an administrator."""
    if not may_administer(actor):
        raise PermissionDenied(N_("Chỉ quản trị hệ thống được thực hiện thao tác này."))
    old = _json_safe(before) if before is not None else None
    new = _json_safe(after) if after is not None else None
    if old is not None and new is not None and old == new and action == "update":
        return None
    row = AdminChange(
        actor_id=actor.user_id,
        actor_name=_actor_name(session, actor),
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        before=old,
        after=new,
        reason=(reason or "").strip() or None,
    )
    session.add(row)
    return row


def row_snapshot(
    row: Any, fields: Collection[str] | None = None, *, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The columns of a model row as JSON values: `fields` (in that order), else every
    column but the bookkeeping ones; a secret column is left out even when named. `extra`
    adds derived values (an agency's code instead of its id...)."""
    columns = [column.key for column in inspect(row).mapper.column_attrs]
    names = list(fields) if fields is not None else [c for c in columns if c not in _BOOKKEEPING]
    values = {name: getattr(row, name) for name in names if name not in SECRET_FIELDS}
    values.update(extra or {})
    return _json_safe(values)


def _actor_name(session: Session, actor: Actor) -> str:
    if actor.user_id is None:
        return COMMAND_LINE_NAME
    user = session.get(User, actor.user_id)
    return user.username if user is not None else str(actor.user_id)


def _json_safe(values: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key): _value(value) for key, value in values.items() if key not in SECRET_FIELDS}


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return _value(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return _json_safe(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [_value(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value
