"""Idempotency keys of the API's submissions (docs/api.md#idempotency)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop.models.base import Base


class IdempotencyKey(Base):
    """A caller's key and the answer its first request got. Written in the transaction
    that creates the dossier, so a key exists exactly when its dossier does; the unique
    (caller, key) makes a second request racing the first fail and read the first's."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("caller", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(80))  # "user:<id>" or "client:<id>"
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the request
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    status_code: Mapped[int]
    response: Mapped[str] = mapped_column(Text)  # the first answer's JSON body
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
