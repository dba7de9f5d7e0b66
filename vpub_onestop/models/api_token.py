"""Bearer tokens of the public API (docs/api.md#authentication; rules in
domain/api_access.py). The secret itself is never stored: only its SHA-256 digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.base import Base


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: a presented token is found by its digest through this index.
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The secret's first characters, so that a list can tell tokens apart.
    hint: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(10))  # user | system
    name: Mapped[str] = mapped_column(String(100))
    # A person's token: the person. A system client's token: None.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # A person's token is valid while the account's session generation is this one.
    generation: Mapped[int | None] = mapped_column()
    # A system client's token: its agency and granted operations.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    operations: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.kind} {self.hint}>"
