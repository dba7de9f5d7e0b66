"""The administration audit: one row per change an administrator makes to an account, an
agency, a procedure, the calendar or a setting (docs/architecture.md#admin-audit).

Rows are written by `services.admin_audit.record_admin_change` only, in the transaction of
the change itself, and are never updated or deleted (the database refuses both:
models/append_only.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.append_only import append_only
from vpub_onestop.models.base import Base


class AdminChange(Base):
    __tablename__ = "admin_audit"
    __table_args__ = (
        # An object's page shows its history; the list walks newest first (keyset).
        Index("ix_admin_audit_object", "object_type", "object_id", "at"),
        Index("ix_admin_audit_at", "at", "id"),
        Index("ix_admin_audit_actor_at", "actor_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    # None: the command line (no signed-in account); `actor_name` keeps the username as it
    # was, so the row still says who acted once the account is renamed.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_name: Mapped[str] = mapped_column(String(80))
    # What was changed: a type from domain/admin_audit.OBJECT_TYPES and the object's id as
    # text (a number for most objects, a key for a setting, a year for the calendar).
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


append_only(AdminChange.__table__)  # type: ignore[arg-type]
